"""Map: where IOM works and whom it reached there, for visiting delegations."""

import streamlit as st

from lib.i18n import N_, _, current, translated
from lib.i18n.active import data_text
from lib.presenting import maps
from lib.presenting.formats import format_number
from lib.presenting.text import md_text
from lib.presenting.themes import THEMES
from lib.presenting.vega_maps import CATEGORY_TITLE
from lib.presenting.viewport import map_height
from lib.presenting.views import programmes_by_municipality, region_values, sites
from ui.map_view import colour_by, map_deck, map_with_legend, measured_width, still_map
from ui.page import start_page
from ui.state import synced_choice, view
from ui.widgets import figure_table, widths

# No layer for figures counted by IOM area of responsibility (KTI's municipalities assessed): an AoR is not a
# district and its extent is not recorded, so those figures are listed on their programme's page, not mapped.
LAYERS = {
    "settled": N_("Returnees settled, % by region (since 1999)"),
    "programmes": N_("Programmes active, by municipality"),
}
ALL = ""
# How the map is drawn: as a picture (SVG: ready at once on any device, prints, what a link opens), or as a deck.gl
# map to pan and zoom (WebGL: on a machine without a GPU it takes a second or two to appear).
MAP_KINDS = {"still": N_("Whole Kosovo"), "zoom": N_("Pan and zoom")}


def share_text(value: float) -> str:
    """'37.6': a share with one decimal, as the reader's language writes it ('37,6')."""
    return f"{value:.1f}" if current() == "en" else format_number(round(value, 1))


page = start_page(needs=("places", "municipalities", "regions"))
tables = page.tables
st.title(_("Where IOM works"))
st.caption(
    _(
        "Programme sites and figures by district or municipality. Hover over or tap an area or a site for its names "
        "in both languages and the figures with their source; choose Pan and zoom to look closer."
    )
)

programme_names = dict(page.data.catalogue.programmes)
donor_names = dict(page.data.catalogue.donors)
columns = st.columns([3, 2, 2, 2, 2])
with columns[0]:
    layer = synced_choice(
        _("Areas show"), list(LAYERS), "map_layer", "programmes", format_func=lambda key: translated(LAYERS[key])
    )
with columns[1]:
    theme = synced_choice(
        _("Theme"),
        [ALL, *THEMES],
        "map_theme",
        ALL,
        format_func=lambda t: translated(THEMES[t].name) if t in THEMES else _("All themes"),
    )
with columns[2]:
    in_theme = [p for p in programme_names if not theme or page.data.catalogue.programme_themes.get(p) == theme]
    programme = synced_choice(
        _("Programme"),
        [ALL, *in_theme],
        "map_programme",
        ALL,
        format_func=lambda p: data_text(programme_names[p]) if p in programme_names else _("All programmes"),
    )
with columns[3]:
    donor = synced_choice(
        _("Donor"),
        [ALL, *sorted(donor_names, key=str.lower)],
        "map_donor",
        ALL,
        format_func=lambda d: donor_names[d] if d in donor_names else _("All donors"),
    )
with columns[4]:
    kind = synced_choice(_("Map"), list(MAP_KINDS), "map_kind", "still", format_func=lambda k: translated(MAP_KINDS[k]))

if layer == "settled":
    level, values, unit = "region", view(region_values, "avr", "returnees_settled_share", "share"), "%"
    note = (
        _(
            "%(share)s%% of returnees settled in other municipalities, which the newsletter does not itemise: those "
            "districts show as not reported.",
            share=share_text(100 - values["value"].sum()),
        )
        if len(values)
        else ""
    )
else:
    level, values, unit = "municipality", view(programmes_by_municipality, theme, programme, donor), ""
    note = _(
        "Colours say which programmes work in the municipality: their theme where more than one theme is shown, "
        "else the programme. Counts programmes whose figures or stated locations name a place in the municipality. "
        "Programmes reported only for Kosovo as a whole, or for a whole region, are not counted in any one "
        "municipality."
    )

site_rows = view(sites, theme, programme, donor)
by = colour_by(values)
width = measured_width("map_width", maps.DEFAULT_MAP_WIDTH)  # the view fits all Kosovo to the map's size
layer_title = translated(LAYERS[layer])
legend_title = translated(CATEGORY_TITLE) if by == maps.CATEGORY else layer_title
if kind == "zoom":
    map_with_legend(
        map_deck(level, values, site_rows, width),
        maps.legend(values, unit, by),
        legend_title,
        note,
        height=map_height(width),
        key="map_main",
    )
else:
    still_map(level, values, site_rows, unit, layer_title, legend_title, note, width, key="map_still")

left, right = st.columns(2, gap="large")
with left:
    st.markdown(f"**{layer_title}**")
    # Headers shown in the reader's language by ``figure_table``; marked here.
    figure_table(
        values[["name", "value_text", "detail"]].rename(
            columns={"name": N_("Area"), "value_text": N_("Figure"), "detail": N_("Source")}
        ),
        column_config=widths(Area=170, Figure=110, Source=420),
    )
with right:
    heading = _("Sites shown — %(count)s", count=format_number(len(site_rows)))
    st.markdown(f"**{heading}**")
    figure_table(
        site_rows[["label", "programmes", "people", "detail"]].rename(
            columns={
                "label": N_("Place"),
                "programmes": N_("Programmes"),
                "people": N_("People reached (largest figure)"),
                "detail": N_("Figures"),
            }
        ),
        column_config=widths(
            **{"Place": 170, "Programmes": 170, "People reached (largest figure)": 210, "Figures": 400}
        ),
    )
places = tables["places"]
hidden = places.loc[places["location"] == "not_located"]
if len(hidden):
    st.caption(
        _(
            "Not on the map, because no honest point exists for them: %(places)s",
            places=md_text("; ".join(f"{row.name_en} ({row.note})" for row in hidden.itertuples())),
        )
    )

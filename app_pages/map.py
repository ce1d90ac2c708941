"""Map: where IOM works and whom it reached there, for visiting delegations."""

import streamlit as st

from lib.presenting import maps
from lib.presenting.text import md_text
from lib.presenting.themes import THEMES
from lib.presenting.vega_maps import CATEGORY_TITLE
from lib.presenting.viewport import map_height
from lib.presenting.views import programmes_by_municipality, region_values, sites
from ui.map_view import colour_by, map_deck, map_with_legend, measured_width
from ui.page import start_page
from ui.state import synced_choice, view
from ui.widgets import figure_table

# No layer for figures counted by IOM area of responsibility (KTI's municipalities assessed): an AoR is not a
# district and its extent is not recorded, so those figures are listed on their programme's page, not mapped.
LAYERS = {
    "settled": "Returnees settled, % by region (since 1999)",
    "programmes": "Programmes active, by municipality",
}
ALL = ""

page = start_page(needs=("places", "municipalities", "regions"))
tables = page.tables
st.title("Where IOM works")
st.caption(
    "Programme sites and figures by district or municipality. Hover over or tap an area or a site for its names in "
    "both languages and the figures with their source."
)

programme_names = dict(page.data.catalogue.programmes)
donor_names = dict(page.data.catalogue.donors)
columns = st.columns([3, 2, 2, 2])
with columns[0]:
    layer = synced_choice("Areas show", list(LAYERS), "map_layer", "programmes", format_func=lambda key: LAYERS[key])
with columns[1]:
    theme = synced_choice(
        "Theme", [ALL, *THEMES], "map_theme", ALL, format_func=lambda t: THEMES[t].name if t in THEMES else "All themes"
    )
with columns[2]:
    in_theme = [p for p in programme_names if not theme or page.data.catalogue.programme_themes.get(p) == theme]
    programme = synced_choice(
        "Programme",
        [ALL, *in_theme],
        "map_programme",
        ALL,
        format_func=lambda p: programme_names.get(p, "All programmes"),
    )
with columns[3]:
    donor = synced_choice(
        "Donor",
        [ALL, *sorted(donor_names, key=str.lower)],
        "map_donor",
        ALL,
        format_func=lambda d: donor_names.get(d, "All donors"),
    )

if layer == "settled":
    level, values, unit = "region", view(region_values, "avr", "returnees_settled_share", "share"), "%"
    note = (
        f"{100 - values['value'].sum():.1f}% of returnees settled in other municipalities, which the newsletter "
        "does not itemise: those districts show as not reported."
        if len(values)
        else ""
    )
else:
    level, values, unit = "municipality", view(programmes_by_municipality, theme, programme, donor), ""
    note = (
        "Colours say which programmes work in the municipality: their theme where more than one theme is shown, "
        "else the programme. Counts programmes whose figures or stated locations name a place in the municipality. "
        "Programmes reported only for Kosovo as a whole, or for a whole region, are not counted in any one "
        "municipality."
    )

site_rows = view(sites, theme, programme, donor)
by = colour_by(values)
width = measured_width("map_width", maps.DEFAULT_MAP_WIDTH)  # the view fits all Kosovo to the map's size
map_with_legend(
    map_deck(level, values, site_rows, width),
    maps.legend(values, unit, by),
    CATEGORY_TITLE if by == maps.CATEGORY else LAYERS[layer],
    note,
    height=map_height(width),
    key="map_main",
)

left, right = st.columns(2, gap="large")
with left:
    st.markdown(f"**{LAYERS[layer]}**")
    figure_table(
        values[["name", "value_text", "detail"]].rename(
            columns={"name": "Area", "value_text": "Figure", "detail": "Source"}
        )
    )
with right:
    st.markdown(f"**Sites shown — {len(site_rows)}**")
    figure_table(
        site_rows[["label", "programmes", "people", "detail"]].rename(
            columns={
                "label": "Place",
                "programmes": "Programmes",
                "people": "People reached (largest figure)",
                "detail": "Figures",
            }
        )
    )
places = tables["places"]
hidden = places.loc[places["location"] == "not_located"]
if len(hidden):
    st.caption(
        "Not on the map, because no honest point exists for them: "
        + md_text("; ".join(f"{row.name_en} ({row.note})" for row in hidden.itertuples()))
    )

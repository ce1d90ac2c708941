"""Map panels as Vega-Lite charts (drawn as SVG): pure functions returning ``alt.Chart``; no Streamlit here.

The programme pages' small maps: the same choropleth as the deck.gl map of ``lib.presenting.maps`` (its
boundaries, classes, colours and legend texts), the areas' names in both languages, and the
programme sites as circles coloured by theme. No WebGL, so a page is ready without a GPU and the
map prints. ``map_as_text`` says the same map in words: the chart's ``description`` (the SVG's
``aria-label``) and the panel's "Map as text".

The boundaries go into the spec once: one dataset of GeoJSON features in the spec's top-level
``datasets``, named ``AREAS``, that both the areas and their names read (each feature carries its
name's point). Streamlit leaves GeoJSON datasets in the spec; the sites (a small table) it sends as Arrow.

Legend and tooltip titles, the themes' names and the map in words are in the reader's language (``lib.i18n``).
"""

from __future__ import annotations

import math
import textwrap

import altair as alt
import pandas as pd

from lib.dataset.rows import is_blank
from lib.i18n import N_, _, ngettext, translated
from lib.i18n.active import data_text
from lib.presenting import maps
from lib.presenting.formats import format_number, hex_colour
from lib.presenting.themes import THEMES, theme_colour
from lib.presenting.viewport import View, fit, metres_per_pixel

HEIGHT = 420
# The map's own scale is nearly the same at any width: the legends are under it, so on a phone the map takes the
# screen's width (358 px of 390) and on a wider screen its HEIGHT limits it (Kosovo is about as tall as wide).
# The names are thinned at that scale, so that none covers another on a phone.
PANEL_VIEW = fit(maps.KOSOVO_BOUNDS, 358, HEIGHT, padding=0)
NAME_SIZES = {"municipality": 10, "region": 12}
NAMED = "datum.properties.named"  # the filter that draws only the names kept
# Metres per pixel of a panel HEIGHT px high fitted to Kosovo (about 160 km north to south): sites are
# drawn at ``maps.site_radius`` metres on this scale, kept between the deck map's limits in pixels.
METRES_PER_PIXEL = 400.0
RADIUS_PIXELS = (4.0, 12.0)
AREAS = "areas"  # the spec's one dataset of boundaries, read by the areas and their names
LEVEL_NAMES = {"region": N_("Districts"), "municipality": N_("Municipalities")}
NOT_REPORTED = N_("not reported")
LABEL_COLOUR = hex_colour(maps.LABEL_COLOUR)
SITE_OUTLINE = LABEL_COLOUR  # at 60% (``SITE_OUTLINE_OPACITY``), as the deck map's ``maps.SITE_OUTLINE``
SITE_OUTLINE_OPACITY = round(maps.SITE_OUTLINE[3] / 255, 2)
# The areas' legend title where they are coloured by what works there (``by="category"``)
CATEGORY_TITLE = N_("Programmes working there")  # in English: a page draws ``translated(CATEGORY_TITLE)``
SITES_TITLE = N_("Sites")  # the sites' legend title where a page gives none


def _plain(value: object) -> str:
    """A text cell as text: '' for a missing one (None, NaN)."""
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value).strip()


def _written(row: dict, unit: str) -> str:
    """The figure as the table writes it; the number with its unit only where the table has no text for it."""
    if _plain(row.get("value_text")):
        return _plain(row.get("value_text"))
    value = row.get("value")
    if value is None or is_blank(value):
        return ""
    number = format_number(float(value))
    return f"{number}{unit}" if unit == "%" else f"{number} {data_text(unit)}".strip()


def area_features(
    level: str, values: pd.DataFrame, unit: str = "", by: str = "value", view: View = PANEL_VIEW
) -> list[dict]:
    """The boundaries of ``level`` as GeoJSON features, each with what the map needs and nothing more.

    ``properties``: ``code``; ``label`` (both names); ``text`` (the name drawn on the map: both names
    for districts, the Albanian one for the 30 municipalities, as the deck map draws them); ``lon`` and
    ``lat`` of that name (a point inside the area); ``named`` (whether the name is drawn: not where it would
    cover the name of an area with a figure or of a larger one, ``maps.thinned`` at ``view``'s scale);
    ``class`` (its legend text: the value's class, or its category with ``by="category"``; "not reported" where
    ``values`` has no row for it); ``value_text`` and ``detail`` (the figure and its source sentence).
    """
    colours = {colour: text for colour, text in maps.legend(values, unit, by)}
    rows = {row["code"]: row for row in values.to_dict("records")}
    labels = maps.area_labels(level)  # one per feature, in the file's order
    ranked = maps.figures_first(level, labels, values)
    named = {id(label) for label in maps.thinned(ranked, view, NAME_SIZES[level])}
    features = []
    for feature, label in zip(maps.choropleth(level, values, by)["features"], ranked, strict=True):
        properties = feature["properties"]
        row = rows.get(properties["code"])
        features.append(
            {
                "type": "Feature",
                "geometry": feature["geometry"],
                "properties": {
                    "code": properties["code"],
                    "label": properties["label"],
                    "text": maps.drawn_name(label["text"]),
                    "named": id(label) in named,
                    "lon": label["lon"],
                    "lat": label["lat"],
                    "class": colours[hex_colour(properties["fill"])],
                    "value_text": _written(row, unit) if row is not None else translated(NOT_REPORTED),
                    "detail": properties["detail"],
                },
            }
        )
    return features


def area_classes(values: pd.DataFrame, unit: str = "", by: str = "value") -> tuple[list[str], list[str]]:
    """The legend of the areas (``maps.legend``): its texts and their colours, the no-data colour last."""
    items = maps.legend(values, unit, by)
    return [text for _colour, text in items], [colour for colour, _text in items]


def site_pixels(people: float | None, scale: float = METRES_PER_PIXEL) -> float:
    """A site's radius in pixels: ``maps.site_radius`` (metres) at ``scale`` metres per pixel (the panel's by
    default), within the deck map's limits."""
    people = None if people is None or is_blank(people) else float(people)
    low, high = RADIUS_PIXELS
    return min(max(maps.site_radius(people) / scale, low), high)


def theme_name(theme: str) -> str:
    """A theme's name in the reader's language; an unknown theme as its key."""
    return translated(THEMES[theme].name) if theme in THEMES else str(theme)


def site_points(sites: pd.DataFrame, scale: float = METRES_PER_PIXEL) -> pd.DataFrame:
    """The sites as the chart draws them at ``scale`` metres per pixel: place, theme name, circle area (px²,
    Vega-Lite's ``size``), tooltip texts."""
    rows = [
        {
            "lon": float(row["lon"]),
            "lat": float(row["lat"]),
            "theme": theme_name(row["theme"]),
            "size": round(math.pi * site_pixels(row.get("people"), scale) ** 2, 1),
            "label": _plain(row["label"]),
            "programmes": _plain(row.get("programmes")),
            "detail": _plain(row.get("detail")),
        }
        for row in sites.to_dict("records")
    ]
    return pd.DataFrame(rows, columns=["lon", "lat", "theme", "size", "label", "programmes", "detail"])


def site_themes(sites: pd.DataFrame) -> tuple[list[str], list[str]]:
    """The themes of ``sites``, in the theme table's order: their names and colours."""
    present = set(sites["theme"]) if len(sites) else set()
    ordered = [t for t in THEMES if t in present] + sorted(str(t) for t in present - set(THEMES))
    return [theme_name(t) for t in ordered], [hex_colour(theme_colour(t)) for t in ordered]


def map_as_text(title: str, values: pd.DataFrame, sites: pd.DataFrame, unit: str = "", note: str = "") -> str:
    """The map in words, for a screen reader and for print: every area with a figure, the note, every site.

    'Title: Prishtinë/Priština 37.6%, Ferizaj/Uroševac 14.9%, …. 27.0% settled elsewhere. 4 sites: Brestovik
    (Returns: IDP returns Pejë/Peć), ….' Areas largest first (ties in the table's order), each figure as the
    table writes it (``value_text``), never recomputed; sites in the table's order.
    """
    rows = values.assign(_order=range(len(values))).sort_values(["value", "_order"], ascending=[False, True])
    areas = [f"{_plain(row['name']) or row['code']} {_written(row, unit)}".strip() for row in rows.to_dict("records")]
    parts = [
        _("%(title)s: %(areas)s.", title=title, areas=", ".join(areas))
        if areas
        else _("%(title)s: no area has a figure in this edition.", title=title)
    ]
    if note.strip():
        parts.append(note.strip() if note.strip().endswith(".") else note.strip() + ".")
    places = [
        f"{_plain(row['label'])} ({theme_name(row['theme'])}"
        + (f": {_plain(row.get('programmes'))})" if _plain(row.get("programmes")) else ")")
        for row in sites.to_dict("records")
    ]
    if places:
        parts.append(
            ngettext(
                "%(count)s site: %(sites)s.",
                "%(count)s sites: %(sites)s.",
                len(places),
                count=format_number(len(places)),
                sites="; ".join(places),
            )
        )
    else:
        parts.append(_("No sites located."))
    return " ".join(parts)


TITLE_LIMIT = 300  # px: a legend title's line of LEGEND_TITLE_CHARACTERS fits (Vega's own limit, 180 px, cuts it)


def legend_title(title: str) -> str | list[str]:
    """A legend's title on lines of at most LEGEND_TITLE_CHARACTERS (Vega cuts a longer line short with "…"); a
    short one as it is."""
    lines = title_lines(title)
    return lines if len(lines) > 1 else title


def title_lines(title: str) -> list[str]:
    """A title on lines of at most LEGEND_TITLE_CHARACTERS, so that a legend fits a phone (358 px of 390)."""
    return textwrap.wrap(title, LEGEND_TITLE_CHARACTERS) or [title]


def _area_layer(
    geo: alt.NamedData, level: str, values: pd.DataFrame, unit: str, by: str, title: str | None
) -> alt.Chart:
    """The areas, in their classes' colours with white outlines, and the areas' legend (``title``, else what the
    areas are)."""
    classes, class_colours = area_classes(values, unit, by)
    default_title = translated(CATEGORY_TITLE if by == maps.CATEGORY else LEVEL_NAMES.get(level, N_("Areas")))
    return (
        alt.Chart(geo)
        .mark_geoshape(stroke="#FFFFFF", strokeWidth=1.2)
        .encode(
            color=alt.Color(
                "properties.class:N",
                scale=alt.Scale(domain=classes, range=class_colours),
                legend=alt.Legend(
                    title=legend_title(title or default_title),
                    titleLimit=TITLE_LIMIT,
                    symbolType="square",
                    orient="bottom",
                    direction="vertical",
                    labelLimit=240,
                ),
            ),
            tooltip=[
                alt.Tooltip("properties.label:N", title=_("Area")),
                alt.Tooltip("properties.value_text:N", title=_("Figure")),
                alt.Tooltip("properties.detail:N", title=_("Source")),
            ],
        )
    )


def _site_layer(sites: pd.DataFrame, scale: float, title: str) -> alt.Chart:
    """The sites as circles in their theme's colour with a dark outline (``scale`` metres per pixel), and the
    sites' legend, ``title``."""
    theme_names, theme_colours = site_themes(sites)
    return (
        alt.Chart(site_points(sites, scale))
        .mark_circle(fillOpacity=0.9, stroke=SITE_OUTLINE, strokeOpacity=SITE_OUTLINE_OPACITY, strokeWidth=1)
        .encode(
            longitude="lon:Q",
            latitude="lat:Q",
            size=alt.Size("size:Q", scale=None, legend=None),
            color=alt.Color(
                "theme:N",
                scale=alt.Scale(domain=theme_names, range=theme_colours),
                legend=alt.Legend(
                    title=legend_title(title),
                    titleLimit=TITLE_LIMIT,
                    symbolType="circle",
                    orient="bottom",
                    direction="vertical",
                ),
            ),
            tooltip=[
                alt.Tooltip("label:N", title=_("Site")),
                alt.Tooltip("programmes:N", title=_("Programmes")),
                alt.Tooltip("detail:N", title=_("Figures")),
            ],
        )
    )


def _name_layers(geo: alt.NamedData, level: str) -> list[alt.Chart]:
    """The areas' names, each twice: first as a white outline (a halo, readable on the darkest class), then the
    letters. Long two-language names on two lines (``maps.drawn_name``)."""
    size = NAME_SIZES[level]
    halo = (
        alt.Chart(geo)
        .transform_filter(NAMED)
        .mark_text(
            fontSize=size,
            fontWeight=maps.FONT_WEIGHT,
            font=maps.FONT,
            lineBreak="\n",
            stroke="#FFFFFF",
            strokeWidth=3,
            strokeJoin="round",
            opacity=0.8,
        )
        .encode(longitude="properties.lon:Q", latitude="properties.lat:Q", text="properties.text:N")
    )
    names = (
        alt.Chart(geo)
        .transform_filter(NAMED)
        .mark_text(fontSize=size, fontWeight=maps.FONT_WEIGHT, font=maps.FONT, lineBreak="\n", color=LABEL_COLOUR)
        .encode(
            longitude="properties.lon:Q",
            latitude="properties.lat:Q",
            text="properties.text:N",
            tooltip=[
                alt.Tooltip("properties.label:N", title=_("Area")),
                alt.Tooltip("properties.value_text:N", title=_("Figure")),
            ],
        )
    )
    return [halo, names]


def area_map(
    level: str,
    values: pd.DataFrame,
    sites: pd.DataFrame,
    title: str,
    unit: str = "",
    note: str = "",
    by: str = "value",
    height: int = HEIGHT,
    view: View = PANEL_VIEW,
    legends: tuple[str | None, str] = (None, SITES_TITLE),
    stacked: bool = False,
) -> alt.LayerChart:
    """``values`` (``lib.presenting.views.MAP_COLUMNS``) by ``level`` as a choropleth, with ``sites``
    (``SITE_COLUMNS``) on top.

    Areas in the deck map's classes and colours, the ones ``values`` leaves out in the no-data grey,
    white outlines; with ``by="category"`` each area in the colour of what works there (``maps.choropleth``).
    Sites as circles in their theme's colour with a dark outline, their area growing with the people reached
    (``maps.site_radius``), over the areas; the areas' names on top, in the app's typeface. Tooltips: the
    area's names, its figure and source sentence; the site's names, programmes and figures. Two legends, the
    areas' classes and the sites' themes, under the map (beside it, a phone's map would be a third of the
    screen): ``legends`` are their titles, in the reader's language (None: what the areas are; the sites' default,
    ``SITES_TITLE``, is translated here). A Mercator projection fitted to Kosovo, as
    wide as its container and ``height`` px high; the names thinned and the sites sized for ``view`` (the panel's:
    the scale of a phone's panel, where the map is narrowest).
    """
    geo = alt.NamedData(name=AREAS)
    layers = [_area_layer(geo, level, values, unit, by, legends[0])]
    if len(sites):
        # The panel keeps its own round scale; a larger map takes its view's.
        scale = METRES_PER_PIXEL if view == PANEL_VIEW else metres_per_pixel(view)
        site_title = translated(legends[1]) if legends[1] == SITES_TITLE else legends[1]
        layers.append(_site_layer(sites, scale, site_title))
    layers += _name_layers(geo, level)  # the names last: on top of the sites
    chart = (
        alt.layer(*layers)
        .resolve_scale(color="independent")
        .project(type="mercator")
        .properties(
            width="container",
            height=height,
            # The width fits the container; the height is the map's own, the legends under it come on top of it.
            autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
            description=map_as_text(title, values, sites, unit, note),
            usermeta={"embedOptions": {"renderer": "svg"}},  # Streamlit's default is a canvas
        )
        .configure(font=maps.FONT)
        .configure_view(stroke=None)
    )  # in this order: ``configure`` would drop the view's settings
    if stacked:  # one legend under the other, not side by side: long titles and labels fit a phone's width
        chart = chart.configure_legend(layout={"expr": "{bottom: {direction: 'vertical', anchor: 'start'}}"})
    # The boundaries join last, by reference: each Altair method above deep-copies the whole chart, which
    # with 30 municipalities' coordinates inside took 0.2–0.5 s a build.
    chart.datasets = {AREAS: area_features(level, values, unit, by, view)}
    return chart


LEGEND_ROW = 22  # px a legend line takes
LEGEND_TITLE_CHARACTERS = 36  # 8 px a character: 288 px


def legend_chart(items: pd.DataFrame, title: str, shape: str = "square") -> alt.Chart:
    """A map's legend as a small chart of its own: one line per item, the swatch just left of its text.

    ``items`` has ``colour`` (hex) and ``label``. ``shape="circle"`` draws the swatches as the map draws its sites
    (dark outline); squares are the areas. As wide as its longest text (not stretched: the swatch stays by its name).
    """
    rows = pd.DataFrame(
        {
            "label": [str(v) for v in items["label"]],
            "colour": list(items["colour"]),
            "y": [LEGEND_ROW * i + LEGEND_ROW / 2 for i in range(len(items))],
        }
    )
    y = alt.Y("y:Q", scale=None, axis=None)
    circle = shape == "circle"
    swatches = (
        alt.Chart(rows)
        .mark_point(
            shape=shape,
            filled=True,
            size=160,
            opacity=1,
            stroke=SITE_OUTLINE if circle else alt.Undefined,
            strokeOpacity=SITE_OUTLINE_OPACITY if circle else alt.Undefined,
            strokeWidth=1 if circle else alt.Undefined,
        )
        .encode(
            x=alt.value(9),
            y=y,
            color=alt.Color("colour:N", scale=None, legend=None),
            tooltip=[alt.Tooltip("label:N", title=title)],
        )
    )
    names = (
        alt.Chart(rows)
        .mark_text(align="left", baseline="middle", fontSize=13, font=maps.FONT, color=LABEL_COLOUR)
        .encode(x=alt.value(24), y=y, text="label:N")
    )
    # The title on lines of at most LEGEND_TITLE_CHARACTERS, so that the legend fits a phone (358 px of 390);
    # as wide as its longest line, the title's included (7 px a character at 13 px), so nothing is clipped.
    lines = title_lines(title)
    width = max(30 + 7 * max((len(label) for label in rows["label"]), default=10), 8 * max(len(line) for line in lines))
    listed = "; ".join(f"{label}" for label in rows["label"])
    return (
        alt.layer(swatches, names)
        .properties(
            width=width,
            height=LEGEND_ROW * max(len(rows), 1),
            # The size above is the plot's; the title and the last row get room of their own.
            autosize=alt.AutoSizeParams(type="pad"),
            title=alt.TitleParams(text=lines, anchor="start", fontSize=13, font=maps.FONT),
            description=_("Legend, %(title)s: %(items)s.", title=title, items=listed),
        )
        .configure(font=maps.FONT)
        .configure_view(stroke=None)
    )

"""Map builders: pure functions returning pydeck layers and decks; no Streamlit here.

The maps need no basemap tiles (no network at run time): the shipped boundaries, their labels
and the programme sites carry the map. Every layer's objects have a ``label`` (names in both
languages) and a ``detail`` (the figures with their source), which the one tooltip shows. Their words are in the
reader's language (``lib.i18n``); a Serbian Cyrillic reader reads the Serbian names in Cyrillic.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from typing import Final

import pandas as pd
import pydeck as pdk

from lib.dataset.rows import is_blank
from lib.i18n import DEFAULT, _, current
from lib.paths import GEO_DIR
from lib.presenting.formats import hex_colour
from lib.presenting.present import place_name
from lib.presenting.themes import theme_colour
from lib.presenting.viewport import KOSOVO_BOUNDS, View, fit, map_height, pixel

LEVEL_FILES = {"municipality": "municipalities.geojson", "region": "districts.geojson"}
# In English; a page shows ``attribution()``, the same in the reader's language.
ATTRIBUTION = "Boundaries: Made with Natural Earth. Places: GeoNames (CC BY 4.0) and NGA GEOnet Names Server."
# The Map page's map at 1280 px with the sidebar open: the width assumed until the page has measured its own.
DEFAULT_MAP_WIDTH = 820
# ColorBrewer Blues, 5 classes: ordered, and readable with the common colour-vision deficiencies.
SEQUENTIAL = ((239, 243, 255), (189, 215, 231), (107, 174, 214), (49, 130, 189), (8, 81, 156))
NO_DATA = (226, 229, 234)
# Areas coloured by what works there (``values["category"]``, e.g. "SEDMIN", "Returns programmes"): ColorBrewer
# Set2, light enough for the names on top, in the legend's order; none is the no-data grey.
CATEGORICAL = (
    (102, 194, 165),
    (252, 141, 98),
    (141, 160, 203),
    (231, 138, 195),
    (166, 216, 84),
    (255, 217, 47),
    (229, 196, 148),
    (140, 150, 120),
)
CATEGORY = "category"
OUTLINE = (255, 255, 255)
# The app's typeface (Streamlit's theme font, served by the page as "Source Sans"; older releases named it
# "Source Sans Pro"), then any sans-serif: deck.gl's TextLayer would otherwise draw a monospace font.
FONT = '"Source Sans", "Source Sans Pro", "Source Sans 3", sans-serif'
FONT_WEIGHT: Final = 600  # Final: its type is the literal 600, a weight Vega-Lite's types know
LABEL_COLOUR = (31, 41, 51)
# Sites: a dark outline (the labels' colour at 60%), so light theme colours (orange, sky blue) stand out on any area.
SITE_OUTLINE = (*LABEL_COLOUR, 153)
# Circle area grows with the people reached (radius ∝ √people), between a dot (no figure stated, or a small one)
# and a cap, so that the largest site (5,500 people) covers neither a neighbour's name nor most of its municipality.
RADIUS_PER_ROOT_PERSON = 45.0  # metres
MIN_RADIUS = 1000.0  # metres
MAX_RADIUS = 3500.0  # metres
TOOLTIP = {
    "html": "<b>{label}</b><br/>{detail}",
    "style": {"backgroundColor": "#1F2933", "color": "#FFFFFF", "fontSize": "13px", "maxWidth": "340px"},
}


def attribution() -> str:
    """Where the boundaries and the places come from (``ATTRIBUTION``), in the reader's language: the sources' own
    words ("Made with Natural Earth") as their licences ask."""
    return _(
        "Boundaries: %(boundaries)s. Places: %(places)s and %(names)s.",
        boundaries="Made with Natural Earth",
        places="GeoNames (CC BY 4.0)",
        names="NGA GEOnet Names Server",
    )


@lru_cache(maxsize=2)
def boundaries(level: str) -> dict:
    """The shipped GeoJSON for ``municipality`` or ``region`` (read once)."""
    return json.loads((GEO_DIR / LEVEL_FILES[level]).read_text(encoding="utf-8"))


def small_counts(values: Sequence[float]) -> bool:
    """Whole numbers no larger than the number of colours: each gets a class of its own."""
    return bool(values) and all(float(v).is_integer() and 0 < v <= len(SEQUENTIAL) for v in values)


def class_breaks(values: Sequence[float], classes: int = len(SEQUENTIAL)) -> list[float]:
    """Upper bounds of the colour classes: one per count for small counts, else equal intervals from 0."""
    top = max(values) if values else 0.0
    if top <= 0:
        return [0.0]
    if small_counts(values):
        return [float(k) for k in range(1, int(top) + 1)]
    return [top * (i + 1) / classes for i in range(classes)]


def _palette(breaks: Sequence[float]) -> list[tuple[int, int, int]]:
    """Colours spread over the ramp, darkest for the largest class."""
    if len(breaks) >= len(SEQUENTIAL):
        return list(SEQUENTIAL)
    step = (len(SEQUENTIAL) - 1) / max(len(breaks), 1)
    return [SEQUENTIAL[round(step * (i + 1))] for i in range(len(breaks))]


def colour_for(value: float | None, breaks: Sequence[float]) -> tuple[int, int, int]:
    if value is None:
        return NO_DATA
    palette = _palette(breaks)
    for index, upper in enumerate(breaks):
        if value <= upper + 1e-9:
            return palette[index]
    return palette[-1]


def categories(values: pd.DataFrame) -> list[str]:
    """The categories of ``values`` in the legend's order: fewest programmes first (one programme or theme before
    combinations), then by name."""
    if CATEGORY not in values.columns or values.empty:
        return []
    fewest: dict[str, float] = {}
    for row in values.to_dict("records"):
        name = str(row[CATEGORY])
        fewest[name] = min(fewest.get(name, float("inf")), float(row["value"]))
    return sorted(fewest, key=lambda name: (fewest[name], name.lower()))


def category_colours(values: pd.DataFrame) -> dict[str, tuple[int, int, int]]:
    """One colour per category (``CATEGORICAL`` in the legend's order; the last one again past its end)."""
    return {name: CATEGORICAL[min(i, len(CATEGORICAL) - 1)] for i, name in enumerate(categories(values))}


def choropleth(level: str, values: pd.DataFrame, by: str = "value") -> dict:
    """Boundaries with a fill per area: ``values`` has ``code``, ``value``, ``detail`` (figure and source).

    ``by="value"``: the value's class on the sequential ramp; ``by="category"``: the colour of the row's
    ``category`` (what works there, named in the legend). Areas without a row are grey either way.
    """
    by_code = {row["code"]: row for row in values.to_dict("records")}
    breaks = class_breaks([float(v) for v in values["value"]]) if len(values) else [0.0]
    named = category_colours(values) if by == CATEGORY else {}
    features = []
    for feature in boundaries(level)["features"]:
        properties = dict(feature["properties"])
        row = by_code.get(properties["code"])
        if row is None:
            colour = NO_DATA
        elif by == CATEGORY:
            colour = named[str(row[CATEGORY])]
        else:
            colour = colour_for(float(row["value"]), breaks)
        properties.update(
            {
                "label": place_name(properties["name_sq"], properties["name_sr"]),
                "detail": row["detail"] if row is not None else _("Not reported in this edition"),
                "fill": [*colour, 220],
            }
        )
        features.append({"type": "Feature", "geometry": feature["geometry"], "properties": properties})
    return {"type": "FeatureCollection", "features": features}


def legend(values: pd.DataFrame, unit: str, by: str = "value") -> list[tuple[str, str]]:
    """(hex colour, range) for each class, or (hex colour, category) for each category; then the colour of
    areas not reported."""
    if by == CATEGORY:
        return [(hex_colour(colour), name) for name, colour in category_colours(values).items()] + [
            (hex_colour(NO_DATA), _("not reported"))
        ]
    numbers = [float(v) for v in values["value"]]
    breaks = class_breaks(numbers) if numbers else []
    rows, lower = [], 0.0
    for colour, upper in zip(_palette(breaks), breaks, strict=True):
        if small_counts(numbers):
            text = _fixed(upper, 0)
        elif unit == "%":
            text = f"{_fixed(lower, 1)}–{_fixed(upper, 1)}%"
        else:
            text = f"{_fixed(lower, 0)}–{_fixed(upper, 0)}"
        rows.append((hex_colour(colour), text))
        lower = upper
    rows.append((hex_colour(NO_DATA), _("not reported")))
    return rows


def _fixed(value: float, decimals: int) -> str:
    """A class bound with ``decimals`` decimals, grouped as the reader's language writes numbers ('1,234.5';
    '1 234,5' in Albanian)."""
    language = current()
    if language == DEFAULT:
        return f"{value:,.{decimals}f}"
    from babel.numbers import format_decimal  # noqa: PLC0415 - Babel's data is read only once a language asks

    from lib.i18n.numbers import babel_locale  # noqa: PLC0415 - Babel's data is read only once a language asks

    return format_decimal(value, format="#,##0" + ".0" * decimals, locale=babel_locale(language))


def boundary_layer(geojson: dict, layer_id: str = "boundaries") -> pdk.Layer:
    """Filled boundaries with white outlines, pickable for the tooltip."""
    return pdk.Layer(
        "GeoJsonLayer",
        data=geojson,
        id=layer_id,
        filled=True,
        stroked=True,
        pickable=True,
        auto_highlight=True,
        get_fill_color="properties.fill",
        get_line_color=list(OUTLINE),
        line_width_min_pixels=1.2,
    )


# A two-language name longer than this is written on two lines, broken after its slash ("Gjilan/" over
# "Gnjilane"): on one line the longest district names ran into their neighbours.
LONG_NAME = 12


@lru_cache(maxsize=2)
def _area_labels(level: str) -> tuple[tuple[float, float, float], ...]:
    # Imported here: shapely takes 0.13 s to import, and only the first placement of each level's names needs it.
    import shapely.geometry  # noqa: PLC0415
    import shapely.ops  # noqa: PLC0415

    labels = []
    for feature in boundaries(level)["features"]:
        shape = shapely.geometry.shape(feature["geometry"])
        largest = max(getattr(shape, "geoms", [shape]), key=lambda part: part.area)
        # The pole of inaccessibility: the point inside the area farthest from its edges, where a name has most room.
        point = shapely.ops.polylabel(largest, tolerance=0.002)
        if not shape.contains(point):
            point = shape.representative_point()
        labels.append((round(point.x, 4), round(point.y, 4), round(shape.area, 6)))
    return tuple(labels)


def _area_name(level: str, properties: dict) -> str:
    """The name drawn in an area: the Albanian one for a municipality, both for a district."""
    return (
        properties["name_sq"] if level == "municipality" else place_name(properties["name_sq"], properties["name_sr"])
    )


def area_labels(level: str) -> list[dict]:
    """One label point per area, inside it: Albanian names for municipalities, both names for districts; a larger
    area's name has the higher ``priority`` where two would overlap."""
    labels = _area_labels(level)
    # The areas' ranks by size, smallest 0.
    rank = {index: order for order, index in enumerate(sorted(range(len(labels)), key=lambda i: labels[i][2]))}
    features = boundaries(level)["features"]
    return [
        {"lon": lon, "lat": lat, "text": _area_name(level, feature["properties"]), "priority": rank[index]}
        for index, ((lon, lat, _area), feature) in enumerate(zip(labels, features, strict=True))
    ]


def figures_first(level: str, labels: list[dict], values: pd.DataFrame) -> list[dict]:
    """``labels`` (``area_labels(level)``, in the boundaries' order) with the names of the areas ``values`` has a
    figure for ranked above every other: where names are thinned, the area a map is about keeps its name."""
    codes = set(values["code"]) if "code" in values.columns else set()
    features = boundaries(level)["features"]
    return [
        {**label, "priority": label["priority"] + (len(labels) if feature["properties"]["code"] in codes else 0)}
        for label, feature in zip(labels, features, strict=True)
    ]


def drawn_name(text: str) -> str:
    """A name as a map writes it: a long two-language name on two lines, broken after the slash."""
    if len(text) > LONG_NAME and "/" in text:
        first, rest = text.split("/", 1)
        return f"{first}/\n{rest}"
    return text


def labels_layer(labels: list[dict], size: int = 12) -> pdk.Layer:
    """The areas' names in the app's typeface, semi-bold, dark on a white halo (readable on the darkest class)."""
    data = [{"lon": label["lon"], "lat": label["lat"], "text": drawn_name(label["text"])} for label in labels]
    # deck.gl draws only ASCII glyphs unless its character set is "auto" (ë, ç, š, ć); quoted, because
    # pydeck sends a bare string as an expression (the font family too). The halo needs signed-distance-field glyphs.
    return pdk.Layer(
        "TextLayer",
        data=data,
        id="labels",
        get_position=["lon", "lat"],
        get_text="text",
        get_size=size,
        get_color=[*LABEL_COLOUR, 235],
        character_set="'auto'",
        font_family=f"'{FONT}'",
        font_weight=FONT_WEIGHT,
        font_settings={"sdf": True},
        outline_width=3,
        outline_color=[255, 255, 255, 200],
        line_height=1.0,
        pickable=False,
    )


def site_radius(people: float | None) -> float:
    """Metres: ``RADIUS_PER_ROOT_PERSON`` × √people (the circle's area grows with the people reached), kept between
    ``MIN_RADIUS`` (also a site with no figure stated) and ``MAX_RADIUS``."""
    if people is None or is_blank(people) or float(people) <= 0:
        return MIN_RADIUS
    return min(max(RADIUS_PER_ROOT_PERSON * float(people) ** 0.5, MIN_RADIUS), MAX_RADIUS)


def sites_layer(sites: pd.DataFrame) -> pdk.Layer:
    """Programme sites: ``lon``, ``lat``, ``theme``, ``people``, ``label``, ``detail`` per row; a dark 1 px outline."""
    data = [
        {**row, "colour": [*theme_colour(row["theme"]), 230], "radius": site_radius(row.get("people"))}
        for row in sites.to_dict("records")
    ]
    return pdk.Layer(
        "ScatterplotLayer",
        data=data,
        id="sites",
        get_position="[lon, lat]",
        get_fill_color="colour",
        get_radius="radius",
        radius_min_pixels=4,
        radius_max_pixels=24,
        stroked=True,
        get_line_color=list(SITE_OUTLINE),
        line_width_min_pixels=1,
        line_width_max_pixels=1,
        pickable=True,
        auto_highlight=True,
    )


class CompactDeck(pdk.Deck):
    """A deck whose JSON has no indentation: pydeck indents by two spaces, which triples a map's payload."""

    def to_json(self) -> str:
        return json.dumps(json.loads(super().to_json()), separators=(",", ":"), ensure_ascii=False)


def view_state(view: View) -> pdk.ViewState:
    """A deck's first view; a reader may zoom out a little from it, and in to a village."""
    lowest = min(6.5, view.zoom - 0.5)
    return pdk.ViewState(latitude=view.latitude, longitude=view.longitude, zoom=view.zoom, min_zoom=lowest, max_zoom=11)


def fitted_view(width: int) -> View:
    """The view that shows all of Kosovo in a map ``width`` pixels wide (and ``viewport.map_height`` tall)."""
    return fit(KOSOVO_BOUNDS, width, map_height(width))


WIDTH_STEP = 20  # px: a map's width is taken to this step (rounded down), so few views are ever made
NARROWEST_MAP = 200  # px


def _widest_map() -> int:
    """The width from which a map is no different: its height has stopped growing and the height limits the view."""
    wide = fitted_view(4000), map_height(4000)
    return next(w for w in range(NARROWEST_MAP, 4000, WIDTH_STEP) if (fitted_view(w), map_height(w)) == wide)


WIDEST_MAP = _widest_map()  # px, about 560: a few dozen fits of arithmetic, once


def map_width(width: float) -> int:
    """``width`` as a map is drawn for it: to ``WIDTH_STEP``, rounded down, between the narrowest and ``WIDEST_MAP``
    (any wider map shows the same)."""
    return min(max(int(width // WIDTH_STEP * WIDTH_STEP), NARROWEST_MAP), WIDEST_MAP)


VIEW = view_state(fitted_view(DEFAULT_MAP_WIDTH))


class PrebuiltDeck(pdk.Deck):
    """A deck whose JSON was made earlier (and cached): Streamlit only asks a deck for its JSON and tooltip."""

    def __init__(self, spec: str) -> None:
        super().__init__(layers=[], initial_view_state=VIEW, tooltip=TOOLTIP, map_provider=None)
        self._spec = spec

    def to_json(self) -> str:
        return self._spec


# A name's box on the map, in pixels: a semi-bold character of the app's typeface is about 0.55 of the text size
# wide; the halo adds OUTLINE_PX around it.
CHARACTER_WIDTH = 0.55
OUTLINE_PX = 2


def _label_box(label: dict, view: View, size: int) -> tuple[float, float, float, float]:
    x, y = pixel(view, 0, 0, label["lon"], label["lat"])
    lines = drawn_name(label["text"]).split("\n")
    half_width = max(len(line) for line in lines) * size * CHARACTER_WIDTH / 2 + OUTLINE_PX
    half_height = len(lines) * size / 2 + OUTLINE_PX
    return x - half_width, y - half_height, x + half_width, y + half_height


def _overlap(one: tuple[float, float, float, float], other: tuple[float, float, float, float]) -> bool:
    return one[0] < other[2] and other[0] < one[2] and one[1] < other[3] and other[1] < one[3]


def thinned(labels: list[dict], view: View, size: int) -> list[dict]:
    """The names that do not overlap at ``view``'s zoom, the larger area's first (its ``priority``): on a phone's
    smaller map a name that would cover its neighbour's is left out (its area still says it on hover or tap).
    Thinned once, for the opening zoom: a reader who zooms in sees the same names."""
    kept: list[tuple[dict, tuple[float, float, float, float]]] = []
    for label in sorted(labels, key=lambda item: -item["priority"]):
        box = _label_box(label, view, size)
        if all(
            box[2] <= other[0] or other[2] <= box[0] or box[3] <= other[1] or other[3] <= box[1]
            for _kept, other in kept
        ):
            kept.append((label, box))
    chosen = {id(label) for label, _box in kept}
    return [label for label in labels if id(label) in chosen]


def map_layers(
    level: str, values: pd.DataFrame, sites: pd.DataFrame, by: str = "value", view: View | None = None
) -> list[pdk.Layer]:
    """Areas coloured by ``values`` (``by`` as in ``choropleth``), the sites over them, and the areas' names on top,
    thinned where they would overlap at ``view``'s zoom."""
    layers = [boundary_layer(choropleth(level, values, by))]
    if not sites.empty:
        layers.append(sites_layer(sites))
    size = 11 if level == "municipality" else 13
    labels = area_labels(level)
    layers.append(
        labels_layer(thinned(figures_first(level, labels, values), view, size) if view is not None else labels, size)
    )
    return layers


def deck(layers: list[pdk.Layer], view: pdk.ViewState = VIEW) -> pdk.Deck:
    """A deck with no basemap: nothing is fetched from the network.

    pydeck's default ``map_style`` (its ``"__MAP_STYLE__"`` placeholder) with no provider is what
    turns the basemap off in Streamlit: ``map_style=None`` would make Streamlit load a CARTO
    basemap style from the internet, in a second WebGL map under the deck.
    """
    return CompactDeck(layers=layers, initial_view_state=view, tooltip=TOOLTIP, map_provider=None)

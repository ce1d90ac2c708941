"""Map builders: pure functions returning pydeck layers and decks; no Streamlit here.

The maps need no basemap tiles (no network at run time): the shipped boundaries, their labels
and the programme sites carry the map. Every layer's objects have a ``label`` (names in both
languages) and a ``detail`` (the figures with their source), which the one tooltip shows.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pydeck as pdk

from lib.formats import bilingual
from lib.themes import theme_colour

GEO_DIR = Path(__file__).resolve().parent.parent / "geo"
LEVEL_FILES = {"municipality": "municipalities.geojson", "region": "districts.geojson"}
ATTRIBUTION = "Boundaries: Made with Natural Earth. Places: GeoNames (CC BY 4.0) and NGA GEOnet Names Server."
VIEW = pdk.ViewState(latitude=42.56, longitude=20.88, zoom=7.9, min_zoom=6.5, max_zoom=11)
# ColorBrewer Blues, 5 classes: ordered, and readable with the common colour-vision deficiencies.
SEQUENTIAL = ((239, 243, 255), (189, 215, 231), (107, 174, 214), (49, 130, 189), (8, 81, 156))
NO_DATA = (226, 229, 234)
OUTLINE = (255, 255, 255)
TOOLTIP = {"html": "<b>{label}</b><br/>{detail}",
           "style": {"backgroundColor": "#1F2933", "color": "#FFFFFF", "fontSize": "13px", "maxWidth": "340px"}}


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


def choropleth(level: str, values: pd.DataFrame) -> dict:
    """Boundaries with a fill per area: ``values`` has ``code``, ``value``, ``detail`` (figure and source)."""
    by_code = {row["code"]: row for row in values.to_dict("records")}
    breaks = class_breaks([float(v) for v in values["value"]]) if len(values) else [0.0]
    features = []
    for feature in boundaries(level)["features"]:
        properties = dict(feature["properties"])
        row = by_code.get(properties["code"])
        value = float(row["value"]) if row is not None else None
        properties.update({
            "label": bilingual(properties["name_sq"], properties["name_sr"]),
            "detail": row["detail"] if row is not None else "Not reported in this edition",
            "fill": [*colour_for(value, breaks), 220],
        })
        features.append({"type": "Feature", "geometry": feature["geometry"], "properties": properties})
    return {"type": "FeatureCollection", "features": features}


def legend(values: pd.DataFrame, unit: str) -> list[tuple[str, str]]:
    """(hex colour, range) for each class, and the colour of areas not reported."""
    numbers = [float(v) for v in values["value"]]
    breaks = class_breaks(numbers) if numbers else []
    rows, lower = [], 0.0
    for colour, upper in zip(_palette(breaks), breaks):
        if small_counts(numbers):
            text = f"{upper:,.0f}"
        elif unit == "%":
            text = f"{lower:,.1f}–{upper:,.1f}%"
        else:
            text = f"{lower:,.0f}–{upper:,.0f}"
        rows.append(("#%02x%02x%02x" % colour, text))
        lower = upper
    rows.append(("#%02x%02x%02x" % NO_DATA, "not reported"))
    return rows


def boundary_layer(geojson: dict, layer_id: str = "boundaries") -> pdk.Layer:
    """Filled boundaries with white outlines, pickable for the tooltip."""
    return pdk.Layer("GeoJsonLayer", data=geojson, id=layer_id, filled=True, stroked=True, pickable=True, auto_highlight=True,
                     get_fill_color="properties.fill", get_line_color=list(OUTLINE), line_width_min_pixels=1.2)


@lru_cache(maxsize=2)
def _area_labels(level: str) -> tuple[tuple[float, float, str], ...]:
    import shapely.geometry

    labels = []
    for feature in boundaries(level)["features"]:
        point = shapely.geometry.shape(feature["geometry"]).representative_point()
        properties = feature["properties"]
        text = properties["name_sq"] if level == "municipality" else bilingual(properties["name_sq"], properties["name_sr"])
        labels.append((round(point.x, 4), round(point.y, 4), text))
    return tuple(labels)


def area_labels(level: str) -> list[dict]:
    """One label point per area, inside it: Albanian names for municipalities, both names for districts."""
    return [{"lon": lon, "lat": lat, "text": text} for lon, lat, text in _area_labels(level)]


def labels_layer(labels: list[dict], size: int = 12) -> pdk.Layer:
    # deck.gl draws only ASCII glyphs unless its character set is "auto" (ë, ç, š, ć); quoted, because
    # pydeck sends a bare string as an expression.
    return pdk.Layer("TextLayer", data=labels, id="labels", get_position=["lon", "lat"], get_text="text", get_size=size,
                     get_color=[31, 41, 51, 235], character_set="'auto'", pickable=False)


def site_radius(people: float | None) -> float:
    """Metres; the area of the circle grows with the people reached, a plain dot where none are stated."""
    return 1500.0 if not people else 1500.0 + 120.0 * float(people) ** 0.5


def sites_layer(sites: pd.DataFrame) -> pdk.Layer:
    """Programme sites: ``lon``, ``lat``, ``theme``, ``people``, ``label``, ``detail`` per row."""
    data = [{**row, "colour": [*theme_colour(row["theme"]), 230], "radius": site_radius(row.get("people"))}
            for row in sites.to_dict("records")]
    return pdk.Layer("ScatterplotLayer", data=data, id="sites", get_position="[lon, lat]", get_fill_color="colour",
                     get_radius="radius", radius_min_pixels=5, radius_max_pixels=40, stroked=True, get_line_color=[255, 255, 255],
                     line_width_min_pixels=1.5, pickable=True, auto_highlight=True)


class CompactDeck(pdk.Deck):
    """A deck whose JSON has no indentation: pydeck indents by two spaces, which triples a map's payload."""

    def to_json(self) -> str:
        return json.dumps(json.loads(super().to_json()), separators=(",", ":"), ensure_ascii=False)


PANEL_VIEW = pdk.ViewState(latitude=42.56, longitude=20.88, zoom=7.2, min_zoom=6.5, max_zoom=11)


class PrebuiltDeck(pdk.Deck):
    """A deck whose JSON was made earlier (and cached): Streamlit only asks a deck for its JSON and tooltip."""

    def __init__(self, spec: str):
        super().__init__(layers=[], initial_view_state=VIEW, tooltip=TOOLTIP, map_provider=None)
        self._spec = spec

    def to_json(self) -> str:
        return self._spec


def map_layers(level: str, values: pd.DataFrame, sites: pd.DataFrame) -> list[pdk.Layer]:
    """Areas coloured by ``values``, their names, and the sites on top."""
    layers = [boundary_layer(choropleth(level, values)), labels_layer(area_labels(level), 11 if level == "municipality" else 13)]
    if not sites.empty:
        layers.append(sites_layer(sites))
    return layers


def deck(layers: list[pdk.Layer], view: pdk.ViewState = VIEW) -> pdk.Deck:
    """A deck with no basemap: nothing is fetched from the network.

    pydeck's default ``map_style`` (its ``"__MAP_STYLE__"`` placeholder) with no provider is what
    turns the basemap off in Streamlit: ``map_style=None`` would make Streamlit load a CARTO
    basemap style from the internet, in a second WebGL map under the deck.
    """
    return CompactDeck(layers=layers, initial_view_state=view, tooltip=TOOLTIP, map_provider=None)

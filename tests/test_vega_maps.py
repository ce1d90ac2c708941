"""The programme pages' map panels as Vega-Lite charts (``lib.presenting.vega_maps``), built from the November
figures."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from lib.presenting import maps, vega_maps
from lib.presenting.formats import hex_colour
from lib.presenting.themes import THEMES
from lib.presenting.views import MAP_COLUMNS, SITE_COLUMNS, programmes_by_municipality, region_values, sites

SETTLED_TITLE = "Where returnees settled, and returns sites"
SETTLED_NOTE = "27.0% settled in other municipalities, not itemised."


@pytest.fixture(scope="module")
def settled(figures, dataset) -> tuple[pd.DataFrame, pd.DataFrame]:
    return region_values(figures, dataset.tables, "avr", "returnees_settled_share", "share"), sites(
        figures, dataset.tables, "returns"
    )


@pytest.fixture(scope="module")
def stabilisation(figures, dataset) -> tuple[pd.DataFrame, pd.DataFrame]:
    return programmes_by_municipality(figures, dataset.tables, "stabilisation"), sites(
        figures, dataset.tables, "stabilisation"
    )


def layer(spec: dict, mark: str, stroked: bool | None = None) -> dict:
    """The layer drawing ``mark`` (for text: the halo, stroked, or the letters)."""
    found = [
        drawn
        for drawn in spec["layer"]
        if drawn["mark"]["type"] == mark and (stroked is None or ("stroke" in drawn["mark"]) == stroked)
    ]
    assert len(found) == 1, [drawn["mark"] for drawn in spec["layer"]]
    return found[0]


def areas(spec: dict) -> dict[str, dict]:
    return {f["properties"]["code"]: f["properties"] for f in spec["datasets"][vega_maps.AREAS]}


def fill(spec: dict, code: str) -> str:
    """The colour the areas layer gives an area: its class through the layer's colour scale."""
    scale = layer(spec, "geoshape")["encoding"]["color"]["scale"]
    return scale["range"][scale["domain"].index(areas(spec)[code]["class"])]


def site_rows(spec: dict) -> list[dict]:
    return spec["datasets"][layer(spec, "circle")["data"]["name"]]


def test_district_map_has_every_district_in_the_deck_maps_colours(settled):
    values, located = settled
    spec = vega_maps.area_map("region", values, located, SETTLED_TITLE, "%", SETTLED_NOTE).to_dict()
    features = spec["datasets"][vega_maps.AREAS]
    assert [f["type"] for f in features] == ["Feature"] * 7 and len(areas(spec)) == 7
    deck = {f["properties"]["code"]: f["properties"]["fill"][:3] for f in maps.choropleth("region", values)["features"]}
    for code in areas(spec):
        assert fill(spec, code) == hex_colour(deck[code]), code
    breaks = maps.class_breaks(list(values["value"]))
    assert fill(spec, "PRI") == hex_colour(maps.colour_for(37.6, breaks)) == hex_colour(maps.SEQUENTIAL[-1])
    assert fill(spec, "MIT") == hex_colour(maps.NO_DATA)
    legend = layer(spec, "geoshape")["encoding"]["color"]["scale"]
    assert list(zip(legend["range"], legend["domain"], strict=True)) == maps.legend(
        values, "%"
    )  # the deck map's legend, as it is


def test_areas_carry_both_names_their_figure_and_its_source(settled):
    values, located = settled
    spec = vega_maps.area_map("region", values, located, SETTLED_TITLE, "%").to_dict()
    pri, pej, mit = areas(spec)["PRI"], areas(spec)["PEJ"], areas(spec)["MIT"]
    assert pej["label"] == "Pejë/Peć" and pej["text"] == "Pejë/Peć"  # district names on the map in both languages
    assert pri["value_text"] == "37.6%" and pri["detail"] == values.set_index("code").loc["PRI", "detail"]
    assert "Prishtina/Pristina region (37.6%)" in pri["detail"]  # the source sentence
    assert mit["value_text"] == "not reported" and mit["detail"] == "Not reported in this edition"
    tooltip = [t["field"] for t in layer(spec, "geoshape")["encoding"]["tooltip"]]
    assert tooltip == ["properties.label", "properties.value_text", "properties.detail"]
    for name in (layer(spec, "text", stroked=False), layer(spec, "text", stroked=True)):
        assert name["data"] == {"name": vega_maps.AREAS}  # the names read the boundaries' dataset: no second copy
        assert name["encoding"]["text"]["field"] == "properties.text"


def test_municipality_map_has_30_areas_in_both_languages(stabilisation):
    values, located = stabilisation
    spec = vega_maps.area_map(
        "municipality", values, located, "Stabilisation programmes active, by municipality"
    ).to_dict()
    properties = areas(spec)
    assert len(properties) == 30
    assert properties["KV18"]["label"] == "Pejë/Peć" and properties["KV22"]["label"] == "Rahovec/Orahovac"
    assert properties["KV18"]["text"] == "Pejë"  # on the map: the Albanian name, as the deck map writes it (30 names)
    assert fill(spec, "KV22") == hex_colour(maps.colour_for(1.0, maps.class_breaks(list(values["value"]))))
    assert properties["KV22"]["value_text"] == "1 programme" and "CSP" in properties["KV22"]["detail"]
    assert fill(spec, "KV18") == hex_colour(maps.NO_DATA) and properties["KV18"]["class"] == "not reported"


def test_sites_are_circles_in_their_themes_colour_sized_by_people(stabilisation, settled):
    values, located = stabilisation
    spec = vega_maps.area_map("municipality", values, located, "Stabilisation").to_dict()
    points = site_rows(spec)
    assert len(points) == len(located) == 3
    assert {p["label"] for p in points} == set(located["label"])
    assert [p["detail"] for p in points] == list(located["detail"])  # the figures with their source sentences
    colour = layer(spec, "circle")["encoding"]["color"]
    assert colour["scale"] == {"domain": ["Stabilisation"], "range": [THEMES["stabilisation"].hex]}
    assert [t["field"] for t in layer(spec, "circle")["encoding"]["tooltip"]] == ["label", "programmes", "detail"]
    size = {p["label"]: p["size"] for p in points}
    assert size["Novakë/Novake"] == max(size.values()) > min(size.values())  # 5,500 people reached
    assert layer(spec, "circle")["encoding"]["size"]["scale"] is None
    returns = vega_maps.area_map("region", *settled, SETTLED_TITLE, "%").to_dict()
    assert len(site_rows(returns)) == len(settled[1]) == 4
    assert layer(returns, "circle")["encoding"]["color"]["scale"]["range"] == [THEMES["returns"].hex]


def test_site_size_follows_the_deck_maps_radius_within_its_pixel_limits():
    assert vega_maps.site_pixels(None) == vega_maps.site_pixels(float("nan")) == vega_maps.RADIUS_PIXELS[0]
    assert vega_maps.site_pixels(22) < vega_maps.site_pixels(5500) <= vega_maps.RADIUS_PIXELS[1]
    assert vega_maps.site_pixels(5500) == pytest.approx(maps.site_radius(5500) / vega_maps.METRES_PER_PIXEL)
    assert vega_maps.site_pixels(6000) / vega_maps.site_pixels(1500) == pytest.approx(2.0)  # area with the people
    assert vega_maps.site_pixels(10**9) == maps.MAX_RADIUS / vega_maps.METRES_PER_PIXEL <= vega_maps.RADIUS_PIXELS[1]


def test_circles_are_outlined_under_names_in_the_apps_typeface(stabilisation):
    values, located = stabilisation
    spec = vega_maps.area_map("municipality", values, located, "Stabilisation").to_dict()
    assert [drawn["mark"]["type"] for drawn in spec["layer"]] == ["geoshape", "circle", "text", "text"]  # names last
    circle = layer(spec, "circle")["mark"]
    assert circle["stroke"] == "#1f2933" and circle["strokeOpacity"] == 0.6 and circle["strokeWidth"] == 1
    assert (
        spec["config"]["font"] == maps.FONT
        and maps.FONT.startswith('"Source Sans"')
        and maps.FONT.endswith("sans-serif")
    )
    assert spec["config"]["view"]["stroke"] is None
    for mark in (layer(spec, "text", stroked=False)["mark"], layer(spec, "text", stroked=True)["mark"]):
        assert mark["font"] == maps.FONT and mark["fontWeight"] == maps.FONT_WEIGHT and mark["lineBreak"] == "\n"


def test_gjilan_is_written_on_two_lines_on_the_district_panel(settled):
    spec = vega_maps.area_map("region", *settled, SETTLED_TITLE, "%").to_dict()
    assert areas(spec)["GJI"]["text"] == "Gjilan/\nGjilane".replace("Gjilane", "Gnjilane")
    assert areas(spec)["GJI"]["label"] == "Gjilan/Gnjilane"  # the tooltip keeps the name on one line


def test_stabilisation_panel_colours_each_programme_and_says_so(stabilisation):
    values, located = stabilisation
    spec = vega_maps.area_map("municipality", values, located, "Stabilisation", by="category").to_dict()
    colour = layer(spec, "geoshape")["encoding"]["color"]
    assert colour["legend"]["title"] == vega_maps.CATEGORY_TITLE
    assert list(zip(colour["scale"]["range"], colour["scale"]["domain"], strict=True)) == maps.legend(
        values, "", "category"
    )
    assert colour["scale"]["domain"] == ["CSP", "KPC Trust Fund", "SEDMIN", "not reported"]
    assert areas(spec)["KV22"]["class"] == "CSP" and areas(spec)["KV21"]["class"] == "KPC Trust Fund"
    assert fill(spec, "KV02") == fill(spec, "KV23") != fill(spec, "KV22")
    assert areas(spec)["KV21"]["detail"] == "1 programme: KPC Trust Fund"  # the tooltip: the programme's name
    assert spec["description"] == vega_maps.map_as_text("Stabilisation", values, located)  # nothing lost in words


def test_a_legend_chart_puts_each_swatch_beside_its_name():
    items = pd.DataFrame({"colour": ["#0072b2", "#e69f00"], "label": ["Returns", "Stabilisation"]})
    spec = vega_maps.legend_chart(items, "Sites", "circle").to_dict()
    swatch, text = spec["layer"]
    assert swatch["encoding"]["x"] == {"value": 9} and text["encoding"]["x"] == {"value": 24}  # 15 px apart
    assert swatch["mark"]["stroke"] == "#1f2933" and text["mark"]["font"] == maps.FONT
    assert isinstance(spec["width"], int) and spec["description"] == "Legend, Sites: Returns; Stabilisation."


def test_chart_says_itself_in_words_and_is_drawn_as_svg_fitted_to_kosovo(settled):
    values, located = settled
    spec = vega_maps.area_map("region", values, located, SETTLED_TITLE, "%", SETTLED_NOTE).to_dict()
    assert spec["description"] == vega_maps.map_as_text(SETTLED_TITLE, values, located, "%", SETTLED_NOTE)
    assert spec["usermeta"] == {"embedOptions": {"renderer": "svg"}}
    assert (
        spec["projection"] == {"type": "mercator"}
        and spec["width"] == "container"
        and spec["height"] == vega_maps.HEIGHT
    )
    assert spec["resolve"] == {"scale": {"color": "independent"}}  # two legends: the areas' classes, the sites' themes


def test_boundaries_go_into_the_spec_once(settled, stabilisation):
    for level, (values, located) in (("region", settled), ("municipality", stabilisation)):
        spec = vega_maps.area_map(level, values, located, "Map").to_dict()
        text = json.dumps(spec, separators=(",", ":"), ensure_ascii=False)
        geometry = json.dumps(maps.boundaries(level)["features"][0]["geometry"]["coordinates"], separators=(",", ":"))
        assert text.count(geometry) == 1
        assert sorted(spec["datasets"]) == sorted([vega_maps.AREAS, layer(spec, "circle")["data"]["name"]])
        assert len(text.encode()) < 40_000  # 18 KB for the districts, 32 KB for the municipalities


def test_map_as_text_gives_every_figure_as_written_and_every_site(settled, stabilisation):
    for title, unit, (values, located) in (
        (SETTLED_TITLE, "%", settled),
        ("Stabilisation programmes", "", stabilisation),
    ):
        text = vega_maps.map_as_text(title, values, located, unit)
        assert text.startswith(f"{title}: ")
        for row in values.to_dict("records"):
            assert f"{row['name']} {row['value_text']}" in text
        for label in located["label"]:
            assert label in text
        assert f"{len(located)} sites: " in text
    text = vega_maps.map_as_text(SETTLED_TITLE, settled[0], settled[1], "%", SETTLED_NOTE)
    assert text.startswith(
        f"{SETTLED_TITLE}: Prishtinë/Priština 37.6%, Ferizaj/Uroševac 14.9%, Pejë/Peć 13.1%, Gjakovë/Đakovica 8.9%. "
        f"{SETTLED_NOTE} 4 sites: Brestovik (Returns: IDP returns Pejë/Peć); "
    )


def test_map_as_text_uses_the_tables_words_never_the_number_recomputed():
    values = pd.DataFrame(
        [
            {"code": "PRI", "name": "Prishtinë/Priština", "value": 40.0, "value_text": "about 40%", "detail": "d"},
            {"code": "FER", "name": "Ferizaj/Uroševac", "value": 55.5, "value_text": "", "detail": "d"},
        ],
        columns=MAP_COLUMNS,
    )
    located = pd.DataFrame(
        [
            {
                "lon": 21.0,
                "lat": 42.6,
                "theme": "returns",
                "people": None,
                "label": "Brestovik",
                "programmes": "",
                "detail": "",
                "location": "exact",
            }
        ],
        columns=SITE_COLUMNS,
    )
    text = vega_maps.map_as_text("Shares", values, located, "%", "Rest not itemised")
    # largest first; a row with no words says its number with the unit
    assert text == (
        "Shares: Ferizaj/Uroševac 55.5%, Prishtinë/Priština about 40%. Rest not itemised. 1 site: Brestovik (Returns)."
    )


def test_an_edition_without_figures_or_sites_greys_every_area():
    values, located = pd.DataFrame(columns=MAP_COLUMNS), pd.DataFrame(columns=SITE_COLUMNS)
    spec = vega_maps.area_map("region", values, located, "Where returnees settled", "%").to_dict()
    assert {fill(spec, code) for code in areas(spec)} == {hex_colour(maps.NO_DATA)}
    assert layer(spec, "geoshape")["encoding"]["color"]["scale"]["domain"] == ["not reported"]
    assert not [drawn for drawn in spec["layer"] if drawn["mark"]["type"] == "circle"]
    assert spec["description"] == "Where returnees settled: no area has a figure in this edition. No sites located."


def test_a_site_of_an_unknown_theme_is_drawn_black_and_named_as_it_is():
    located = pd.DataFrame(
        [
            {
                "lon": 21.0,
                "lat": 42.6,
                "theme": "new_theme",
                "people": 40.0,
                "label": "X",
                "programmes": "P",
                "detail": "D",
                "location": "exact",
            }
        ],
        columns=SITE_COLUMNS,
    )
    assert vega_maps.site_themes(located) == (["new_theme"], ["#000000"])

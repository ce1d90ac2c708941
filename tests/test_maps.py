"""Map builders and the map page."""

from __future__ import annotations

import json

import pandas as pd
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from lib.presenting import maps, vega_maps
from lib.presenting.formats import hex_colour
from lib.presenting.themes import THEMES
from lib.presenting.views import programmes_by_municipality, region_values, sites
from tests.conftest import ROOT


def open_map(**query: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.switch_page("app_pages/map.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def deck_spec(at: AppTest) -> dict:
    return json.loads(at.get("deck_gl_json_chart")[0].proto.json)


def layer(spec: dict, kind: str) -> dict:
    return next(layer for layer in spec["layers"] if layer["@@type"] == kind)


def test_choropleth_colours_reported_areas_and_greys_the_rest():
    values = pd.DataFrame(
        {"code": ["PRI", "FER"], "name": ["", ""], "value": [37.6, 14.9], "value_text": ["", ""], "detail": ["a", "b"]}
    )
    features = {f["properties"]["code"]: f["properties"] for f in maps.choropleth("region", values)["features"]}
    assert len(features) == 7
    assert features["PRI"]["fill"][:3] == list(maps.SEQUENTIAL[-1])
    assert (
        features["MIT"]["fill"][:3] == list(maps.NO_DATA)
        and features["MIT"]["detail"] == "Not reported in this edition"
    )
    assert features["PEJ"]["label"] == "Pejë/Peć" and features["PRZ"]["label"] == "Prizren"


def test_legend_labels_small_counts_exactly():
    values = pd.DataFrame({"value": [1.0, 3.0, 2.0]})
    assert [label for _, label in maps.legend(values, "")] == ["1", "2", "3", "not reported"]
    assert maps.legend(pd.DataFrame({"value": [37.6, 8.9]}), "%")[0][1] == "0.0–7.5%"


def test_deck_has_no_basemap_and_compact_json():
    deck = maps.deck([maps.boundary_layer(maps.boundaries("region"))])
    text = deck.to_json()
    assert "\n" not in text
    spec = json.loads(text)
    # Streamlit turns a missing or null mapStyle into a CARTO basemap fetched from the internet;
    # pydeck's placeholder with no provider is what means "no basemap" to it.
    assert spec["mapStyle"] == "__MAP_STYLE__" and "mapProvider" not in spec
    assert spec["layers"][0]["@@type"] == "GeoJsonLayer"


def test_site_area_grows_with_people_between_a_dot_and_a_cap():
    assert maps.site_radius(None) == maps.site_radius(float("nan")) == maps.site_radius(0) == maps.MIN_RADIUS
    assert maps.site_radius(22) == maps.MIN_RADIUS  # a small figure: the dot
    # in between, the radius grows with the square root of the people (the area with the people)
    assert maps.site_radius(4000) / maps.site_radius(1000) == pytest.approx(2.0)
    assert maps.site_radius(2000) == pytest.approx(maps.RADIUS_PER_ROOT_PERSON * 2000**0.5)
    assert maps.MIN_RADIUS < maps.site_radius(5500) <= maps.MAX_RADIUS  # the KPC Trust Fund's 5,500: under the cap
    assert maps.site_radius(10**7) == maps.MAX_RADIUS


def test_sites_have_a_dark_outline_and_the_names_are_drawn_last_in_the_apps_typeface(figures, dataset):
    values = programmes_by_municipality(figures, dataset.tables)
    layers = maps.map_layers("municipality", values, sites(figures, dataset.tables), "category")
    assert [layer.type for layer in layers] == [
        "GeoJsonLayer",
        "ScatterplotLayer",
        "TextLayer",
    ]  # areas, circles, names on top
    spec = json.loads(maps.deck(layers).to_json())
    circles, names = layer(spec, "ScatterplotLayer"), layer(spec, "TextLayer")
    assert circles["getLineColor"] == [31, 41, 51, 153] and circles["lineWidthMinPixels"] == 1  # the text colour at 60%
    novake = next(site for site in circles["data"] if site["place_id"] == "novake")
    assert novake["radius"] == maps.site_radius(5500)
    assert names["fontFamily"] == maps.FONT and names["fontFamily"].startswith('"Source Sans"')
    assert names["fontFamily"].endswith("sans-serif") and names["fontWeight"] == 600
    assert names["characterSet"] == "auto" and names["fontSettings"] == {"sdf": True} and names["outlineWidth"] > 0


def test_long_two_language_names_are_written_on_two_lines():
    assert maps.drawn_name("Gjilan/Gnjilane") == "Gjilan/\nGnjilane"
    assert maps.drawn_name("Pejë/Peć") == "Pejë/Peć" and maps.drawn_name("Fushë Kosovë") == "Fushë Kosovë"
    texts = [layer["text"] for layer in maps.labels_layer(maps.area_labels("region")).data]
    assert "Gjilan/\nGnjilane" in texts and "Prizren" in texts


def test_programmes_are_coloured_by_what_works_there_with_a_legend_saying_it(figures, dataset):
    everything = programmes_by_municipality(figures, dataset.tables)
    by_code = dict(zip(everything["code"], everything["category"], strict=True))
    # several themes shown: each municipality's category is the themes of the programmes there
    assert by_code["KV18"] == "Returns programmes" and by_code["KV22"] == "Stabilisation programmes"
    assert by_code["KV21"] == "Returns and stabilisation programmes" and by_code["KV20"] == "Programmes of 3 themes"
    assert (
        list(everything["detail"])[3] == "3 programmes: Returns sustainability, SEDMIN, SMT"
    )  # the names stay in the tooltip
    legend = maps.legend(everything, "", "category")
    assert legend == [
        ("#66c2a5", "Returns programmes"),
        ("#fc8d62", "Stabilisation programmes"),
        ("#8da0cb", "Returns and stabilisation programmes"),
        ("#e78ac3", "Programmes of 3 themes"),
        ("#e2e5ea", "not reported"),
    ]
    fills = {
        f["properties"]["code"]: hex_colour(f["properties"]["fill"])
        for f in maps.choropleth("municipality", everything, "category")["features"]
    }
    colours = {text: colour for colour, text in legend}
    for code, category in by_code.items():
        assert fills[code] == colours[category], code
    assert fills["KV01"] == colours["not reported"]
    # one theme shown: one category per programme
    stabilisation = programmes_by_municipality(figures, dataset.tables, "stabilisation")
    assert dict(zip(stabilisation["code"], stabilisation["category"], strict=True)) == {
        "KV02": "SEDMIN",
        "KV20": "SEDMIN",
        "KV21": "KPC Trust Fund",
        "KV22": "CSP",
        "KV23": "SEDMIN",
    }
    assert [text for _, text in maps.legend(stabilisation, "", "category")] == [
        "CSP",
        "KPC Trust Fund",
        "SEDMIN",
        "not reported",
    ]
    assert len({colour for colour, _ in maps.legend(stabilisation, "", "category")}) == 4
    # by value, as before (the donor brief still shades by how many)
    assert [text for _, text in maps.legend(stabilisation, "")] == ["1", "not reported"]


def test_views_for_the_map(figures, dataset):
    shares = region_values(figures, dataset.tables, "avr", "returnees_settled_share", "share")
    assert dict(zip(shares["code"], shares["value"], strict=True)) == {
        "PRI": 37.6,
        "FER": 14.9,
        "PEJ": 13.1,
        "GJA": 8.9,
    }
    active = programmes_by_municipality(figures, dataset.tables)
    assert dict(zip(active["code"], active["value"], strict=True))["KV18"] == 1  # IDP returns in Pejë/Peć
    located = sites(figures, dataset.tables)
    assert "moravska" not in set(located["place_id"])  # not located: not placed
    novake = located.set_index("place_id").loc["novake"]
    assert novake["people"] == 5500 and novake["theme"] == "stabilisation"


def test_map_page_deck_holds_boundaries_labels_and_sites_with_both_names():
    at = open_map(map_kind="zoom")
    spec = deck_spec(at)
    boundaries = layer(spec, "GeoJsonLayer")
    assert len(boundaries["data"]["features"]) == 30  # municipalities by default
    assert {f["properties"]["label"] for f in boundaries["data"]["features"]} >= {"Pejë/Peć", "Rahovec/Orahovac"}
    sites_layer = layer(spec, "ScatterplotLayer")
    labels = {site["label"] for site in sites_layer["data"]}
    assert "Sigë/Siga" in labels and "Hoçë e Madhe/Velika Hoča" in labels
    tooltip = json.loads(at.get("deck_gl_json_chart")[0].proto.tooltip)
    assert (
        "{label}" in tooltip["html"] and "{detail}" in tooltip["html"]
    )  # both names, then the figures with their source
    assert layer(spec, "TextLayer")["characterSet"] == "auto"
    assert [layer["@@type"] for layer in spec["layers"]] == ["GeoJsonLayer", "ScatterplotLayer", "TextLayer"]
    # the programmes layer is coloured by category, and its legend says so
    fills = {f["properties"]["code"]: f["properties"]["fill"][:3] for f in boundaries["data"]["features"]}
    assert fills["KV21"] != fills["KV22"] and fills["KV22"] == fills["KV23"]
    legends = [json.loads(e.proto.spec) for e in at.get("vega_lite_chart")]
    titles = [" ".join(layer["title"]["text"]) for layer in legends]  # a title's lines, joined
    assert titles == [vega_maps.CATEGORY_TITLE, "Sites, by theme (circle area: people reached, capped)"]
    assert legends[0]["description"] == (
        f"Legend, {vega_maps.CATEGORY_TITLE}: Returns programmes; Stabilisation programmes; "
        "Returns and stabilisation programmes; Programmes of 3 themes; not reported."
    )


def test_map_filters_in_the_url_are_honoured():
    at = open_map(map_layer="settled", map_theme="stabilisation", map_kind="zoom")
    assert at.selectbox(key="map_layer_choice").value == "settled"
    spec = deck_spec(at)
    features = layer(spec, "GeoJsonLayer")["data"]["features"]
    assert len(features) == 7
    pri = next(f for f in features if f["properties"]["code"] == "PRI")["properties"]
    assert "37.6%" in pri["detail"] and "Prishtina/Pristina region (37.6%)" in pri["detail"]
    themes = {site["theme"] for site in layer(spec, "ScatterplotLayer")["data"]}
    assert themes == {"stabilisation"}
    assert any("not itemise" in c.value for c in at.caption)


def test_unknown_map_filter_falls_back_with_a_notice():
    at = open_map(map_programme="nowhere")
    assert at.selectbox(key="map_programme_choice").value == ""
    assert any("nowhere" in i.value for i in at.info)


def test_map_attribution_is_shown():
    at = open_map()
    assert any("Made with Natural Earth" in c.value for c in at.caption)


def vega_map(at: AppTest) -> tuple[dict, pd.DataFrame]:
    """The page's one Vega-Lite map (a geoshape layer): its spec, and its sites as Streamlit sends them (Arrow)."""
    found = [
        element
        for element in at.get("vega_lite_chart")
        if any(
            layer.get("mark", {}).get("type") == "geoshape" for layer in json.loads(element.proto.spec).get("layer", [])
        )
    ]
    assert len(found) == 1
    spec = json.loads(found[0].proto.spec)
    circles = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "circle")
    arrow = next(d.data.data for d in found[0].proto.datasets if d.name == circles["data"]["name"])
    return spec, pa.ipc.open_stream(arrow).read_all().to_pandas()


@pytest.mark.parametrize(
    "page, features, site_theme",
    [("app_pages/returns.py", 7, "returns"), ("app_pages/stabilisation.py", 30, "stabilisation")],
)
def test_programme_pages_have_vega_lite_map_panels_with_the_map_pages_areas_and_sites(page, features, site_theme):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.switch_page(page).run()
    assert not at.exception
    assert not at.get("deck_gl_json_chart")  # no WebGL on the programme pages
    spec, located = vega_map(at)
    assert len(spec["datasets"][vega_maps.AREAS]) == features  # the GeoJSON stays in the spec, once
    assert set(located["theme"]) == {THEMES[site_theme].name} and len(located) > 0
    assert spec["usermeta"]["embedOptions"]["renderer"] == "svg"
    words = next(e for e in at.expander if e.label == "Map as text")
    assert [t.value for t in words.text] == [spec["description"]]  # the panel's text is the chart's description
    assert any("Made with Natural Earth" in c.value for c in at.caption)


def test_the_map_page_draws_svg_and_a_deck_to_pan_and_zoom_on_request():
    at = open_map()
    assert at.selectbox(key="map_kind_choice").value == "still"
    assert not at.get("deck_gl_json_chart")  # no WebGL unless asked for: ready at once without a GPU
    at = open_map(map_kind="zoom")
    assert len(at.get("deck_gl_json_chart")) == 1
    assert at.selectbox(key="map_kind_choice").value == "zoom"  # a link opens the map as it was shared


def test_the_still_map_holds_what_the_deck_holds():
    """Areas, names in both languages, sites, tooltips with the figure and its source, and both legends."""
    at = open_map()
    spec, located = vega_map(at)
    deck = deck_spec(open_map(map_kind="zoom"))
    features = spec["datasets"][vega_maps.AREAS]
    deck_areas = layer(deck, "GeoJsonLayer")["data"]["features"]
    assert [f["properties"]["code"] for f in features] == [f["properties"]["code"] for f in deck_areas]
    assert {f["properties"]["label"] for f in features} >= {"Pejë/Peć", "Rahovec/Orahovac"}
    by_code = {f["properties"]["code"]: f["properties"] for f in features}
    assert by_code["KV21"]["class"] != by_code["KV22"]["class"] == by_code["KV23"]["class"]  # coloured by category
    assert {f["properties"]["detail"] for f in deck_areas} == {p["detail"] for p in by_code.values()}
    assert set(located["label"]) == {site["label"] for site in layer(deck, "ScatterplotLayer")["data"]}
    assert "Sigë/Siga" in set(located["label"])
    tooltips = [[t["title"] for t in (part.get("encoding", {}).get("tooltip") or [])] for part in spec["layer"]]
    assert ["Area", "Figure", "Source"] in tooltips and ["Site", "Programmes", "Figures"] in tooltips
    titles = [
        " ".join(lines) if isinstance(lines := part["encoding"]["color"]["legend"]["title"], list) else lines
        for part in spec["layer"]
        if part.get("encoding", {}).get("color", {}).get("legend")
    ]
    assert titles == [vega_maps.CATEGORY_TITLE, "Sites, by theme (circle area: people reached, capped)"]
    assert "bottom" in spec["config"]["legend"]["layout"]["expr"]  # one legend under the other: a phone's width
    assert spec["usermeta"]["embedOptions"]["renderer"] == "svg"
    assert spec["description"].startswith("Programmes active, by municipality: ")
    assert any("Made with Natural Earth" in c.value for c in at.caption)


def test_a_panels_spec_is_kept_per_its_sites_not_per_their_shortened_repr(figures, dataset):
    from ui.map_view import _panel_chart
    from ui.widgets import chart_spec

    values = region_values(figures, dataset.tables, "avr", "returnees_settled_share", "share")
    located = sites(figures, dataset.tables, "returns")
    changed = located.copy()
    changed.loc[0, "detail"] = located.loc[0, "detail"] + " (corrected)"
    assert repr(changed) == repr(located)  # a frame's repr cuts long texts: as a key, it would not see the change
    specs = [chart_spec(_panel_chart, values, "region", rows, "Settled", "%", "") for rows in (located, changed)]
    details = [
        next(rows for name, rows in spec["datasets"].items() if name != vega_maps.AREAS)[0]["detail"] for spec in specs
    ]
    assert details == [located.loc[0, "detail"], changed.loc[0, "detail"]]


def test_an_unknown_or_hostile_map_kind_in_a_link_falls_back_to_the_still_map_with_a_notice():
    at = open_map(map_kind="<img src=x onerror=alert(1)>")
    assert at.selectbox(key="map_kind_choice").value == "still"
    assert not at.get("deck_gl_json_chart")
    notice = next(i.value for i in at.info if i.value.startswith("The link asked for map"))
    assert "showing Whole Kosovo" in notice
    assert "\\<img src\\=x" in notice and "<img src=x" not in notice  # escaped for Markdown: shown as text

"""At a phone's width: the map's view fitted to its size, names thinned where they would overlap, legends that fit,
tables whose first column stays in view. The pages themselves at 390 px are checked in a browser
(tests/e2e/test_layout.py)."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest
import shapely.geometry
from streamlit.testing.v1 import AppTest

from lib.presenting import charts, maps, vega_maps, viewport
from tests.conftest import ROOT
from tests.test_maps import vega_map

WIDTHS = (300, 340, 358, 390, 560, 736, 820, 1200)


def municipal_boundaries() -> list[dict]:
    return json.loads((ROOT / "geo" / "municipalities.geojson").read_text(encoding="utf-8"))["features"]


def vertices() -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for feature in municipal_boundaries():
        shape = shapely.geometry.shape(feature["geometry"])
        for part in getattr(shape, "geoms", [shape]):
            points += [(x, y) for x, y in part.exterior.coords]
    return points


def test_kosovos_bounds_are_the_shipped_boundaries_extent():
    xs, ys = zip(*vertices(), strict=True)
    extent = (min(xs), min(ys), max(xs), max(ys))
    assert pytest.approx(extent, abs=1e-4) == viewport.KOSOVO_BOUNDS


@pytest.mark.parametrize("width", WIDTHS)
def test_the_fitted_view_shows_every_boundary_point_and_is_as_close_as_it_can_be(width: int):
    height = viewport.map_height(width)
    view = viewport.fit(viewport.KOSOVO_BOUNDS, width, height)
    at = [viewport.pixel(view, width, height, x, y) for x, y in vertices()]
    assert all(0 <= x <= width and 0 <= y <= height for x, y in at), f"a border point is outside at {width} px"
    # A hundredth of a zoom step closer and the padding is gone on one side at least: the view is the closest.
    closer = viewport.View(view.longitude, view.latitude, view.zoom + 0.02)
    nearer = [viewport.pixel(closer, width, height, x, y) for x, y in vertices()]
    margin = min(min(x, width - x, y, height - y) for x, y in nearer)
    assert margin < 12, f"at {width} px the view could come closer (margin {margin:.1f} px)"


def test_a_point_is_placed_as_web_mercator_places_it():
    view = viewport.View(longitude=21.0, latitude=42.5, zoom=8)
    assert viewport.pixel(view, 400, 300, 21.0, 42.5) == pytest.approx((200, 150))
    # One degree east at zoom 8: 512 × 2⁸ / 360 pixels.
    x, _ = viewport.pixel(view, 400, 300, 22.0, 42.5)
    assert x - 200 == pytest.approx(512 * 256 / 360)
    _, north = viewport.pixel(view, 400, 300, 21.0, 43.5)
    assert north < 150  # north is up


def test_a_phone_gets_a_map_about_as_tall_as_wide_and_a_laptop_one_that_fits_its_window():
    assert viewport.map_height(340) == 374
    assert viewport.map_height(820) == 600
    assert viewport.map_height(200) == 360


def boxes(labels: list[dict], view: viewport.View, size: int) -> list[tuple[float, float, float, float]]:
    return [maps._label_box(label, view, size) for label in labels]


@pytest.mark.parametrize("level, size", [("municipality", 11), ("region", 13)])
@pytest.mark.parametrize("width", (340, 820))
def test_names_are_thinned_so_that_none_overlaps_the_larger_areas_kept_first(level: str, size: int, width: int):
    view = maps.fitted_view(width)
    labels = maps.area_labels(level)
    kept = maps.thinned(labels, view, size)
    placed = boxes(kept, view, size)
    for one in range(len(placed)):
        for other in range(one + 1, len(placed)):
            assert not maps._overlap(placed[one], placed[other]), (kept[one]["text"], kept[other]["text"])
    largest = max(labels, key=lambda label: label["priority"])
    assert largest in kept
    # Each name left out would cover a name kept, of a larger area.
    for label in labels:
        if label not in kept:
            box = maps._label_box(label, view, size)
            covered = [k for k, other in zip(kept, placed, strict=True) if maps._overlap(box, other)]
            assert any(k["priority"] > label["priority"] for k in covered), label["text"]


def test_a_phone_leaves_out_more_names_than_a_laptop_and_a_laptop_nearly_none():
    labels = maps.area_labels("municipality")
    on_phone = maps.thinned(labels, maps.fitted_view(340), 11)
    on_laptop = maps.thinned(labels, maps.fitted_view(820), 11)
    assert len(on_phone) < len(on_laptop)
    assert len(on_laptop) >= len(labels) - 2
    assert len(on_phone) >= len(labels) * 2 // 3  # thinned, not emptied


def open_map(reported_width: object = None, kind: str = "zoom") -> AppTest:
    """The Map page, drawn as ``kind`` (``zoom``: the deck), after the page's probe reported ``reported_width``."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["map_kind"] = kind
    at.switch_page("app_pages/map.py").run()
    if reported_width is not None:
        at.session_state["map_width"] = {"width": reported_width}  # as the page's width probe reports it
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def deck(at: AppTest) -> dict:
    return json.loads(at.get("deck_gl_json_chart")[0].proto.json)


def names_drawn(spec: dict) -> set[str]:
    labels = next(layer for layer in spec["layers"] if layer["id"] == "labels")
    return {label["text"] for label in labels["data"]}


def test_the_map_page_fits_its_view_to_the_width_the_page_reports():
    desktop = deck(open_map())
    assert desktop["initialViewState"]["zoom"] == maps.fitted_view(maps.DEFAULT_MAP_WIDTH).zoom
    phone = deck(open_map(340))
    view = phone["initialViewState"]
    assert view["zoom"] == maps.fitted_view(340).zoom < desktop["initialViewState"]["zoom"]
    shown = viewport.View(view["longitude"], view["latitude"], view["zoom"])
    for feature in municipal_boundaries():
        centroid = shapely.geometry.shape(feature["geometry"]).centroid
        x, y = viewport.pixel(shown, 340, viewport.map_height(340), centroid.x, centroid.y)
        assert 0 <= x <= 340 and 0 <= y <= viewport.map_height(340), feature["properties"]["name_sq"]
    assert names_drawn(phone) < names_drawn(desktop)  # fewer names on the smaller map, none new


def test_the_still_map_is_as_tall_as_its_width_wants_and_names_what_fits():
    (desktop, desktop_sites), (phone, phone_sites) = (
        vega_map(open_map(kind="still")),
        vega_map(open_map(340, kind="still")),
    )
    assert desktop["height"] == viewport.map_height(maps.WIDEST_MAP) == 600
    assert phone["height"] == viewport.map_height(340) == 374
    assert desktop["width"] == phone["width"] == "container"

    def named(spec: dict) -> set[str]:
        return {f["properties"]["code"] for f in spec["datasets"][vega_maps.AREAS] if f["properties"]["named"]}

    assert named(phone) < named(desktop)  # fewer names on the smaller map, none new
    # the sites are sized for their map: a site's circle covers the same ground on both, so more pixels on the larger
    bigger = desktop_sites.set_index("label")["size"] > phone_sites.set_index("label")["size"]
    assert bigger.any() and bigger.index.equals(phone_sites.set_index("label").index)


def test_a_phone_back_on_the_map_page_gets_its_fitted_map_at_once():
    at = open_map(340)
    at.switch_page("app_pages/returns.py").run()
    at.switch_page("app_pages/map.py").run()  # the probe's own state went with the other page
    assert deck(at)["initialViewState"]["zoom"] == maps.fitted_view(340).zoom


def test_every_width_from_the_widest_map_on_gives_the_same_map():
    assert maps.map_width(4000) == maps.map_width(maps.DEFAULT_MAP_WIDTH) == maps.WIDEST_MAP
    assert maps.fitted_view(maps.WIDEST_MAP) == maps.fitted_view(1900)
    assert viewport.map_height(maps.WIDEST_MAP) == viewport.map_height(1900)
    narrower = maps.WIDEST_MAP - maps.WIDTH_STEP
    assert (maps.fitted_view(narrower), viewport.map_height(narrower)) != (maps.fitted_view(1900), 600)
    assert maps.map_width(359) == 340 and maps.map_width(10) == maps.NARROWEST_MAP


@pytest.mark.parametrize("reported", [math.inf, -5, 10**9, "wide", True, 12])
def test_a_width_no_screen_has_is_not_believed(reported: object):
    at = open_map(reported)
    assert deck(at)["initialViewState"]["zoom"] == maps.fitted_view(maps.DEFAULT_MAP_WIDTH).zoom


def test_map_legends_fit_a_phone():
    title = "Sites, by theme (circle area: people reached, capped)"
    items = pd.DataFrame({"colour": ["#000000"] * 2, "label": ["Returns and stabilisation programmes", "Returns"]})
    spec = vega_maps.legend_chart(items, title).to_dict()
    lines = spec["title"]["text"]
    assert isinstance(lines, list) and " ".join(lines) == title
    assert all(len(line) <= vega_maps.LEGEND_TITLE_CHARACTERS for line in lines)
    assert spec["width"] <= 300  # of a phone's 358 px


def test_a_stacked_charts_legend_lists_one_item_a_line():
    table = pd.DataFrame(
        {
            "label": ["A", "A", "B"],
            "series": ["community projects", "individual projects", "community projects"],
            "value": [1, 2, 3],
            "is_remainder": [False, False, False],
            "value_text": ["1", "2", "3"],
            "figure_id": ["f1", "f2", "f3"],
            "source_quote": ["q", "q", "q"],
            "basis": ["cumulative"] * 3,
            "period": [""] * 3,
        }
    )
    spec = charts.stacked_bars(table, "Title", "Projects", "Kind", ["community projects", "individual projects"])
    legend = spec.to_dict()["encoding"]["color"]["legend"]
    assert legend["orient"] == "bottom" and legend["direction"] == "vertical" and "columns" not in legend


def test_a_readers_table_keeps_its_first_shown_column_in_view():
    def page() -> None:
        import pandas as pd

        from ui.widgets import figure_table

        table = pd.DataFrame({"Quote": ["q"], "Programme": ["CSP"], "Value": [1]})
        figure_table(table)
        figure_table(table, column_order=["Programme", "Value"])

    at = AppTest.from_function(page, default_timeout=30).run()
    assert not at.exception
    configs = [json.loads(frame.proto.columns) for frame in at.dataframe]
    assert configs[0]["Quote"]["pinned"] is True and configs[0]["_index"]["hidden"] is True
    assert configs[1]["Programme"]["pinned"] is True and "Quote" not in configs[1]


def test_on_a_phone_every_area_with_a_figure_keeps_its_name():
    at = open_map(340)
    spec = deck(at)
    areas = next(layer for layer in spec["layers"] if layer["id"] == "boundaries")["data"]["features"]
    with_figure = {
        f["properties"]["name_sq"] for f in areas if f["properties"]["detail"] != "Not reported in this edition"
    }
    assert with_figure, "the default layer colours the municipalities where programmes work"
    assert with_figure <= names_drawn(spec), with_figure - names_drawn(spec)
    # and the panels do the same at their own scale
    values = pd.DataFrame({"code": ["KV22", "KV23"], "value": [1, 1]})  # Rahovec, Shtërpcë: small, crowded areas
    features = vega_maps.area_features("municipality", values.assign(name="", value_text="1", detail=""))
    named = {f["properties"]["code"] for f in features if f["properties"]["named"]}
    assert {"KV22", "KV23"} <= named

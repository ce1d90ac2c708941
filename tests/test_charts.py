"""Chart builders, tested on their Vega-Lite spec."""

from __future__ import annotations

import pandas as pd

from lib import charts
from lib.present import chart_table, pick, pick_one


def country_table(figures) -> pd.DataFrame:
    parts = pick(figures, "avr", "returnees", "period", by="country")
    return chart_table(parts, ["Germany", "Netherlands", "United Kingdom", "Belgium", "Croatia"], "people",
                       pick_one(figures, "avr", "returnees", "period"))


def test_returns_by_country_spec(figures):
    spec = charts.returns_by_country(country_table(figures), "1 Aug – 31 Oct 2004").to_dict()
    assert spec["title"] == {"text": "Returnees by country of return", "subtitle": "1 Aug – 31 Oct 2004",
                             "anchor": "start", "subtitleColor": "#52606D"}
    bars = spec["layer"][0]
    assert bars["mark"]["type"] == "bar"
    assert bars["encoding"]["x"]["field"] == "value" and bars["encoding"]["y"]["field"] == "label"
    assert bars["encoding"]["y"]["sort"] == ["Germany", "Netherlands", "United Kingdom", "Belgium", "Croatia", "Other / not itemised"]
    assert [t["field"] for t in bars["encoding"]["tooltip"]] == ["label", "value_text", "basis_text", "source_quote"]
    data = next(iter(spec["datasets"].values()))
    assert {"label": "Germany", "value": 310.0} == {k: data[0][k] for k in ("label", "value")}
    assert spec["layer"][1]["encoding"]["text"]["field"] == "value_text"  # the figure is written on the bar


def test_the_remainder_is_grey(figures):
    spec = charts.returns_by_country(country_table(figures), "").to_dict()
    colour = spec["layer"][0]["encoding"]["color"]
    assert colour["condition"] == [{"test": "datum.is_remainder", "value": charts.REMAINDER_COLOUR}]
    assert colour["value"] == charts.BAR_COLOUR


def test_percent_charts_run_from_0_to_100(figures):
    shares = pick(figures, "sedmin", "projects_share", "share", by="sector")
    spec = charts.sedmin_sector_shares(chart_table(shares, list(shares["sector"]), "percent")).to_dict()
    assert spec["layer"][0]["encoding"]["x"]["scale"]["domain"] == [0, 100]
    assert "%" in spec["title"]["subtitle"]


def test_stacked_bars_colour_the_not_itemised_part_grey():
    table = pd.DataFrame({"label": ["CSP I · north"] * 3, "series": ["production", "services", "not itemised"],
                          "value": [39.0, 11.0, 3.0], "value_text": ["39", "11", "3"], "basis_text": [""] * 3,
                          "source_quote": [""] * 3, "is_remainder": [False, False, True]})
    spec = charts.stacked_bars(table, "CSP", "Projects", "Sector", ["production", "services", "trade"]).to_dict()
    scale = spec["encoding"]["color"]["scale"]
    assert scale["domain"] == ["production", "services", "trade", "not itemised"]
    assert scale["range"][-1] == charts.REMAINDER_COLOUR
    assert spec["encoding"]["x"]["aggregate"] == "sum"


def test_against_target_draws_the_target_as_a_tick():
    table = pd.DataFrame({"label": ["Zhupa Valley"], "value": [61.0], "value_text": ["61"], "basis_text": [""],
                          "source_quote": [""], "target": [65.0], "target_text": ["65"], "progress_text": ["61 of 65"]})
    spec = charts.against_target(table, "Projects approved", "Projects").to_dict()
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["bar", "tick", "text"]
    assert spec["layer"][1]["encoding"]["x"]["field"] == "target"


def test_chart_height_grows_with_rows(figures):
    small = charts.horizontal_bars(country_table(figures).head(2), "t", "x").to_dict()["height"]
    large = charts.horizontal_bars(country_table(figures), "t", "x").to_dict()["height"]
    assert large > small

"""Chart builders, tested on their Vega-Lite spec."""

from __future__ import annotations

import inspect
from typing import get_type_hints

import altair as alt
import pandas as pd
import pytest

from lib import charts, describe, maps
from lib.formats import format_number, month_label
from lib.present import basis_label, chart_table, code_label, code_names, format_value, pick, pick_one
from lib.themes import THEMES
from lib.trends import series_of
from lib.views import csp_split, region_values

SECTORS = ["production", "services", "trade"]


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


# ----- Every chart said in words (its Vega-Lite ``description``, the SVG's aria-label)

def real_tables(figures: pd.DataFrame, dataset) -> dict[str, tuple[pd.DataFrame, tuple, dict]]:
    """Each builder's call on the November data, as the pages make it: (table, arguments, options)."""
    names = code_names(dataset.tables)
    total = pick_one(figures, "avr", "returnees", "period")
    by_mode = pick(figures, "avr", "returnees", "period", by="mode")
    settled = pick(figures, "avr", "returnees_settled_share", "share", by="region")
    whole = settled.iloc[0].copy()
    whole["value"], whole["source_quote"] = 100.0, "All returnees assisted (100%)"
    approved = pick(figures, "returns_sustainability", "projects", "cumulative", by="area", status="approved")
    targets = pick(figures, "returns_sustainability", "projects", "target", by="area")
    merged = approved.merge(targets[["area", "value"]].rename(columns={"value": "target"}), on="area")
    merged = merged.assign(target_text=[format_number(t) for t in merged["target"]],
                           progress_text=[f"{format_number(v)} of {format_number(t)}" for v, t in zip(merged["value"], merged["target"])])
    shares = pick(figures, "sedmin", "projects_share", "share", by="sector")
    phases = pick(figures, "sedmin", "projects", "cumulative", by="phase", status="approved")
    victims = figures.loc[figures["indicator"].isin(["trafficking_victims_assisted", "trafficking_victims_returned"])
                          & (figures["restates"] == "")]
    trained = [pick_one(figures, "ct_western_balkans", "police_trained", basis) for basis in ("period", "cumulative")]
    headline_figure = pick_one(figures, "avr", "returnees", "period")
    trend = series_of(figures, headline_figure)
    areas = maps.legend(region_values(figures, dataset.tables, "avr", "returnees_settled_share", "share"), "%")
    return {
        "returns_by_country": (country_table(figures), ("1 Aug – 31 Oct 2004",), {}),
        "returns_by_mode": (chart_table(by_mode, [{"air": "By plane", "land": "By land"}[m] for m in by_mode["mode"]], "people", total),
                            ("1 Aug – 31 Oct 2004",), {}),
        "settled_share_by_region": (chart_table(settled, [code_label("region", r, names) + " region" for r in settled["region"]],
                                                "percent", whole), ("since 1999",), {}),
        "against_target": (chart_table(merged, [code_label("area", a, names) for a in merged["area"]], "projects",
                                       keep=("target", "target_text", "progress_text")),
                           ("Returns sustainability: projects approved", "Projects"),
                           {"subtitle": "to date, against the target (dark tick)"}),
        "csp_projects_by_sector": (csp_split(figures, dataset.tables, "sector"), (SECTORS,), {}),
        "stacked_bars": (csp_split(figures, dataset.tables, "group"),
                         ("CSP community and individual projects", "Projects", "Kind", ("community projects", "individual projects")),
                         {"subtitle": "by phase and area, cumulative"}),
        "sedmin_sector_shares": (chart_table(shares, [s.capitalize() for s in shares["sector"]], "percent"), (), {}),
        "horizontal_bars": (chart_table(phases, [f"Phase {p}" for p in phases["phase"]], "projects",
                                        pick_one(figures, "sedmin", "projects", "cumulative", status="approved")),
                            ("SEDMIN projects approved, by phase", "Projects"), {"subtitle": "of all projects approved since inception"}),
        "victims_assisted": (chart_table(victims, [f"{g.capitalize()} victims {i.rsplit('_', 1)[-1]}, {b}" for g, i, b in
                                                   zip(victims["group"], victims["indicator"], victims["basis"])], "people"), (), {}),
        "trainings_by_audience": (chart_table(pd.DataFrame(trained), ["Police officers (KPS), this quarter",
                                                                      "Police officers (KPS), since Dec 2003"], "people"), (), {}),
        "trend_line": (trend.assign(label=trend["edition"].map(month_label), order=range(len(trend)),
                                    value_text=[format_value(r, "people") for _, r in trend.iterrows()],
                                    basis_text=[basis_label(r) for _, r in trend.iterrows()])
                       [["label", "order", "value", "value_text", "basis_text", "source_quote", "figure_id"]],
                       ("Returnees this quarter", "people"), {"subtitle": "1 edition"}),
        "map_legend": (pd.DataFrame({"colour": [c for c, _ in areas], "label": [label for _, label in areas]}),
                       ("Where returnees settled",), {}),
    }


def _returns_chart(function) -> bool:
    return (function.__module__ == charts.__name__ and not function.__name__.startswith("_")
            and get_type_hints(function).get("return") is alt.Chart)


BUILDERS = sorted(name for name, function in inspect.getmembers(charts, inspect.isfunction) if _returns_chart(function))


def said(table: pd.DataFrame) -> list[str]:
    """What a description must name: every label, series and figure of the table, as written."""
    columns = [c for c in ("label", "series", "value_text", "progress_text") if c in table.columns]
    return [str(text) for column in columns for text in table[column] if str(text)]


def test_every_builder_is_checked():
    assert len(BUILDERS) >= 12 and {"horizontal_bars", "stacked_bars", "map_legend", "trend_line"} <= set(BUILDERS)


@pytest.mark.parametrize("name", BUILDERS)
def test_every_chart_says_what_it_shows(name, figures, dataset):
    calls = real_tables(figures, dataset)
    assert name in calls, f"charts.{name} is a new builder: add its call on real data to real_tables(), so its description is checked"
    table, args, options = calls[name]
    spec = getattr(charts, name)(table, *args, **options).to_dict()
    description = spec.get("description", "")
    title = spec["title"]["text"] if isinstance(spec["title"], dict) else spec["title"]
    assert description.startswith(title) and description.endswith("."), description
    assert len(table) and all(text in description for text in said(table)), description
    assert "\n" not in description and description.count(". ") == 0  # one sentence


def test_the_returns_chart_says_each_country_and_the_stated_total(figures):
    spec = charts.returns_by_country(country_table(figures), "1 Aug – 31 Oct 2004").to_dict()
    assert spec["description"] == ("Returnees by country of return, 1 Aug – 31 Oct 2004: Germany 310, Netherlands 52, "
                                   "United Kingdom 46, Belgium 22, Croatia 16, Other / not itemised 26; 472 in all.")


def test_csp_by_sector_is_said_bar_by_bar_in_stack_order(figures, dataset):
    description = charts.csp_projects_by_sector(csp_split(figures, dataset.tables, "sector"), SECTORS).to_dict()["description"]
    assert description.startswith("CSP projects by phase, area and sector, cumulative since the programme began: "
                                  "CSP I southwest · implemented: production 43, services 22, trade 6; "
                                  "CSP I north · implemented: production 39, services 11, not itemised 3 (53 in all); ")


def test_a_stacked_bar_of_parts_alone_is_not_summed(figures, dataset):
    """IDP houses: 8 completed and 16 under reconstruction in Brestovik; the newsletter states no 24, so neither do we."""
    names = code_names(dataset.tables)
    houses = pick(figures, "idp_returns_peja", "houses", "point_in_time", by=("place", "status"))
    houses = houses.assign(series=[code_label("status", s, names) for s in houses["status"]])
    table = chart_table(houses, [code_label("place", p, names) for p in houses["place"]], "houses", keep=("series",))
    description = charts.stacked_bars(table, "IDP returns: houses per village", "Houses", "Status",
                                      ("completed", "under reconstruction")).to_dict()["description"]
    assert "Brestovik" in description and "in all" not in description


def test_shares_say_no_total(figures):
    shares = pick(figures, "sedmin", "projects_share", "share", by="sector")
    table = chart_table(shares, [s.capitalize() for s in shares["sector"]], "percent")
    description = charts.sedmin_sector_shares(table).to_dict()["description"]
    assert description == ("SEDMIN projects by sector, % of all approved projects, since inception: "
                           "Production 58%, Services 38%, Trade 4%.")


def test_figures_are_said_as_written_and_parts_without_a_stated_total_are_not_added(figures, dataset):
    table, args, options = real_tables(figures, dataset)["victims_assisted"]
    description = charts.victims_assisted(table, *args, **options).to_dict()["description"]
    assert "over 40" in description and "in all." not in description and "478" not in description
    assert "; " in description  # labels with commas of their own are set apart by semicolons


def test_a_label_ending_in_a_number_is_kept_apart_from_its_figure():
    table = pd.DataFrame({"label": ["2000 – 31 Dec 2003", "1 Jan – 30 Jun 2004"], "value": [2762.0, 296.0],
                          "value_text": ["2,762", "296"]})
    assert describe.describe("Health assessments", table) == "Health assessments: 2000 – 31 Dec 2003: 2,762; 1 Jan – 30 Jun 2004: 296."


def test_a_stacked_bar_with_an_approximate_segment_says_no_sum():
    table = pd.DataFrame({"label": ["A", "A", "B", "B"], "series": ["x", "y", "x", "y"], "value": [50.0, 5.0, 15.0, 4.0],
                          "value_text": ["about 50", "5", "15–20", "4"], "is_remainder": [False] * 4})
    assert describe.describe_series("T", table, series_order=["y", "x"]) == "T: A: y 5, x about 50; B: y 4, x 15–20."


def test_long_lists_are_cut_and_say_how_many_are_left_out():
    table = pd.DataFrame({"label": [f"Place {chr(65 + i)}" for i in range(15)], "value": range(15, 0, -1),
                          "value_text": [str(v) for v in range(15, 0, -1)]})
    description = describe.describe("T", table)
    assert description.endswith("Place L 4 … and 3 more.") and "Place M" not in description


def test_a_trend_is_said_in_edition_order_and_a_long_one_keeps_the_latest():
    table = pd.DataFrame({"label": ["Nov 2004", "Aug 2004"], "order": [1, 0], "value": [472.0, 400.0], "value_text": ["472", "over 400"]})
    assert describe.describe_trend("Returnees", table, "2 editions") == "Returnees, 2 editions: Aug 2004: over 400, Nov 2004: 472."
    long = pd.DataFrame({"label": [f"E{i:02d}" for i in range(20)], "order": range(20), "value": range(20),
                         "value_text": [str(i) for i in range(20)]})
    description = describe.describe_trend("T", long)
    assert description.startswith("T: E00: 0, … 8 more …, E09: 9") and description.endswith("E19: 19.")


def test_the_target_chart_says_n_of_t():
    table = pd.DataFrame({"label": ["Zhupa Valley", "Magure"], "value": [61.0, 49.0], "value_text": ["61", "49"],
                          "target_text": ["65", "53"], "progress_text": ["61 of 65", ""]})
    assert describe.describe_targets("Projects approved", table) == "Projects approved: Zhupa Valley 61 of 65, Magure 49 of 53."


def test_the_theme_legend_names_each_class():
    legend = pd.DataFrame({"colour": [t.hex for t in THEMES.values()], "label": [t.name for t in THEMES.values()]})
    description = charts.map_legend(legend, "Sites, by theme", True).to_dict()["description"]
    assert description == f"Sites, by theme: map legend, {len(THEMES)} colours: " + ", ".join(t.name for t in THEMES.values()) + "."

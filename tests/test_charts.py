"""Chart builders, tested on their Vega-Lite spec."""

from __future__ import annotations

import inspect
from typing import get_type_hints

import altair as alt
import pandas as pd
import pytest

from lib.dataset.trends import series_of
from lib.presenting import charts, describe
from lib.presenting.formats import format_number, month_label
from lib.presenting.present import basis_label, chart_table, code_label, code_names, format_value, pick, pick_one
from lib.presenting.views import csp_split

SECTORS = ["production", "services", "trade"]


def country_table(figures) -> pd.DataFrame:
    parts = pick(figures, "avr", "returnees", "period", by="country")
    return chart_table(
        parts,
        ["Germany", "Netherlands", "United Kingdom", "Belgium", "Croatia"],
        "people",
        pick_one(figures, "avr", "returnees", "period"),
    )


def test_returns_by_country_spec(figures):
    spec = charts.returns_by_country(country_table(figures), "1 Aug – 31 Oct 2004").to_dict()
    assert spec["title"] == {
        "text": "Returnees by country of return",
        "subtitle": "1 Aug – 31 Oct 2004",
        "anchor": "start",
        "subtitleColor": "#52606D",
    }
    bars = spec["layer"][0]
    assert bars["mark"]["type"] == "bar"
    assert bars["encoding"]["x"]["field"] == "value" and bars["encoding"]["y"]["field"] == "label"
    assert bars["encoding"]["y"]["sort"] == [
        "Germany",
        "Netherlands",
        "United Kingdom",
        "Belgium",
        "Croatia",
        "Other / not itemised",
    ]
    assert [t["field"] for t in bars["encoding"]["tooltip"]] == ["label", "value_text", "basis_text", "source_quote"]
    data = next(iter(spec["datasets"].values()))
    assert {k: data[0][k] for k in ("label", "value")} == {"label": "Germany", "value": 310.0}
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
    table = pd.DataFrame(
        {
            "label": ["CSP I · north"] * 3,
            "series": ["production", "services", "not itemised"],
            "value": [39.0, 11.0, 3.0],
            "value_text": ["39", "11", "3"],
            "basis_text": [""] * 3,
            "basis": ["cumulative"] * 3,
            "period": ["–2004-10-31"] * 3,
            "source_quote": [""] * 3,
            "is_remainder": [False, False, True],
        }
    )
    spec = charts.stacked_bars(table, "CSP", "Projects", "Sector", ["production", "services", "trade"]).to_dict()
    scale = spec["encoding"]["color"]["scale"]
    assert scale["domain"] == ["production", "services", "trade", "not itemised"]
    assert scale["range"][-1] == charts.REMAINDER_COLOUR
    assert spec["encoding"]["x"]["aggregate"] == "sum"


def test_against_target_draws_the_target_as_a_tick():
    table = pd.DataFrame(
        {
            "label": ["Zhupa Valley"],
            "value": [61.0],
            "value_text": ["61"],
            "basis_text": [""],
            "basis": ["cumulative"],
            "period": ["–2004-10-31"],
            "source_quote": [""],
            "target": [65.0],
            "target_text": ["65"],
            "progress_text": ["61 of 65"],
        }
    )
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
    merged = merged.assign(
        target_text=[format_number(t) for t in merged["target"]],
        progress_text=[
            f"{format_number(v)} of {format_number(t)}" for v, t in zip(merged["value"], merged["target"], strict=True)
        ],
    )
    shares = pick(figures, "sedmin", "projects_share", "share", by="sector")
    phases = pick(figures, "sedmin", "projects", "cumulative", by="phase", status="approved")
    trained = [
        pick_one(figures, "ct_western_balkans", indicator, "period") for indicator in ("police_trained", "observers")
    ]
    headline_figure = pick_one(figures, "avr", "returnees", "period")
    trend = series_of(figures, headline_figure)
    return {
        "returns_by_country": (country_table(figures), ("1 Aug – 31 Oct 2004",), {}),
        "returns_by_mode": (
            chart_table(by_mode, [{"air": "By plane", "land": "By land"}[m] for m in by_mode["mode"]], "people", total),
            ("1 Aug – 31 Oct 2004",),
            {},
        ),
        "settled_share_by_region": (
            chart_table(
                settled, [code_label("region", r, names) + " region" for r in settled["region"]], "percent", whole
            ),
            ("since 1999",),
            {},
        ),
        "against_target": (
            chart_table(
                merged,
                [code_label("area", a, names) for a in merged["area"]],
                "projects",
                keep=("target", "target_text", "progress_text"),
            ),
            ("Returns sustainability: projects approved", "Projects"),
            {"subtitle": "to date, against the target (dark tick)"},
        ),
        "csp_projects_by_sector": (csp_split(figures, dataset.tables, "sector"), (SECTORS,), {}),
        "stacked_bars": (
            csp_split(figures, dataset.tables, "group"),
            (
                "CSP community and individual projects",
                "Projects",
                "Kind",
                ("community projects", "individual projects"),
            ),
            {"subtitle": "by phase and area, cumulative"},
        ),
        "sedmin_sector_shares": (chart_table(shares, [s.capitalize() for s in shares["sector"]], "percent"), (), {}),
        "horizontal_bars": (
            chart_table(
                phases,
                [f"Phase {p}" for p in phases["phase"]],
                "projects",
                pick_one(figures, "sedmin", "projects", "cumulative", status="approved"),
            ),
            ("SEDMIN projects approved, by phase", "Projects"),
            {"subtitle": "of all projects approved since inception"},
        ),
        "trainings_by_audience": (
            chart_table(pd.DataFrame(trained), ["Police officers (KPS)", "UNMIK TPIU officers observing"], "people"),
            ("in 1 Aug – 31 Oct 2004",),
            {},
        ),
        "trend_line": (
            trend.assign(
                label=trend["edition"].map(month_label),
                order=range(len(trend)),
                value_text=[format_value(r, "people") for _, r in trend.iterrows()],
                basis_text=[basis_label(r) for _, r in trend.iterrows()],
            )[["label", "order", "value", "value_text", "basis_text", "source_quote", "figure_id"]],
            ("Returnees this quarter", "people"),
            {"subtitle": "1 edition"},
        ),
    }


def _returns_chart(function) -> bool:
    return (
        function.__module__ == charts.__name__
        and not function.__name__.startswith("_")
        and get_type_hints(function).get("return") is alt.Chart
    )


BUILDERS = sorted(name for name, function in inspect.getmembers(charts, inspect.isfunction) if _returns_chart(function))


def said(table: pd.DataFrame) -> list[str]:
    """What a description must name: every label, series and figure of the table, as written."""
    columns = [c for c in ("label", "series", "value_text", "progress_text") if c in table.columns]
    return [str(text) for column in columns for text in table[column] if str(text)]


def test_every_builder_is_checked():
    assert len(BUILDERS) >= 10 and {"horizontal_bars", "stacked_bars", "trend_line"} <= set(BUILDERS)


@pytest.mark.parametrize("name", BUILDERS)
def test_every_chart_says_what_it_shows(name, figures, dataset):
    calls = real_tables(figures, dataset)
    assert name in calls, (
        f"charts.{name} is a new builder: add its call on real data to real_tables(), so its description is checked"
    )
    table, args, options = calls[name]
    spec = getattr(charts, name)(table, *args, **options).to_dict()
    description = spec.get("description", "")
    title = spec["title"]["text"] if isinstance(spec["title"], dict) else spec["title"]
    assert description.startswith(title) and description.endswith("."), description
    assert len(table) and all(text in description for text in said(table)), description
    assert "\n" not in description and description.count(". ") == 0  # one sentence


def test_the_returns_chart_says_each_country_and_the_stated_total(figures):
    spec = charts.returns_by_country(country_table(figures), "1 Aug – 31 Oct 2004").to_dict()
    assert spec["description"] == (
        "Returnees by country of return, 1 Aug – 31 Oct 2004: Germany 310, Netherlands 52, "
        "United Kingdom 46, Belgium 22, Croatia 16, Other / not itemised 26; 472 in all."
    )


def test_csp_by_sector_is_said_bar_by_bar_in_stack_order(figures, dataset):
    description = charts.csp_projects_by_sector(csp_split(figures, dataset.tables, "sector"), SECTORS).to_dict()[
        "description"
    ]
    assert description.startswith(
        "CSP projects by phase, area and sector, cumulative since the programme began: "
        "CSP I southwest · implemented: production 43, services 22, trade 6; "
        "CSP I north · implemented: production 39, services 11, not itemised 3 (53 in all); "
    )


def test_a_stacked_bar_of_parts_alone_is_not_summed(figures, dataset):
    """IDP houses: 8 completed and 16 under reconstruction in Brestovik; the newsletter states no 24, so neither
    do we."""
    names = code_names(dataset.tables)
    houses = pick(figures, "idp_returns_peja", "houses", "point_in_time", by=("place", "status"))
    houses = houses.assign(series=[code_label("status", s, names) for s in houses["status"]])
    table = chart_table(houses, [code_label("place", p, names) for p in houses["place"]], "houses", keep=("series",))
    description = charts.stacked_bars(
        table, "IDP returns: houses per village", "Houses", "Status", ("completed", "under reconstruction")
    ).to_dict()["description"]
    assert "Brestovik" in description and "in all" not in description


def test_shares_say_no_total(figures):
    shares = pick(figures, "sedmin", "projects_share", "share", by="sector")
    table = chart_table(shares, [s.capitalize() for s in shares["sector"]], "percent")
    description = charts.sedmin_sector_shares(table).to_dict()["description"]
    assert description == (
        "SEDMIN projects by sector, % of all approved projects, since inception: "
        "Production 58%, Services 38%, Trade 4%."
    )


def test_figures_are_said_as_written_and_parts_without_a_stated_total_are_not_added(figures, dataset):
    table, args, options = real_tables(figures, dataset)["trainings_by_audience"]
    description = charts.trainings_by_audience(table, *args, **options).to_dict()["description"]
    assert description == (
        "People trained on trafficking, by audience, in 1 Aug – 31 Oct 2004: "
        "Police officers (KPS) about 50, UNMIK TPIU officers observing about 7."
    )
    assert "in all" not in description and "57" not in description  # "about" figures are never added up


# ----- Like with like: bars compare one kind of figure (one basis, one period)


def victims_table(figures) -> pd.DataFrame:
    """The four victims figures the counter-trafficking page used to draw as sibling bars: 404 since Dec 1999,
    over 40 since their programme began, 24 this year, 10 this quarter."""
    victims = figures.loc[
        figures["indicator"].isin(["trafficking_victims_assisted", "trafficking_victims_returned"])
        & (figures["restates"] == "")
    ]
    return chart_table(
        victims,
        [f"{g} {i} {b}" for g, i, b in zip(victims["group"], victims["indicator"], victims["basis"], strict=True)],
        "people",
    )


def test_chart_tables_say_the_basis_and_period_of_each_row_and_the_remainder_carries_its_totals(figures):
    table = country_table(figures)
    assert set(table["basis"]) == {"period"} and set(table["period"]) == {"2004-08-01–2004-10-31"}
    assert table.iloc[-1]["is_remainder"] and table.iloc[-1]["period"] == "2004-08-01–2004-10-31"


@pytest.mark.parametrize(
    "build",
    [
        lambda t: charts.horizontal_bars(t, "Victims", "People"),
        lambda t: charts.stacked_bars(t.assign(series="all"), "Victims", "People", "Kind", ["all"]),
        lambda t: charts.against_target(t.assign(target=t["value"], target_text="", progress_text=""), "V", "P"),
    ],
)
def test_a_bar_builder_refuses_rows_of_different_bases_and_names_them(figures, build):
    with pytest.raises(ValueError) as refused:
        build(victims_table(figures))
    message = str(refused.value)
    assert "mix bases or periods" in message
    # Each kind is named with its rows: the running total since Dec 1999 and the quarter's 10 are told apart.
    assert "cumulative 1999-12–2004-10-31: foreign trafficking_victims_assisted cumulative" in message
    assert "period 2004-08-01–2004-10-31: foreign trafficking_victims_returned period" in message
    assert "year_to_date 2004-01-01–2004-10-31" in message


def test_every_named_builder_refuses_figures_of_different_periods(figures):
    """Same basis, different periods: police trained in the quarter beside carers trained in October."""
    rows = pd.DataFrame(
        [
            pick_one(figures, "ct_western_balkans", "police_trained", "period"),
            pick_one(figures, "ct_measures_italy", "training_participants", "period"),
        ]
    )
    table = chart_table(rows, ["Police", "Carers"], "people")
    with pytest.raises(ValueError, match="period 2004-10–2004-10: Carers"):
        charts.trainings_by_audience(table)
    with pytest.raises(ValueError, match="Police"):
        charts.returns_by_country(table, "")


def test_a_table_that_does_not_say_its_kind_is_refused():
    table = pd.DataFrame(
        {
            "label": ["A", "B"],
            "value": [1.0, 2.0],
            "value_text": ["1", "2"],
            "basis_text": ["", ""],
            "source_quote": ["", ""],
            "is_remainder": [False, False],
        }
    )
    with pytest.raises(ValueError, match="does not say what kind"):
        charts.horizontal_bars(table, "T", "x")


def test_one_kind_of_figure_is_drawn(figures, dataset):
    table = victims_table(figures)
    one_kind = table.loc[table["basis"] == "cumulative"].iloc[:1]
    assert charts.like_with_like(one_kind) is one_kind
    assert charts.horizontal_bars(one_kind, "Victims", "People").to_dict()["description"].startswith("Victims: ")
    table, args, _ = real_tables(figures, dataset)["trainings_by_audience"]
    spec = charts.trainings_by_audience(table, *args).to_dict()
    drawn = spec["datasets"][spec["data"]["name"]]
    assert [(row["label"], row["value_text"]) for row in drawn] == [
        ("Police officers (KPS)", "about 50"),
        ("UNMIK TPIU officers observing", "about 7"),
    ]


def test_the_exceptions_draw_two_kinds_by_design(figures):
    """The trend line (one figure over editions) takes no chart table; against_target's target is a column."""
    trend = pd.DataFrame(
        {
            "label": ["Aug 2004", "Nov 2004"],
            "order": [0, 1],
            "value": [400.0, 472.0],
            "value_text": ["400", "472"],
            "basis_text": ["", ""],
            "source_quote": ["", ""],
        }
    )
    assert charts.trend_line(trend, "Returnees", "People").to_dict()["description"]


def test_a_label_ending_in_a_number_is_kept_apart_from_its_figure():
    table = pd.DataFrame(
        {
            "label": ["2000 – 31 Dec 2003", "1 Jan – 30 Jun 2004"],
            "value": [2762.0, 296.0],
            "value_text": ["2,762", "296"],
        }
    )
    assert (
        describe.describe("Health assessments", table)
        == "Health assessments: 2000 – 31 Dec 2003: 2,762; 1 Jan – 30 Jun 2004: 296."
    )


def test_a_stacked_bar_with_an_approximate_segment_says_no_sum():
    table = pd.DataFrame(
        {
            "label": ["A", "A", "B", "B"],
            "series": ["x", "y", "x", "y"],
            "value": [50.0, 5.0, 15.0, 4.0],
            "value_text": ["about 50", "5", "15–20", "4"],
            "is_remainder": [False] * 4,
        }
    )
    assert describe.describe_series("T", table, series_order=["y", "x"]) == "T: A: y 5, x about 50; B: y 4, x 15–20."


def test_long_lists_are_cut_and_say_how_many_are_left_out():
    table = pd.DataFrame(
        {
            "label": [f"Place {chr(65 + i)}" for i in range(15)],
            "value": range(15, 0, -1),
            "value_text": [str(v) for v in range(15, 0, -1)],
        }
    )
    description = describe.describe("T", table)
    assert description.endswith("Place L 4 … and 3 more.") and "Place M" not in description


def test_a_trend_is_said_in_edition_order_and_a_long_one_keeps_the_latest():
    table = pd.DataFrame(
        {"label": ["Nov 2004", "Aug 2004"], "order": [1, 0], "value": [472.0, 400.0], "value_text": ["472", "over 400"]}
    )
    assert (
        describe.describe_trend("Returnees", table, "2 editions")
        == "Returnees, 2 editions: Aug 2004: over 400, Nov 2004: 472."
    )
    long = pd.DataFrame(
        {
            "label": [f"E{i:02d}" for i in range(20)],
            "order": range(20),
            "value": range(20),
            "value_text": [str(i) for i in range(20)],
        }
    )
    description = describe.describe_trend("T", long)
    assert description.startswith("T: E00: 0, … 8 more …, E09: 9") and description.endswith("E19: 19.")


def test_the_target_chart_says_n_of_t():
    table = pd.DataFrame(
        {
            "label": ["Zhupa Valley", "Magure"],
            "value": [61.0, 49.0],
            "value_text": ["61", "49"],
            "target_text": ["65", "53"],
            "progress_text": ["61 of 65", ""],
        }
    )
    assert (
        describe.describe_targets("Projects approved", table)
        == "Projects approved: Zhupa Valley 61 of 65, Magure 49 of 53."
    )


def test_bars_that_each_say_their_period_are_still_refused(figures):
    """Writing each figure's period after it does not make unlike figures comparable by bar length."""
    table = victims_table(figures)
    said = table.assign(
        value_text=[f"{text} · {basis}" for text, basis in zip(table["value_text"], table["basis_text"], strict=True)]
    )
    with pytest.raises(ValueError, match="mix bases or periods"):
        charts.horizontal_bars(said, "Victims", "People")

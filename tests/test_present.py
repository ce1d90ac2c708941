"""Selecting figures and saying them in words."""

from __future__ import annotations

import pandas as pd
import pytest

from lib.presenting.present import (
    HEADLINES,
    REMAINDER_LABEL,
    basis_label,
    by_kind,
    chart_table,
    code_names,
    date_label,
    format_value,
    headline,
    part_sentence,
    period_label,
    pick,
    pick_one,
)


def test_pick_leaves_out_other_breakdowns_and_repeats(figures):
    totals = pick(figures, "avr", "returnees", "period")
    assert totals["value"].tolist() == [472.0]  # not the News in Brief repeat, not the parts by country or mode
    assert sorted(pick(figures, "avr", "returnees", "period", by="country")["value"]) == [16, 22, 46, 52, 310]


def test_one_returns_none_when_not_reported(figures):
    assert pick_one(figures, "avr", "returnees", "target") is None


def test_every_headline_is_reported_in_the_edition(figures):
    assert all(headline(figures, spec) is not None for spec in HEADLINES)


@pytest.mark.parametrize(
    "row, unit, expected",
    [
        ({"value": 187739.0, "qualifier": ""}, "people", "187,739"),
        ({"value": 37.6, "qualifier": ""}, "percent", "37.6%"),
        ({"value": 5500.0, "qualifier": "more_than"}, "people", "over 5,500"),
        ({"value": 15.0, "value_max": 20.0, "qualifier": ""}, "people", "15–20"),
        ({"value": 1.0, "denominator": 2.0, "qualifier": "nearly"}, "ratio", "nearly 1 in 2"),
        ({"value": 1000.0, "qualifier": "up_to"}, "GBP", "up to 1,000 GBP"),
    ],
)
def test_format_value_keeps_what_the_text_says(row, unit, expected):
    assert format_value(pd.Series(row), unit) == expected


@pytest.mark.parametrize(
    "partial, expected", [("2004-10-31", "31 Oct 2004"), ("1999-06", "Jun 1999"), ("1999", "1999"), ("", "")]
)
def test_date_label_keeps_the_precision_of_the_text(partial, expected):
    assert date_label(partial) == expected


def test_period_and_basis_labels():
    assert period_label("2004-08-01", "2004-10-31") == "1 Aug – 31 Oct 2004"
    assert (
        basis_label(pd.Series({"basis": "cumulative", "period_start": "1999", "period_end": "2004-10-31"}))
        == "cumulative since 1999, to 31 Oct 2004"
    )
    assert basis_label(pd.Series({"basis": "target", "period_start": "", "period_end": ""})) == "target"


def test_chart_table_keeps_labels_and_extra_columns_with_their_values(figures):
    parts = pick(figures, "avr", "returnees", "period", by="country")
    parts = parts.assign(code=parts["country"])
    total = pick_one(figures, "avr", "returnees", "period")
    table = chart_table(parts, list(parts["country"]), "people", total, keep=("code",))
    assert table["value"].tolist() == [310, 52, 46, 22, 16, 26]  # sorted, the remainder last
    rows = table.loc[~table["is_remainder"]]
    assert (rows["label"] == rows["code"]).all()
    assert table.iloc[-1]["label"] == REMAINDER_LABEL and "472" in table.iloc[-1]["source_quote"]


def test_chart_table_says_each_rows_kind_and_splits_by_it(figures):
    rows = pd.DataFrame(
        [
            pick_one(figures, "ct_western_balkans", "police_trained", "period"),
            pick_one(figures, "ct_western_balkans", "observers", "period"),
            pick_one(figures, "ct_measures_italy", "training_participants", "period"),
        ]
    )
    table = chart_table(rows, ["Police", "Observers", "Carers"], "people")
    assert list(zip(table["label"], table["basis"], table["period"], strict=True)) == [
        ("Police", "period", "2004-08-01–2004-10-31"),
        ("Carers", "period", "2004-10–2004-10"),
        ("Observers", "period", "2004-08-01–2004-10-31"),
    ]
    quarter, october = by_kind(table)  # the larger kind first
    assert list(quarter["label"]) == ["Police", "Observers"] and list(october["label"]) == ["Carers"]
    assert list(quarter["value_text"]) == ["about 50", "about 7"]  # as written


def test_the_remainder_row_carries_its_totals_kind(figures):
    parts = pick(figures, "avr", "returnees", "period", by="country")
    table = chart_table(parts, list(parts["country"]), "people", pick_one(figures, "avr", "returnees", "period"))
    remainder = table.loc[table["is_remainder"]].iloc[0]
    assert (remainder["basis"], remainder["period"]) == ("period", "2004-08-01–2004-10-31")


def test_a_part_of_a_total_is_said_with_both_figures_as_stated(figures):
    year = pick_one(figures, "ct_western_balkans", "trafficking_victims_returned", "year_to_date", group="foreign")
    quarter = pick_one(figures, "ct_western_balkans", "trafficking_victims_returned", "period", group="foreign")
    assert (
        part_sentence(year, quarter, "foreign victims returned", "people")
        == "24 foreign victims returned (year to date, 1 Jan – 31 Oct 2004), 10 of them in 1 Aug – 31 Oct 2004"
    )
    police = [pick_one(figures, "ct_western_balkans", "police_trained", basis) for basis in ("cumulative", "period")]
    said = part_sentence(*police, "police officers trained", "people")
    assert said == (
        "200 police officers trained (cumulative since Dec 2003, to 31 Oct 2004), "
        "about 50 of them in 1 Aug – 31 Oct 2004"
    )
    assert "150" not in said  # the rest is not a figure the newsletter gives


def test_code_names_use_the_catalogues(dataset):
    names = code_names(dataset.tables)
    assert names["country"]["DEU"] == "Germany"
    assert names["place"]["siga"] == "Sigë/Siga"
    assert names["donor"]["ear"] == "European Agency for Reconstruction"


def test_every_check_status_has_its_words():
    from lib.dataset.checks import CheckStatus
    from lib.presenting.present import STATUS_WORDS, status_word

    assert set(STATUS_WORDS) == set(CheckStatus)
    assert status_word("inconsistent") == "newsletter contradicts itself"
    assert status_word("something new") == "something new"

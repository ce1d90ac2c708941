"""Selecting figures and saying them in words."""

from __future__ import annotations

import pandas as pd
import pytest

from lib.present import (REMAINDER_LABEL, basis_label, chart_table, code_names, date_label, format_value, headline, HEADLINES,
                         period_label, pick, pick_one)


def test_pick_leaves_out_other_breakdowns_and_repeats(figures):
    totals = pick(figures, "avr", "returnees", "period")
    assert totals["value"].tolist() == [472.0]  # not the News in Brief repeat, not the parts by country or mode
    assert sorted(pick(figures, "avr", "returnees", "period", by="country")["value"]) == [16, 22, 46, 52, 310]


def test_one_returns_none_when_not_reported(figures):
    assert pick_one(figures, "avr", "returnees", "target") is None


def test_every_headline_is_reported_in_the_edition(figures):
    assert all(headline(figures, spec) is not None for spec in HEADLINES)


@pytest.mark.parametrize("row, unit, expected", [
    ({"value": 187739.0, "qualifier": ""}, "people", "187,739"),
    ({"value": 37.6, "qualifier": ""}, "percent", "37.6%"),
    ({"value": 5500.0, "qualifier": "more_than"}, "people", "over 5,500"),
    ({"value": 15.0, "value_max": 20.0, "qualifier": ""}, "people", "15–20"),
    ({"value": 1.0, "denominator": 2.0, "qualifier": "nearly"}, "ratio", "nearly 1 in 2"),
    ({"value": 1000.0, "qualifier": "up_to"}, "GBP", "up to 1,000 GBP"),
])
def test_format_value_keeps_what_the_text_says(row, unit, expected):
    assert format_value(pd.Series(row), unit) == expected


@pytest.mark.parametrize("partial, expected", [("2004-10-31", "31 Oct 2004"), ("1999-06", "Jun 1999"), ("1999", "1999"), ("", "")])
def test_date_label_keeps_the_precision_of_the_text(partial, expected):
    assert date_label(partial) == expected


def test_period_and_basis_labels():
    assert period_label("2004-08-01", "2004-10-31") == "1 Aug – 31 Oct 2004"
    assert basis_label(pd.Series({"basis": "cumulative", "period_start": "1999", "period_end": "2004-10-31"})) == \
        "cumulative since 1999, to 31 Oct 2004"
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


def test_code_names_use_the_catalogues(dataset):
    names = code_names(dataset.tables)
    assert names["country"]["DEU"] == "Germany"
    assert names["place"]["siga"] == "Sigë/Siga"
    assert names["donor"]["ear"] == "European Agency for Reconstruction"

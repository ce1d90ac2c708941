"""Every figure is traceable: its quote is in the newsletter and states its value."""

from __future__ import annotations

import csv
import re

import pytest

from tests.conftest import DATA_DIR, normalise

# Figures the newsletter writes in words; the test reads them back to numbers.
WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "one hundred": 100,
    "day and a half": 1.5,
}


def numbers_in(written: str) -> list[float]:
    """The numbers a written figure states: '187,739' -> [187739]; '15-20' -> [15, 20]; 'four' -> [4]."""
    digits = [float(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", written)]
    if digits:
        return digits
    lowered = written.lower().replace("-year", "")
    if lowered == "a third":
        return [1.0, 3.0]
    return [float(WORD_NUMBERS[lowered])] if lowered in WORD_NUMBERS else []


def test_every_quote_is_verbatim_in_the_newsletter(source_text, figures):
    missing = [
        f"{r.figure_id}: {r.source_quote!r}"
        for r in figures.itertuples()
        if normalise(r.source_quote) not in source_text
    ]
    assert not missing, "\n".join(missing)


def test_every_quote_contains_the_value_as_written(figures):
    missing = [
        f"{r.figure_id}: {r.value_as_written!r} not in {r.source_quote!r}"
        for r in figures.itertuples()
        if r.value_as_written not in r.source_quote
    ]
    assert not missing, "\n".join(missing)


def test_value_agrees_with_the_value_as_written(figures):
    wrong = []
    for r in figures.itertuples():
        stated = numbers_in(r.value_as_written)
        expected = (
            [r.value]
            + ([r.value_max] if r.value_max == r.value_max else [])
            + ([r.denominator] if r.denominator == r.denominator else [])
        )
        # 'One hundred (100)' states its number twice; every number written must be one the row holds.
        if not stated or sorted(set(stated)) != sorted(set(expected)):
            wrong.append(f"{r.figure_id}: written {r.value_as_written!r}, stored {expected}")
    assert not wrong, "\n".join(wrong)


def test_every_section_heading_is_in_the_newsletter(source_text, figures):
    missing = sorted({s for s in figures["source_section"] if normalise(s) not in source_text})
    assert not missing


def test_programme_headings_and_donor_quotes_are_in_the_newsletter(source_text):
    with open(DATA_DIR / "programmes.csv", encoding="utf-8") as handle:
        headings = [row["source_section"] for row in csv.DictReader(handle)]
    with open(DATA_DIR / "programme_donors.csv", encoding="utf-8") as handle:
        donor_quotes = [row["source_quote"] for row in csv.DictReader(handle)]
    missing = [q for q in headings + donor_quotes if normalise(q) not in source_text]
    assert not missing


@pytest.mark.parametrize(
    "written, quote_part",
    [
        ("187,739", "a total of 187,739 returnees"),
        ("37.6%", "Prishtina/Pristina region (37.6%)"),
        ("1,611,672", "amounting to a total of 1,611,672 Euros"),
        ("One hundred (100)", "One hundred (100) referrals"),
        ("1 out of every 2", "nearly 1 out of every 2 returnees"),
    ],
)
def test_figures_written_in_many_ways_are_captured(figures, written, quote_part):
    rows = figures[figures["value_as_written"] == written]
    assert any(quote_part in q for q in rows["source_quote"]), f"{written} is not captured with its quote"


def test_restated_figures_point_at_an_earlier_statement(figures):
    ids = set(figures["figure_id"])
    restates = figures.loc[figures["restates"] != "", "restates"]
    assert restates.isin(ids).all()
    assert len(restates) >= 10


def test_news_in_brief_items_are_verbatim(source_text):
    with open(DATA_DIR / "news.csv", encoding="utf-8") as handle:
        items = list(csv.DictReader(handle))
    assert len(items) == 5
    assert [row["text"] for row in items if normalise(row["text"]) not in source_text] == []
    for row in items:
        assert f"{row['text']} See page {row['see_page']}" in source_text

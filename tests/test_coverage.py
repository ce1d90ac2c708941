"""Coverage: every programme has figures, and every number in the newsletter that is a figure is in the data."""

from __future__ import annotations

import csv
import re

from lib.newsletters.numbers import DIGITS, WORDS, is_date_part, numbers_in_text
from tests.conftest import DATA_DIR, SOURCE_FILE
from tests.coverage_scan import in_snippet, is_captured, quote_spans

# Numbers in the newsletter that are deliberately not figures. Each entry is a verbatim piece of
# the text; a number standing inside it is not expected in the data. Years and days of the month
# are recognised by is_date_part().
NOT_FIGURES: list[str] = [
    # Page references in News in Brief.
    "See page 2",
    "See page 3",
    "See page 4",
    "See page 10",
    "See page 11",
    # The office's address and phone numbers.
    "Ismail Qemali 18",
    "Tel: +381 38 549042 Fax + 381 38 549039",
    # Names that contain a number.
    '"24 Heures"',
    "Module 2 of this CARDS project",
    # Lengths of the period a figure covers; the period is in the figure's period_start/period_end.
    "In the first 10 months of 2004",
    "During the 3-month period",
    "during the last 3 months",
    "During the past 3 months",
    "in the last 3 months",
    "During the last 3 months",
    "During the last three months",
    "during the three-month period",
    "During the three-month period",
    "Over the last three months",
    "During the past three months",
    "During the first two months",
    "In the first six months of 2004",
    "over the past two years",
    "in its first two years",
    "Budgets for the last 3 years",
    # A reference back to a figure already captured ("9 new cases"), not a new one.
    "From this latest group of 9 cases",
    # Course dates ("Small Group Instructor Course (13-17 September)").
    "(13-17 September)",
    # Enumerators of a list in the KPCT text.
    "include: 1) dissemination",
    "Zones; 2) directly",
    "letters; 3) provision",
    # Descriptions rather than results: counts of named partners, areas and structures already listed in
    # programmes.csv (partners, locations), and of objectives.
    "two partner NGOs, GOAL and ASB",
    "in three areas in Kosovo",
    "two Basic Training Centers",
    "This programme had two primary objectives",
    "implemented by the two IOM Missions",
    # Not cardinal numbers: "one-time", "one of", "one portion", "one another's".
    "a one-time cash payment",
    '"Golema Oca" one of the most',
    "meet one portion of their mandate",
    "Since one of objectives",
    "One of the most recent training activities",
    "learn from one another's experiences",
]


def _uncaptured(source_text: str, figures, pattern: re.Pattern[str]) -> list[str]:
    spans = quote_spans(source_text, figures)
    return [
        f"{n.token!r} in …{n.context}…"
        for n in numbers_in_text(source_text, pattern)
        if not is_captured(n, spans)
        and not is_date_part(source_text, n)
        and not in_snippet(source_text, n, NOT_FIGURES)
    ]


def test_every_number_written_in_digits_is_captured(source_text, figures):
    missing = _uncaptured(source_text, figures, DIGITS)
    assert not missing, "numbers in the newsletter not in the data:\n" + "\n".join(missing)


def test_every_number_written_in_words_is_captured(source_text, figures):
    missing = _uncaptured(source_text, figures, WORDS)
    assert not missing, "numbers in words not in the data:\n" + "\n".join(missing)


def test_every_exclusion_is_really_in_the_text(source_text):
    # A stale exclusion would hide nothing, or hide a figure added later under the same words.
    assert [s for s in NOT_FIGURES if s not in source_text] == []


def test_every_programme_has_figures(figures):
    with open(DATA_DIR / "programmes.csv", encoding="utf-8") as handle:
        programmes = [row["programme_id"] for row in csv.DictReader(handle)]
    assert set(programmes) - set(figures["programme"]) == set()


def test_every_funded_programme_section_is_in_the_data(source_text):
    # Each programme section of the newsletter ends its box with one line "The project is funded by ...".
    lines = [line.strip() for line in SOURCE_FILE.read_text(encoding="utf-8").splitlines()]
    funded_lines = [line for line in lines if line.startswith("The project is funded by")]
    with open(DATA_DIR / "programme_donors.csv", encoding="utf-8") as handle:
        quotes = {row["source_quote"] for row in csv.DictReader(handle)}
    assert len(funded_lines) >= 20
    assert [line for line in funded_lines if not any(line.startswith(q) for q in quotes)] == []


def test_scanner_finds_a_number_the_data_lacks(source_text, figures):
    # The coverage test can fail: drop one figure and the scan must report it.
    without_germany = figures[figures["value_as_written"] != "310"]
    assert any("'310'" in line for line in _uncaptured(source_text, without_germany, DIGITS))

"""Find the numbers in the newsletter and say which ones the data captures (used by test_coverage)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

# Digits ("187,739", "37.6%", "15-20" gives 15 and 20) and cardinal words.
DIGITS = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\w.,])\d+(?:\.\d+)?")
WORDS = re.compile(r"\b(one hundred|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|a third)\b", re.IGNORECASE)
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"


@dataclass(frozen=True)
class Number:
    token: str
    start: int
    context: str


def numbers_in_text(text: str, pattern: re.Pattern[str]) -> list[Number]:
    return [Number(m.group(0), m.start(), text[max(0, m.start() - 50): m.end() + 50]) for m in pattern.finditer(text)]


def quote_spans(text: str, figures: pd.DataFrame) -> list[tuple[int, int, str]]:
    """Every place a figure's quote stands in the text, with the figure's value as written."""
    spans = []
    for quote, written in zip(figures["source_quote"], figures["value_as_written"]):
        quote = " ".join(quote.split())
        start = text.find(quote)
        while start != -1:
            spans.append((start, start + len(quote), written))
            start = text.find(quote, start + 1)
    return spans


def is_captured(number: Number, spans: list[tuple[int, int, str]]) -> bool:
    token = number.token.lower()
    return any(start <= number.start < end and token in written.lower() for start, end, written in spans)


def in_snippet(text: str, number: Number, snippets: list[str]) -> bool:
    """The number stands inside one of the snippets (verbatim pieces of the text)."""
    for snippet in snippets:
        start = text.find(snippet)
        while start != -1:
            if start <= number.start < start + len(snippet):
                return True
            start = text.find(snippet, start + 1)
    return False


def is_date_part(text: str, number: Number) -> bool:
    """Years (1999-2005) and days of the month ('15 October', 'September 31', '2-13 August')."""
    token = number.token
    if re.fullmatch(r"(199\d|200[0-5])", token):
        return True
    after = text[number.start + len(token): number.start + len(token) + 12]
    before = text[max(0, number.start - 12): number.start]
    return bool(re.match(rf"(-\d+)? ({MONTHS})\b", after) or re.search(rf"\b({MONTHS}) $", before))

"""Find the numbers in the newsletter and say which ones the data captures (used by test_coverage)."""

from __future__ import annotations

import pandas as pd

from lib.newsletters.numbers import Number


def quote_spans(text: str, figures: pd.DataFrame) -> list[tuple[int, int, str]]:
    """Every place a figure's quote stands in the text, with the figure's value as written."""
    spans = []
    for quote, written in zip(figures["source_quote"], figures["value_as_written"], strict=False):
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

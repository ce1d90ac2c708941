"""A brief's sources, numbered in the order a reader meets them, and data text made fit for the page."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from lib.dataset.catalogue import Catalogue
from lib.dataset.rows import is_blank


class Notes:
    """The sources of a brief's figures, numbered by first use; a quote cited twice keeps its number."""

    def __init__(self) -> None:
        self.items: list[dict] = []
        self._numbers: dict[tuple[str, str], int] = {}

    def cite(self, figure: pd.Series | Mapping[str, Any]) -> int:
        return self.add(figure["source_section"], figure["source_quote"])

    def add(self, section: str, quote: str) -> int:
        key = (clean(section), clean(quote))
        if key not in self._numbers:
            self._numbers[key] = len(self.items) + 1
            self.items.append({"n": self._numbers[key], "section": key[0], "quote": key[1]})
        return self._numbers[key]

    def grouped(self) -> list[dict]:
        """Runs of notes from one section, the section named once."""
        groups: list[dict] = []
        for item in self.items:
            if not groups or groups[-1]["section"] != item["section"]:
                groups.append({"section": item["section"], "items": []})
            groups[-1]["items"].append({"n": str(item["n"]), "quote": item["quote"]})
        return groups


@dataclass(frozen=True)
class Sheet:
    """What every part of one brief draws on: the tables, the code names, the catalogue, and its notes."""

    tables: Mapping[str, pd.DataFrame]
    names: dict[str, dict[str, str]]  # readable names of breakdown codes (``present.code_names``)
    catalogue: Catalogue
    notes: Notes


def note_list(numbers: Sequence[int]) -> str:
    """'3–5, 8' for notes 3, 4, 5 and 8."""
    ordered = sorted(set(numbers))
    runs: list[list[int]] = []
    for n in ordered:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
_LONG_WORD = re.compile(r"\S{40,}")


def _break_long(match: re.Match[str]) -> str:
    word = match.group(0)
    return "\u200b".join(word[i : i + 20] for i in range(0, len(word), 20))


def clean(text: Any) -> str:
    """Data text for the page: control characters and line breaks as spaces; a 40-character word given
    places to break (a zero-width space every 20 characters), so no text runs out of its column."""
    missing = is_blank(text)
    text = " ".join(_CONTROL.sub(" ", "" if missing else str(text)).split())
    return _LONG_WORD.sub(_break_long, text)

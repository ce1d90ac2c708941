"""What a figure row is, for the checks and the comparisons across editions: its breakdown columns, the
kinds of count (status, scope), when a value is blank, the statuses a check can find, and a check's row."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import Any, cast

import pandas as pd

from lib.i18n import N_, _, translated
from lib.i18n.active import data_text
from lib.presenting.formats import format_number

BREAKDOWNS: tuple[str, ...] = (
    "country",
    "region",
    "aor",
    "municipality",
    "place",
    "area",
    "setting",
    "sector",
    "phase",
    "status",
    "scope",
    "group",
    "mode",
    "donor",
)
# Breakdowns that say what kind of count a figure is rather than which part of a whole. Two figures
# that state them differently (approved vs implemented) count different things.
QUALIFYING: tuple[str, ...] = ("status", "scope")
# Breakdowns that partition a total. (phase, area) together: CSP reports its totals per phase and area.
DIMENSION_SETS: tuple[tuple[str, ...], ...] = tuple((column,) for column in BREAKDOWNS) + (("phase", "area"),)
# The start of a cumulative figure is stated in one sentence and not in the next, so figures are
# matched on basis and period end only.
MATCH_COLUMNS: tuple[str, ...] = ("edition", "programme", "indicator", "basis", "period_end")
NESTED_BASES: tuple[str, ...] = ("period", "year_to_date", "cumulative")
SHARE_WHOLE = 100.0


class CheckStatus(StrEnum):
    """What a check found. A ``StrEnum``: the checks table stores the plain strings, and they compare equal."""

    CONSISTENT = "consistent"
    NOT_ITEMISED = "not_itemised"  # the parts add up to less: some are not itemised
    INCONSISTENT = "inconsistent"  # the newsletter contradicts itself
    WORDING_DIFFERS = "wording_differs"  # a repeat says the same figure in other words
    NOT_COMPARABLE = "not_comparable"  # the figures count different things


CONSISTENT, NOT_ITEMISED, INCONSISTENT, WORDING_DIFFERS, NOT_COMPARABLE = CheckStatus
STATUSES: tuple[CheckStatus, ...] = tuple(CheckStatus)
# How a qualifying value reads in a message (drawn with ``translated``).
SCOPE_WORDS = {"iom": N_("IOM alone"), "joint": N_("IOM with partners")}

RESULT_COLUMNS: list[str] = [
    "check_id",
    "edition",
    "programme",
    "kind",
    "subject",
    "total_figure_id",
    "total_value",
    "part_figure_ids",
    "parts_sum",
    "difference",
    "status",
    "message",
]


Record = dict[str, Any]  # a figure or check row as a plain dict, values as pandas gives them


def records(figures: pd.DataFrame) -> list[Record]:
    """The figures as plain dicts: grouping thousands of rows is many times faster in Python than in pandas."""
    return cast(list[Record], figures.to_dict("records"))


def is_blank(value: object) -> bool:
    """Empty in a table: None, "", NaN or pandas' NA (how an empty CSV cell arrives, by column type)."""
    return value is None or value is pd.NA or value == "" or (isinstance(value, float) and value != value)


def comparable(figures: pd.DataFrame) -> list[Record]:
    """Figures a sum can use: not repeats, not ranges, not ratios; empty breakdowns as ``""``."""
    rows = []
    for row in records(figures):
        if not (is_blank(row["restates"]) and is_blank(row["value_max"]) and is_blank(row["denominator"])):
            continue
        for column in BREAKDOWNS + ("period_end",):
            if is_blank(row[column]):
                row[column] = ""
        rows.append(row)
    return rows


def group(rows: Iterable[Record], key: Sequence[str]) -> dict[tuple, list[Record]]:
    """Rows grouped by the values of ``key``, groups in order of first appearance."""
    groups: dict[tuple, list[Record]] = {}
    for row in rows:
        groups.setdefault(tuple(row[column] for column in key), []).append(row)
    return groups


def classify(total: float, parts: float) -> str:
    difference = round(total - parts, 6)
    if difference == 0:
        return CONSISTENT
    return NOT_ITEMISED if difference > 0 else INCONSISTENT


def message(status: str, total: float, parts: float, unit_suffix: str) -> str:
    """What a total against its parts found, in the reader's language (the numbers as it writes them)."""
    if status == CONSISTENT:
        return _("parts add up to the total (%(total)s)", total=format_number(total) + unit_suffix)
    if status == NOT_ITEMISED:
        return _(
            "parts add up to %(parts)s of %(total)s: %(rest)s not itemised",
            parts=format_number(parts) + unit_suffix,
            total=format_number(total) + unit_suffix,
            rest=format_number(total - parts) + unit_suffix,
        )
    return _(
        "parts add up to %(parts)s, more than the total %(total)s: the newsletter is inconsistent",
        parts=format_number(parts) + unit_suffix,
        total=format_number(total) + unit_suffix,
    )


def sum_of(parts: Sequence[Record]) -> float:
    return float(sum(float(part["value"]) for part in parts))


def row(
    kind: str,
    subject: str,
    total_id: str,
    total: float | None,
    parts: Sequence[Record],
    status: str,
    message: str,
    first: Record,
) -> Record:
    parts_sum = sum_of(parts)
    return {
        "check_id": f"{kind}:{total_id or first['figure_id']}:{subject}",
        "edition": first["edition"],
        "programme": first["programme"],
        "kind": kind,
        "subject": subject,
        "total_figure_id": total_id,
        "total_value": total,
        "part_figure_ids": ";".join(str(p["figure_id"]) for p in parts),
        "parts_sum": parts_sum,
        "difference": None if total is None else total - parts_sum,
        "status": status,
        "message": message,
    }


def qualifiers(row: Record, columns: Sequence[str]) -> tuple:
    return tuple(row[column] for column in columns)


def conflicts(a: Record, b: Record, columns: Sequence[str]) -> bool:
    """Both state a qualifier (status, scope) and state it differently: they count different things."""
    return any(a[c] != "" and b[c] != "" and a[c] != b[c] for c in columns)


def _word(column: str, value: str) -> str:
    if column == "scope":
        return translated(SCOPE_WORDS[value]) if value in SCOPE_WORDS else value
    # A breakdown word in the reader's language (the data catalogue's words; the dataset's own checks run in English).
    return data_text(value.replace("_", " "))


def kind(row: Record, columns: Sequence[str]) -> str:
    """'approved', 'IOM alone': what a figure counts, in words (a status as the data writes it)."""
    words = [_word(c, str(row[c])) for c in columns if row[c] != ""]
    return ", ".join(words) or _("unqualified")


def not_comparable(one: Sequence[Record], other: Record, columns: Sequence[str]) -> str:
    """'approved vs implemented': the kinds of count on each side, in words."""
    kinds = sorted({kind(row, columns) for row in one if conflicts(row, other, columns)})
    return _("not comparable (%(kinds)s vs %(kind)s)", kinds=" / ".join(kinds), kind=kind(other, columns))

"""Figures over editions: what a figure was last time, what changed, how a series moved.

Two figures are *comparable* only if they measure the same thing the same way: same programme,
indicator, basis and breakdown, and the same kind of period -- a cumulative figure counted from
the same start, a period figure over a period of the same length (a quarter against a quarter).
Nothing is ever compared across bases.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any, cast

import pandas as pd

from lib.dataset.checks import BREAKDOWNS

SERIES_KEY_COLUMNS: tuple[str, ...] = ("programme", "indicator", "basis", *BREAKDOWNS)


class ChangeStatus(StrEnum):
    """How a series changed between two editions (a ``StrEnum``: stored and compared as its string)."""

    MOVED = "moved"
    UNCHANGED = "unchanged"
    NEW = "new"  # only in the later edition
    STOPPED = "stopped"  # only in the earlier edition: no longer reported


MOVED, UNCHANGED, NEW, STOPPED = ChangeStatus.MOVED, ChangeStatus.UNCHANGED, ChangeStatus.NEW, ChangeStatus.STOPPED
CHANGE_COLUMNS = [
    "status",
    "series",
    "programme",
    "indicator",
    "basis",
    "before",
    "after",
    "difference",
    "before_id",
    "after_id",
    "before_quote",
    "after_quote",
]


def period_months(start: str, end: str) -> int | None:
    """Length of a period in whole months ('2004-08-01'..'2004-10-31' is 3), None if the dates are partial."""
    try:
        first, last = date.fromisoformat(start), date.fromisoformat(end)
    except (TypeError, ValueError):
        if len(start or "") == 7 and start == end:  # one month given as YYYY-MM
            return 1
        return None
    return (last.year - first.year) * 12 + last.month - first.month + 1


def period_kind(figure: pd.Series | dict) -> str:
    """What must match for two figures of one series to be compared: the start, or the period's length."""
    basis = figure["basis"]
    if basis in ("cumulative", "year_to_date"):
        return f"since {figure['period_start'] or '?'}"
    if basis == "period":
        months = period_months(figure["period_start"], figure["period_end"])
        return f"{months} months" if months else f"{figure['period_start']}..{figure['period_end']}"
    return ""


def series_key(figure: pd.Series | dict) -> tuple[str, ...]:
    return tuple(str(figure[column] or "") for column in SERIES_KEY_COLUMNS) + (period_kind(figure),)


def keyed(figures: pd.DataFrame) -> pd.DataFrame:
    """Original figures (not repeats) with their series key; a key stated twice in one edition is ambiguous and
    left out.

    The other functions take this frame (or compute it): the app computes it once per data version.
    """
    if "series" in figures.columns:
        return figures
    own = figures.loc[figures["restates"].fillna("") == ""]
    with_keys = own.assign(
        series=pd.Series([series_key(row) for row in own.to_dict("records")], index=own.index, dtype=object)
    )
    return with_keys.loc[~with_keys.duplicated(["edition", "series"], keep=False)]


def previous_comparable(figures: pd.DataFrame, figure: pd.Series) -> pd.Series | None:
    """The same series in the latest earlier edition that reports it, or None."""
    every = keyed(figures)
    key = series_key(figure)
    matches = every.loc[(every["edition"] < figure["edition"]) & every["series"].map(key.__eq__)]
    if matches.empty:
        return None
    return matches.sort_values("edition").iloc[-1]


def series_of(figures: pd.DataFrame, figure: pd.Series) -> pd.DataFrame:
    """Every edition's figure of this series, oldest first (one row if only one edition reports it)."""
    every = keyed(figures)
    key = series_key(figure)
    return every.loc[every["series"].map(key.__eq__)].sort_values("edition")


def changes(figures: pd.DataFrame, edition: str, previous: str) -> pd.DataFrame:
    """Each series in either edition: moved, unchanged, new (only in ``edition``) or stopped (only in ``previous``)."""
    every = keyed(figures)
    rows_ = cast(list[dict[str, Any]], every.loc[every["edition"].isin([edition, previous])].to_dict("records"))
    now = {row["series"]: row for row in rows_ if row["edition"] == edition}
    before = {row["series"]: row for row in rows_ if row["edition"] == previous}
    keys = list(now) + [k for k in before if k not in now]
    return pd.DataFrame([_change(key, before.get(key), now.get(key)) for key in keys], columns=CHANGE_COLUMNS)


def _change(key: tuple[str, ...], before_row: dict[str, Any] | None, after_row: dict[str, Any] | None) -> dict:
    """One series' row of ``changes``: its status, both values as written, the difference, both sources."""
    difference: float | None = None
    if before_row is None:
        status = NEW
    elif after_row is None:
        status = STOPPED
    else:
        difference = float(after_row["value"]) - float(before_row["value"])
        status = UNCHANGED if float(after_row["value"]) == float(before_row["value"]) else MOVED
    base = after_row if after_row is not None else before_row
    assert base is not None  # a key comes from one edition or the other

    def side(row: dict[str, Any] | None, column: str) -> object:
        return None if row is None else row[column]

    return {
        "status": status,
        "series": key,
        "programme": base["programme"],
        "indicator": base["indicator"],
        "basis": base["basis"],
        "before": side(before_row, "value_as_written"),
        "after": side(after_row, "value_as_written"),
        "difference": difference,
        "before_id": side(before_row, "figure_id"),
        "after_id": side(after_row, "figure_id"),
        "before_quote": side(before_row, "source_quote"),
        "after_quote": side(after_row, "source_quote"),
    }

"""A figure against the same figure, measured the same way, in the latest earlier edition that reports it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import pandas as pd

from lib.dataset import trends

Row = Mapping[str, Any]  # a figure row of figures.csv, as stored


class ChangeKind(StrEnum):
    """What can be said of a figure against earlier editions."""

    FIRST_EDITION = "first_edition"  # no earlier edition to compare with
    NEW = "new"  # earlier editions exist; none reports this figure comparably
    SINCE = "since"  # compared with ``Change.previous``


@dataclass(frozen=True)
class Change:
    """A figure's change: its kind, the earlier comparable figure (with its source) and the difference."""

    kind: ChangeKind
    previous: pd.Series | None = None  # the earlier figure's row (figure_id, value, edition, source_quote…)
    difference: float | None = None  # this figure's value less the earlier one's

    @property
    def previous_edition(self) -> str | None:
        return None if self.previous is None else str(self.previous["edition"])


@dataclass(frozen=True)
class Period:
    """The kind of period every figure of a series shares, as data (``trends.period_kind`` as a key): a period
    figure's length in whole months (None where its dates are partial), a running total's start as stored
    ('' where not stated). Both None for the other bases (a level, a target, a share)."""

    months: int | None = None
    since: str | None = None


def period_of(figure: Row | pd.Series) -> Period:
    """The ``Period`` of a figure: what ``trends.period_kind`` matches on, without its words."""
    basis = figure["basis"]
    if basis in ("cumulative", "year_to_date"):
        return Period(since=str(figure["period_start"] or ""))
    if basis == "period":  # the length as the series key measures it
        return Period(months=trends.period_months(figure["period_start"], figure["period_end"]))
    return Period()


class History:
    """Each figure's comparable figure in the latest earlier edition (``lib.dataset.trends``)."""

    def __init__(self, figures: pd.DataFrame, previous_edition: str | None) -> None:
        self.previous_edition = previous_edition
        self.keyed = trends.keyed(figures) if previous_edition else None

    def change(self, figure: Row | pd.Series) -> Change:
        """The change of ``figure``: first edition, new, or since its previous comparable figure."""
        if self.keyed is None:
            return Change(ChangeKind.FIRST_EDITION)
        before = trends.previous_comparable(self.keyed, pd.Series(figure))
        if before is None:
            return Change(ChangeKind.NEW)
        return Change(ChangeKind.SINCE, before, float(figure["value"]) - float(before["value"]))

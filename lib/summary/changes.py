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


class History:
    """Each figure's comparable figure in the latest earlier edition (``lib.dataset.trends``)."""

    def __init__(self, figures: pd.DataFrame, previous_edition: str | None) -> None:
        self.previous_edition = previous_edition
        self.keyed = trends.keyed(figures) if previous_edition else None

    @property
    def first(self) -> bool:
        return self.previous_edition is None

    def change(self, figure: Row | pd.Series) -> Change:
        """The change of ``figure``: first edition, new, or since its previous comparable figure."""
        if self.keyed is None:
            return Change(ChangeKind.FIRST_EDITION)
        before = trends.previous_comparable(self.keyed, pd.Series(figure))
        if before is None:
            return Change(ChangeKind.NEW)
        return Change(ChangeKind.SINCE, before, float(figure["value"]) - float(before["value"]))

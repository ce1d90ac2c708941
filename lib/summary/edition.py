"""An edition at a glance: its headline figures with their changes and trends, the consistency-check tally, and
what changed since the previous edition. The Overview page and the edition brief both draw this."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from lib.dataset import trends
from lib.dataset.catalogue import Catalogue
from lib.dataset.checks import BREAKDOWNS, INCONSISTENT, STATUSES, CheckStatus, run_checks, summarise
from lib.dataset.data import Dataset
from lib.presenting.present import HEADLINES, headline, records
from lib.summary.changes import Change, History

_KEY_FIELDS = (*trends.SERIES_KEY_COLUMNS, "period_kind")  # the parts of ``trends.series_key``, by name


@dataclass(frozen=True)
class TrendSeries:
    """A headline's comparable figures, edition by edition, and what each point is."""

    rows: pd.DataFrame  # every edition's figure of the series, oldest first (rows of figures.csv)
    basis: str  # basis code of every point
    period_kind: str  # ``trends.period_kind``: 'since 1999-06', '3 months'
    breakdown: tuple[tuple[str, str], ...]  # (column, code) of each breakdown the series fixes

    def through(self, edition: str) -> pd.DataFrame:
        """The points up to and including ``edition``."""
        return self.rows.loc[self.rows["edition"] <= edition]


@dataclass(frozen=True)
class HeadlineCard:
    """One of ``HEADLINES``: its label key, the figure (None where the edition does not report it), its change."""

    label: str  # the ``HEADLINES`` label, as key
    figure: pd.Series | None  # the figure's row, as stored
    change: Change | None  # None where the figure is not reported
    trend: TrendSeries | None  # None where the figure is not reported

    @property
    def previous(self) -> pd.Series | None:
        return None if self.change is None else self.change.previous

    @property
    def difference(self) -> float | None:
        return None if self.change is None else self.change.difference


@dataclass(frozen=True)
class CheckTally:
    """How many consistency checks of the edition ended in each status, and the contradictions (check rows)."""

    counts: Mapping[CheckStatus, int]
    contradictions: tuple[Mapping[str, Any], ...]  # rows of the checks table (check_id, programme, message…)
    ran: bool  # False where there were no checks at all to count (an empty checks table)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class ChangeCounts:
    moved: int
    new: int
    stopped: int
    unchanged: int


@dataclass(frozen=True)
class EditionChanges:
    """Each series of the edition or the previous one: ``trends.changes``, with each series' breakdown
    (``breakdown``: the codes it fixes, in ``BREAKDOWNS`` order) and ``period_kind`` as columns of their own."""

    previous_edition: str
    counts: ChangeCounts
    table: pd.DataFrame


@dataclass(frozen=True)
class EditionSummary:
    edition: str
    previous_edition: str | None  # None in the first edition stored
    headlines: tuple[HeadlineCard, ...]  # in ``HEADLINES`` order
    checks: CheckTally
    changes: EditionChanges | None  # None in the first edition stored
    figure_count: int
    programme_count: int

    @property
    def first_edition(self) -> bool:
        return self.previous_edition is None

    def card(self, label: str) -> HeadlineCard:
        return next(card for card in self.headlines if card.label == label)


def _tally(checks: pd.DataFrame, edition: str) -> CheckTally:
    if checks.empty:
        return CheckTally(dict.fromkeys(STATUSES, 0), (), ran=False)
    own = checks.loc[checks["edition"] == edition]
    counts = summarise(own)
    contradictions = tuple(records(own.loc[own["status"] == INCONSISTENT]))
    return CheckTally({CheckStatus(status): n for status, n in counts.items()}, contradictions, ran=True)


def _trend(keyed: pd.DataFrame, figure: pd.Series) -> TrendSeries:
    rows = trends.series_of(keyed, figure)
    fixed = tuple((column, str(figure[column])) for column in BREAKDOWNS if figure[column])
    return TrendSeries(rows, str(figure["basis"]), trends.period_kind(figure), fixed)


def _changes(keyed: pd.DataFrame, edition: str, previous: str) -> EditionChanges:
    table = trends.changes(keyed, edition, previous)
    named = [dict(zip(_KEY_FIELDS, key, strict=True)) for key in table["series"]]
    table = table.assign(
        breakdown=pd.Series(
            [tuple(parts[c] for c in BREAKDOWNS if parts[c]) for parts in named], index=table.index, dtype=object
        ),
        period_kind=[parts["period_kind"] for parts in named],
    )
    status = table["status"].value_counts()
    counts = ChangeCounts(
        *(int(status.get(s, 0)) for s in (trends.MOVED, trends.NEW, trends.STOPPED, trends.UNCHANGED))
    )
    return EditionChanges(previous, counts, table)


def edition_summary(
    source: Dataset | Mapping[str, pd.DataFrame], edition: str, checks: pd.DataFrame | None = None
) -> EditionSummary:
    """The summary of ``edition``, from a dataset or its tables (figures, programmes). ``checks``: the dataset's
    checks table (a dataset's own by default; with only tables, the checks are run on the figures)."""
    tables = source.tables if isinstance(source, Dataset) else source
    if checks is None:
        checks = source.checks if isinstance(source, Dataset) else run_checks(tables["figures"])
    catalogue = source.catalogue if isinstance(source, Dataset) else Catalogue.of(tables)
    every = tables["figures"]
    figures = every.loc[every["edition"] == edition]
    previous = catalogue.previous_edition(edition)
    keyed = trends.keyed(every)
    history = History(keyed, previous)
    cards = []
    for spec in HEADLINES:
        figure = headline(figures, spec)
        if figure is None:
            cards.append(HeadlineCard(spec["label"], None, None, None))
        else:
            cards.append(HeadlineCard(spec["label"], figure, history.change(figure), _trend(keyed, figure)))
    return EditionSummary(
        edition=edition,
        previous_edition=previous,
        headlines=tuple(cards),
        checks=_tally(checks, edition),
        changes=_changes(keyed, edition, previous) if previous else None,
        figure_count=len(figures),
        programme_count=int(figures["programme"].nunique()),
    )

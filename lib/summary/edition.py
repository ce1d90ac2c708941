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
from lib.dataset.rows import records
from lib.summary.changes import Change, History, Period, period_of
from lib.summary.headlines import HEADLINES, headline


@dataclass(frozen=True)
class TrendSeries:
    """A headline's comparable figures, edition by edition up to the summary's edition, and what each point is."""

    rows: pd.DataFrame  # the series' figure in each edition up to and including the summary's, oldest first
    basis: str  # basis code of every point
    period: Period  # the kind of period every point shares: a period's months, a running total's start
    breakdown: tuple[tuple[str, str], ...]  # (column, code) of each breakdown the series fixes


@dataclass(frozen=True)
class HeadlineCard:
    """One of ``HEADLINES``: its key, the figure (None where the edition does not report it), its change."""

    key: str  # the ``HEADLINES`` key: what a card is found by (and the URL's ``?trend=``)
    label: str  # the ``HEADLINES`` label, for display only: in English, drawn as ``lib.i18n.translated(label)``
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
    """Each series of the edition or the previous one: ``trends.changes``, with columns of their own for each
    series' breakdown (``breakdown``: (column, code) of each breakdown it fixes, in ``BREAKDOWNS`` order) and its
    kind of period (``months``: a period figure's length, ``since``: a running total's start; ``Period``)."""

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

    def card(self, key: str) -> HeadlineCard:
        """The headline of ``HEADLINES`` key ``key``."""
        return next(card for card in self.headlines if card.key == key)


def _tally(checks: pd.DataFrame, edition: str) -> CheckTally:
    if checks.empty:
        return CheckTally(dict.fromkeys(STATUSES, 0), (), ran=False)
    own = checks.loc[checks["edition"] == edition]
    counts = summarise(own)
    contradictions = tuple(records(own.loc[own["status"] == INCONSISTENT]))
    return CheckTally({CheckStatus(status): n for status, n in counts.items()}, contradictions, ran=True)


def _trend(keyed: pd.DataFrame, figure: pd.Series) -> TrendSeries:
    """The figure's series up to the figure's own edition: a later edition is not part of what this one says."""
    rows = trends.series_of(keyed, figure)
    rows = rows.loc[rows["edition"] <= figure["edition"]]
    fixed = tuple((column, str(figure[column])) for column in BREAKDOWNS if figure[column])
    return TrendSeries(rows, str(figure["basis"]), period_of(figure), fixed)


def _changes(keyed: pd.DataFrame, edition: str, previous: str) -> EditionChanges:
    table = trends.changes(keyed, edition, previous)
    by_id = {row["figure_id"]: row for row in records(keyed.loc[keyed["edition"].isin([edition, previous])])}
    # Each series' figure in the edition, else in the previous one: what the series fixes is the same in both.
    bases = [
        by_id[now if isinstance(now, str) else then]
        for now, then in zip(table["after_id"], table["before_id"], strict=True)
    ]
    periods = [period_of(figure) for figure in bases]

    def column(values: list) -> pd.Series:
        return pd.Series(values, index=table.index, dtype=object)

    table = table.assign(
        breakdown=column([tuple((c, str(figure[c])) for c in BREAKDOWNS if figure[c]) for figure in bases]),
        months=column([period.months for period in periods]),
        since=column([period.since for period in periods]),
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
            cards.append(HeadlineCard(spec["key"], spec["label"], None, None, None))
        else:
            cards.append(
                HeadlineCard(spec["key"], spec["label"], figure, history.change(figure), _trend(keyed, figure))
            )
    return EditionSummary(
        edition=edition,
        previous_edition=previous,
        headlines=tuple(cards),
        checks=_tally(checks, edition),
        changes=_changes(keyed, edition, previous) if previous else None,
        figure_count=len(figures),
        programme_count=int(figures["programme"].nunique()),
    )

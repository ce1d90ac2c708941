"""A donor in an edition: the programmes it funds, and each of their figures with its target, progress and change.

The Donors page and the donor brief both draw this (``donor_summary``); neither picks figures or pairs targets
on its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from lib.dataset.catalogue import Catalogue
from lib.dataset.checks import BREAKDOWNS, QUALIFYING
from lib.dataset.rows import is_blank, records
from lib.summary.changes import Change, History, Row

# A figure compared with a target: the running total first, then a level, then a period's figure.
ACHIEVED_BASES = ("cumulative", "point_in_time", "year_to_date", "period")


@dataclass(frozen=True)
class ProgrammeLink:
    """A programme the donor is linked to, as ``programme_donors.csv`` states it."""

    programme_id: str
    relation: str  # code: funding, expected, sponsor
    short_name: str  # the programme's short name (its id where programmes.csv does not list it)
    name: str  # its full name ('' where not listed)
    objective: str
    theme: str  # theme key ('' where not listed)
    source_section: str  # the programme's section of the newsletter (its id where not listed)
    source_quote: str  # the link's own quote


@dataclass(frozen=True)
class TargetPair:
    """A target and the figure measured against it, with the progress made."""

    achieved: Row  # the achieved figure's row, as stored
    target: Row  # the target figure's row, as stored
    progress: float | None  # achieved / target where both are single numbers and the target is above zero


@dataclass(frozen=True)
class IndicatorResult:
    """One figure of the donor's programmes: what was achieved, against which target, and its change."""

    figure: Row  # the figure's row, as stored (figure_id, value, value_as_written, basis, source_quote…)
    target: Row | None  # the target figure it is paired with, as stored
    progress: float | None  # figure / target where both are single numbers and the target is above zero
    change: Change

    @property
    def programme_id(self) -> str:
        return str(self.figure["programme"])

    @property
    def figure_id(self) -> str:
        return str(self.figure["figure_id"])


@dataclass(frozen=True)
class DonorSummary:
    """A donor in an edition. ``results`` follow the programmes' order, each programme's figures in stored order;
    a target paired with an achieved figure is in that figure's result, not a result of its own."""

    donor_id: str
    name: str
    abbreviation: str
    edition: str
    previous_edition: str | None  # None in the first edition stored
    programmes: tuple[ProgrammeLink, ...]
    figures: pd.DataFrame  # every figure of those programmes in the edition (``donor_figures``), targets included
    pairs: Mapping[str, Row]  # target by achieved figure id, in the order the targets are stored
    results: tuple[IndicatorResult, ...]

    @property
    def first_edition(self) -> bool:
        return self.previous_edition is None

    @property
    def programme_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(link.programme_id for link in self.programmes))


def donor_figures(tables: Mapping[str, pd.DataFrame], donor: str, edition: str) -> pd.DataFrame:
    """The figures of a donor's programmes in the edition, repeats left out, and a figure reported for one donor's
    part of a programme only under that donor."""
    figures, links = tables["figures"], tables["programme_donors"]
    funded = links.loc[links["donor_id"] == donor, "programme_id"]
    rows = figures.loc[
        (figures["edition"] == edition) & figures["programme"].isin(funded) & (figures["restates"] == "")
    ]
    return rows.loc[(rows["donor"] == "") | (rows["donor"] == donor)]


def _matches_target(achieved: Row, target: Row) -> bool:
    """Same programme, indicator and breakdown; a target that does not say what kind of count it is
    (approved, completed…) is met by the figure that does."""
    if (achieved["programme"], achieved["indicator"]) != (target["programme"], target["indicator"]):
        return False
    return all(achieved[c] == target[c] or (c in QUALIFYING and not target[c]) for c in BREAKDOWNS)


def target_pairs(rows: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """For each figure that has a target: the target figure, by the achieved figure's id."""
    figures = records(rows)
    pairs: dict[str, dict[str, Any]] = {}
    for target in (f for f in figures if f["basis"] == "target"):
        candidates = [
            f
            for f in figures
            if f["basis"] in ACHIEVED_BASES and f["figure_id"] not in pairs and _matches_target(f, target)
        ]
        if candidates:
            best = min(candidates, key=lambda f: ACHIEVED_BASES.index(f["basis"]))
            pairs[best["figure_id"]] = target
    return pairs


def pairs_of(rows: pd.DataFrame) -> tuple[TargetPair, ...]:
    """Each target among ``rows`` that a figure is measured against, with that figure and the progress made, in
    the order the targets are stored (``target_pairs``)."""
    by_id = {f["figure_id"]: f for f in records(rows)}
    return tuple(
        TargetPair(by_id[achieved], target, progress(by_id[achieved], target))
        for achieved, target in target_pairs(rows).items()
    )


def programme_pairs(figures: pd.DataFrame, programme: str) -> tuple[TargetPair, ...]:
    """The targets of a programme's figures in an edition (``figures``: the edition's), each with the figure
    measured against it; repeats left out."""
    return pairs_of(figures.loc[(figures["programme"] == programme) & (figures["restates"] == "")])


def _stated(value: object) -> bool:
    """A value_max or denominator that is there (not empty, not NaN, not zero)."""
    return not is_blank(value) and bool(value)


def progress(achieved: Row, target: Row) -> float | None:
    """Achieved over target, for a single-valued target above zero; None for a range, a ratio or a zero target."""
    single = [not _stated(f.get("value_max")) and not _stated(f.get("denominator")) for f in (achieved, target)]
    if all(single) and float(target["value"]) > 0:
        return float(achieved["value"]) / float(target["value"])
    return None


def _links(tables: Mapping[str, pd.DataFrame], donor: str, catalogue: Catalogue) -> tuple[ProgrammeLink, ...]:
    links = tables["programme_donors"].loc[tables["programme_donors"]["donor_id"] == donor]
    # The objective and the section are not names: the catalogue does not hold them.
    programmes = tables["programmes"].set_index("programme_id")
    made = []
    for link in records(links):
        pid = link["programme_id"]
        known = pid in programmes.index
        made.append(
            ProgrammeLink(
                programme_id=pid,
                relation=link["relation"],
                short_name=catalogue.programme(pid),
                name=catalogue.programme_titles.get(pid, ""),
                objective=str(programmes.loc[pid, "objective"]) if known else "",
                theme=catalogue.programme_themes.get(pid, ""),
                source_section=str(programmes.loc[pid, "source_section"]) if known else pid,
                source_quote=link["source_quote"],
            )
        )
    return tuple(made)


def _results(
    rows: pd.DataFrame, order: tuple[str, ...], pairs: tuple[TargetPair, ...], history: History
) -> tuple[IndicatorResult, ...]:
    by_achieved = {str(pair.achieved["figure_id"]): pair for pair in pairs}
    paired_targets = {pair.target["figure_id"] for pair in pairs}
    figures = [f for f in records(rows) if f["figure_id"] not in paired_targets]
    results = []
    for pid in order:
        for figure in (f for f in figures if f["programme"] == pid):
            pair = by_achieved.get(figure["figure_id"])
            results.append(
                IndicatorResult(
                    figure=figure,
                    target=None if pair is None else pair.target,
                    progress=None if pair is None else pair.progress,
                    change=history.change(figure),
                )
            )
    return tuple(results)


def donor_summary(tables: Mapping[str, pd.DataFrame], donor: str, edition: str) -> DonorSummary:
    """The donor's programmes and their figures in ``edition`` (needs figures, programmes, donors and
    programme_donors). Raises ``LookupError`` for a donor that donors.csv does not list."""
    catalogue = Catalogue.of(tables)
    if donor not in catalogue.donors:
        raise LookupError(donor)
    previous = catalogue.previous_edition(edition)
    programmes = _links(tables, donor, catalogue)
    rows = donor_figures(tables, donor, edition)
    pairs = pairs_of(rows)
    order = tuple(dict.fromkeys(link.programme_id for link in programmes))
    donors = tables["donors"].set_index("donor_id")  # the abbreviation is not a name the catalogue holds
    return DonorSummary(
        donor_id=donor,
        name=catalogue.donor(donor),
        abbreviation=str(donors.loc[donor, "abbreviation"]) if "abbreviation" in donors.columns else "",
        edition=edition,
        previous_edition=previous,
        programmes=programmes,
        figures=rows,
        pairs={str(pair.achieved["figure_id"]): pair.target for pair in pairs},
        results=_results(rows, order, pairs, History(tables["figures"], previous)),
    )

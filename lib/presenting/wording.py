"""Words the pages and the briefs share, from the codes of ``lib.summary``: how a donor is linked to a programme,
a mode of return, the consistency-check tally, a change since an earlier edition, progress against a target,
a figure's breakdown. One place for each, so page and brief say the same thing (and a translation has one home).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from lib.dataset.catalogue import Catalogue
from lib.dataset.checks import BREAKDOWNS, CheckStatus
from lib.presenting.formats import month_label, signed_number
from lib.presenting.present import basis_label, code_label, format_value
from lib.summary.changes import Change, ChangeKind
from lib.summary.donor import IndicatorResult
from lib.summary.edition import ChangeCounts

FUNDING = "funding"
RELATION_WORDS = {FUNDING: "funds", "expected": "expected donation", "sponsor": "sponsor"}
MODE_LABELS = {"air": "By plane", "land": "By land"}
MINUS = "\u2212"  # a typographic minus, for a change set as text


def relation_word(relation: str) -> str:
    """'funds', 'expected donation', 'sponsor'; an unknown code in words."""
    return RELATION_WORDS.get(relation, relation.replace("_", " "))


def relation_note(relation: str) -> str:
    """What a reader is told beside a programme: nothing for plain funding, else the relation's word."""
    return "" if relation == FUNDING else relation_word(relation)


def mode_label(mode: str) -> str:
    """'By plane' for 'air'; an unknown mode as its code."""
    return MODE_LABELS.get(mode, mode)


def tally_headline(counts: Mapping[CheckStatus, int]) -> str:
    """'12 consistency checks: 2 contradictions in the newsletter · 1 reworded'."""
    return (
        f"{sum(counts.values())} consistency checks: {counts[CheckStatus.INCONSISTENT]} contradictions in the "
        f"newsletter · {counts[CheckStatus.WORDING_DIFFERS]} reworded"
    )


def tally_detail(counts: Mapping[CheckStatus, int]) -> str:
    """'8 consistent · 1 with parts not itemised · 2 not comparable (they count different things)'."""
    return (
        f"{counts[CheckStatus.CONSISTENT]} consistent · {counts[CheckStatus.NOT_ITEMISED]} with parts not itemised · "
        f"{counts[CheckStatus.NOT_COMPARABLE]} not comparable (they count different things)"
    )


def change_counts(counts: ChangeCounts, noun: str = "") -> str:
    """'3 moved · 2 new · 1 no longer reported · 40 unchanged' (``noun``: '3 figures moved…')."""
    moved = f"{counts.moved} {noun} moved" if noun else f"{counts.moved} moved"
    return f"{moved} · {counts.new} new · {counts.stopped} no longer reported · {counts.unchanged} unchanged"


def with_minus(signed: str) -> str:
    """A signed change with a typographic minus: '−92'."""
    return MINUS + signed[1:] if signed.startswith("-") else signed


def change_text(change: Change) -> str:
    """'+380 since Nov 2004', '−92 since Nov 2004', 'new', or '' in the first edition stored."""
    if change.kind is ChangeKind.FIRST_EDITION:
        return ""
    if change.kind is ChangeKind.NEW or change.difference is None or change.previous_edition is None:
        return "new"
    return f"{with_minus(signed_number(change.difference))} since {month_label(change.previous_edition)}"


def progress_text(progress: float | None) -> str:
    """'92%' of a target; '' where progress cannot be stated (a range, a ratio, a zero target)."""
    return "" if progress is None else f"{progress:.0%}"


def code_text(column: str, code: str, names: dict[str, dict[str, str]]) -> str:
    """A breakdown's code in words, saying which breakdown where a bare code would not ('phase II')."""
    text = code_label(column, code, names)
    return f"{column} {text}" if column == "phase" else text


def breakdown_words(figure: Mapping[str, Any], names: dict[str, dict[str, str]], skip: Sequence[str] = ()) -> str:
    """A figure's breakdowns in words, phases named as phases: 'northern Kosovo, phase I, implemented'."""
    return ", ".join(code_text(c, figure[c], names) for c in BREAKDOWNS if figure[c] and c not in skip)


@dataclass(frozen=True)
class ResultWords:
    """A donor's figure as page and brief both say it (``lib.summary.IndicatorResult`` in words)."""

    programme: str
    indicator: str
    breakdown: str
    achieved: str
    basis: str
    target: str  # '' without a target
    progress: str  # '92%'; '' without a target, or where progress cannot be stated
    change: str  # '+380 since Nov 2004', 'new', or '' in the first edition


def result_words(result: IndicatorResult, catalogue: Catalogue, names: dict[str, dict[str, str]]) -> ResultWords:
    """The words of one result: its indicator, breakdown, the figure and its target as stated, progress, change."""
    figure, target = result.figure, result.target
    return ResultWords(
        programme=catalogue.programme(str(figure["programme"])),
        indicator=catalogue.indicator(str(figure["indicator"])),
        breakdown=breakdown_words(figure, names),
        achieved=format_value(pd.Series(figure), catalogue.units.get(str(figure["indicator"]), "")),
        basis=basis_label(pd.Series(figure)),
        target="" if target is None else format_value(pd.Series(target), catalogue.units.get(target["indicator"], "")),
        progress=progress_text(result.progress),
        change=change_text(result.change),
    )

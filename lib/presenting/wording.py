"""Words the pages and the briefs share, from the codes of ``lib.summary``: how a donor is linked to a programme,
a mode of return, the consistency-check tally, a change since an earlier edition, progress against a target,
a figure's breakdown. One place for each, so page and brief say the same thing (and a translation has one home).

Every text is in the reader's language (``lib.i18n``); the word lists are marked with ``N_`` and translated where
they are used.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from lib.dataset.catalogue import Catalogue
from lib.dataset.checks import BREAKDOWNS, CheckStatus
from lib.i18n import N_, _, ngettext, translated
from lib.i18n.active import data_text
from lib.presenting.formats import format_number, month_label, signed_number
from lib.presenting.present import BASIS_WORDS, basis_label, code_label, date_label, format_value
from lib.summary.changes import Change, ChangeKind
from lib.summary.donor import IndicatorResult
from lib.summary.edition import ChangeCounts

FUNDING = "funding"
RELATION_WORDS = {FUNDING: N_("funds"), "expected": N_("expected donation"), "sponsor": N_("sponsor")}
MODE_LABELS = {"air": N_("By plane"), "land": N_("By land")}
MINUS = "\u2212"  # a typographic minus, for a change set as text


def relation_word(relation: str) -> str:
    """'funds', 'expected donation', 'sponsor'; an unknown code in words."""
    return translated(RELATION_WORDS[relation]) if relation in RELATION_WORDS else relation.replace("_", " ")


def relation_note(relation: str) -> str:
    """What a reader is told beside a programme: nothing for plain funding, else the relation's word."""
    return "" if relation == FUNDING else relation_word(relation)


def donors_text(links: pd.DataFrame | None, catalogue: Catalogue, programme_id: str) -> str:
    """Who funds a programme, as a reader reads it: 'EAR, Sweden (expected donation), Italy (sponsor)'; '' where
    the donor tables are unreadable (``links``: programme_donors.csv)."""
    if links is None or not catalogue.donors:
        return ""
    rows = links.loc[links["programme_id"] == programme_id]
    return ", ".join(
        catalogue.donor(donor) + (f" ({note})" if (note := relation_note(relation)) else "")
        for donor, relation in zip(rows["donor_id"], rows["relation"], strict=True)
    )


def mode_label(mode: str) -> str:
    """'By plane' for 'air'; an unknown mode as its code."""
    return translated(MODE_LABELS[mode]) if mode in MODE_LABELS else mode


def tally_headline(counts: Mapping[CheckStatus, int]) -> str:
    """'12 consistency checks: 2 contradictions in the newsletter · 1 reworded'."""
    return _(
        "%(checks)s consistency checks: %(contradictions)s contradictions in the newsletter · %(reworded)s reworded",
        checks=format_number(sum(counts.values())),
        contradictions=format_number(counts[CheckStatus.INCONSISTENT]),
        reworded=format_number(counts[CheckStatus.WORDING_DIFFERS]),
    )


def tally_detail(counts: Mapping[CheckStatus, int]) -> str:
    """'8 consistent · 1 with parts not itemised · 2 not comparable (they count different things)'."""
    return _(
        "%(consistent)s consistent · %(not_itemised)s with parts not itemised · %(not_comparable)s not comparable "
        "(they count different things)",
        consistent=format_number(counts[CheckStatus.CONSISTENT]),
        not_itemised=format_number(counts[CheckStatus.NOT_ITEMISED]),
        not_comparable=format_number(counts[CheckStatus.NOT_COMPARABLE]),
    )


def change_counts(counts: ChangeCounts, of_figures: bool = False) -> str:
    """'3 moved · 2 new · 1 no longer reported · 40 unchanged' ('3 figures moved…' ``of_figures``, '1 figure moved…'
    where one did)."""
    numbers = {
        "moved": format_number(counts.moved),
        "new": format_number(counts.new),
        "stopped": format_number(counts.stopped),
        "unchanged": format_number(counts.unchanged),
    }
    if of_figures:
        return ngettext(
            "%(moved)s figure moved · %(new)s new · %(stopped)s no longer reported · %(unchanged)s unchanged",
            "%(moved)s figures moved · %(new)s new · %(stopped)s no longer reported · %(unchanged)s unchanged",
            counts.moved,
            **numbers,
        )
    return _("%(moved)s moved · %(new)s new · %(stopped)s no longer reported · %(unchanged)s unchanged", **numbers)


def with_minus(signed: str) -> str:
    """A signed change with a typographic minus: '−92'."""
    return MINUS + signed[1:] if signed.startswith("-") else signed


def difference_text(difference: float, previous_edition: str) -> str:
    """'+380 since Nov 2004', '−92 since Nov 2004': a difference from a figure of ``previous_edition``."""
    return _(
        "%(difference)s since %(edition)s",
        difference=with_minus(signed_number(difference)),
        edition=month_label(previous_edition),
    )


def change_text(change: Change) -> str:
    """'+380 since Nov 2004', '−92 since Nov 2004', 'new', or '' in the first edition stored."""
    if change.kind is ChangeKind.FIRST_EDITION:
        return ""
    if change.kind is ChangeKind.NEW or change.difference is None or change.previous_edition is None:
        return _("new")
    return difference_text(change.difference, change.previous_edition)


def progress_percent(progress: float) -> int:
    """The percentage of a target to show: rounded, but never 100 while short of it (99.6% shows as 99, which
    does not read as the target met)."""
    shown = round(100 * progress)
    return 99 if shown >= 100 and progress < 1 else shown


def progress_text(progress: float | None) -> str:
    """'92%' of a target; '' where progress cannot be stated (a range, a ratio, a zero target)."""
    return "" if progress is None else f"{progress_percent(progress)}%"


def of_target_text(achieved: Mapping[str, Any], target: Mapping[str, Any]) -> str:
    """'49 of 53': an achieved figure against its single-number target."""
    return _(
        "%(achieved)s of %(target)s",
        achieved=format_number(float(achieved["value"])),
        target=format_number(float(target["value"])),
    )


def series_basis(basis: str, months: int | None, since: str | None) -> str:
    """What every figure of a series is, from its basis code and ``lib.summary.Period``: '3-month period',
    'cumulative since Jun 1999', 'year to date since 1 Jan 2004', 'point in time' (a level), 'target'."""
    if basis == "period":
        return _("%(months)s-month period", months=format_number(months)) if months else _("period")
    if basis == "point_in_time":
        return _("point in time")
    if basis == "cumulative" and since:
        return _("cumulative since %(date)s", date=date_label(since))
    if basis == "year_to_date" and since:
        return _("year to date since %(date)s", date=date_label(since))
    return translated(BASIS_WORDS[basis]) if basis in BASIS_WORDS else basis.replace("_", " ")


def trend_basis(basis: str, months: int | None, since: str | None) -> str:
    """What each point of a trend is: 'each a 3-month period', "each edition's period", 'cumulative since Jun
    1999', "as of each edition's date"."""
    if basis == "period":
        return (
            _("each a %(months)s-month period", months=format_number(months)) if months else _("each edition's period")
        )
    if basis == "point_in_time":
        return _("as of each edition's date")
    return series_basis(basis, months, since)


def code_text(column: str, code: str, names: dict[str, dict[str, str]]) -> str:
    """A breakdown's code in words, saying which breakdown where a bare code would not ('phase II')."""
    text = code_label(column, code, names)
    return _("phase %(phase)s", phase=text) if column == "phase" else text


def breakdown_words(figure: Mapping[str, Any], names: dict[str, dict[str, str]], skip: Sequence[str] = ()) -> str:
    """A figure's breakdowns in words, phases named as phases: 'northern Kosovo, phase I, implemented'."""
    return ", ".join(code_text(c, figure[c], names) for c in BREAKDOWNS if figure[c] and c not in skip)


def fixed_words(breakdown: Sequence[tuple[str, str]], names: dict[str, dict[str, str]]) -> str:
    """The breakdowns a series fixes ((column, code) pairs, as ``lib.summary`` gives them) in words, as
    ``breakdown_words`` says them."""
    return ", ".join(code_text(column, code, names) for column, code in breakdown)


def results_heading(figures: int, rows: int, targets: int) -> str:
    """'51 figures: 49 rows, 2 targets each in its figure's row': a donor's figures, the rows they make, and the
    targets that share a row with the figure measured against them."""
    said = {
        "figures": ngettext("%(count)s figure", "%(count)s figures", figures, count=format_number(figures)),
        "rows": ngettext("%(count)s row", "%(count)s rows", rows, count=format_number(rows)),
    }
    if targets:
        in_rows = ngettext(
            "%(count)s target each in its figure's row",
            "%(count)s targets each in its figure's row",
            targets,
            count=format_number(targets),
        )
        return _("%(figures)s: %(rows)s, %(targets)s", targets=in_rows, **said)
    return _("%(figures)s: %(rows)s", **said)


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
        programme=data_text(catalogue.programme(str(figure["programme"]))),
        indicator=data_text(catalogue.indicator(str(figure["indicator"]))),
        breakdown=breakdown_words(figure, names),
        achieved=format_value(pd.Series(figure), catalogue.units.get(str(figure["indicator"]), "")),
        basis=basis_label(pd.Series(figure)),
        target="" if target is None else format_value(pd.Series(target), catalogue.units.get(target["indicator"], "")),
        progress=progress_text(result.progress),
        change=change_text(result.change),
    )

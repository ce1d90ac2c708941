"""From a number read for its meaning to the row it would be stored as: a ``Proposal`` with its confidence and its
reasons in words, or no row, with why.

``propose`` takes what ``lib.newsletters.meaning`` read of a number (``NumberMeaning``) and the ``Context`` the text
has built so far (the section's programme and period, the numbers before it in the sentence): a stored indicator
where one fits (a list's items, a part of a count, an elided noun count what the count before them counts), a
proposed new indicator for a share no stored indicator holds, the programme, the breakdown and the basis and period.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from lib.i18n import N_, _
from lib.newsletters.lexicon import Code
from lib.newsletters.meaning import PLACE_ORDER, Knowledge, NumberMeaning
from lib.newsletters.periods import Period
from lib.newsletters.sentences import Sentence
from lib.newsletters.vocabulary import IndicatorFit, proposed_share, share_indicator
from lib.newsletters.wording import decimal

# The reason given where the programme is a guess starts so (in English, the language the rules read reasons in).
GUESSED = "the programme whose stored figures count"
MEANING_ONLY_MAX = 0.75  # the most a proposal read for its meaning alone is trusted (0-1)
MIN_FIT = 0.22  # below this no stored indicator is proposed for a count: it is left for the officer, with reasons
MIN_MARGIN = 0.03  # nor where the second indicator fits about as well


@dataclass
class Proposal:
    """A number's proposed row (figures.csv columns that carry meaning), how sure, and why in words."""

    programme: str = ""
    indicator: str = ""
    basis: str = ""
    period_start: str = ""
    period_end: str = ""
    breakdown: dict[str, str] = field(default_factory=dict)
    confidence: float = 0.0
    reasons: list[str] = field(default_factory=list)
    new_indicator: dict[str, str] | None = None  # a proposed catalogue row, where no stored indicator fits
    programme_guessed: bool = False  # from the indicator's stored figures alone, not named by the text
    left: str = ""  # why no row is proposed ('' when one is)

    @classmethod
    def of_row(cls, row: dict[str, str], breakdown_columns: tuple[str, ...]) -> Proposal:
        """A drafted row as what later numbers read it by (a part of it, a share of it)."""
        breakdown = {column: row[column] for column in breakdown_columns if row.get(column)}
        return cls(row["programme"], row["indicator"], row["basis"], row["period_start"], row["period_end"], breakdown)


@dataclass
class Context:
    """What the reading carries from sentence to sentence within a section."""

    section: str = ""
    programme: str = ""
    programme_words: str = ""
    last_period: Period | None = None
    document_period: Period | None = None  # the first period the text named: later sections without one are in it
    document_programme: tuple[str, str] = ("", "")  # the programme a report's title names, and its words
    previous: Proposal | None = None  # the proposal of the number just before, in this sentence
    earlier: list[tuple[NumberMeaning, Proposal]] = field(default_factory=list)  # this sentence's, so far
    last_count: Proposal | None = None  # the section's last count placed (for 'Of them, 42% …')


def propose(
    sentence: Sentence, index: int, meaning: NumberMeaning, knowledge: Knowledge, edition: Period, context: Context
) -> Proposal:
    """The row a number would be stored as, read for its meaning alone (no stored figure continued)."""
    if meaning.not_figure:
        return Proposal(left=meaning.not_figure, reasons=[meaning.not_figure])
    meaning = _with_programme_prior(sentence, meaning, knowledge, context)
    listed = _parallel(meaning, context) if meaning.kind == "percent" and not meaning.shares_previous else None
    indicator, new, reasons, fit = ("", None, [], 0.0) if listed else _indicator(meaning, knowledge, context)
    parallel = listed or (None if indicator else _parallel(meaning, context))
    whole = None if listed or indicator or parallel else part_of(sentence, index, meaning, context)
    parallel = parallel or whole
    broken_down = any(column in PLACE_ORDER for column, _code in meaning.codes)
    if parallel is None and not indicator and (meaning.elided or broken_down) and meaning.kind == "count":
        # '45 projects to date: 35 are finished and 10 are still running'; 'nine patients: four went to Italy,
        # three to Switzerland'; 'Moldova …, with 21 women': a part of the count before it, by its breakdown
        parallel = next((p for e, p in reversed(context.earlier) if e.kind == "count" and p.indicator), None)
        parallel = parallel or context.last_count
    if parallel is not None:  # 'Germany … 1,123 returnees, …, followed by Switzerland (262': the same list
        indicator, fit, new = parallel.indicator, 0.3, parallel.new_indicator
        reasons = [
            _(
                "counts what the number before it counts (%(indicator)s): a list or a part of it",
                indicator=parallel.indicator,
            )
        ]
    if not indicator:
        return Proposal(left=reasons[-1], reasons=reasons)
    programme, message, values = _chosen_programme(sentence, indicator, meaning, knowledge, context, parallel)
    if not programme:
        return Proposal(
            left=_("no programme named or known for it"), reasons=[*reasons, _("no programme found for it")]
        )
    reasons.append(_(message, **values))
    programme_reason = message % values if values else message  # in English: what the rules below read
    column = new["indicator_id"].rsplit("_by_", 1)[-1] if new and "_by_" in new["indicator_id"] else ""
    breakdown, breakdown_reasons = _breakdown(
        meaning, knowledge.columns_of(indicator) if not new else {column}, new is None and meaning.kind == "count"
    )
    reasons += breakdown_reasons + _inherited(whole, breakdown)
    basis, start, end, time_reason = _period(meaning, indicator, edition, context, knowledge)
    reasons.append(time_reason)
    # Read for its meaning alone, a number is never 'sure': it always asks for a look (below drafts.SURE).
    confidence = min(
        MEANING_ONLY_MAX, 0.2 + fit + (0.1 if "named" in programme_reason else 0.0) + (0.1 if meaning.time else 0)
    )
    guessed = programme_reason.startswith(GUESSED)
    return Proposal(
        programme,
        indicator,
        basis,
        start,
        end,
        breakdown,
        round(confidence, 2),
        reasons,
        new,
        programme_guessed=guessed,
    )


def _inherited(whole: Proposal | None, breakdown: dict[str, str]) -> list[str]:
    """'24 foreign victims …, 10 of them': the part is of its whole's breakdown too, where it names none of its own
    in that column (``breakdown`` is completed in place); the reason, if any."""
    inherited = {c: v for c, v in whole.breakdown.items() if c not in breakdown and c != "status"} if whole else {}
    breakdown.update(inherited)
    return [_("breakdown of the count it is part of")] if inherited else []


def _chosen_programme(
    sentence: Sentence,
    indicator: str,
    meaning: NumberMeaning,
    knowledge: Knowledge,
    context: Context,
    parallel: Proposal | None,
) -> tuple[str, str, dict[str, str]]:
    """The programme, and why (the reason's English message, marked for translation, and its values): the list
    item's before it, the programme of the count a share is of, else ``_programme``'s."""
    if parallel is not None:
        return parallel.programme, N_("programme of the item before it in the list"), {}
    if meaning.kind == "percent" and meaning.shares_previous and context.previous and context.previous.programme:
        return context.previous.programme, N_("programme of the count it is a share of"), {}
    return _programme(sentence, indicator, meaning, knowledge, context)


def _parallel(meaning: NumberMeaning, context: Context) -> Proposal | None:
    """An earlier number of the sentence of the same kind, broken down by the same column: a list's first item."""
    columns = {column for column, _code in meaning.codes}
    for earlier, proposal in reversed(context.earlier):
        if earlier.kind == meaning.kind and proposal.indicator and columns & {c for c, _code in earlier.codes}:
            return proposal
    return None


PROGRAMME_PRIOR = 0.1  # how much an indicator the programme in question already reports is preferred


def _with_programme_prior(
    sentence: Sentence, meaning: NumberMeaning, knowledge: Knowledge, context: Context
) -> NumberMeaning:
    """The fits re-ranked: an indicator the programme named (in the sentence, else the section) already reports
    is preferred ('brought 472 Kosovars home' in the returns programme counts returnees, not IDPs returned home)."""
    named = knowledge.programmes.named_in(sentence.text)
    programme = named[0][0] if named else (context.programme or meaning.programme)
    if not programme:
        return meaning
    reports = {i for i, users in knowledge.programmes.by_indicator.items() if programme in users}
    fits = [
        IndicatorFit(f.indicator, f.score + (PROGRAMME_PRIOR if f.indicator in reports else 0.0), f.words)
        for f in meaning.fits
    ]
    return replace(meaning, fits=tuple(sorted(fits, key=lambda f: -f.score)))


_PART = re.compile(
    r"\b(?:of\s+(?:them|which|whom|these|those)|among\s+them|including|out\s+of\s+which)\b", re.IGNORECASE
)


def part_of(sentence: Sentence, index: int, meaning: NumberMeaning, context: Context) -> Proposal | None:
    """The count a number is part of: '472 Kosovars … 441 of them flew', 'of which 441', 'including 12'; or, first
    in its sentence, 'accounted for 21 of them' after the sentence that gave the count."""
    number = sentence.numbers[index]
    start = sentence.numbers[index - 1].end if index else 0
    around = sentence.text[start : number.start] + sentence.text[number.end : number.end + 16]
    if not _PART.search(around):
        return None
    earlier = next((p for e, p in reversed(context.earlier) if e.kind == meaning.kind and p.indicator), None)
    return earlier if earlier is not None or index else context.last_count


def _share(
    meaning: NumberMeaning, knowledge: Knowledge, context: Context
) -> tuple[str, dict[str, str] | None, list[str], float]:
    """A percentage: a share of the count before it (or of what its words count), kept in a stored share indicator
    of that count and breakdown, else in a proposed new one; never in another indicator."""
    base = context.previous.indicator if meaning.shares_previous and context.previous else ""
    reason = _("a share of the count before it (%(indicator)s)", indicator=base) if base else ""
    if meaning.shares_previous and not base:
        return "", None, [_("a share of the number before it, which could not be placed")], 0.0
    if not base and meaning.of_them and context.last_count is not None:
        base = context.last_count.indicator  # 'Of them, 42% settled in Prizren': the count the text just gave
        reason = _("a share of the count before it (%(indicator)s)", indicator=base)
    if not base:
        counts = meaning.share_of
        if (
            counts
            and counts[0].score >= MIN_FIT
            and (len(counts) < 2 or counts[0].score - counts[1].score >= MIN_MARGIN)
        ):
            base = counts[0].indicator
        reason = _("a share of %(indicator)s, by its words", indicator=base) if base else ""
    if not base:
        return "", None, [_("a percentage, but of what count the text does not say near it")], 0.0
    column = next((c for c in (*PLACE_ORDER, "sector") if any(code[0] == c for code in meaning.codes)), "")
    programme = context.previous.programme if context.previous else context.programme
    stored = share_indicator(base, column, programme, knowledge.figures, knowledge.vocabulary)
    if stored:
        return stored, None, [reason, _("stored share indicator '%(indicator)s'", indicator=stored)], 0.35
    new = proposed_share(base, column, knowledge.vocabulary, knowledge.hxl)
    if new["indicator_id"] in knowledge.vocabulary.units:  # the catalogue has it already: it is that indicator
        return (
            new["indicator_id"],
            None,
            [reason, _("stored share indicator '%(indicator)s'", indicator=new["indicator_id"])],
            0.35,
        )
    return (
        new["indicator_id"],
        new,
        [reason, _("no stored indicator keeps this share: proposed new '%(label)s'", label=new["label"])],
        0.3,
    )


def _indicator(
    meaning: NumberMeaning, knowledge: Knowledge, context: Context
) -> tuple[str, dict[str, str] | None, list[str], float]:
    """The stored indicator the number counts, a proposed new share indicator, or none, with the reasons."""
    fits = meaning.fits
    if meaning.kind == "percent":
        return _share(meaning, knowledge, context)
    if meaning.kind == "duration" and meaning.unit_word:
        same_unit = [f for f in fits if knowledge.vocabulary.units.get(f.indicator) == meaning.unit_word]
        if len(same_unit) == 1:  # 'two days each': the one indicator kept in days
            only = same_unit[0].indicator
            kept = _(
                "a length in %(unit)s: '%(indicator)s' is the one indicator kept in them",
                unit=meaning.unit_word,
                indicator=only,
            )
            return only, None, [kept], 0.3
    if not fits or fits[0].score < MIN_FIT:
        weak = (
            _(
                "its words fit no stored indicator well enough (closest: %(indicator)s, fit %(fit)s)",
                indicator=fits[0].indicator,
                fit=decimal(fits[0].score),
            )
            if fits
            else _("its words fit no stored indicator well enough")
        )
        return "", None, [weak], 0.0
    best = fits[0]
    if len(fits) > 1 and fits[0].score - fits[1].score < MIN_MARGIN:
        last = context.last_count.indicator if context.last_count else ""
        if last not in (fits[0].indicator, fits[1].indicator):
            tied = _(
                "its words fit %(first)s and %(second)s about as well",
                first=fits[0].indicator,
                second=fits[1].indicator,
            )
            return "", None, [tied], 0.0
        best = fits[0] if fits[0].indicator == last else fits[1]  # the one the section was counting
    if not set(meaning.counted) & knowledge.vocabulary.heads.get(best.indicator, set()):
        other = (
            _(
                "the words after it (%(words)s) are not what %(indicator)s counts",
                words=" ".join(meaning.counted),
                indicator=best.indicator,
            )
            if " ".join(meaning.counted)
            else _("the words after it (nothing) are not what %(indicator)s counts", indicator=best.indicator)
        )
        return "", None, [other], 0.0
    counts = _(
        "counts what '%(indicator)s' counts (words %(words)s; fit %(fit)s)",
        indicator=best.indicator,
        words=", ".join(best.words[:4]),
        fit=decimal(best.score),
    )
    return best.indicator, None, [counts], min(0.45, best.score)


def _programme(
    sentence: Sentence, indicator: str, meaning: NumberMeaning, knowledge: Knowledge, context: Context
) -> tuple[str, str, dict[str, str]]:
    """The programme: named in the sentence, else the one the section was about, else the heading's, else the one
    whose stored figures count this indicator broken down the same way; and why, as the reason's English message
    (marked for translation) and its values."""
    named = knowledge.programmes.named_in(sentence.text)
    if named:
        return named[0][0], N_("programme named: '%(words)s'"), {"words": named[0][1]}
    users = knowledge.programmes.by_indicator.get(indicator, ())
    if context.programme:  # named by the section's heading, an earlier sentence or the report's title
        return context.programme, N_("programme of the section ('%(words)s')"), {"words": context.programme_words}
    heading = knowledge.programmes.heading_of(sentence.section)[0]
    if heading and (not users or heading in users):
        return heading, N_("programme from the heading '%(heading)s'"), {"heading": sentence.section[:60]}
    if users:
        same = [p for p in users if _same_breakdown(knowledge, p, indicator, meaning.codes)]
        chosen = (same or list(users))[0]
        if same:  # the reason starts with GUESSED, in English
            return (
                chosen,
                N_("the programme whose stored figures count '%(indicator)s' with the same breakdown"),
                {"indicator": indicator},
            )
        return chosen, N_("the programme whose stored figures count '%(indicator)s'"), {"indicator": indicator}
    return context.programme or heading, N_("programme of the section"), {}


def _same_breakdown(knowledge: Knowledge, programme: str, indicator: str, codes: frozenset[Code]) -> bool:
    if knowledge.figures is None or not codes:
        return False
    rows = knowledge.figures.loc[
        (knowledge.figures["programme"] == programme) & (knowledge.figures["indicator"] == indicator)
    ]
    return any(column in rows and (rows[column] == code).any() for column, code in codes)


def _breakdown(
    meaning: NumberMeaning, columns: set[str], any_country: bool = False
) -> tuple[dict[str, str], list[str]]:
    """The breakdown columns the words name, where the indicator is broken down that way (a count by any country:
    '14 victims from Moldova')."""
    chosen: dict[str, str] = {}
    reasons = []
    allowed = columns | ({"country"} if any_country else set())
    for phrase in meaning.phrases:
        options = sorted((c for c in phrase.codes if c[0] != "status"), key=lambda c: _column_rank(c[0], columns))
        usable = [c for c in options if c[0] in allowed]
        if usable and usable[0][0] not in chosen:
            chosen[usable[0][0]] = usable[0][1]
            reasons.append(_("%(column)s from '%(words)s'", column=usable[0][0], words=phrase.words))
    if meaning.status[0] and "status" in columns:
        chosen["status"] = meaning.status[0]
        reasons.append(_("%(column)s from '%(words)s'", column="status", words=meaning.status[1]))
    return chosen, reasons


def _column_rank(column: str, columns: set[str]) -> tuple[int, int]:
    return (0 if column in columns else 1, PLACE_ORDER.index(column) if column in PLACE_ORDER else 9)


def _period(
    meaning: NumberMeaning, indicator: str, edition: Period, context: Context, knowledge: Knowledge
) -> tuple[str, str, str, str]:
    """Basis, start, end and the words they come from."""
    time = meaning.time
    if meaning.kind == "duration":
        return "parameter", "", "", _("a length of time: a programme rule, no period")
    if time is None and not (context.last_period or context.document_period) and meaning.kind == "count":
        usual = knowledge.usual_basis(indicator)  # no time words anywhere near: what this indicator usually is
        if usual in ("cumulative", "point_in_time"):
            kept = _(
                "%(basis)s: how '%(indicator)s' is kept (no time words)",
                basis=usual.replace("_", " "),
                indicator=indicator,
            )
            return usual, "", edition.end, kept
    if time is None:
        period = context.last_period or context.document_period or edition
        basis = "share" if meaning.kind == "percent" else "period"
        whose = (
            _("period: the period the section named before")
            if context.last_period
            else _("period: the period the text named first")
            if context.document_period
            else _("period: the edition's period (no time words)")
        )
        return basis, period.start, period.end, whose
    basis = "share" if meaning.kind == "percent" else time.basis
    start, end = time.period_start, time.period_end
    if basis == "share" and time.basis in ("to_date", "now") and context.last_period:
        start, end = context.last_period.start, context.last_period.end
    evidence = _("%(basis)s from '%(words)s'", basis=time.basis.replace("_", " "), words=" … ".join(time.evidence))
    return basis, start, end, evidence

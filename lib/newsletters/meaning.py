"""Each number of a newsletter read for what it means: what is counted, in which programme, broken down how, over
which period; and from that a proposed figures.csv row with its confidence and its reasons in words.

``Knowledge`` is what the data package teaches (``lexicon``, ``vocabulary``); ``read_numbers`` reads a sentence's
numbers (``NumberMeaning``: its kind, its breakdown and status words, its time words, the indicators its words fit,
whether it is a reference rather than a figure). ``lib.newsletters.proposals.propose`` turns one reading into a
``Proposal``: a stored indicator where one fits, a proposed new indicator for a share no stored indicator holds, or
no row at all, with the reasons why, where the evidence is weak (a wrong guess costs the officer more than a blank).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

import pandas as pd

from lib.dataset.rows import BREAKDOWNS
from lib.i18n import _
from lib.newsletters.lexicon import Code, Lexicon, Phrase, clues, codes_of
from lib.newsletters.numbers import Mention
from lib.newsletters.periods import Period
from lib.newsletters.sentences import Sentence, form_of
from lib.newsletters.timewords import TimeClue, TimeReading, last_named_period, reading, time_clues
from lib.newsletters.vocabulary import (
    IndicatorFit,
    IndicatorVocabulary,
    ProgrammeNames,
    context_of,
    context_words,
)

# Column preference where a name is several things ('Peja': a municipality, a region, an AoR).
PLACE_ORDER = ("country", "place", "municipality", "region", "aor", "area")
# Words beside a number that make it a reference, not a figure: 'page 14', 'Regulation 2001/4', 'extension 115'.
_REFERENCE_BEFORE = re.compile(
    r"(?:\b(?:page|pages|p\.|extension|ext\.|regulation|resolution|article|no\.|tel\.?|phone|fax|room|"
    r"module|annex|chapter|section|table|figure|level|box)|[/+]|\+\d+\s|\d\s)\s*$",
    re.IGNORECASE,
)
_MONTHS = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_REFERENCE_AFTER = re.compile(
    rf"^(?:/\d|-?\s*pages?\b|-page\b|\s*heures\b|\)|\s*{_MONTHS}\b|(?:st|nd|rd|th)\b|\.\d{{2,4}}\b|"
    rf"\s*(?:-|–|to|and)\s*\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS}\b|\s\d{{2,3}}\s\d{{3}}\b)",
    re.IGNORECASE,
)


_ELIDED = re.compile(r"\s+(?:are|were|is|was|have|has|had|will|more|already|still|so far)\b", re.IGNORECASE)
_NEW_CLAUSE = re.compile(r"\b(?:will|while|whereas|but|further|yet|still|is|are|was|were|has|have)\b", re.I)
_OF_THEM = re.compile(r"\bof\s+(?:them|these|those|which|whom)\b", re.IGNORECASE)  # noqa: RUF100


@dataclass(frozen=True)
class Knowledge:
    """What the data package teaches a draft: the breakdown lexicon, the indicators' and programmes' words."""

    lexicon: Lexicon
    vocabulary: IndicatorVocabulary
    programmes: ProgrammeNames
    figures: pd.DataFrame | None
    hxl: dict[str, str]
    by_indicator: dict[str, tuple[str, frozenset[str]]]  # usual basis and breakdown columns (``_by_indicator``)

    @classmethod
    def of(cls, tables: dict[str, pd.DataFrame]) -> Knowledge:
        indicators = tables.get("indicators")
        hxl = {} if indicators is None else dict(zip(indicators["indicator_id"], indicators["hxl"], strict=True))
        figures = tables.get("figures")
        return cls(
            Lexicon.of(tables),
            IndicatorVocabulary.of(tables),
            ProgrammeNames.of(tables),
            figures,
            hxl,
            _by_indicator(figures),
        )

    def usual_basis(self, indicator: str) -> str:
        """The basis most stored figures of ``indicator`` have ('' where none is stored)."""
        return self.by_indicator.get(indicator, ("", frozenset()))[0]

    def columns_of(self, indicator: str) -> set[str]:
        """The breakdown columns the stored figures of ``indicator`` use."""
        return set(self.by_indicator.get(indicator, ("", frozenset()))[1])


def _by_indicator(figures: pd.DataFrame | None) -> dict[str, tuple[str, frozenset[str]]]:
    """Each indicator's usual basis and the breakdown columns its stored figures use, worked out once per draft (a
    filter of the whole table for every number made a dense 50 KB text take 9 s)."""
    if figures is None or not len(figures):
        return {}
    found = {}
    for indicator, rows in figures.groupby("indicator"):
        columns = {c for c in BREAKDOWN_COLUMNS if c in rows and rows[c].astype(str).str.strip().ne("").any()}
        found[str(indicator)] = (str(rows["basis"].mode().iloc[0]) if len(rows) else "", frozenset(columns))
    return found


# The breakdowns the words around a number can state; a phase, a scope or a donor is said by the heading or the
# programme, not there.
BREAKDOWN_COLUMNS = tuple(column for column in BREAKDOWNS if column not in ("phase", "scope", "donor"))


@dataclass(frozen=True)
class NumberMeaning:
    """What the text says about one number."""

    kind: str  # 'count', 'percent', 'duration', 'money', 'ratio'
    phrases: tuple[Phrase, ...]  # breakdown words that belong to it
    codes: frozenset[Code]  # the codes they name (status left out)
    status: tuple[str, str]  # (code, words) or ('', '')
    time: TimeReading | None
    fits: tuple[IndicatorFit, ...]  # stored indicators its words fit, best first
    not_figure: str  # why it is a reference and not a figure ('' when it may be one)
    shares_previous: bool  # a percentage right after a count: a share of that count
    of_them: bool = False  # 'Of them, 42% …', 'of which 20%': a share of the count the text gave before
    programme: str = ""  # the programme its section is about, as the text names it ('' where it names none)
    counted: tuple[str, ...] = ()  # the stems of the two words after it: what it counts ('Kosovars', 'returned')
    elided: bool = False  # no noun follows: '35 are finished and 10 are still running' (it counts what came before)
    counts: frozenset[str] = frozenset()  # the indicators whose nouns are among those words
    known: frozenset[str] = frozenset()  # the indicators whose nouns the data says (an empty vocabulary judges none)
    share_of: tuple[IndicatorFit, ...] = ()  # a percentage's: the counts its words fit, best first
    unit_word: str = ""  # a length of time's unit as the data writes it ('days', 'years')
    # The scope the sentence set before it, where it names none of its own: 'In northern Kosovo CSP I saw 53
    # projects, chiefly in production (39)': 39 is the north's, in phase I.
    scope: frozenset[Code] = frozenset()


def read_numbers(
    sentence: Sentence, knowledge: Knowledge, edition: Period, last: Period | None, programme: str = ""
) -> list[NumberMeaning]:
    """Each number of ``sentence`` read for meaning; ``last``: the last period the section named before it;
    ``programme``: the one the section is about."""
    text, numbers = sentence.text, sentence.numbers
    phrases = knowledge.lexicon.phrases(text)  # once per sentence, for the breakdowns and the statuses
    owned = clues(text, numbers, knowledge.lexicon, phrases)
    said = [(p, code[1]) for p in phrases for code in p.codes if code[0] == "status"]
    times = time_clues(text, edition, last)
    found = []
    for index, number in enumerate(numbers):
        kind = _kind(sentence, index)
        status = next(((c[1], p.words) for p in owned[index] for c in p.codes if c[0] == "status"), ("", ""))
        before = [(p, code) for p, code in said if p.end <= number.start]
        if (
            not status[0] and len({code for _phrase, code in before}) == 1
        ):  # 'approved 38 … of which 21 …': it holds on,
            between = text[before[-1][0].end : number.start]  # unless a new clause says otherwise ('a further 3 will')
            if not _NEW_CLAUSE.search(between):
                status = (before[-1][1], before[-1][0].words)
        found.append(
            NumberMeaning(
                kind=kind,
                phrases=tuple(owned[index]),
                codes=codes_of(owned[index]),
                status=status,
                time=reading(text, numbers, index, times, edition),
                fits=tuple(knowledge.vocabulary.fits(context_of(text, numbers, index), kind))[:5],
                not_figure=_reference(text, number, times) or _numbering(sentence, number),
                shares_previous=bool(
                    index
                    and number.percent
                    and not numbers[index - 1].percent  # a share of a count, not of the share before it
                    and _close(text, numbers[index - 1], number)
                ),
                of_them=bool(_OF_THEM.search(text[numbers[index - 1].end if index else 0 : number.start])),
                programme=programme,
                counted=(counted := _counted(text, numbers, index)),
                elided=bool(_ELIDED.match(text[number.end : number.end + 20])),
                unit_word=_unit_word(text, number) if kind == "duration" else "",
                counts=frozenset(i for i, heads in knowledge.vocabulary.heads.items() if heads & set(counted)),
                known=frozenset(i for i, heads in knowledge.vocabulary.heads.items() if heads),
                share_of=tuple(knowledge.vocabulary.fits(context_of(text, numbers, index), "count"))[:3]
                if kind == "percent"
                else (),
            )
        )
    return _with_scope(found, phrases, numbers, knowledge.lexicon.phrases(sentence.lead) if sentence.lead else [])


SCOPE_COLUMNS = ("area", "phase", "region")


def _with_scope(
    found: list[NumberMeaning], phrases: list[Phrase], numbers: tuple[Mention, ...], lead: list[Phrase]
) -> list[NumberMeaning]:
    """Each number with the sentence's scope before it (one code of a scope column, named by a phrase before it or
    by the lead of the list the sentence is an item of), for the scope columns it does not name itself."""
    scoped = []
    led = [code for p in lead for code in p.codes if code[0] in SCOPE_COLUMNS]
    for meaning, number in zip(found, numbers, strict=True):
        own = {column for column, _code in meaning.codes}
        before = [code for p in phrases if p.end <= number.start for code in p.codes if code[0] in SCOPE_COLUMNS]
        before += [code for code in led if code[0] not in {column for column, _ in before}]
        scope = frozenset(
            code
            for column in SCOPE_COLUMNS
            if column not in own and len(codes := {c for c in before if c[0] == column}) == 1
            for code in codes
        )
        scoped.append(replace(meaning, scope=scope) if scope else meaning)
    return scoped


def read_text(
    sentences_: list[Sentence], knowledge: Knowledge, period: Period, title_programme: str = ""
) -> list[list[NumberMeaning]]:
    """Every sentence's numbers read for meaning, each section's named period carried to its later sentences; a
    section whose heading names no programme is about the one the report's title names (``title_programme``)."""
    found, section, last, programme = [], None, None, ""
    scope: frozenset[Code] = frozenset()  # the area, phase or region the section's last sentence was about
    for sentence in sentences_:
        if sentence.section != section:
            section, last, scope = sentence.section, None, frozenset()
            named = knowledge.programmes.named_in(sentence.section)
            programme = named[0][0] if named else knowledge.programmes.heading_of(sentence.section)[0]
            programme = programme or title_programme
        meanings = read_numbers(sentence, knowledge, period, last, programme)
        named_scope = _single_scope(meanings)
        if not named_scope and knowledge.programmes.named_in(sentence.text):
            scope = frozenset()  # '384 projects since SEDMIN started': the programme as a whole, not its last phase
        if not named_scope and scope:  # 'Community projects made up 25 of them': the last sentence's north, CSP I
            meanings = [_carried(m, scope) for m in meanings]
        found.append(meanings)
        scope = named_scope or scope
        last = section_period(sentence, period, last)
    return found


def _carried(meaning: NumberMeaning, scope: frozenset[Code]) -> NumberMeaning:
    """A number with the scope the section's last sentence set, in the columns it does not name itself."""
    own = {column for column, _ in meaning.codes}
    return replace(meaning, scope=meaning.scope | frozenset(c for c in scope if c[0] not in own))


def _single_scope(meanings: list[NumberMeaning]) -> frozenset[Code]:
    """The area, phase or region a sentence is about: a scope column it names one code of (a sentence that lists
    shares by region is about no one region)."""
    codes = {c for m in meanings for c in m.codes | m.scope if c[0] in SCOPE_COLUMNS}
    return frozenset(c for c in codes if sum(1 for o in codes if o[0] == c[0]) == 1)


def section_period(sentence: Sentence, edition: Period, last: Period | None) -> Period | None:
    """The period the section has named by the end of ``sentence`` (for 'in the same period' and for the numbers of
    later sentences without time words)."""
    return last_named_period(time_clues(sentence.text, edition, last)) or last


def _counted(text: str, numbers: tuple[Mention, ...], index: int) -> tuple[str, ...]:
    """What the number counts: the words after it, or where none follows ('aims to train a further 150 by the end
    of 2006'), the words before it."""
    before, after = context_words(text, numbers, index)
    if labelled(text, numbers[index]):  # 'Municipalities assessed: 19', 'Germany: 301 returnees': the label too
        return tuple(after[:2]) + tuple(before[:3])
    if re.match(r"\s*(?:by|in|during|before|until|for|over|[.,;:)]|$)", text[numbers[index].end :]):
        return tuple(before[-2:])
    return tuple(after[:3])


def labelled(text: str, number: Mention) -> bool:
    """'Vacancies found: 316 …', '- NGOs assessed as possible partners: 30': a label, a colon, then the number."""
    return bool(re.search(r":\s*(?:EUR|GBP|USD|CHF)?\s*[€£$]?$", text[max(0, number.start - 12) : number.start]))


def _unit_word(text: str, number: Mention) -> str:
    found = re.match(r"[\s-]*(day|week|month|year|hour)s?\b", text[number.end : number.end + 12], re.IGNORECASE)
    return f"{found.group(1).lower()}s" if found else ""


def _kind(sentence: Sentence, index: int) -> str:
    number = sentence.numbers[index]
    form = form_of(number, sentence.text)
    if form == "percent":
        return "percent"
    if form == "duration":
        return "duration"
    if form == "ratio":
        return "ratio"
    if re.search(
        r"(?:€|£|\$|EUR|GBP|USD|CHF|euros?|pounds?)", number.written + sentence.text[number.end : number.end + 8]
    ):
        return "money"
    return "count"


def _reference(text: str, number: Mention, times: Sequence[TimeClue] = ()) -> str:
    """Why the number is a reference and not a figure: a page, an article, a list's '2)', a date ('19-30 July'),
    or part of time words ('during the last three months'); '' where it may be a figure."""
    if any(
        c.start <= number.start < c.end
        for c in times
        if c.kind in ("edition", "range", "first_months", "half", "month", "since")
    ):
        return _("part of the time words, not a figure ('%(words)s')", words=number.written)
    before, after = text[max(0, number.start - 14) : number.start], text[number.end : number.end + 12]
    head = text[: number.start]
    # '2)' numbers a list; '(production 43, services 22, trade 6)' closes a parenthesis that opened before it
    enumerator = after.startswith(")") and head.count("(") <= head.count(")")
    if _REFERENCE_BEFORE.search(before) or (_REFERENCE_AFTER.search(after) and (enumerator or after[:1] != ")")):
        words = (before.split() or [""])[-1] + " " + number.written + after.split(" ")[0]
        return _("a reference, not a figure ('%(words)s')", words=words.strip())
    return ""


_NUMBERING = re.compile(r"(?:[A-Za-z]+\s+)?\d+(?:\.\d+)*\s*(?:[-–.:)]\s|\s)")


def _numbering(sentence: Sentence, number: Mention) -> str:
    """A heading's own number ('1.1 Assisted Voluntary Returns', 'HIGHLIGHT 2 - …', 'Part 3: …'): not a figure."""
    if sentence.text != sentence.section:
        return ""
    found = _NUMBERING.match(sentence.text)
    if found and number.end <= found.end():
        return _("a heading's number, not a figure ('%(words)s')", words=sentence.text[: found.end()].strip())
    return ""


def _close(text: str, previous: Mention, number: Mention) -> bool:
    """'1,123 returnees, or 61.0%', '96 of the trainees, or 40%': a share right after its count."""
    return len(re.findall(r"[A-Za-z]+", text[previous.end : number.start])) <= 4

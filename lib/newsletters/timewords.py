"""What a sentence's time words say of a number's basis and period, resolved against the edition's reporting period.

A small grammar, not a date parser: newsletters date figures in a few set ways — 'From January to December 2005'
(a period), 'in September 2004' (a month), 'since 1999' / 'to date' (cumulative), 'currently' (a point in time),
'this year' (year to date), 'aims to … by the end of 2006' (a target), 'over the past three months' (the edition's
own period), 'in the same period' (the last period the text named). Each clue keeps its words, so a proposal can
say where its period came from.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from lib.newsletters.numbers import Mention
from lib.newsletters.periods import Period

_MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|December)"
_YEAR = r"((?:19|20)\d\d)"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE if kind not in ("range", "month") else 0))
    for kind, pattern in (
        (
            "range",
            rf"\b(?:[Ff]rom|[Bb]etween|[Ff]or|[Dd]uring)?\s*(?:the\s+period\s+(?:of\s+|from\s+)?)?"
            rf"(?:0?1\s+)?{_MONTH}\s*{_YEAR}?\s*(?:to|and|until|till|through|-|–)\s*(?:the\s+end\s+of\s+|\d\d?\s+)?{_MONTH}"
            rf"(?:\s+{_YEAR}|(?!\s*\d))",  # without a year: the edition's ('between August and October')
        ),
        (
            "first_months",  # 'in the first ten months of 2004': from January to the end of the tenth month
            rf"\b(?:in|during|over|for)\s+the\s+first\s+(two|three|four|five|six|seven|eight|nine|ten|eleven|1[0-2]|[1-9])"
            rf"\s+months\s+of\s+{_YEAR}",
        ),
        ("half", rf"\b(?:in|during|over|for)\s+the\s+(first|second)\s+half\s+of\s+{_YEAR}"),
        ("since", rf"\b(?:since|counting\s+from|starting\s+from)\b(?:[^.;\d]{{0,40}}?)(?:{_MONTH}\s+)?{_YEAR}"),
        ("by_end", rf"\bby\s+the\s+end\s+of\s+(?:{_MONTH}\s+)?{_YEAR}"),
        ("month", rf"\b(?:[Ii]n|[Dd]uring|[Tt]hroughout)\s+{_MONTH}\s+{_YEAR}"),
        # 'During that May visit', 'In October, …': the month of that name the edition's period last went through
        ("month", rf"\b(?:[Ii]n|[Dd]uring|[Tt]hroughout)\s+(?:that\s+|this\s+)?{_MONTH}\b(?!\s*(?:\d|[-–]))()"),
        (
            "year",
            rf"\b(?:in|during|throughout|for|across)\s+(?:the\s+(?:whole\s+)?(?:of\s+)?)?(?:calendar\s+)?"
            rf"(?:year\s+)?{_YEAR}\b(?!\s+(?!its\b|was\b|has\b|is\b|as\b|this\b|thus\b)[a-z]+s\b)",
        ),
        (
            "edition",
            r"\b(?:(?:in|over|during)\s+(?:the|these)\s+(?:(?:past|last)\s+)?(?:three|3)\s+months|this\s+quarter|"
            r"the\s+(?:past|last|latest)\s+quarter|"
            r"the\s+quarter(?:'s)?|(?:over|in|during)\s+the\s+(?:reporting\s+)?period|(?:this|the)\s+half[-\s]year)\b"
            r"(?!\s+(?:of|from))",
        ),
        ("same", r"\b(?:in|over|during)\s+the\s+same\s+period\b"),
        (  # a running total the sentence reaches: it dates the number after it only
            "bringing",
            r"\b(?:(?:bringing|brings?|brought|raising|raises?|raised|taking|takes|took|pushing|pushes|pushed)\s+"
            r"(?:(?:the|its|their)\s+(?:overall\s+|cumulative\s+)?(?:total|number|tally|count)\b[^.;\d]{0,40}\bto"
            r"|to(?=\s+\d))|(?:total|number|tally|count)\b[^.;\d]{0,60}?\b(?:has|have|had)\s+(?:now\s+)?"
            r"(?:reached|risen\s+to|grown\s+to|climbed\s+to)(?=\s+\d))\b",
        ),
        (
            "to_date",
            r"\b(?:to\s+date|so\s+far|until\s+now|up\s+to\s+now|"
            # 'since the start', 'since the series began': a running total with no year named
            r"since\s+(?:the\s+|its\s+|their\s+)?(?:start|beginning|outset|launch|inception)(?!\s+of\b)|"
            r"since\s+(?:it|they|(?:the\s+)?[a-z][\w-]*(?:\s+[a-z][\w-]*)?)\s+"
            r"(?:began|started|opened|was\s+launched|were\s+launched)|"
            r"making\s+(?:a|the)\s+total\s+of|"
            r"(?:a|the)\s+total\s+to\s+date\s+of|in\s+total\s+so\s+far)\b",
        ),
        ("now", r"\b(?:currently|now|at\s+present|presently|at\s+the\s+moment)\b"),
        ("this_year", r"\b(?:this|during\s+the|in\s+the|over\s+the)\s+year\b"),
        (
            "target",
            r"\b(?:aims?\s+to|plans?\s+to|is\s+planned\s+to|expects?\s+to|means\s+to|intends?\s+to|hopes?\s+to|"
            r"target(?:s|ed)?\b|will)\b",
        ),
    )
)
FORWARD_ONLY = ("target", "same", "this_year", "bringing")  # words that date only what follows them
NAMED_PERIODS = ("range", "first_months", "half", "month", "year")  # words that name a period outright
BASIS = {
    "target": "target",
    "since": "cumulative",
    "to_date": "cumulative",
    "bringing": "cumulative",
    "now": "point_in_time",
    "this_year": "year_to_date",
    "range": "period",
    "first_months": "period",  # year to date where it ends with the edition (``reading``)
    "half": "period",
    "month": "period",
    "year": "period",
    "edition": "period",
    "same": "period",
    "by_end": "cumulative",  # '35 projects had been completed by the end of October 2004' (a target's end otherwise)
}
_DATES_ITS_CLAUSE = ("edition", "to_date", "now", "this_year", "range")  # may date a number from its clause's end
_RELATIVE = re.compile(r"\b(?:who|whom|whose|which|that|where)\b", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[;:]|,\s+(?:and|while|but)\b")


@dataclass(frozen=True)
class TimeClue:
    """Time words in a sentence: what kind, where, and the period they name ('' where they name none)."""

    kind: str
    start: int
    end: int
    words: str
    period_start: str = ""
    period_end: str = ""


@dataclass(frozen=True)
class TimeReading:
    """A number's basis and period as its sentence's time words give them, with those words."""

    basis: str
    period_start: str
    period_end: str
    evidence: tuple[str, ...]
    kind: str = ""  # the deciding clue's kind ('range', 'since', 'now' …)
    clue_end: int = -1  # where the deciding clue ends in the sentence
    running_total: str = ""  # the running total's words right before the number ('raising the total … to')


def time_clues(text: str, edition: Period, last_period: Period | None = None) -> list[TimeClue]:
    """Every time clue of ``text`` in reading order, none inside another."""
    found: list[TimeClue] = []
    taken = bytearray(len(text) + 1)  # which characters a clue holds already: an earlier pattern wins
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(taken[m.start() : m.end()]):
                continue
            taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
            start, end = _dates(kind, m, edition, last_period)
            found.append(TimeClue(kind, m.start(), m.end(), m.group(0).strip(), start, end))
    found.sort(key=lambda c: c.start)
    named: TimeClue | None = None  # 'From January to March 2005, 120 …; in the same period 40 …'
    for index, clue in enumerate(found):
        if clue.kind == "same" and named is not None:
            found[index] = TimeClue(clue.kind, clue.start, clue.end, clue.words, named.period_start, named.period_end)
        elif clue.kind in NAMED_PERIODS and clue.period_start:
            named = clue
    return found


def _dates(kind: str, m: re.Match[str], edition: Period, last: Period | None) -> tuple[str, str]:
    if kind == "range":
        first, first_year, last_month, year = m.groups()
        if not year and first_year:  # 'From October 2004 to February': February after October 2004
            year = first_year if _month(last_month) >= _month(first) else str(int(first_year) + 1)
        year = year or _latest_year(_month(last_month), edition)
        start_year = first_year or (year if _month(first) <= _month(last_month) else str(int(year) - 1))
        return f"{start_year}-{_month(first):02d}-01", _month_end(year, _month(last_month))
    if kind == "first_months":
        count, year = m.groups()
        months = int(count) if count.isdigit() else _COUNTS.index(count.lower()) + 2
        return f"{year}-01-01", _month_end(year, min(months, 12))
    if kind == "half":
        first = m.group(1).lower() == "first"
        return (
            (f"{m.group(2)}-01-01", f"{m.group(2)}-06-30") if first else (f"{m.group(2)}-07-01", f"{m.group(2)}-12-31")
        )
    if kind == "month":
        number = _month(m.group(1))
        return (f"{m.group(2) or _latest_year(number, edition)}-{number:02d}",) * 2
    if kind == "year":
        return f"{m.group(1)}-01-01", f"{m.group(1)}-12-31"
    if kind == "since":
        month, year = m.groups()
        return (f"{year}-{_month(month):02d}" if month else year), edition.end
    if kind == "by_end":
        month, year = m.groups()
        end = _month_end(year, _month(month)) if month else f"{year}-12-31"
        after = (dt.date.fromisoformat(edition.end) + dt.timedelta(days=1)).isoformat()
        return (after if after <= end else ""), end
    if kind == "edition":
        return edition.start, edition.end
    if kind == "same" and last is not None:
        return last.start, last.end
    if kind in ("to_date", "now", "bringing"):
        return "", edition.end
    if kind == "this_year":
        return f"{edition.end[:4]}-01-01", edition.end
    return "", ""


def _latest_year(month: int, edition: Period) -> str:
    """A month named without a year: the latest one of that name up to the edition's end."""
    end = dt.date.fromisoformat(edition.end)
    return str(end.year if month <= end.month else end.year - 1)


_COUNTS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven")


def _month(name: str | None) -> int:
    return list(calendar.month_name).index(name.capitalize()) if name else 1


def _month_end(year: str, month: int) -> str:
    return f"{year}-{month:02d}-{calendar.monthrange(int(year), month)[1]:02d}"


def reading(
    text: str, numbers: tuple[Mention, ...], index: int, clues: list[TimeClue], edition: Period | None = None
) -> TimeReading | None:
    """The basis and period of ``numbers[index]``: the nearest time words before it in the sentence, or after it in
    its clause (only those that may follow a number: 'to date', 'currently', 'by the end of 2006'); a target's
    period from the period words around it. None where the sentence has no time words for it."""
    number = numbers[index]
    clause_end = len(text)
    stop = _CLAUSE_END.search(text, number.end)
    if stop:
        clause_end = stop.start()
    if index + 1 < len(numbers):
        clause_end = min(clause_end, numbers[index + 1].start)
    before = [c for c in clues if c.end <= number.start]
    # Close after it ('10 of them during the last 3 months'); to its clause's end only the edition's time words or a
    # range, where none come before it ('50 more officers were trained by us this quarter'), not a year a later
    # phrase names ('… the agreement signed with Switzerland in 2003'), and not through a relative clause ('40
    # vulnerable persons … who now live in Switzerland').
    after = [
        c
        for c in clues
        if number.end <= c.start < clause_end
        and c.kind not in FORWARD_ONLY
        and (
            c.start < number.end + 40
            or (not before and c.kind in _DATES_ITS_CLAUSE and not _RELATIVE.search(text, number.end, c.start))
        )
    ]
    considered = before + after
    if not considered:
        return None
    by_nearness = sorted(
        considered, key=lambda c: number.start - c.end if c.end <= number.start else c.start - number.end
    )
    deciding = by_nearness[0]
    total = deciding.words if deciding.kind == "bringing" else ""
    if deciding.kind in ("now", "to_date", "bringing") and any(c.kind == "since" for c in by_nearness):
        deciding = next(c for c in by_nearness if c.kind == "since")  # 'has now assisted 556 since December 1999'
    if any(c.kind == "target" for c in by_nearness[:2]) and deciding.kind != "since":
        deciding = next(c for c in by_nearness if c.kind == "target")
    basis = _range_basis(deciding, edition) or BASIS[deciding.kind]
    dated = deciding
    if deciding.kind in ("target", "to_date", "now", "bringing"):  # the period from the dated words nearest it
        around = by_nearness
        if deciding.kind == "target":  # 'aims to approve 45 more projects between October 2005 and March 2006'
            around = by_nearness + [c for c in clues if number.end <= c.start < clause_end and c not in after]
        dated = next((c for c in around if c.period_end and c.kind not in ("to_date", "now", "bringing")), deciding)
        if deciding.kind != "target" and dated.kind not in ("since",):
            dated = deciding
    evidence = tuple(dict.fromkeys(c.words for c in (deciding, dated)))
    if basis == "year_to_date" and edition is not None and dated.period_start == edition.start:
        basis = "period"  # 'during the year' in a report on the whole year
    if deciding.kind == "by_end":
        return TimeReading(basis, "", deciding.period_end, evidence, deciding.kind, deciding.end, total)
    end = dated.period_end or deciding.period_end
    # a total since a range's first month, as 'since December 1999' writes it: '1999-12'
    start = dated.period_start[:7] if basis == "cumulative" and dated.kind == "range" else dated.period_start
    return TimeReading(basis, start, end, evidence, deciding.kind, deciding.end, total)


def _range_basis(deciding: TimeClue, edition: Period | None) -> str:
    """A range's basis where it is not a plain period: up to the edition's end from January of its year (year to
    date), or from a year before the edition's (a total since then); else ''."""
    if edition is None or deciding.kind not in ("range", "first_months") or deciding.period_end != edition.end:
        return ""
    if deciding.period_start == f"{edition.end[:4]}-01-01" != edition.start:
        return "year_to_date"  # 'Between January and 31 October 2004', in an edition of August to October 2004
    if deciding.kind == "range" and deciding.period_start[:4] < edition.start[:4]:
        return "cumulative"  # 'Between December 1999 and the end of October 2004': since December 1999, to date
    return ""


def last_named_period(clues: list[TimeClue]) -> Period | None:
    """The last period a sentence names outright (a range, a month, a year), for 'in the same period' after it."""
    named = [c for c in clues if c.kind in NAMED_PERIODS and c.period_start]
    return Period(named[-1].period_start, named[-1].period_end) if named else None

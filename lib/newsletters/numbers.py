"""Every number a newsletter writes, in digits or in words, with what it says: value, range, ratio, hedge.

The same scanner serves the coverage test (every number in the text that is a figure is in the
data) and the drafting of an edition from its text (``lib.newsletters.extract``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Digits ("187,739", "37.6%", "15-20" gives 15 and 20) and cardinal words.
DIGITS = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\w.,])\d+(?:\.\d+)?")
WORD_VALUES = {
    "one hundred": 100,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "a third": 1,
    "a half": 1,
    "a quarter": 1,
    "one-third": 1,
    "one third": 1,
    "one-half": 1,
    "one-quarter": 1,
}
# 'a third' is 1 in 3, as figures.csv stores it; 'one-third' too
FRACTIONS = {"a third": 3, "a half": 2, "a quarter": 4, "one-third": 3, "one third": 3, "one-half": 2, "one-quarter": 4}
WORDS = re.compile(
    r"\b(one hundred|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|a third)\b", re.IGNORECASE
)
# What drafting reads as numbers: WORDS and the tens and teens a later edition may use.
ALL_WORDS = re.compile(
    r"\b(" + "|".join(sorted((re.escape(w) for w in WORD_VALUES), key=len, reverse=True)) + r")\b", re.IGNORECASE
)
# 'a day and a half', '2 and a half': a half more than the whole before it (a length of time, as 2004-11-181); in
# '2 day and a half long trainings' the 2 counts the trainings.
HALVES = re.compile(
    r"(?:\b(?:a|one)\s+|(?<![\w-]))day\s+and\s+a\s+half\b"
    r"|\b(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+(?:days\s+)?and\s+a\s+half\b",
    re.IGNORECASE,
)
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
QUALIFIERS = {
    "over": "more_than",
    "more than": "more_than",
    "above": "more_than",
    "about": "approximately",
    "approximately": "approximately",
    "around": "approximately",
    "some": "approximately",
    "nearly": "nearly",
    "almost": "nearly",
    "close to": "nearly",
    "up to": "up_to",
}
_QUALIFIER = re.compile(r"\b(" + "|".join(sorted(QUALIFIERS, key=len, reverse=True)) + r")\s+$", re.IGNORECASE)
_RANGE_REST = re.compile(r"(?:\s?[-–]\s?|\sto\s)(\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\d/-]|\.\d)")
_RATIO_REST = re.compile(r"\s(?:out of every|out of|in every|in)\s(\d+)")
_RATIO_IN_WORDS = re.compile(r"\s(?:out of every|out of|in every|in)\s(two|three|four|five|six|seven|eight|nine|ten)\b")
_PER_CENT = re.compile(r"\s?(?:per\s?cent|percent)\b", re.IGNORECASE)
_UNIT_REST = re.compile(r"(?:-(?:year|month|week|day)s?\b|\s(?:GBP|EUR|USD|CHF|euros?)\b)")
_SAME_IN_DIGITS = re.compile(r"\s\((\d+)\)")


@dataclass(frozen=True)
class Number:
    token: str
    start: int
    context: str


@dataclass(frozen=True)
class Mention:
    """A number as the text writes it: ``written`` is the span from ``start`` to ``end`` (range, ratio, unit and
    currency included, as ``figures.csv``'s ``value_as_written`` has them); a hedge before it is its ``qualifier``."""

    start: int
    end: int
    written: str
    value: float
    value_max: float | None = None
    denominator: float | None = None
    qualifier: str = ""
    in_words: bool = False
    percent: bool = False

    @property
    def small_in_words(self) -> bool:
        """One to three in words ('two partner NGOs'): more often an aside than a figure."""
        return self.in_words and self.value <= 3


def numbers_in_text(text: str, pattern: re.Pattern[str]) -> list[Number]:
    """Each match of ``pattern`` (``DIGITS`` or ``WORDS``) with 50 characters of context either side."""
    return [Number(m.group(0), m.start(), text[max(0, m.start() - 50) : m.end() + 50]) for m in pattern.finditer(text)]


def is_date_part(text: str, number: Number) -> bool:
    """Years (1999-2005) and days of the month ('15 October', 'September 31', '2-13 August')."""
    token = number.token
    if re.fullmatch(r"(199\d|20[0-4]\d)", token):
        return True
    after = text[number.start + len(token) : number.start + len(token) + 12]
    before = text[max(0, number.start - 12) : number.start]
    return bool(re.match(rf"(-\d+)? ({MONTHS})\b", after) or re.search(rf"\b({MONTHS}) $", before))


def to_number(token: str) -> float:
    """'1,611,672' -> 1611672.0; 'four' -> 4.0; 'a third' -> 1.0 (of 3: see ``FRACTIONS``)."""
    if half := HALVES.fullmatch(token):
        return to_number(half.group(1)) + 0.5 if half.group(1) else 1.5
    word = WORD_VALUES.get(token.lower())
    return float(word) if word is not None else float(token.replace(",", ""))


def mentions(text: str) -> list[Mention]:
    """Every number in ``text`` that may be a figure, in reading order: dates, the second half of a range
    and the denominator of a ratio are part of another mention, not mentions of their own."""
    found: list[Mention] = []
    taken_until = -1
    candidates = sorted(  # at one place the longest first: 'one day and a half' before 'one'
        [(m.start(), -len(m.group(0)), m.group(0), False) for m in DIGITS.finditer(text)]
        + [(m.start(), -len(m.group(0)), m.group(0), True) for m in ALL_WORDS.finditer(text)]
        + [(m.start(), -len(m.group(0)), m.group(0), True) for m in HALVES.finditer(text)]
    )
    for start, _length, token, in_words in candidates:
        if start < taken_until or (not in_words and is_date_part(text, Number(token, start, ""))):
            continue
        if in_words and not _word_is_a_number(text, start, token):
            continue
        mention = _read_mention(text, start, token, in_words)
        found.append(mention)
        taken_until = mention.end
    return found


def _word_is_a_number(text: str, start: int, token: str) -> bool:
    """'one of the', 'one-time', 'one another' are not numbers."""
    after = text[start + len(token) : start + len(token) + 10].lower()
    return not (token.lower() == "one" and re.match(r"(-time| of\b| another|self)", after))


def _read_mention(text: str, start: int, token: str, in_words: bool) -> Mention:
    """The whole written form around a number: a hedge before it, a range, ratio, percent or currency after it."""
    end = start + len(token)
    value, percent = to_number(token), False
    value_max: float | None = None
    denominator: float | None = FRACTIONS.get(token.lower())
    rest = text[end : end + 30]
    range_ = _RANGE_REST.match(rest) if not in_words else None
    if (
        range_
        and " to " in range_.group(0)
        and (  # '15 to 20 IDPs'; not 'from 15 to 20', nor years, nor a fall
            re.search(r"\bfrom\s+$", text[max(0, start - 6) : start], re.IGNORECASE)
            or to_number(range_.group(1)) <= value
            or value >= 1900
        )
    ):
        range_ = None
    if range_:
        value_max, end = to_number(range_.group(1)), end + range_.end()
    elif not in_words and (match := _RATIO_REST.match(rest)):
        denominator, end = to_number(match.group(1)), end + match.end()
    elif in_words and denominator is None and (match := _RATIO_IN_WORDS.match(rest)):
        denominator, end = to_number(match.group(1)), end + match.end()  # 'one in every two', 'one in three'
    if in_words and (match := _SAME_IN_DIGITS.match(text[end : end + 20])) and float(match.group(1)) == value:
        end += match.end()  # "One hundred (100)": one number, written twice
    if text[end : end + 1] == "%":
        percent, end = True, end + 1
    elif match := _PER_CENT.match(text[end : end + 12]):
        percent, end = True, end + match.end()  # '58 per cent
    elif match := _UNIT_REST.match(text[end : end + 12]):
        end += match.end()
    if text[max(0, start - 1) : start] in ("€", "$", "£"):
        start -= 1
    elif found := re.search(r"\b(?:EUR|GBP|USD|CHF)\s$", text[max(0, start - 4) : start]):
        start -= len(found.group(0))  # 'EUR 400,000', as the data writes a currency before its amount
    qualifier = ""
    if hedge := _QUALIFIER.search(text[max(0, start - 20) : start]):
        qualifier = QUALIFIERS[hedge.group(1).lower()]
    return Mention(
        start=start,
        end=end,
        written=text[start:end],
        value=value,
        value_max=value_max,
        denominator=denominator,
        qualifier=qualifier,
        in_words=in_words,
        percent=percent,
    )

"""Draft an edition's figures from its newsletter, and check a newsletter against the data.

    python -m lib.extract draft NEWSLETTER --edition YYYY-MM --out DRAFT.csv
    python -m lib.extract check NEWSLETTER --edition YYYY-MM

The newsletter is written from the same sentence frames each quarter. Every figure of the
previous edition carries the words that stated it and what it means (programme, indicator,
basis, breakdown), so each number of the new text is matched to the previous figure it
continues: the same section (headings compared fuzzily), the most similar words once numbers are
masked, and the words right beside the number. A number that continues nothing is listed for
the data officer, never dropped; so is a previous figure the new text no longer states.
Fuzzy matching is rapidfuzz's (a well-kept C++ library), not our own.
"""

from __future__ import annotations

import argparse
import calendar
import csv
import io
import re
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from lib.dataset.checks import run_checks
from lib.dataset.validate import DEFAULT_DATA_DIR
from lib.newsletters.newsletter import LIMITS, Block, Newsletter, NewsletterError, ReadingLimits, check_size, too_many
from lib.newsletters.numbers import Mention, mentions
from lib.newsletters.worker import read_guarded
from lib.presenting.present import COUNTRY_NAMES

FIGURE_COLUMNS = [
    "figure_id",
    "edition",
    "programme",
    "indicator",
    "value",
    "value_max",
    "denominator",
    "value_as_written",
    "qualifier",
    "basis",
    "period_start",
    "period_end",
    "country",
    "region",
    "aor",
    "municipality",
    "place",
    "area",
    "setting",
    "sector",
    "phase",
    "status",
    "scope",
    "group",
    "mode",
    "donor",
    "source_section",
    "source_quote",
    "restates",
    "note",
]
UNMATCHED_COLUMNS = ["written", "value", "source_section", "sentence", "section_programme", "best_guess", "best_score"]
SECTION_MATCH = 80  # a heading this close to a known section (0-100) continues it
MIN_SCORE = 0.55  # below this a number is listed as unmatched rather than drafted
SURE = 0.8  # at or above: a confident match
UNSURE = 0.5  # the confidence given to a row that needs a person's look whatever its words matched
# A figure is looked for outside its own section only in words this alike (0-1): a newsletter's layout
# may put a paragraph away from its heading (the November text has KPCT's paragraphs above its heading).
OTHER_SECTION_FRAME = 0.6
MAX_QUOTE = 400  # figures.csv's source_quote and source_section are at most this long (datapackage.json)
_CLAUSE_BREAK = re.compile(r"(?:[;:]\s+|\s+(?=[-–→◆•]\s))")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“(€0-9])")
_NUMBER_MASK = "#"


@dataclass(frozen=True)
class Sentence:
    text: str
    section: str  # the heading it stands under, as the new text writes it
    known_section: str  # the previous edition's section it continues ("" where none)
    numbers: tuple[Mention, ...]  # positions relative to ``text``
    masked: str = ""  # lower case, numbers masked
    beside: tuple[
        tuple[list[str], list[str]], ...
    ] = ()  # for each number: masked words before (nearest last) and after
    forms: tuple[str, ...] = ()  # for each number: its kind (``form_of``)
    anchors: tuple[tuple[frozenset[str], frozenset[str]], ...] = ()  # for each number: words just before and after it


def _sentence(text: str, section: str, known: str) -> Sentence | None:
    numbers = tuple(mentions(text))
    if not numbers:
        return None
    masked, marks = _masked(text, numbers)
    return Sentence(
        text=text,
        section=section,
        known_section=known,
        numbers=numbers,
        masked=" ".join(masked.split()).lower(),
        beside=tuple(_words_around(masked, mark, width=8) for mark in marks),
        forms=tuple(form_of(n, text) for n in numbers),
        anchors=tuple(_clause_words(text, numbers, i) for i in range(len(numbers))),
    )


@dataclass(frozen=True)
class Template:
    """A previous figure, as the frame the next edition will restate it in."""

    figure: dict[str, str]
    masked_quote: str
    index: int  # which of the quote's numbers is this figure's
    count: int  # how many numbers the quote has
    before: list[str]  # up to four words just before the number, masked (a quote may start right at it)
    after: list[str]  # up to four words just after it
    form: str  # 'percent', 'range', 'ratio', 'duration', 'words' or 'digits'
    anchors: frozenset[str] = (
        frozenset()
    )  # words of its breakdown ('zhupa', 'germany'): beside a number, they say which figure it is
    rivals: frozenset[str] = (
        frozenset()
    )  # the places named by the other figures of its quote ('magur' for Zhupa's figure)


@dataclass
class Match:
    sentence: Sentence
    mention: Mention
    template: Template
    score: float


@dataclass
class Draft:
    edition: str
    rows: list[dict[str, str]] = field(default_factory=list)  # in figures.csv's columns
    unmatched: list[dict[str, str]] = field(default_factory=list)
    not_restated: list[dict[str, str]] = field(default_factory=list)  # previous figures the text no longer states
    numbers_found: int = 0

    def summary(self) -> str:
        return (
            f"{self.numbers_found} numbers found, {len(self.rows)} figures drafted, {len(self.unmatched)} unmatched, "
            f"{len(self.not_restated)} previous figures not restated"
        )


def mask(text: str) -> str:
    """Numbers replaced by '#', so that frames compare whatever the figures are."""
    return " ".join(_masked(text, mentions(text))[0].split())


def _masked(text: str, numbers: tuple[Mention, ...] | list[Mention]) -> tuple[str, list[int]]:
    """The text with each number replaced by '#' (spacing as written), and where each '#' stands in it."""
    out, marks, last, length = [], [], 0, 0
    for mention in numbers:
        out.append(text[last : mention.start])
        length += mention.start - last
        marks.append(length)
        out.append(_NUMBER_MASK)
        length += len(_NUMBER_MASK)
        last = mention.end
    out.append(text[last:])
    return "".join(out), marks


def _words_around(masked: str, mark: int, width: int) -> tuple[list[str], list[str]]:
    """Up to ``width`` words before the '#' at ``mark`` and after it, lower case, read from a window around it, not
    the whole text: a sentence of many numbers is not rescanned for each (that made 3,200 numbers take minutes)."""
    before = _edge_words(masked, mark, width, before=True)
    after = _edge_words(masked, mark + len(_NUMBER_MASK), width, before=False)
    return [word.lower() for word in before], [word.lower() for word in after]


def _edge_words(text: str, at: int, count: int, before: bool) -> list[str]:
    """The ``count`` words that end at ``at`` (before) or start there (after), widening the window until it holds
    one word more than needed, so that a word the window cut in two is never one of them."""
    window = 64 * count
    while True:
        start, end = (max(0, at - window), at) if before else (at, min(len(text), at + window))
        words = text[start:end].split()
        if len(words) > count or (start == 0 if before else end == len(text)):
            return words[-count:] if before else words[:count]
        window *= 4


_DURATION = re.compile(r"\s*(?:-\s*)?(?:months?|years?|weeks?|days?)\b(?!\s*(?:and a half|long))", re.IGNORECASE)
# Breakdowns whose codes name what the text names beside the number ('zhupa_valley', 'brestovik', 'DEU' → 'germany').
ANCHORED = ("country", "area", "place", "municipality", "region", "sector", "mode", "group", "setting")
PLACES = ("country", "area", "place", "municipality", "region")


def form_of(mention: Mention, text: str = "") -> str:
    """What kind of number it is; a length of time ('three months', 'four years') only matches another."""
    if (
        text
        and not mention.percent
        and (
            _DURATION.match(text[mention.end : mention.end + 30])
            or re.search(r"-(?:months?|years?|weeks?|days?)$", mention.written)
        )
    ):
        return "duration"
    if mention.percent:
        return "percent"
    if mention.value_max is not None:
        return "range"
    if mention.denominator is not None:
        return "ratio"
    return "words" if mention.in_words else "digits"


def _words_beside(text: str, numbers: list[Mention], index: int, width: int = 4) -> tuple[list[str], list[str]]:
    """Up to ``width`` masked words before the ``index``-th number and after it, lower case."""
    masked, marks = _masked(text, numbers)
    return _words_around(masked, marks[index], width)


def templates(previous: pd.DataFrame) -> list[Template]:
    """Each previous figure with its quote masked and the place of its number among the quote's numbers."""
    found: list[Template] = []
    for figure in previous.to_dict("records"):
        quote = str(figure["source_quote"])
        numbers = mentions(quote)
        index = _index_of(numbers, figure)
        if index is None:
            continue  # its number is not among the quote's (a value given in words the scanner does not read)
        before, after = _words_beside(quote, numbers, index)
        found.append(
            Template(
                figure={k: ("" if v is None or v != v else str(v)) for k, v in figure.items()},
                masked_quote=mask(quote).lower(),
                index=index,
                count=len(numbers),
                before=before,
                after=after,
                form=form_of(numbers[index], quote),
                anchors=_anchors_of(figure),
            )
        )
    by_quote: dict[str, list[Template]] = {}
    for template in found:
        by_quote.setdefault(template.figure["source_quote"], []).append(template)
    return [
        replace(
            t,
            rivals=frozenset().union(
                *(_anchors_of(o.figure, PLACES) for o in by_quote[t.figure["source_quote"]] if o is not t)
            )
            - t.anchors,
        )
        for t in found
    ]


def _clause(text: str, numbers: tuple[Mention, ...] | list[Mention], index: int) -> str:
    """The words that belong to one number: from the number before it to the number after it."""
    start = numbers[index - 1].end if index > 0 else 0
    end = numbers[index + 1].start if index + 1 < len(numbers) else len(text)
    return text[start:end]


def _anchors_of(figure: dict, columns: tuple[str, ...] = ANCHORED) -> frozenset[str]:
    """The words of a figure's breakdown, as a text would name it: 'zhupa_valley' → zhupa, valley; 'DEU' → germany."""
    words: set[str] = set()
    for column in columns:
        code = str(figure.get(column) or "")
        name = COUNTRY_NAMES.get(code, code) if column == "country" else code
        words |= {_stem(w) for w in re.split(r"[\W_]+", name.lower()) if len(w) > 2 and w not in ("and", "the")}
    return frozenset(words)


def _words_of(code: object) -> set[str]:
    return {_stem(w) for w in re.split(r"[\W_]+", str(code or "").lower()) if len(w) > 2}


def _stem(word: str) -> str:
    return word[:5]  # 'services' and 'service', 'reconstruction' and 'reconstructed'


def _clause_words(text: str, numbers: tuple[Mention, ...], index: int) -> tuple[frozenset[str], frozenset[str]]:
    """Up to four words before the number and three after it, not past the numbers beside it (stems)."""
    clause_start = numbers[index - 1].end if index > 0 else 0
    clause_end = numbers[index + 1].start if index + 1 < len(numbers) else len(text)
    before = re.findall(r"[\w']+", text[clause_start : numbers[index].start].lower())[-4:]
    after = re.findall(r"[\w']+", text[numbers[index].end : clause_end].lower())[:3]
    return frozenset(map(_stem, before)), frozenset(map(_stem, after))


def _index_of(numbers: list[Mention], figure: dict) -> int | None:
    """Which of the quote's numbers states the figure: the one written as the figure is, else the one of its value."""
    written = str(figure["value_as_written"] or "").lower()
    try:
        value = float(figure["value"])
    except (TypeError, ValueError):
        value = float("nan")  # no stated value: only the written form can find it
    for same in (
        lambda n: n.written.lower() == written,  # exactly as written, else the same value within it
        lambda n: abs(n.value - value) < 1e-9 and (n.written.lower() in written or written in n.written.lower()),
    ):
        found = [index for index, number in enumerate(numbers) if same(number)]
        if len(found) > 1:  # "through 3 projects, benefiting 3 persons": the one beside the words of its indicator
            quote = str(figure["source_quote"])
            indicator, breakdown = (
                _words_of(figure["indicator"]),
                _anchors_of(figure) | _words_of(figure.get("group", "")),
            )

            def fit(i: int) -> int:  # the breakdown's words weigh more: they tell 'persons directly' from 'projects'
                beside = set(map(_stem, re.findall(r"[\w']+", quote[numbers[i].end :].lower())[:2]))
                return 2 * len(breakdown & beside) + len(indicator & beside)

            found.sort(key=lambda i: -fit(i))
        if found:
            return found[0]
    return None


def sentences(newsletter: Newsletter, known_sections: list[str], limits: ReadingLimits = LIMITS) -> list[Sentence]:
    """The body text split into sentences, each under its heading and the known section it continues.

    A sentence of more numbers than ``limits.numbers_per_sentence`` refuses the file: it is a table set as
    text, or not a newsletter, and each of its numbers would be weighed against every previous figure.
    """
    found: list[Sentence] = []
    heading, known = "", ""
    body_since_heading = True
    for block in _joined(newsletter.blocks):
        if block.heading:
            best = _best_section(block.text, known_sections)
            if best:
                heading, known = block.text, best
            elif body_since_heading:
                heading, known = block.text, ""  # a heading after body text: a new section
            # else: a caption right under a heading keeps the heading
            body_since_heading = False
            texts = [block.text]  # a heading can state a figure ("Swedish Medical Team Operates On 22 Patients")
        else:
            body_since_heading = True
            texts = _SENTENCE_END.split(block.text)
        for text in texts:
            sentence = _sentence(text, heading, known)
            if sentence is not None:
                if len(sentence.numbers) > limits.numbers_per_sentence:
                    raise too_many(
                        newsletter.name,
                        f"a sentence of {len(sentence.numbers):,}",
                        "numbers",
                        limits.numbers_per_sentence,
                        where="a newsletter's sentence",
                        advice=f"“{sentence.text[:60]}…” (a table set as text? leave it out, or send its "
                        "figures as a CSV)",
                    )
                found.append(sentence)
    return found


def _joined(blocks: tuple[Block, ...]) -> list[Block]:
    """Body blocks that continue a sentence across a break ('related to' / 'construction (7), …') joined again,
    also across a caption or heading the layout put between them."""
    joined: list[Block] = []
    last_body: int | None = None
    for block in blocks:
        previous = joined[last_body] if last_body is not None else None
        if (
            previous is not None
            and not block.heading
            and block.text[:1].islower()
            and not previous.text.rstrip().endswith((".", "!", "?", ":"))
        ):
            joined[last_body] = Block(text=f"{previous.text} {block.text}", heading=False)
            continue
        joined.append(block)
        if not block.heading:
            last_body = len(joined) - 1
    return joined


def _best_section(heading: str, known_sections: list[str]) -> str:
    if not known_sections:
        return ""
    scores = [(fuzz.token_set_ratio(heading.lower(), s.lower()), s) for s in known_sections]
    score, section = max(scores)
    return section if score >= SECTION_MATCH else ""


def _frame(sentence: Sentence, template: Template) -> float:
    """How alike the words are, numbers masked: the quote may be a clause of the sentence, or reworded."""
    return (
        max(
            fuzz.partial_ratio(template.masked_quote, sentence.masked),
            fuzz.token_set_ratio(template.masked_quote, sentence.masked),
        )
        / 100
    )


def frames(sentences_: list[Sentence], templates_: list[Template]) -> np.ndarray:
    """``_frame`` of every template (rows) against every sentence (columns), worked out in rapidfuzz's C++ at once:
    one Python call per pair made 20,000 sentences take minutes. Doubles, so each equals ``_frame``'s value."""
    if not sentences_ or not templates_:
        return np.zeros((len(templates_), len(sentences_)))
    quotes, texts = [t.masked_quote for t in templates_], [s.masked for s in sentences_]
    partial = process.cdist(quotes, texts, scorer=fuzz.partial_ratio, dtype=np.float64)
    token_set = process.cdist(quotes, texts, scorer=fuzz.token_set_ratio, dtype=np.float64)
    return np.maximum(partial, token_set) / 100


def _beside(words: list[str], template_words: list[str], nearest_last: bool) -> float:
    """The words next to the number against the template's, as many as the template has (at least one)."""
    width = max(1, len(template_words))
    mine = words[-width:] if nearest_last else words[:width]
    if not template_words:
        return 0.5  # the quote starts or ends at the number: nothing to compare
    return fuzz.ratio(" ".join(mine), " ".join(template_words)) / 100


def score(sentence: Sentence, position: int, template: Template, frame: float | None = None) -> float:
    """How sure it is that the number at ``position`` of ``sentence`` continues ``template`` (0-1)."""
    if sentence.known_section:
        section = 1.0 if sentence.known_section == template.figure["source_section"] else 0.0
    else:
        section = 0.4  # a section the previous edition did not have, or text before any heading
    frame = _frame(sentence, template) if frame is None else frame
    before, after = sentence.beside[position]
    beside = (_beside(before, template.before, True) + _beside(after, template.after, False)) / 2
    form = sentence.forms[position]
    same_form = form == template.form or {form, template.form} <= {"digits", "words"}
    same_place = 1.0 if position == template.index else 0.5
    total = 0.25 * section + 0.3 * frame + 0.35 * beside + 0.1 * same_place
    if template.anchors:  # the text names the figure's breakdown beside the number: 'In Zhupa Valley, 5 projects'
        before_words, after_words = sentence.anchors[position]
        total += 0.1 if template.anchors & before_words else (0.05 if template.anchors & after_words else 0.0)
    if template.rivals:  # another figure's place beside the number, and not this one's: 'while there were 4 in Magure'
        before_words, after_words = sentence.anchors[position]
        if template.rivals & (before_words | after_words) and not template.anchors & (before_words | after_words):
            total -= 0.15
    return min(1.0, total if same_form else total * 0.5)


def match(sentences_: list[Sentence], templates_: list[Template], frame_of: np.ndarray | None = None) -> list[Match]:
    """Each number to at most one previous figure and back, best pairs first (``frame_of``: ``frames``' matrix)."""
    frame_of = frames(sentences_, templates_) if frame_of is None else frame_of
    candidates: list[Match] = []
    for column, sentence in enumerate(sentences_):
        for row, template in enumerate(templates_):
            frame = float(frame_of[row, column])
            if frame < OTHER_SECTION_FRAME and sentence.known_section != template.figure["source_section"]:
                continue  # another section's figure, in other words: not worth scoring
            for position, mention in enumerate(sentence.numbers):
                value = score(sentence, position, template, frame)
                if value >= MIN_SCORE:
                    candidates.append(Match(sentence, mention, template, value))
    candidates.sort(key=lambda m: -m.score)
    used_numbers: set[tuple[int, int]] = set()
    used_templates: set[str] = set()
    chosen = []
    for candidate in candidates:
        number_key = (id(candidate.sentence), candidate.mention.start)
        figure_id = candidate.template.figure["figure_id"]
        if number_key in used_numbers or figure_id in used_templates:
            continue
        used_numbers.add(number_key)
        used_templates.add(figure_id)
        chosen.append(candidate)
    return chosen


@dataclass(frozen=True)
class Period:
    start: str  # YYYY-MM-DD
    end: str


def default_period(edition: str) -> Period:
    """The three months that end with the month before publication (November 2004: 1 Aug - 31 Oct 2004)."""
    year, month = (int(p) for p in edition.split("-"))
    end_year, end_month = (year, month - 1) if month > 1 else (year - 1, 12)
    start_year, start_month = (end_year, end_month - 2) if end_month > 2 else (end_year - 1, end_month + 10)
    return Period(
        f"{start_year:04d}-{start_month:02d}-01",
        f"{end_year:04d}-{end_month:02d}-{calendar.monthrange(end_year, end_month)[1]:02d}",
    )


_WHOLE_YEAR = re.compile(r"\b(?:[Ii]n|[Dd]uring|[Tt]hroughout)(?: the whole of)? (\d{4})\b")
_MONTH_YEAR = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December)\s+(\d{4})\b"
)


def moved_period(figure: dict[str, str], previous: Period, new: Period, sentence: str = "") -> tuple[str, str]:
    """A flow or 'to date' figure's period moved to the new edition's; a figure of one month moved to the month its
    new sentence names ('In December 2004, the Swedish Medical Team…'); any other period kept as stated."""
    start, end = figure["period_start"], figure["period_end"]
    basis = figure["basis"]
    months = {(m.group(2), calendar.month_name[:].index(m.group(1))) for m in _MONTH_YEAR.finditer(sentence)}
    if len(start) == 7 and start == end and len(months) == 1:
        year, month = months.pop()
        return (f"{year}-{month:02d}",) * 2
    whole_year = _WHOLE_YEAR.search(sentence)
    if basis == "year_to_date" and whole_year and not months and whole_year.group(1) < new.end[:4]:
        return f"{whole_year.group(1)}-01-01", f"{whole_year.group(1)}-12-31"  # 'In the whole of 2004': a year now past
    if basis == "period" and start == previous.start and end == previous.end:
        return new.start, new.end
    if basis in ("cumulative", "point_in_time", "share") and end == previous.end:
        return start, new.end
    if basis == "year_to_date" and end == previous.end:
        return (start if start[:4] == new.end[:4] else f"{new.end[:4]}-01-01"), new.end
    return start, end


def draft(
    newsletter: Newsletter,
    previous_figures: pd.DataFrame,
    edition: str,
    previous_period: Period,
    period: Period | None = None,
) -> Draft:
    """The figures of ``edition`` as its newsletter states them, continuing ``previous_figures``."""
    period = period or default_period(edition)
    templates_ = templates(previous_figures)
    sections = sorted({t.figure["source_section"] for t in templates_})
    sentences_ = sentences(newsletter, sections)
    frame_of = frames(sentences_, templates_)
    chosen = match(sentences_, templates_, frame_of)
    result = Draft(edition=edition, numbers_found=sum(len(s.numbers) for s in sentences_))
    by_number = {(id(m.sentence), m.mention.start): m for m in chosen}
    new_ids: dict[str, str] = {}
    order = 0
    for column, sentence in enumerate(sentences_):
        for mention in sentence.numbers:
            found = by_number.get((id(sentence), mention.start))
            if found is None:
                result.unmatched.append(_unmatched(sentence, mention, templates_, frame_of[:, column]))
                continue
            order += 1
            new_ids[found.template.figure["figure_id"]] = f"{edition}-{order:03d}"
            result.rows.append(_row(found, f"{edition}-{order:03d}", edition, previous_period, period))
    for row in result.rows:  # a restatement points at the new figure it repeats
        if row["restates"]:
            original = row["restates"]
            row["restates"] = new_ids.get(original, "")
            if not row["restates"]:  # it stands for a figure the text was not found to state: the officer decides
                row["confidence"] = f"{min(float(row['confidence']), UNSURE):.2f}"
                row["note"] = (
                    f"continues {row['continues']}, which repeats {original}; {original} was not found in the new "
                    f"text, so this row stands for it (match {row['confidence']}, check)"
                )
    stated = {m.template.figure["figure_id"] for m in chosen}
    readable = {t.figure["figure_id"] for t in templates_}
    for figure in previous_figures.to_dict("records"):
        if figure["figure_id"] not in stated:
            reason = (
                "not found in the new text"
                if figure["figure_id"] in readable
                else "its number is written in a way the scanner does not read: look for it by hand"
            )
            result.not_restated.append({**{k: _cell(v) for k, v in figure.items()}, "reason": reason})
    return result


def _cell(value: object) -> str:
    return "" if value is None or value != value else str(value)


def _row(found: Match, figure_id: str, edition: str, previous: Period, new: Period) -> dict[str, str]:
    figure, mention = found.template.figure, found.mention
    start, end = moved_period(figure, previous, new, found.sentence.text)
    sure = "sure" if found.score >= SURE else "check"
    if (start, end) == (figure["period_start"], figure["period_end"]) and figure["basis"] in ("period", "year_to_date"):
        sure += "; period kept from the previous figure: check it against the sentence"
    return {
        **{column: figure.get(column, "") for column in FIGURE_COLUMNS},
        "figure_id": figure_id,
        "edition": edition,
        "value": _text(mention.value),
        "value_max": _text(mention.value_max),
        "denominator": _text(mention.denominator),
        "value_as_written": mention.written,
        "qualifier": mention.qualifier or "",
        "period_start": start,
        "period_end": end,
        "source_section": found.sentence.section[:MAX_QUOTE],
        "source_quote": quote_around(found.sentence.text, mention),
        "restates": figure.get("restates", ""),
        "note": f"continues {figure['figure_id']} (match {found.score:.2f}, {sure})",
        "continues": figure["figure_id"],
        "confidence": f"{found.score:.2f}",
    }


def quote_around(sentence: str, mention: Mention, limit: int = MAX_QUOTE) -> str:
    """The sentence, or where it is longer than a quote may be, the clauses around the number (verbatim either way)."""
    if len(sentence) <= limit:
        return sentence
    cuts = [0] + [m.end() for m in _CLAUSE_BREAK.finditer(sentence)] + [len(sentence)]
    first = max(i for i, cut in enumerate(cuts) if cut <= mention.start)
    last = min(i for i, cut in enumerate(cuts) if cut >= mention.end)
    while True:  # widen by a clause on either side while it still fits
        wider = [(first - 1, last)] if first > 0 else []
        wider += [(first, last + 1)] if last < len(cuts) - 1 else []
        wider = [(a, b) for a, b in wider if cuts[b] - cuts[a] <= limit]
        if not wider:
            break
        first, last = wider[0]
    if cuts[last] - cuts[first] <= limit:
        return sentence[cuts[first] : cuts[last]].strip()
    start = max(0, mention.start - limit // 2)  # one clause too long: the words around the number
    end = min(len(sentence), start + limit)
    window = sentence[start:end]
    return window[window.find(" ") + 1 if start else 0 : window.rfind(" ") if end < len(sentence) else None].strip()


def _text(value: float | None) -> str:
    """A number as figures.csv writes it: '472', '37.6', '1234567.5' (never rounded, never in exponent form)."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _unmatched(
    sentence: Sentence, mention: Mention, templates_: list[Template], frame_of: np.ndarray
) -> dict[str, str]:
    """A number that continues nothing, with its likeliest figure (``frame_of``: each template's frame here)."""
    in_section = [i for i, t in enumerate(templates_) if t.figure["source_section"] == sentence.known_section]
    programmes = pd.Series([templates_[i].figure["programme"] for i in in_section])
    position = sentence.numbers.index(mention)
    scored = [
        (score(sentence, position, templates_[i], float(frame_of[i])), templates_[i])
        for i in (in_section or range(len(templates_)))
    ]
    best_score, best = max(scored, key=lambda pair: pair[0], default=(0.0, None))
    return {
        "written": mention.written,
        "value": _text(mention.value),
        "source_section": sentence.section,
        "sentence": sentence.text,
        "section_programme": programmes.mode().iloc[0] if len(programmes) else "",
        "best_guess": best.figure["figure_id"] if best else "",
        "best_score": f"{best_score:.2f}" if best else "",
    }


def write_csv(rows: list[dict[str, str]], columns: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


# ----- The stored data, and the command line

NOT_RESTATED_COLUMNS = [
    "figure_id",
    "programme",
    "indicator",
    "basis",
    "value_as_written",
    "source_section",
    "source_quote",
    "reason",
]


def figures_frame(rows: list[dict[str, str]]) -> pd.DataFrame:
    """Drafted rows typed as ``lib.dataset.data`` types figures.csv: numbers as floats, text as text."""
    frame = pd.DataFrame(rows, columns=FIGURE_COLUMNS).fillna("")
    for column in ("value", "value_max", "denominator"):
        frame[column] = pd.to_numeric(frame[column].replace("", None), errors="coerce").astype(float)
    return frame


def previous_edition_of(editions: pd.DataFrame, figures: pd.DataFrame, edition: str) -> str:
    earlier = sorted(e for e in set(figures["edition"]) if e < edition)
    if not earlier:
        raise ValueError(f"no edition before {edition} is stored: a draft continues the previous edition's figures")
    return earlier[-1]


def period_of(editions: pd.DataFrame | None, edition: str) -> Period | None:
    rows = None if editions is None else editions.loc[editions["edition_id"] == edition]
    if rows is None or rows.empty:
        return None
    return Period(str(rows.iloc[0]["period_start"]), str(rows.iloc[0]["period_end"]))


def draft_from_store(
    newsletter: Newsletter, tables: dict[str, pd.DataFrame], edition: str, period: Period | None = None
) -> Draft:
    """Draft ``edition`` from its newsletter, continuing the latest stored edition before it."""
    figures, editions = tables["figures"], tables.get("editions")
    previous = previous_edition_of(editions, figures, edition)
    previous_period = period_of(editions, previous) or default_period(previous)
    period = period or period_of(editions, edition) or default_period(edition)
    return draft(newsletter, figures.loc[figures["edition"] == previous], edition, previous_period, period)


@dataclass
class CheckReport:
    edition: str
    against: str  # "stored" or "draft"
    numbers: list[dict[str, str]] = field(
        default_factory=list
    )  # each number: equal / different / not in the data, or drafted
    contradictions: pd.DataFrame = field(default_factory=pd.DataFrame)
    not_stated: list[dict[str, str]] = field(default_factory=list)  # stored figures the newsletter does not state

    @property
    def counts(self) -> dict[str, int]:
        statuses = [row["status"] for row in self.numbers]
        return {status: statuses.count(status) for status in ("equal", "different", "not in the data", "drafted")}

    def summary(self) -> str:
        counts = self.counts
        compared = (
            f"{counts['equal']} equal, {counts['different']} different"
            if self.against == "stored"
            else f"{counts['drafted']} drafted (nothing stored to compare with)"
        )
        return (
            f"{compared}, {counts['not in the data']} not in the data, {len(self.contradictions)} contradiction(s), "
            f"{len(self.not_stated)} stored figure(s) not stated"
        )

    @property
    def failed(self) -> bool:
        return self.counts["different"] > 0 or len(self.contradictions) > 0


def _same_value(a: dict, b: dict) -> bool:
    def number(value: object) -> float | None:
        text = _cell(value)
        return float(text) if text else None

    return all(number(a.get(c)) == number(b.get(c)) for c in ("value", "value_max", "denominator"))


def check(newsletter: Newsletter, tables: dict[str, pd.DataFrame], edition: str) -> CheckReport:
    """Every number of a newsletter against the stored edition (or its own draft, if the edition is not stored yet),
    then the consistency checks on the figures as drafted."""
    figures = tables["figures"]
    stored = figures.loc[figures["edition"] == edition]
    if len(stored):  # the stored edition's own sentences are the frames: each number meets the figure it should state
        period = period_of(tables.get("editions"), edition) or default_period(edition)
        drafted = draft(newsletter, stored, edition, period, period)
    else:
        drafted = draft_from_store(newsletter, tables, edition)
    report = CheckReport(edition=edition, against="stored" if len(stored) else "draft")
    by_id = {str(f["figure_id"]): f for f in stored.to_dict("records")}
    seen = set()
    for row in drafted.rows:
        found = by_id.get(row["continues"]) if len(stored) else row
        seen.add(row["continues"])
        if not len(stored):
            status = "drafted"  # an edition not stored yet: there is nothing to compare with, only the checks below
        else:
            status = "not in the data" if found is None else ("equal" if _same_value(row, found) else "different")
        report.numbers.append(
            {
                "status": status,
                "written": row["value_as_written"],
                "sentence": row["source_quote"],
                "section": row["source_section"],
                "stored_figure": "" if found is None else _cell(found["figure_id"]),
                "stored_value": "" if found is None else _cell(found["value_as_written"]),
                "stored_sentence": "" if found is None else _cell(found["source_quote"]),
            }
        )
    for number in drafted.unmatched:
        report.numbers.append(
            {
                "status": "not in the data",
                "written": number["written"],
                "sentence": number["sentence"],
                "section": number["source_section"],
                "stored_figure": "",
                "stored_value": "",
                "stored_sentence": "",
            }
        )
    report.not_stated = [
        {k: _cell(v) for k, v in f.items()} for f in stored.to_dict("records") if f["figure_id"] not in seen
    ]
    others = figures.loc[figures["edition"] < edition]
    checks = run_checks(pd.concat([others, figures_frame(drafted.rows)], ignore_index=True))
    report.contradictions = checks.loc[(checks["edition"] == edition) & (checks["status"] == "inconsistent")]
    return report


def _read(path: str) -> Newsletter:
    """The newsletter at ``path``, refused by its size before it is read, then read in the guarded worker."""
    file = Path(path)
    if not file.is_file():
        raise NewsletterError(f"{file.name}: no such file")
    check_size(file.name, file.stat().st_size)
    return read_guarded(file.name, file.read_bytes())


def _tables(data_dir: Path) -> dict[str, pd.DataFrame]:
    from lib.dataset.data import load  # here, not at the top: loading validates the package, which only the CLI needs

    dataset = load(data_dir)
    if dataset.table("figures") is None:
        problems = "; ".join(str(p) for p in dataset.problems_for("figures")[:3])
        raise ValueError(f"the stored figures cannot be read ({problems}): run python -m lib.validate")
    return dataset.tables


def _draft_command(args: argparse.Namespace) -> int:
    newsletter, tables = _read(args.newsletter), _tables(Path(args.data))
    period = Period(args.period_start, args.period_end) if args.period_start and args.period_end else None
    result = draft_from_store(newsletter, tables, args.edition, period)
    out = Path(args.out)
    unmatched = out.with_name(out.stem + "-unmatched.csv")
    not_restated = out.with_name(out.stem + "-not-restated.csv")
    out.write_text(write_csv(result.rows, FIGURE_COLUMNS), encoding="utf-8")
    unmatched.write_text(write_csv(result.unmatched, UNMATCHED_COLUMNS), encoding="utf-8")
    not_restated.write_text(write_csv(result.not_restated, NOT_RESTATED_COLUMNS), encoding="utf-8")
    print(f"{newsletter.name}: {result.summary()}")
    print(f"wrote {out.name}, {unmatched.name} and {not_restated.name}")
    return 0


def _check_command(args: argparse.Namespace) -> int:
    newsletter, tables = _read(args.newsletter), _tables(Path(args.data))
    report = check(newsletter, tables, args.edition)
    print(
        f"{newsletter.name} against {'the stored' if report.against == 'stored' else 'the draft of'} edition {report.edition}"
    )
    for row in report.numbers:
        if row["status"] == "different":
            print(
                f"DIFFERENT  {row['written']} in “{row['sentence']}”\n           stored {row['stored_figure']}: "
                f"{row['stored_value']} in “{row['stored_sentence']}”"
            )
        elif row["status"] == "not in the data":
            print(f"NOT IN THE DATA  {row['written']} in “{row['sentence']}”")
    for _, contradiction in report.contradictions.iterrows():
        print(f"CONTRADICTS  {contradiction['programme']} {contradiction['subject']}: {contradiction['message']}")
    print(report.summary())
    return 1 if report.failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lib.extract", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    for name, about in (
        ("draft", "draft an edition's figures from its newsletter (.txt, .docx or .pdf)"),
        ("check", "check a newsletter's numbers against the data; exit 1 if one differs or contradicts"),
    ):
        command = commands.add_parser(name, help=about, description=about)
        command.add_argument("newsletter", help="the newsletter: .txt, .docx or .pdf")
        command.add_argument("--edition", required=True, help="the edition it is, YYYY-MM (month of publication)")
        command.add_argument("--data", default=str(DEFAULT_DATA_DIR), help="the data folder (default: data/)")
        if name == "draft":
            command.add_argument(
                "--out", required=True, help="the draft CSV; -unmatched.csv and -not-restated.csv go beside it"
            )
            command.add_argument(
                "--period-start", help="the reporting period's first day, YYYY-MM-DD (default: three months before)"
            )
            command.add_argument(
                "--period-end", help="its last day, YYYY-MM-DD (default: the end of the month before publication)"
            )
    args = parser.parse_args(argv)
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", args.edition):
        parser.error(f"--edition {args.edition!r}: write the month of publication as YYYY-MM, e.g. 2005-02")
    try:
        return _draft_command(args) if args.command == "draft" else _check_command(args)
    except (NewsletterError, ValueError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

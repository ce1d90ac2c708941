"""Each number of the new text matched to the previous figure it continues, at most one each way.

Every previous figure is a ``Template``: its quote with numbers masked, the words beside its number, the kind of
number and the words of its breakdown. A number is scored against each template (same section, the most similar
words once numbers are masked, the words right beside it, its place among the sentence's numbers) and the best
pairs are taken first. Fuzzy matching is rapidfuzz's (a well-kept C++ library), not our own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from lib.dataset.rows import is_blank
from lib.newsletters.lexicon import PLACE_COLUMNS, Code, Lexicon, codes_of
from lib.newsletters.lexicon import clues as clues_in
from lib.newsletters.meaning import SCOPE_COLUMNS, NumberMeaning
from lib.newsletters.numbers import Mention, mentions
from lib.newsletters.sentences import Sentence, form_of, mask, stem, words_beside
from lib.newsletters.vocabulary import SAME_THING
from lib.presenting.present import COUNTRY_NAMES

MIN_SCORE = 0.55  # below this a number is listed as unmatched rather than drafted
# A figure is looked for outside its own section only in words this alike (0-1): a newsletter's layout
# may put a paragraph away from its heading (the November text has KPCT's paragraphs above its heading).
OTHER_SECTION_FRAME = 0.6
# Under a heading the previous edition did not have (another writer's layout), any figure may be there: words less
# alike are still weighed, and what the number's own words say decides.
UNKNOWN_SECTION_FRAME = 0.4
# What a figure of one phase, area or region loses where nothing beside the number says which ('384 projects
# approved since SEDMIN began' is not phase III's 27).
SCOPE_UNSAID = 0.1
# Breakdowns whose codes name what the text names beside the number ('zhupa_valley', 'brestovik', 'DEU' → 'germany').
ANCHORED = ("country", "area", "place", "municipality", "region", "sector", "mode", "group", "setting")
PLACES = ("country", "area", "place", "municipality", "region")


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
    # The words of its breakdown ('zhupa', 'germany'): beside a number, they say which figure it is.
    anchors: frozenset[str] = frozenset()
    # The places named by the other figures of its quote ('magur' for Zhupa's figure).
    rivals: frozenset[str] = frozenset()
    codes: frozenset[Code] = frozenset()  # its breakdown as codes: ('place', 'brestovik'), ('mode', 'air')
    named: frozenset[Code] = frozenset()  # every code its quote names (a quote about 'the UK' is not by country)


@dataclass
class Match:
    """A number of the new text, and the previous figure it is taken to continue, with how sure that is (0-1)."""

    sentence: Sentence
    mention: Mention
    template: Template
    score: float


def templates(previous: pd.DataFrame, lexicon: Lexicon | None = None) -> list[Template]:
    """Each previous figure with its quote masked and the place of its number among the quote's numbers; with a
    ``lexicon``, its breakdown as codes and the codes its own number's words name."""
    found: list[Template] = []
    for figure in previous.to_dict("records"):
        quote = str(figure["source_quote"])
        numbers = mentions(quote)
        index = _index_of(numbers, figure)
        if index is None:
            continue  # its number is not among the quote's (a value given in words the scanner does not read)
        before, after = words_beside(quote, numbers, index)
        found.append(
            Template(
                figure={str(k): ("" if is_blank(v) else str(v)) for k, v in figure.items()},
                masked_quote=mask(quote).lower(),
                index=index,
                count=len(numbers),
                before=before,
                after=after,
                form=form_of(numbers[index], quote),
                anchors=_anchors_of(figure),
                codes=frozenset((c, str(figure[c])) for c in BREAKDOWN_CODES if not is_blank(figure.get(c))),
                named=_named(quote, numbers, lexicon),
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


BREAKDOWN_CODES = (
    *("country", "region", "aor", "municipality", "place", "area", "setting", "sector", "group", "mode", "phase"),
)


def _named(quote: str, numbers: list[Mention], lexicon: Lexicon | None) -> frozenset[Code]:
    if lexicon is None:
        return frozenset()
    return frozenset().union(*(codes_of(own) for own in clues_in(quote, numbers, lexicon)))


def _anchors_of(figure: dict, columns: tuple[str, ...] = ANCHORED) -> frozenset[str]:
    """The words of a figure's breakdown, as a text would name it: 'zhupa_valley' → zhupa, valley; 'DEU' → germany."""
    words: set[str] = set()
    for column in columns:
        code = str(figure.get(column) or "")
        name = COUNTRY_NAMES.get(code, code) if column == "country" else code
        words |= {stem(w) for w in re.split(r"[\W_]+", name.lower()) if len(w) > 2 and w not in ("and", "the")}
    return frozenset(words)


def _words_of(code: object) -> set[str]:
    return {stem(w) for w in re.split(r"[\W_]+", str(code or "").lower()) if len(w) > 2}


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
            found.sort(key=_unfitness(numbers, figure))
        if found:
            return found[0]
    return None


def _unfitness(numbers: list[Mention], figure: dict) -> Callable[[int], int]:
    """A sort key for the quote's numbers, the one beside the most words of the figure's indicator and breakdown
    first; the breakdown's words weigh more: they tell 'persons directly' from 'projects'."""
    quote = str(figure["source_quote"])
    indicator = _words_of(figure["indicator"])
    breakdown = _anchors_of(figure) | _words_of(figure.get("group", ""))

    def unfitness(index: int) -> int:
        beside = set(map(stem, re.findall(r"[\w']+", quote[numbers[index].end :].lower())[:2]))
        return -(2 * len(breakdown & beside) + len(indicator & beside))

    return unfitness


def frame_alike(sentence: Sentence, template: Template) -> float:
    """How alike the words are, numbers masked: the quote may be a clause of the sentence, or reworded."""
    return (
        max(
            fuzz.partial_ratio(template.masked_quote, sentence.masked),
            fuzz.token_set_ratio(template.masked_quote, sentence.masked),
        )
        / 100
    )


def frames(sentences_: list[Sentence], templates_: list[Template]) -> np.ndarray:
    """``frame_alike`` of every template (rows) against every sentence (columns), worked out in rapidfuzz's C++ at once:
    one Python call per pair made 20,000 sentences take minutes. Doubles, so each equals ``frame_alike``'s value."""
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
    if all(w in _FILLER for w in template_words):
        return 0.5  # the quote starts or ends at the number ('and 76 job vacancies'): nothing to compare
    return fuzz.ratio(" ".join(mine), " ".join(template_words)) / 100


@lru_cache(maxsize=2**16)
def _counted_alike(mine: tuple[str, ...], theirs: tuple[str, ...]) -> float:
    """What a number counts against what the template's counts ('surgical procedures' is what 22 counts), each as
    ``_counted`` gives it."""
    if not mine or not theirs:
        return 0.5
    shared = len(set(mine) & set(theirs)) / len(set(mine) | set(theirs))
    return (shared + fuzz.ratio(" ".join(mine), " ".join(theirs)) / 100) / 2


_NO_NOUN_AFTER = re.compile(r"\s*(?:[,.;)(]|$|(?:through|in|with|of|including|across|for|and)\b)", re.IGNORECASE)
_LABEL = re.compile(r"(?:^|[.;:]\s|\d\W)([^.;:\d]{3,80}):\s*(?:EUR|GBP)?\s*[€£]?$")


@lru_cache(maxsize=2**14)
def _label_of(text: str, start: int, end: int) -> tuple[str, ...]:
    """A label's words where the number (``text[start:end]``) follows one and a colon ('Vacancies found: 316'), and
    no noun follows it; else none."""
    if not _NO_NOUN_AFTER.match(text[end : end + 20]):
        return ()  # 'AVR: 472 Kosovars came home': the noun after it says what it counts
    found = _LABEL.search(text[max(0, start - 90) : start])
    return tuple(found.group(1).lower().split()) if found else ()


@lru_cache(maxsize=2**16)
def _counted(after: tuple[str, ...], written: str) -> tuple[str, ...]:
    """The first two words of what a number counts, as stems, its currency first: a sum of money counts its
    currency however it is written ('€78,310', '78,310 Euros')."""
    words = [w for w in re.findall(r"[^\W\d_]+", " ".join(after[:3]).lower()) if w not in _FILLER]
    currency = _CURRENCY.search(written)
    if currency:
        words.insert(0, "euro" if currency.group(0).lower() in ("€", "eur", "euro") else "pound")
    words = ["euro" if w.startswith("euro") else "pound" if w in ("gbp", "pounds", "pound") else w for w in words]
    return tuple(COUNTED_ALIKE.get(s, s) for s in (stem(w) for w in words[:2]))


# Nouns another writer counts the same thing by, after a number: '22 operations' are the stored '22 surgeries'.
COUNTED_ALIKE = {**SAME_THING, "opera": "surge"}


_TOTAL_OF = re.compile(r"\b(?:total\s+)?(?:number|total|tally|count)\s+(?:of\s+)?(.+?)\s+to$", re.IGNORECASE)
_TOTAL_WORDS = ("number", "total", "tally", "count")


def _running_total(meaning: NumberMeaning | None) -> str:
    """The words of the running total that dates the number ('raising the total … to'), or ''."""
    return meaning.time.running_total if meaning is not None and meaning.time is not None else ""


@lru_cache(maxsize=2**14)
def _total_of(clue: str, after: tuple[str, ...]) -> tuple[str, ...]:
    """What a running total counts, where its words name it apart from the number: 'raising the total number of
    police officers trained to 200', 'bringing to 200 the number trained'; else none."""
    if not clue:
        return ()
    found = _TOTAL_OF.search(clue)
    if found:
        return tuple(found.group(1).lower().split())
    words = [w for w in after if w not in ("the", "of")]
    return tuple(words[1:]) if words and words[0] in _TOTAL_WORDS else ()


_CURRENCY = re.compile(r"€|£|\b(?:EUR|GBP|euros?)\b", re.IGNORECASE)
_FILLER = frozenset(
    {"of", "the", "a", "an", "new", "more", "additional", "other", "further", "and", "were", "are", "long", "each"}
)


def score(
    sentence: Sentence,
    position: int,
    template: Template,
    frame: float | None = None,
    meaning: NumberMeaning | None = None,
) -> float:
    """How sure it is that the number at ``position`` of ``sentence`` continues ``template`` (0-1); with the
    number's ``meaning``, what its words say (breakdown, basis, what is counted) weighs too."""
    if sentence.known_section:
        section = 1.0 if sentence.known_section == template.figure["source_section"] else 0.0
    else:
        section = 0.4  # a section the previous edition did not have, or text before any heading
    frame = frame_alike(sentence, template) if frame is None else frame
    before, after = sentence.beside[position]
    before_alike, after_alike = _beside(before, template.before, True), _beside(after, template.after, False)
    form = sentence.forms[position]
    same_form = form == template.form or {form, template.form} <= {"digits", "words"}
    same_place = 1.0 if position == template.index else 0.5
    # What the number counts, the words right after it, weighs most of the words beside it: another writer keeps
    # the noun ('22 surgical procedures') where the order of a sentence's numbers and its verbs change.
    mention = sentence.numbers[position]
    theirs = _counted(tuple(template.after), template.figure["value_as_written"])
    total_of = _total_of(_running_total(meaning), tuple(after))
    if total_of:  # a running total's words ('the number trained') may say less than a noun: they only add
        noun = max(0.5, _counted_alike(_counted(total_of, mention.written), theirs))
    else:
        counted = _label_of(sentence.text, mention.start, mention.end) or tuple(after)  # 'Houses finished: 17'
        noun = _counted_alike(_counted(counted, mention.written), theirs)
    total = 0.25 * section + 0.3 * frame + 0.2 * before_alike + 0.05 * after_alike + 0.05 * same_place + 0.2 * noun
    in_its_section = sentence.known_section == template.figure["source_section"]
    total += (
        _meaning(meaning, template, in_its_section) if meaning is not None else _anchored(sentence, position, template)
    )
    return total if same_form else total * 0.5  # may pass 1: ``match`` ranks by it, a row shows it capped


def _anchored(sentence: Sentence, position: int, template: Template) -> float:
    """Without a reading: the breakdown's words beside the number ('In Zhupa Valley, 5 projects'), and another
    figure's place beside it and not this one's ('while there were 4 in Magure')."""
    total = 0.0
    before_words, after_words = sentence.anchors[position]
    if template.anchors:
        total += 0.1 if template.anchors & before_words else (0.05 if template.anchors & after_words else 0.0)
    beside = before_words | after_words
    if template.rivals and template.rivals & beside and not template.anchors & beside:
        total -= 0.15
    return total


def _meaning(meaning: NumberMeaning, template: Template, in_its_section: bool = False) -> float:
    """What the number's own words say against what the template is: the same breakdown (a place, a sector, a
    mode), the same basis ('to date' is cumulative), the same thing counted."""
    total = 0.0
    mine, theirs = meaning.codes, template.codes
    donor = _donor_country(template.figure.get("donor", ""))
    if donor in mine:  # 'Liechtenstein … has allowed 11 people to return': the donor named, not a breakdown
        mine, total = mine - {donor}, 0.15
    columns = {column for column, _ in theirs}
    if _conflicts(mine, theirs):
        total -= 0.3  # another breakdown of a kind both have: Magure's figure, not Zhupa's; phase II's, not phase I's
    elif _wider(mine, theirs):
        total -= 0.2  # '22 families came back to Brestovik and Siga': both villages', not one village's figure
    elif mine & theirs:
        total += 0.2
        named_columns = columns | {column for column, _ in template.named}
        if any(column not in named_columns for column, _ in mine):
            total -= 0.1  # it is also broken down by what the figure is not: the north's 112, not SEDMIN's 202
    elif mine - template.named and theirs:
        total -= 0.25  # 'Sweden (41)' is by country; the figure 'by land' is by mode
    elif theirs and not mine:
        total -= 0.05
    elif mine - template.named and not theirs:
        total -= 0.1  # the number is a breakdown, the template a total
    said = {column for column, _ in mine | meaning.scope}
    if any(column in SCOPE_COLUMNS and column not in said for column, _ in theirs):
        total -= SCOPE_UNSAID  # the figure is one phase's or area's, and nothing here says which
    if meaning.scope and _conflicts(meaning.scope, theirs):
        total -= 0.3  # the sentence set another scope before it: the north's, not the southwest's
    elif meaning.scope & theirs:
        total += 0.05
    status, theirs_status = meaning.status[0], template.figure.get("status", "")
    if status and theirs_status:
        total += 0.1 if status == theirs_status else -0.15  # 'had been completed' is not the approved projects
    elif status or theirs_status:
        total -= 0.05
    total += _basis_alike(meaning, template.figure)
    if meaning.programme and not (in_its_section and meaning.programme != template.figure["programme"]):
        # the section's heading names a programme: its figures, not another's (unless the stored figure stood in
        # this very section: the AVR section's count of patients taken abroad is the complex medical cases')
        total += 0.1 if meaning.programme == template.figure["programme"] else -0.5
    ranks = [fit.indicator for fit in meaning.fits]
    indicator = template.figure["indicator"]
    if meaning.kind == "count" and meaning.counted and indicator in meaning.known and indicator not in meaning.counts:
        # the words after it are not what the figure counts ('3 floors'), the less so if nothing of it is near
        total -= 0.1 if indicator in ranks else 0.2
    if ranks and ranks[0] == indicator:
        total += 0.1
    elif indicator in ranks[:3]:
        total += 0.05
    return total


def _basis_alike(meaning: NumberMeaning, figure: dict[str, str]) -> float:
    """The number's time words against the figure's basis: the same basis, and for a total the same start."""
    basis, time = figure["basis"], meaning.time
    if time is None or basis not in ("period", "cumulative", "point_in_time", "target", "year_to_date"):
        return 0.0
    if time.basis == basis:
        since, stored = time.period_start[:4], figure.get("period_start", "")[:4]
        if basis == "cumulative" and since and stored:  # 'since 1999' is not the total since December 2003
            return 0.1 if since == stored else -0.05
        return 0.05
    if "target" in (basis, time.basis):
        return -0.3  # a target is never a result, nor a result a target
    if time.kind in ("range", "month", "edition") and basis in ("cumulative", "point_in_time"):
        return -0.2  # 'From August to October, 9 new cases': a flow over a period it names, not a level
    return -0.1


@lru_cache(maxsize=256)
def _donor_country(donor: str) -> Code | None:
    """The country a donor is the government of, by its name ('liechtenstein' → LIE), if it is one."""
    import pycountry  # noqa: PLC0415 - only a stored figure with a donor asks, and only when drafting

    country = pycountry.countries.get(name=donor.replace("_", " ").title()) if donor else None
    return ("country", country.alpha_3) if country is not None else None


def _wider(mine: frozenset[Code], theirs: frozenset[Code]) -> bool:
    """The number names two or more places of a kind of which the figure is one place's."""
    return any(
        column in PLACE_COLUMNS
        and sum(1 for c in mine if c[0] == column) > 1
        and sum(1 for c in theirs if c[0] == column) == 1
        for column, _ in theirs
    )


def _conflicts(mine: frozenset[Code], theirs: frozenset[Code]) -> bool:
    """A breakdown column both name, with no code in common: phase I against phase II."""
    columns = {column for column, _ in mine} & {column for column, _ in theirs}
    return any(not {c for c in mine if c[0] == column} & {c for c in theirs if c[0] == column} for column in columns)

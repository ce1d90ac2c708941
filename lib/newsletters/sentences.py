"""The new newsletter's text as sentences with numbers, each under its heading and the section it continues.

For every number a sentence states, what the matcher weighs: the sentence's words with numbers masked ('#'), the
words right beside the number, its kind (``form_of``: percent, range, duration …) and the stems of its clause.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz import fuzz

from lib.i18n.active import N_
from lib.newsletters.blocks import Block, Newsletter, without_section_number
from lib.newsletters.limits import LIMITS, LimitRefusal, ReadingLimits
from lib.newsletters.numbers import Mention, mentions

SECTION_MATCH = 80  # a heading this close to a known section (0-100) continues it
# Headings inside a programme's section ('Aims', 'Funded by: Sweden', a photo's caption): they do not start another.
_INNER_HEADING = re.compile(
    r"^(?:aims?|objectives?|goals?|background|activities|results|achievements|partners?|funded by|donors?|photo|"
    r"caption|note|contact)\b",
    re.IGNORECASE,
)
# A full stop after 'p.', 'No.', 'ext.', 'Art.' or 'para.' does not end a sentence: the number after it is its.
_SENTENCE_END = re.compile(
    r"(?<=[.!?])(?<!\bp\.)(?<!\bpp\.)(?<!\b[Nn]o\.)(?<!\b[Nn]r\.)(?<!\bext\.)(?<!\bArt\.)(?<!\bpara\.)"
    r"\s+(?=[A-Z\"“(€0-9])"
)
# A list's item starts after a full stop or a colon: '… end-October: - Houses finished: 17. - Houses handed …'.
_LIST_ITEM = re.compile(r"(?<=[.:;!?])\s+[-–•◆▪]\s+(?=\S)")
_NUMBER_MASK = "#"
_DURATION = re.compile(r"\s*(?:-\s*)?(?:months?|years?|weeks?|days?)\b(?!\s*(?:and a half|long))", re.IGNORECASE)


@dataclass(frozen=True)
class Sentence:
    """A sentence (or heading) of the new text that states numbers, with what the matcher weighs for each."""

    text: str
    section: str  # the heading it stands under, as the new text writes it
    known_section: str  # the previous edition's section it continues ("" where none)
    numbers: tuple[Mention, ...]  # positions relative to ``text``
    masked: str = ""  # lower case, numbers masked
    beside: tuple[tuple[list[str], list[str]], ...] = ()  # for each number: masked words before (nearest last), after
    forms: tuple[str, ...] = ()  # for each number: its kind (``form_of``)
    anchors: tuple[tuple[frozenset[str], frozenset[str]], ...] = ()  # for each number: words just before and after it
    lead: str = ""  # the words that lead the list it is an item of ('CSP I, north Kosovo:'), '' where none


def _sentence(text: str, section: str, known: str, lead: str = "") -> Sentence | None:
    """The sentence with what is weighed for each of its numbers; None when it states none."""
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
        lead=lead,
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


def form_of(mention: Mention, text: str = "") -> str:
    """What kind of number it is; a length of time ('three months', 'four years') only matches another."""
    if (
        text
        and not mention.percent
        and (
            _DURATION.match(text[mention.end : mention.end + 30])
            or re.search(r"-(?:months?|years?|weeks?|days?)$|\bdays?\b", mention.written)
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


def words_beside(text: str, numbers: list[Mention], index: int, width: int = 4) -> tuple[list[str], list[str]]:
    """Up to ``width`` masked words before the ``index``-th number and after it, lower case."""
    masked, marks = _masked(text, numbers)
    return _words_around(masked, marks[index], width)


def stem(word: str) -> str:
    return word[:5]  # 'services' and 'service', 'reconstruction' and 'reconstructed'


def _clause_words(text: str, numbers: tuple[Mention, ...], index: int) -> tuple[frozenset[str], frozenset[str]]:
    """Up to four words before the number and three after it, not past the numbers beside it (stems)."""
    clause_start = numbers[index - 1].end if index > 0 else 0
    clause_end = numbers[index + 1].start if index + 1 < len(numbers) else len(text)
    before = re.findall(r"[\w']+", text[clause_start : numbers[index].start].lower())[-4:]
    after = re.findall(r"[\w']+", text[numbers[index].end : clause_end].lower())[:3]
    return frozenset(map(stem, before)), frozenset(map(stem, after))


def sentences(
    newsletter: Newsletter,
    known_sections: list[str],
    limits: ReadingLimits = LIMITS,
    programme_section: Callable[[str], str] | None = None,
) -> list[Sentence]:
    """The body text split into sentences, each under its heading and the known section it continues
    (``programme_section``: the section of the programme a heading names outright, '' where it names none).

    A sentence of more numbers than ``limits.numbers_per_sentence`` refuses the file: it is a table set as
    text, or not a newsletter, and each of its numbers would be weighed against every previous figure.
    """
    found: list[Sentence] = []
    heading, known = "", ""
    body_since_heading = True
    for index, block in enumerate(_joined(newsletter.blocks)):
        if block.heading and _INNER_HEADING.match(block.text.strip()) and not _is_digest(block.text):
            texts = [(block.text, "")]  # it stays in the section it stands in
        elif block.heading:
            best = _best_section(block.text, known_sections, programme_section)
            if best:
                heading, known = block.text, best
            elif body_since_heading:
                heading, known = block.text, ""  # a heading after body text: a new section
            # else: a caption right under a heading keeps the heading (not under the masthead: the first line)
            body_since_heading = index == 0
            texts = [(block.text, "")]  # a heading can state a figure ("Swedish Medical Team Operates On 22 Patients")
        else:
            body_since_heading = True
            texts = _items(block.text)
        for text, lead in texts:
            sentence = _sentence(text, heading, known, lead)
            if sentence is not None:
                if len(sentence.numbers) > limits.numbers_per_sentence:
                    raise LimitRefusal(
                        N_(
                            "%(file)s has a sentence of %(count)s numbers; a newsletter's sentence has at most "
                            "%(limit)s: “%(sentence)s…” (a table set as text? leave it out, or send its figures as a "
                            "CSV)"
                        ),
                        file=newsletter.name,
                        count=len(sentence.numbers),
                        limit=limits.numbers_per_sentence,
                        sentence=sentence.text[:60],
                    )
                found.append(sentence)
    return found


def _items(text: str) -> list[tuple[str, str]]:
    """A body block's sentences, each with the lead of the list it is an item of ('' where none): a list's items
    are sentences of their own, and the words before them ('CSP I, north Kosovo:') set their scope."""
    first, *items = _LIST_ITEM.split(text)
    found = [(sentence, "") for sentence in _SENTENCE_END.split(first)]
    lead = found[-1][0] if items and found[-1][0].rstrip().endswith(":") else ""
    return found + [(sentence, lead) for item in items for sentence in _SENTENCE_END.split(item)]


def _joined(blocks: tuple[Block, ...]) -> list[Block]:
    """Body blocks that continue a sentence across a break ('related to' / 'construction (7), …') joined again,
    also across a caption or heading the layout put between them."""
    joined: list[Block] = []
    last_body: int | None = None
    for block in blocks:
        if last_body is not None and _continues(joined[last_body], block):
            joined[last_body] = Block(text=f"{joined[last_body].text} {block.text}", heading=False)
            continue
        joined.append(block)
        if not block.heading:
            last_body = len(joined) - 1
    return joined


def _continues(previous: Block, block: Block) -> bool:
    """Whether body text ``block`` goes on with the sentence the body text ``previous`` leaves unfinished."""
    return not block.heading and block.text[:1].islower() and not previous.text.rstrip().endswith((".", "!", "?", ":"))


# A newsletter's digest of the quarter, however a writer heads it: 'Highlights', 'At a Glance', 'This Quarter in
# Brief', 'Results at a glance', '7. Key figures of the quarter', 'The quarter in numbers', 'Key points'. It
# continues the previous edition's digest ('News in Brief').
_PERIOD_WORD = r"(?:quarter|period|months?|year|half[-\s]year)"
_DIGEST = re.compile(
    r"\W*(?:"
    r"(?:news|(?:this|the)\s+quarter|quarter)\s+in\s+brief|in\s+brief|highlights|(?:results\s+)?at\s+a\s+glance|"
    rf"(?:(?:key|main|headline)\s+)?(?:figures|numbers|facts|results)\s+(?:of|for)\s+the\s+{_PERIOD_WORD}|"
    rf"(?:key|main|headline)\s+(?:figures|numbers|facts|points)|(?:executive\s+)?summary|"
    rf"(?:(?:this|the)\s+)?{_PERIOD_WORD}\s+in\s+(?:figures|numbers|brief)"
    r")\W*",
    re.IGNORECASE,
)


def _is_digest(heading: str) -> bool:
    return bool(_DIGEST.fullmatch(without_section_number(heading)))


def _best_section(
    heading: str, known_sections: list[str], programme_section: Callable[[str], str] | None = None
) -> str:
    if not known_sections:
        return ""
    heading = without_section_number(heading)  # '4. Vaud AVR' is 'Vaud AVR'
    if _DIGEST.fullmatch(heading):
        digest = next((s for s in known_sections if _DIGEST.fullmatch(s)), "")
        if digest:
            return digest
    exact = next((s for s in known_sections if s.lower() == heading.lower()), "")
    if exact:
        return exact
    # 'Assisted Voluntary Returns (AVR)' names the AVR programme outright: its section, not the longer title that
    # happens to share those words ('Assisted Voluntary Returns Programme for Vulnerable Cases …')
    named = programme_section(heading) if programme_section is not None else ""
    if named in known_sections:
        return named
    scores = sorted(((fuzz.token_set_ratio(heading.lower(), s.lower()), s) for s in known_sections), reverse=True)
    score, section = scores[0]
    if len(scores) > 1 and scores[1][0] == score:
        return ""  # a heading as alike two sections ('Returns'): it continues neither outright
    return section if score >= SECTION_MATCH else ""

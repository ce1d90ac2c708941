"""A newsletter as every reader leaves it: blocks of clean text in reading order, headings marked.

Whatever the format, a reader ends by handing ``to_blocks`` its texts (and where it could tell, whether each is
a heading); the text decides where it could not (``looks_like_heading``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

HEADING_MAX_CHARS = 200  # a longer block is body text, whatever it ends with
_SENTENCE_END = ".!?:;"
OPENERS = "\"'“‘«(["
_CLOSERS = "\"'”’»)]"  # may follow a sentence's last stop: '... "Golema Oca".' or '(see below.)'
_BULLETS = "-–—•◆→▪●■►*·○◦"
_SENTENCE_INSIDE = re.compile(r"[a-z0-9)][.!?][\"'”’)]? +[A-Z]")  # '... 10 ongoing. These ...'
_SECTION_NUMBER = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*[.)]?|[IVX]{1,4}[.)])\s+(?=[A-Z])")
_CROSS_REFERENCE = re.compile(r"^\(?(see|cont(inued|\.)? (on|from))\s+(page|p\.?)\s*\d+\)?\.?$", re.I)  # 'See page 2'
# A short line ending in one of these words is a sentence the layout broke, not a title
# ('The modules of the training were designed according to the needs of the NGOs, as').
_CONTINUING_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "by",
        "for",
        "from",
        "in",
        "into",
        "is",
        "are",
        "of",
        "on",
        "or",
        "than",
        "that",
        "the",
        "to",
        "was",
        "were",
        "which",
        "who",
        "with",
    ]
)
# Soft hyphens are invisible: where one ended a PDF line, the line join has already used it.
_LIGATURES = str.maketrans(
    {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st", "\u00ad": None}
)


@dataclass(frozen=True)
class Block:
    """One paragraph, heading or caption of a newsletter."""

    text: str  # whitespace collapsed to single spaces, stripped; hyphenation at PDF line ends undone
    heading: bool  # a heading / title-like line rather than body text


@dataclass(frozen=True)
class Newsletter:
    """A newsletter as blocks in reading order, whatever format it came in."""

    name: str  # the file name as given
    blocks: tuple[Block, ...]

    @property
    def text(self) -> str:
        """The whole text, a blank line between blocks (as the .txt edition is written)."""
        return "\n\n".join(block.text for block in self.blocks)


def clean(text: str) -> str:
    """Whitespace collapsed to single spaces, ligatures spelt out, soft hyphens dropped."""
    return " ".join(text.translate(_LIGATURES).split())


def without_section_number(heading: str) -> str:
    """A heading without the number that orders it ('4. Vaud AVR' → 'Vaud AVR')."""
    return _SECTION_NUMBER.sub("", heading.strip(), count=1) or heading.strip()


def looks_like_heading(text: str) -> bool:
    """A short line that does not read as a sentence: a heading, title or caption (captions are accepted).

    Not a heading: a long block, one ending with sentence punctuation or holding two sentences, a
    bullet, a 'See page 2' pointer, or a fragment of a sentence the layout broke (starting in lower
    case, or ending with a comma or a word like 'to', 'the', 'as').
    """
    if not text or len(text) > HEADING_MAX_CHARS or text[0] in _BULLETS:
        return False
    unnumbered = without_section_number(text)  # '7. Key figures of the quarter', '2.1 Returns'
    if unnumbered != text and any(c.isdigit() for c in unnumbered):
        return False  # '1. Transport home for 472 Kosovars': a numbered list's item, not a section's heading
    text = unnumbered
    if text[0].islower():
        return False
    if _CROSS_REFERENCE.match(text) or _SENTENCE_INSIDE.search(text):
        return False
    end = text.rstrip(_CLOSERS) or text
    if end[-1] in _SENTENCE_END + ",":
        return False
    return text.rsplit(" ", 1)[-1] not in _CONTINUING_WORDS


def to_blocks(items: Iterable[tuple[str, bool | None]]) -> list[Block]:
    """Blocks of cleaned texts (empty ones dropped); where a reader could not tell (None), the text decides.

    A short line that the next block continues in lower case is a sentence the layout broke
    ('... processed through the RIF' / 'component. Recently ...'), not a heading; unless the body
    text before it breaks off mid-sentence too: then it is a heading set between the two halves.
    """
    cleaned = [(text, heading) for raw, heading in items if (text := clean(raw))]
    blocks: list[Block] = []
    for index, (text, heading) in enumerate(cleaned):
        if heading is None:
            following = cleaned[index + 1][0] if index + 1 < len(cleaned) else ""
            broken_before = bool(blocks) and not blocks[-1].heading and _breaks_off(blocks[-1].text)
            heading = looks_like_heading(text) and (broken_before or not following[:1].islower())
        blocks.append(Block(text=text, heading=heading))
    return blocks


def _breaks_off(text: str) -> bool:
    """Whether a text stops mid-sentence (no stop at its end)."""
    end = text.rstrip(_CLOSERS) or text
    return end[-1] not in _SENTENCE_END

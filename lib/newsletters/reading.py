"""Read a quarterly newsletter (.txt, .docx or .pdf) into blocks of text in reading order, headings marked.

What matters downstream (``lib.newsletters.drafts``) is faithful text in reading order, so every reader ends in
the same place: a tuple of ``Block`` with whitespace collapsed and headings marked. Each format has its reader
(``txt_reader``, ``docx_reader``, ``pdf_reader``); this module picks one by the file's name and checks what every
format must keep within (``ReadingLimits``).
"""

from __future__ import annotations

from pathlib import PurePath

from lib.i18n.active import N_
from lib.newsletters.blocks import Block, Newsletter
from lib.newsletters.limits import (
    FORMATS,
    LIMITS,
    LimitRefusal,
    NewsletterError,
    ReadingLimits,
    check_size,
    too_many_characters,
)
from lib.newsletters.numbers import mentions
from lib.newsletters.txt_reader import txt_blocks


def read_newsletter(name: str, content: bytes, limits: ReadingLimits = LIMITS) -> Newsletter:
    """The newsletter in ``content``, read by the format its ``name`` ends with; NewsletterError if it cannot be.

    This reads in the calling process, within ``limits``; a server reads an upload through
    ``lib.newsletters.worker.read_guarded``, which runs this in a worker that may die instead of the server.
    """
    suffix = PurePath(name).suffix.lower()
    if suffix not in FORMATS:
        if suffix in (".doc", ".rtf", ".odt"):
            raise NewsletterError(
                N_("%(file)s: a newsletter must be one of %(formats)s (save it as .docx)"),
                file=name,
                formats=", ".join(FORMATS),
            )
        raise NewsletterError(
            N_("%(file)s: a newsletter must be one of %(formats)s"), file=name, formats=", ".join(FORMATS)
        )
    check_size(name, len(content))
    if not content.strip():
        raise NewsletterError(N_("%(file)s is empty: choose the file the newsletter was saved in"), file=name)
    blocks = _format_blocks(suffix, name, content, limits)
    if not blocks:
        raise NewsletterError(N_("%(file)s is empty: it holds no text"), file=name)
    check_text_limits(name, blocks, limits)
    return Newsletter(name=name, blocks=tuple(blocks))


def _format_blocks(suffix: str, name: str, content: bytes, limits: ReadingLimits) -> list[Block]:
    """The blocks its format's reader finds.

    The .docx and .pdf readers are imported when a file of theirs comes, not with this module: the server imports
    this module but hands every upload to the worker, and their libraries would add about 35 MB to it (measured:
    python-docx with lxml 13 MB and 45 ms, pdfplumber with pdfminer 21 MB and 66 ms). In the worker they are then
    imported under its memory and CPU limits.
    """
    if suffix == ".docx":
        from lib.newsletters.docx_reader import docx_blocks  # noqa: PLC0415  python-docx: only a .docx needs it

        return docx_blocks(name, content, limits)
    if suffix == ".pdf":
        from lib.newsletters.pdf_reader import pdf_blocks  # noqa: PLC0415  pdfplumber: only a PDF needs it

        return pdf_blocks(name, content, limits)
    return txt_blocks(name, content, limits)


def check_text_limits(name: str, blocks: list[Block], limits: ReadingLimits) -> None:
    """Paragraphs, characters and numbers within bounds (every format ends here), counted with early stops."""
    if len(blocks) > limits.paragraphs:
        raise LimitRefusal(
            N_("%(file)s has %(count)s paragraphs; a newsletter has at most %(limit)s: is it the right file?"),
            file=name,
            count=len(blocks),
            limit=limits.paragraphs,
        )
    characters = sum(len(block.text) for block in blocks)
    if characters > limits.characters:
        raise too_many_characters(name, limits, characters)
    numbers = 0
    for block in blocks:
        numbers += len(mentions(block.text))
        if numbers > limits.numbers:
            raise LimitRefusal(
                N_(
                    "%(file)s has more than %(limit)s numbers; a newsletter has at most %(limit)s: is it the right "
                    "file?"
                ),
                file=name,
                limit=limits.numbers,
            )

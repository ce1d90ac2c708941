"""Reading a PDF newsletter's words with pdfplumber, within limits: the one place pdfplumber is called.

Pages are counted and their drawing instructions measured (deflate streams inflated a megabyte at a time, forms
inside forms included) before pdfminer parses any; then each page's words, with position, font and size, are
handed to ``lib.newsletters.pdf_layout``, which finds columns, running headers, paragraphs and headings.

pdfplumber rather than pypdf: pdfplumber gives every word with its position, font name and size, which finding
columns, running headers and headings needs; pypdf gives the text and little of where it sits or how it is set.
"""

from __future__ import annotations

import io
import itertools
import zlib
from collections.abc import Iterator

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import LITERALS_FLATE_DECODE, PDFStream, resolve1
from pdfminer.psparser import LIT
from pdfplumber.utils import extract_words

from lib.i18n.active import N_
from lib.newsletters.blocks import Block
from lib.newsletters.limits import (
    LIMITS,
    LimitRefusal,
    NewsletterError,
    ReadingLimits,
    megabytes,
    out_of_memory,
    too_many_characters,
)
from lib.newsletters.pdf_layout import Page, Word, page_lines, pdf_paragraphs, without_running_lines


def pdf_blocks(name: str, content: bytes, limits: ReadingLimits = LIMITS) -> list[Block]:
    """Blocks of a PDF with a text layer: columns read one after the other, running headers dropped."""
    if b"%PDF-" not in content[:1024]:
        raise NewsletterError(
            N_(
                "%(file)s is not a PDF file (it is another kind of file named .pdf): export the newsletter as PDF "
                "again, or send the .docx"
            ),
            file=name,
        )
    pages = _read_pdf(name, content, limits)
    lines = [line for number, rows in enumerate(without_running_lines(pages)) for line in page_lines(number, rows)]
    if not lines:
        raise NewsletterError(
            N_("%(file)s has no text layer (a scan?): export the PDF from the document, or send the .docx"), file=name
        )
    if sum(line.text.count("(cid:") for line in lines) > len(lines):
        raise NewsletterError(
            N_(
                "%(file)s: its fonts do not say which letters they draw, so its text cannot be read: export the PDF "
                "again from the document, or send the .docx"
            ),
            file=name,
        )
    return pdf_paragraphs(lines)


def _read_pdf(name: str, content: bytes, limits: ReadingLimits = LIMITS) -> list[Page]:
    """Every page's words with position, size and weight: the one place pdfplumber is called.

    Pages are counted, and their drawing instructions measured, before any is parsed; each page's
    parsed objects are let go once its words are read (all 60 pages kept took 765 MB, one at a time 114 MB).
    """
    try:
        with pdfplumber.open(io.BytesIO(content)) as pdf:
            _check_pdf_pages(name, pdf.doc, limits)
            pages, characters = [], 0
            for page in pdf.pages:
                pages.append(Page(float(page.width), float(page.height), tuple(_words(page))))
                page.close()
                characters += sum(len(word.text) for word in pages[-1].words)
                if characters > limits.characters:
                    raise too_many_characters(name, limits)
            return pages
    except (NewsletterError, MemoryError):
        raise  # a limit said no, or the worker's memory ran out: not a damaged file
    except Exception as error:  # pdfminer raises dozens of kinds (and KeyError, struct.error …) on damaged files
        cause = error.args[0] if error.args else None  # pdfplumber wraps pdfminer's error as its first argument
        if out_of_memory(error):
            raise MemoryError(f"{name}: out of memory while reading") from error  # the worker's limit, not damage
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)) or isinstance(
            error, (PDFPasswordIncorrect, PDFEncryptionError)
        ):
            raise NewsletterError(
                N_("%(file)s is encrypted: save it without a password, then upload it again"), file=name
            ) from error
        raise NewsletterError(
            N_(
                "%(file)s could not be read as a PDF (it may be damaged or cut short): export it again from the "
                "document, or send the .docx"
            ),
            file=name,
        ) from error


def _check_pdf_pages(name: str, document, limits: ReadingLimits) -> None:
    """At most ``limits.pages`` pages, each page's and all pages' drawing instructions within bounds, measured
    before pdfminer unpacks them (it unpacks a whole stream at once, whatever its size)."""
    pages = list(itertools.islice(PDFPage.create_pages(document), limits.pages + 1))
    if len(pages) > limits.pages:
        declared = _declared_pages(document)
        if declared and declared > limits.pages:
            raise LimitRefusal(
                N_("%(file)s has %(count)s pages; a newsletter has at most %(limit)s: is it the right file?"),
                file=name,
                count=declared,
                limit=limits.pages,
            )
        raise LimitRefusal(
            N_("%(file)s has more than %(limit)s pages; a newsletter has at most %(limit)s: is it the right file?"),
            file=name,
            limit=limits.pages,
        )
    total = 0
    counted: set[int] = set()  # streams already counted: forms in resources the pages share count once
    for number, page in enumerate(pages, start=1):
        size = 0
        for stream in _page_streams(page, counted):  # stops adding up once over: the rest need not be inflated
            size += _unpacked_size(stream, limits.page_content_bytes + 1 - size)
            if size > limits.page_content_bytes:
                break
        if size > limits.page_content_bytes:
            raise LimitRefusal(
                N_(
                    "%(file)s: page %(page)s unpacks to more than %(limit)s MB of drawing instructions, more than a "
                    "newsletter's page holds: export the PDF again, or send the .docx or .txt"
                ),
                file=name,
                page=number,
                limit=megabytes(limits.page_content_bytes),
            )
        total += size
        if total > limits.content_bytes:
            raise LimitRefusal(
                N_(
                    "%(file)s: its pages unpack to more than %(limit)s MB of drawing instructions, more than a "
                    "newsletter holds: export the PDF again, or send the .docx or .txt"
                ),
                file=name,
                limit=megabytes(limits.content_bytes),
            )


def _declared_pages(document) -> int | None:
    """The page count the PDF's page tree declares (only for the message: what is counted is what decides)."""
    try:
        count = resolve1(resolve1(document.catalog["Pages"]).get("Count"))
    except Exception:  # a damaged tree: the message says "more than" instead
        return None
    return count if isinstance(count, int) and count > 0 else None


_FORM_DEPTH = 8  # forms drawn inside forms, this deep; pdfminer draws deeper ones too, under the worker's limits


def _page_streams(page, seen: set[int]) -> Iterator:
    """A page's content streams (a stream, or an array of them) and the form XObjects it draws, forms inside
    forms included, each once in the document (``seen``: those counted already)."""
    for stream in map(resolve1, page.contents):
        if isinstance(stream, PDFStream) and id(stream) not in seen:
            seen.add(id(stream))
            yield stream
    yield from _forms(resolve1(page.resources), seen, _FORM_DEPTH)


def _forms(resources: object, seen: set[int], depth: int) -> Iterator:
    """The form XObjects named in ``resources``, and the forms in theirs, down to ``depth``."""
    if depth <= 0 or not isinstance(resources, dict):
        return
    xobjects = resolve1(resources.get("XObject", {}))
    for xobject in xobjects.values() if isinstance(xobjects, dict) else ():
        stream = resolve1(xobject)
        if isinstance(stream, PDFStream) and id(stream) not in seen and resolve1(stream.get("Subtype")) is LIT("Form"):
            seen.add(id(stream))
            yield stream
            yield from _forms(resolve1(stream.get("Resources")), seen, depth - 1)


def _unpacked_size(stream, cap: int) -> int:
    """How many bytes a stream unpacks to, counted a megabyte at a time and no further than ``cap``.

    Deflate (nearly every PDF's streams), once or chained, is measured; a stream without filters is its own
    size; other filters (rare for page content) count as their stored size and are left to the worker's limits.
    """
    if stream.rawdata is None:  # already decoded by pdfminer (an object stream's)
        return len(stream.data or b"")
    data = stream.rawdata
    filters = [resolve1(kind) for kind, _ in stream.get_filters()]
    if not filters or any(kind not in LITERALS_FLATE_DECODE for kind in filters):
        return len(data)
    for _ in filters:
        data, damaged = _inflate(data, cap + 1)  # each stage's output, at most cap + 1 bytes, is the next one's input
        if damaged:  # damaged (or encrypted): what inflated counts, and pdfminer decides what to make of the rest
            return max(len(data), len(stream.rawdata))
        if len(data) > cap:
            break
    return len(data)


def _inflate(data: bytes, most: int) -> tuple[bytes, bool]:
    """``data`` inflated, stopping at ``most`` bytes (a megabyte at a time), and whether it broke off damaged."""
    inflater, out, pending = zlib.decompressobj(), bytearray(), data
    try:
        while pending and len(out) < most:
            out += inflater.decompress(pending, min(2**20, most - len(out)))
            pending = inflater.unconsumed_tail
    except zlib.error:
        return bytes(out), True
    return bytes(out), False


def _words(page) -> Iterator[Word]:
    """pdfplumber's words, split where the font changes; rotated text (stamps, watermarks) is left out."""
    for word in extract_words(_once_each(page.chars), extra_attrs=["fontname", "size"]):
        if word.get("upright", True) and word["text"].strip():
            font = str(word["fontname"]).lower()
            yield Word(
                text=word["text"],
                x0=float(word["x0"]),
                x1=float(word["x1"]),
                top=float(word["top"]),
                bottom=float(word["bottom"]),
                size=round(float(word["size"]), 1),
                bold=any(weight in font for weight in ("bold", "black", "heavy")),
            )


def _once_each(chars: list[dict]) -> list[dict]:
    """Characters drawn twice on the same spot (a 'bold' made by overprinting) kept once.

    pdfplumber's own ``dedupe_chars`` does this too, but takes about half a second a page.
    """
    seen: set[tuple] = set()
    kept = []
    for char in chars:
        key = (char["text"], round(char["x0"]), round(char["top"]), char["fontname"], round(char["size"]))
        if key not in seen:
            seen.add(key)
            kept.append(char)
    return kept

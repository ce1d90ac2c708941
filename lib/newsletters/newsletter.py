"""Read a quarterly newsletter (.txt, .docx or .pdf) into blocks of text in reading order, headings marked.

What matters downstream (``lib.newsletters.extract``) is faithful text in reading order, so every reader ends in
the same place: a tuple of ``Block`` with whitespace collapsed and headings marked.

PDFs are read with pdfplumber rather than pypdf: pdfplumber gives every word with its position, font
name and size, which finding columns, running headers and headings needs; pypdf gives the text and
little of where it sits or how it is set.
"""

from __future__ import annotations

import codecs
import io
import itertools
import math
import re
import statistics
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import PurePath

from lib.dataset.csvtext import MEGABYTE
from lib.newsletters.numbers import mentions

MAX_NEWSLETTER_BYTES = 20 * MEGABYTE  # a newsletter PDF with photos runs to 10-20 MB
FORMATS = (".txt", ".docx", ".pdf")


@dataclass(frozen=True)
class ReadingLimits:
    """How much of each thing a newsletter may hold. Each is checked while the file is read, before the memory
    or time it would cost is spent, and refused with a message naming the file and the limit.

    The November 2004 edition, for scale: 8 pages, 62,490 characters, about 300 paragraphs, 226 numbers, at most
    a dozen in one sentence. The worker's own limits (memory, CPU, wall clock) guard whatever these do not foresee:
    see ``lib.newsletters.worker``.
    """

    pages: int = 60
    page_content_bytes: int = 8 * MEGABYTE  # one PDF page's drawing instructions, unpacked (a text page: 10-200 KB)
    content_bytes: int = 64 * MEGABYTE  # every page's together
    docx_xml_bytes: int = 32 * MEGABYTE  # a .docx's XML unpacked (its text and layout; pictures are not counted)
    docx_other_bytes: int = 64 * MEGABYTE  # the rest of a .docx unpacked: pictures, fonts, embedded files
    docx_paragraph_elements: int = 20_000  # paragraphs in the Word file, empty ones included
    characters: int = 1_000_000
    paragraphs: int = 5_000  # paragraphs, headings and captions with text
    numbers: int = 2_000
    numbers_per_sentence: int = 100
    # The worker (``lib.newsletters.worker``): its address space, CPU seconds and wall-clock seconds.
    worker_memory_bytes: int = 400 * 2**20  # the pod has 768 MiB for the server (under 300 MB) and one worker
    worker_cpu_s: int = 12
    worker_wall_s: float = 15.0  # a 60-page two-column PDF reads in about 8 s on the CI machine


LIMITS = ReadingLimits()

HEADING_MAX_CHARS = 200  # a longer block is body text, whatever it ends with
_SENTENCE_END = ".!?:;"
_OPENERS = "\"'“‘«(["
_CLOSERS = "\"'”’»)]"  # may follow a sentence's last stop: '... "Golema Oca".' or '(see below.)'
_BULLETS = "-–—•◆→▪●■►*·○◦"
_SENTENCE_INSIDE = re.compile(r"[a-z0-9)][.!?][\"'”’)]? +[A-Z]")  # '... 10 ongoing. These ...'
_CROSS_REFERENCE = re.compile(r"^\(?(see|cont(inued|\.)? (on|from))\s+(page|p\.?)\s*\d+\)?\.?$", re.I)  # 'See page 2'
# A short line ending in one of these words is a sentence the layout broke, not a title
# ('The modules of the training were designed according to the needs of the NGOs, as').
_CONTINUING_WORDS = frozenset(
    ["a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "is", "are", "of", "on", "or", "than", "that", "the", "to", "was", "were", "which", "who", "with"]
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


class NewsletterError(ValueError):
    """A file that cannot be read as a newsletter; str() is a clear message that names the file."""


class NewsletterBusy(NewsletterError):
    """Every slot for reading a newsletter is taken: try again shortly (nothing is wrong with the file)."""


class ReaderStopped(NewsletterError):
    """The worker was stopped from outside its own checks (the wall clock, a kill, a crash): on a busy server a
    real newsletter may meet this, so it may be tried again (unlike a refusal for what the file holds)."""


class LimitRefusal(NewsletterError):
    """The file holds more of something than a newsletter does (``ReadingLimits``): refused before it is spent."""


def read_newsletter(name: str, content: bytes, limits: ReadingLimits = LIMITS) -> Newsletter:
    """The newsletter in ``content``, read by the format its ``name`` ends with; NewsletterError if it cannot be.

    This reads in the calling process, within ``limits``; a server reads an upload through
    ``lib.newsletters.worker.read_guarded``, which runs this in a worker that may die instead of the server.
    """
    suffix = PurePath(name).suffix.lower()
    if suffix not in FORMATS:
        hint = " (save it as .docx)" if suffix in (".doc", ".rtf", ".odt") else ""
        raise NewsletterError(f"{name}: a newsletter must be one of {', '.join(FORMATS)}{hint}")
    check_size(name, len(content))
    if not content.strip():
        raise NewsletterError(f"{name} is empty: choose the file the newsletter was saved in")
    blocks = _READERS[suffix](name, content, limits)
    if not blocks:
        raise NewsletterError(f"{name} is empty: it holds no text")
    check_text_limits(name, blocks, limits)
    return Newsletter(name=name, blocks=tuple(blocks))


def out_of_memory(error: BaseException) -> bool:
    """Whether a library's error was caused by running out of memory (pdfplumber wraps it, a ``with`` block's exit
    may raise another on top): then it is the worker's memory limit speaking, not a damaged file."""
    seen: list[BaseException] = []
    stack: list[object] = [error]
    while stack and len(seen) < 50:
        current = stack.pop()
        if isinstance(current, MemoryError):
            return True
        if isinstance(current, BaseException) and not any(current is other for other in seen):
            seen.append(current)
            stack += [current.__cause__, current.__context__, *current.args[:1]]
    return False


def check_size(name: str, size: int) -> None:
    """A file over ``MAX_NEWSLETTER_BYTES`` is refused by its size alone, before it is read or sent anywhere."""
    limit = MAX_NEWSLETTER_BYTES  # read at call time, so a test can lower it
    if size > limit:
        raise LimitRefusal(
            f"{name} is too large ({_megabytes(size)} MB); a newsletter may be at most "
            f"{_megabytes(limit)} MB: save it with smaller pictures, or send the .txt"
        )


def too_many(
    name: str,
    count: int | str,
    things: str,
    limit: int,
    where: str = "a newsletter",
    advice: str = "is it the right file?",
) -> LimitRefusal:
    """The one wording of a refusal: 'x.pdf has 2,000 pages; a newsletter has at most 60: is it the right file?'."""
    count_text = f"{count:,}" if isinstance(count, int) else count
    return LimitRefusal(f"{name} has {count_text} {things}; {where} has at most {limit:,}: {advice}")


def check_text_limits(name: str, blocks: list[Block], limits: ReadingLimits) -> None:
    """Paragraphs, characters and numbers within bounds (every format ends here), counted with early stops."""
    if len(blocks) > limits.paragraphs:
        raise too_many(name, len(blocks), "paragraphs", limits.paragraphs)
    characters = sum(len(block.text) for block in blocks)
    if characters > limits.characters:
        raise too_many(name, characters, "characters", limits.characters)
    numbers = 0
    for block in blocks:
        numbers += len(mentions(block.text))
        if numbers > limits.numbers:
            raise too_many(name, f"more than {limits.numbers:,}", "numbers", limits.numbers)


def _megabytes(size: int) -> str:
    """'20', '25.3', '0.0977': a size in MB, one decimal (none for a whole number), three digits under 1 MB."""
    return f"{size / MEGABYTE:.3g}" if size < MEGABYTE else f"{size / MEGABYTE:.1f}".removesuffix(".0")


def clean(text: str) -> str:
    """Whitespace collapsed to single spaces, ligatures spelt out, soft hyphens dropped."""
    return " ".join(text.translate(_LIGATURES).split())


def looks_like_heading(text: str) -> bool:
    """A short line that does not read as a sentence: a heading, title or caption (captions are accepted).

    Not a heading: a long block, one ending with sentence punctuation or holding two sentences, a
    bullet, a 'See page 2' pointer, or a fragment of a sentence the layout broke (starting in lower
    case, or ending with a comma or a word like 'to', 'the', 'as').
    """
    if not text or len(text) > HEADING_MAX_CHARS or text[0] in _BULLETS or text[0].islower():
        return False
    if _CROSS_REFERENCE.match(text) or _SENTENCE_INSIDE.search(text):
        return False
    end = text.rstrip(_CLOSERS) or text
    if end[-1] in _SENTENCE_END + ",":
        return False
    return text.rsplit(" ", 1)[-1] not in _CONTINUING_WORDS


def _blocks(items: Iterable[tuple[str, bool | None]]) -> list[Block]:
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


# --- .txt -------------------------------------------------------------------------------------------

# A line and its break, as str.splitlines reads them (\r\n, \n, \r, form feed, Unicode separators …).
_LINE = re.compile(r"([^\n\r\v\f\x1c-\x1e\x85\u2028\u2029]*)(\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]|$)")


def _lines(text: str) -> Iterator[str]:
    """``text.splitlines()``, one line at a time."""
    for match in _LINE.finditer(text):
        if not match.group(2) and match.end() == len(text):
            if match.group(1):
                yield match.group(1)
            return
        yield match.group(1)


_CONTROL_BYTES = bytes(c for c in range(32) if c not in b"\t\n\r\f\v") + b"\x7f"
_OTHER_BYTES = bytes(c for c in range(256) if c not in _CONTROL_BYTES)


def _txt_blocks(name: str, content: bytes, limits: ReadingLimits = LIMITS) -> list[Block]:
    """One block per run of non-empty lines (the November edition puts each paragraph on one line)."""
    text = _decode_text(name, content)
    # Before it is split into blocks, and counted without copying it; spaces do not count (blocks collapse them).
    letters = len(text) - sum(text.count(space) for space in " \n\r\t\f\v\xa0")
    if letters > limits.characters:
        raise too_many(name, f"more than {limits.characters:,}", "characters", limits.characters)
    groups: list[list[str]] = [[]]
    # One line at a time, broken where str.splitlines breaks them: a file of millions of empty lines is never a
    # list of millions of strings.
    for line in _lines(text):
        if line.strip():
            groups[-1].append(line)
        elif groups[-1]:
            groups.append([])
    return _blocks((" ".join(group), None) for group in groups)


def _decode_text(name: str, content: bytes) -> str:
    """UTF-8 (a BOM is dropped), UTF-16 if it says so, else Windows-1252, which every Word on Windows saves."""
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return content.decode("utf-16")
        except UnicodeDecodeError as error:
            raise NewsletterError(f"{name}: the text is damaged ({error.reason}); save it again as UTF-8") from error
    if _looks_binary(content):
        raise NewsletterError(
            f"{name} is not a text file (it holds binary data): save the newsletter as .txt, "
            "or send the .docx or .pdf as it is"
        )
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")  # the five bytes cp1252 leaves undefined become '�'


def _looks_binary(content: bytes) -> bool:
    """NUL bytes, or more than one byte in ten a control character: no text editor writes that."""
    if b"\x00" in content:
        return True
    controls = len(content.translate(None, _OTHER_BYTES))
    return controls > len(content) / 10


# --- .docx ------------------------------------------------------------------------------------------

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an old .doc, or a .docx that Word protected with a password
# Word keeps each text box twice (a DrawingML box and its VML fallback): the fallback is skipped.
_TEXTBOXES = ".//w:txbxContent[not(ancestor::mc:Fallback)]/w:p"
_TEXTBOX_NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
}


def _docx_blocks(name: str, content: bytes, limits: ReadingLimits = LIMITS) -> list[Block]:
    """Paragraphs in body order, table cells and text boxes included; 'Heading…'/'Title' styles are headings."""
    _check_docx_package(name, content, limits)
    import docx  # here, not at the top: only a .docx needs it

    try:
        document = docx.Document(io.BytesIO(content))
        items = list(_docx_items(document))
    except MemoryError:
        raise  # not a damaged file: the worker says what happened
    except Exception as error:
        if out_of_memory(error):
            raise MemoryError(f"{name}: out of memory while reading") from error
        # python-docx, zipfile and lxml raise many kinds on a damaged file: one call, one catch
        raise NewsletterError(
            f"{name} could not be read as a Word document ({type(error).__name__}): "
            "open it in Word and save it again as .docx"
        ) from error
    return _blocks((text, True if heading else None) for text, heading in items)


_XML_PART = re.compile(r"\.(xml|rels)$", re.IGNORECASE)
_WORD_PART = re.compile(r"^word/.*\.xml$", re.IGNORECASE)  # the document, headers, footers, notes: where paragraphs are
_PARAGRAPH_TAG = f"{{{_TEXTBOX_NS['w']}}}p"


def _check_docx_package(name: str, content: bytes, limits: ReadingLimits = LIMITS) -> None:
    """Errors a user can act on, before python-docx gives a less clear one; sizes and paragraphs within bounds.

    python-docx holds every part of the package in memory and parses the XML whole, so what it would
    unpack is bounded first from the zip's directory (each part's declared size, checked against its
    packed size by ``_check_zip_member``), and the paragraphs are counted by streaming the XML.
    """
    if content.startswith(_OLE_MAGIC):
        raise NewsletterError(
            f"{name} is not a .docx (an old .doc, or a document protected with a password): "
            "save it in Word as .docx without a password"
        )
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as package:
            parts = package.infolist()
            for info in parts:
                _check_zip_member(name, info)
            xml = sum(info.file_size for info in parts if _XML_PART.search(info.filename))
            other = sum(info.file_size for info in parts) - xml
            if xml > limits.docx_xml_bytes:
                raise LimitRefusal(
                    f"{name} unpacks to {_megabytes(xml)} MB of text and layout; a newsletter has "
                    f"at most {_megabytes(limits.docx_xml_bytes)} MB: save it again from Word"
                )
            if other > limits.docx_other_bytes:
                raise LimitRefusal(
                    f"{name} unpacks to {_megabytes(other)} MB of pictures and other files; a "
                    f"newsletter has at most {_megabytes(limits.docx_other_bytes)} MB: save it with "
                    "smaller pictures, or send the .txt"
                )
            _count_docx_paragraphs(name, package, [info for info in parts if _WORD_PART.match(info.filename)], limits)
    except (NewsletterError, MemoryError):
        raise
    except Exception as error:  # zipfile, zlib and lxml raise many kinds on a damaged package
        raise NewsletterError(
            f"{name} is not a .docx file (it is damaged, or another kind of file): "
            "open it in Word and save it again as .docx"
        ) from error


def _check_zip_member(name: str, info: zipfile.ZipInfo) -> None:
    """A part stored or deflated, whose packed size fits what it says it unpacks to.

    python-docx reads a part whole and only then cuts it to the size the zip's directory declares: a
    directory that declares a small part over a large packed stream (which deflate cannot produce: it
    never packs to more than the data and a little) would have it unpack all of it first.
    """
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise NewsletterError(
            f"{name} is packed in a way Word does not write ({info.filename}): "
            "open it in Word and save it again as .docx"
        )
    most = info.file_size if info.compress_type == zipfile.ZIP_STORED else info.file_size + info.file_size // 100 + 1024
    if info.compress_size > most:
        raise NewsletterError(
            f"{name} is damaged (its part {info.filename} holds more than it declares): "
            "open it in Word and save it again as .docx"
        )


def _count_docx_paragraphs(
    name: str, package: zipfile.ZipFile, parts: list[zipfile.ZipInfo], limits: ReadingLimits
) -> None:
    """Paragraph elements in the Word parts (the document, headers, footers, notes), counted as the XML streams
    by; every element is dropped once read, so the tree never grows."""
    from lxml import etree

    count = 0
    for part in parts:
        with package.open(part) as stream:
            # No entities resolved and no network: the file is the sender's, not ours.
            for _, element in etree.iterparse(
                stream, events=("end",), resolve_entities=False, no_network=True, huge_tree=False
            ):
                if element.tag == _PARAGRAPH_TAG:
                    count += 1
                    if count > limits.docx_paragraph_elements:
                        raise too_many(
                            name,
                            f"more than {limits.docx_paragraph_elements:,}",
                            "paragraphs (empty ones included)",
                            limits.docx_paragraph_elements,
                            advice="save it again from Word without the empty paragraphs, or send the .txt",
                        )
                element.clear()
                parent = element.getparent()  # None for the root (a comment or instruction may stand before it)
                while parent is not None and element.getprevious() is not None:
                    del parent[0]


def _docx_items(container) -> Iterator[tuple[str, bool]]:
    """(text, has a heading style) for each paragraph of a document or table cell, in order."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph
    from lxml import etree

    for item in container.iter_inner_content():
        if isinstance(item, Table):
            seen: set[int] = set()
            for row in item.rows:
                for cell in row.cells:
                    if id(cell._tc) not in seen:  # a merged cell is listed once for every row or column it spans
                        seen.add(id(cell._tc))
                        yield from _docx_items(cell)
            continue
        yield item.text, _heading_style(item.style)
        for element in etree.ElementBase.xpath(item._p, _TEXTBOXES, namespaces=_TEXTBOX_NS):
            boxed = Paragraph(element, item)  # a text box's paragraphs follow the one it is anchored in
            yield boxed.text, _heading_style(boxed.style)


def _heading_style(style) -> bool:
    """A 'Heading n' or 'Title' style, or one based on it (a newsletter's own 'Section head', say)."""
    for _ in range(10):  # styles chain through base_style; a cycle in a damaged file must not hang us
        if style is None:
            return False
        if (style.name or "").lower().startswith(("heading", "title")):
            return True
        style = style.base_style
    return False


# --- .pdf -------------------------------------------------------------------------------------------

_MARGIN_SHARE = 0.15  # running headers and footers sit in the top or bottom 15% of a page
_PAGE_NUMBER = re.compile(r"^(page|p\.)?\s*[-–—(\[]?\s*\d{1,4}\s*[-–—)\]]?(\s*(/|of)\s*\d{1,4})?$", re.I)
_MIN_GUTTER = 6.0  # points: the narrowest white space between columns


@dataclass(frozen=True)
class _Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool


@dataclass(frozen=True)
class _Page:
    width: float
    height: float
    words: tuple[_Word, ...]


@dataclass(frozen=True)
class _Line:
    """A line of one column, with where it sits: lines of one region follow each other down the page."""

    text: str
    top: float
    bottom: float
    size: float
    bold: bool
    region: tuple[int, int, int]  # page, band between full-width lines, column


def _pdf_blocks(name: str, content: bytes, limits: ReadingLimits = LIMITS) -> list[Block]:
    """Blocks of a PDF with a text layer: columns read one after the other, running headers dropped."""
    if b"%PDF-" not in content[:1024]:
        raise NewsletterError(
            f"{name} is not a PDF file (it is another kind of file named .pdf): "
            "export the newsletter as PDF again, or send the .docx"
        )
    pages = _read_pdf(name, content, limits)
    lines = [line for number, rows in enumerate(_without_running_lines(pages)) for line in _page_lines(number, rows)]
    if not lines:
        raise NewsletterError(
            f"{name} has no text layer (a scan?): export the PDF from the document, or send the .docx"
        )
    if sum(line.text.count("(cid:") for line in lines) > len(lines):
        raise NewsletterError(
            f"{name}: its fonts do not say which letters they draw, so its text cannot be read: "
            "export the PDF again from the document, or send the .docx"
        )
    return _pdf_paragraphs(lines)


def _read_pdf(name: str, content: bytes, limits: ReadingLimits = LIMITS) -> list[_Page]:
    """Every page's words with position, size and weight: the one place pdfplumber is called.

    Pages are counted, and their drawing instructions measured, before any is parsed; each page's
    parsed objects are let go once its words are read (all 60 pages kept took 765 MB, one at a time 114 MB).
    """
    import pdfplumber  # here, not at the top: only a PDF needs it (and it is slow to import)
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        with pdfplumber.open(io.BytesIO(content)) as pdf:
            _check_pdf_pages(name, pdf.doc, limits)
            pages, characters = [], 0
            for page in pdf.pages:
                pages.append(_Page(float(page.width), float(page.height), tuple(_words(page))))
                page.close()
                characters += sum(len(word.text) for word in pages[-1].words)
                if characters > limits.characters:
                    raise too_many(name, f"more than {limits.characters:,}", "characters", limits.characters)
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
            raise NewsletterError(f"{name} is encrypted: save it without a password, then upload it again") from error
        raise NewsletterError(
            f"{name} could not be read as a PDF (it may be damaged or cut short): "
            "export it again from the document, or send the .docx"
        ) from error


def _check_pdf_pages(name: str, document, limits: ReadingLimits) -> None:
    """At most ``limits.pages`` pages, each page's and all pages' drawing instructions within bounds, measured
    before pdfminer unpacks them (it unpacks a whole stream at once, whatever its size)."""
    from pdfminer.pdfpage import PDFPage

    pages = list(itertools.islice(PDFPage.create_pages(document), limits.pages + 1))
    if len(pages) > limits.pages:
        declared = _declared_pages(document)
        raise too_many(
            name,
            declared if declared and declared > limits.pages else f"more than {limits.pages}",
            "pages",
            limits.pages,
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
                f"{name}: page {number} unpacks to more than "
                f"{_megabytes(limits.page_content_bytes)} MB of drawing instructions, more than a "
                "newsletter's page holds: export the PDF again, or send the .docx or .txt"
            )
        total += size
        if total > limits.content_bytes:
            raise LimitRefusal(
                f"{name}: its pages unpack to more than {_megabytes(limits.content_bytes)} MB of "
                "drawing instructions, more than a newsletter holds: export the PDF again, or send "
                "the .docx or .txt"
            )


def _declared_pages(document) -> int | None:
    """The page count the PDF's page tree declares (only for the message: what is counted is what decides)."""
    from pdfminer.pdftypes import resolve1

    try:
        count = resolve1(resolve1(document.catalog["Pages"]).get("Count"))
    except Exception:  # a damaged tree: the message says "more than" instead
        return None
    return count if isinstance(count, int) and count > 0 else None


_FORM_DEPTH = 8  # forms drawn inside forms, this deep; pdfminer draws deeper ones too, under the worker's limits


def _page_streams(page, seen: set[int]) -> Iterator:
    """A page's content streams (a stream, or an array of them) and the form XObjects it draws, forms inside
    forms included, each once in the document (``seen``: those counted already)."""
    from pdfminer.pdftypes import PDFStream, resolve1

    for stream in map(resolve1, page.contents):
        if isinstance(stream, PDFStream) and id(stream) not in seen:
            seen.add(id(stream))
            yield stream
    yield from _forms(resolve1(page.resources), seen, _FORM_DEPTH)


def _forms(resources: object, seen: set[int], depth: int) -> Iterator:
    """The form XObjects named in ``resources``, and the forms in theirs, down to ``depth``."""
    from pdfminer.pdftypes import PDFStream, resolve1
    from pdfminer.psparser import LIT

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
    from pdfminer.pdftypes import LITERALS_FLATE_DECODE, resolve1

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


def _words(page) -> Iterator[_Word]:
    """pdfplumber's words, split where the font changes; rotated text (stamps, watermarks) is left out."""
    from pdfplumber.utils import extract_words

    for word in extract_words(_once_each(page.chars), extra_attrs=["fontname", "size"]):
        if word.get("upright", True) and word["text"].strip():
            font = str(word["fontname"]).lower()
            yield _Word(
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


def _rows(words: Iterable[_Word]) -> list[list[_Word]]:
    """Words on (about) the same baseline, top to bottom, each row left to right; columns are split later."""
    rows: list[list[_Word]] = []
    for word in sorted(words, key=lambda w: (w.bottom, w.x0)):
        if rows and word.bottom - rows[-1][0].bottom <= max(1.0, 0.25 * min(word.size, rows[-1][0].size)):
            rows[-1].append(word)
        else:
            rows.append([word])
    return [sorted(row, key=lambda w: w.x0) for row in rows]


def _row_text(row: list[_Word]) -> str:
    """The words of a row or line, a space where there is a gap (none where only the font changed)."""
    text = row[0].text
    for before, word in zip(row, row[1:]):
        text += (" " if word.x0 - before.x1 > 0.1 * min(before.size, word.size) else "") + word.text
    return text


def _without_running_lines(pages: list[_Page]) -> list[list[list[_Word]]]:
    """Each page's rows without running headers, footers and page numbers.

    Looked at: the two rows nearest the top and the bottom edge, inside the top or bottom 15% of the
    page. Dropped: one that is only a page number, or whose text (digits aside) repeats at the same
    edge on at least half the pages (and two).
    """
    page_rows = [_rows(page.words) for page in pages]
    candidates: list[dict[int, str]] = []  # per page: row index -> edge and text key
    for page, rows in zip(pages, page_rows):
        found: dict[int, str] = {}
        for index in (0, 1):
            if index < len(rows) and rows[index][0].top < _MARGIN_SHARE * page.height:
                found[index] = "top " + _running_key(rows[index])
        for index in (len(rows) - 1, len(rows) - 2):
            low = index >= 0 and max(w.bottom for w in rows[index]) > (1 - _MARGIN_SHARE) * page.height
            if low and index not in found:
                found[index] = "bottom " + _running_key(rows[index])
        candidates.append(found)
    pages_with = Counter(key for found in candidates for key in set(found.values()))
    repeated = max(2, math.ceil(len(pages) / 2))
    kept = []
    for rows, found in zip(page_rows, candidates):
        dropped = {
            index
            for index, key in found.items()
            if pages_with[key] >= repeated or _PAGE_NUMBER.match(_row_text(rows[index]))
        }
        kept.append([row for index, row in enumerate(rows) if index not in dropped])
    return kept


def _running_key(row: list[_Word]) -> str:
    """A row's text with every number as '#': 'IOM Kosovo News — page 3' and '… page 4' are one header."""
    return re.sub(r"\d+", "#", clean(_row_text(row)).lower())


def _gutters(rows: list[list[_Word]]) -> list[tuple[float, float]]:
    """The x-ranges of white space between columns; [] on a one-column page.

    A gutter is a vertical strip, away from the text's edges, that the fewest rows cross (full-width
    headings and intros may cross it, but at most half the rows), with rows of text on either side
    of it. Rows are looked at as runs of words (word spaces bridged), so that word spaces that
    happen to line up in one column are not taken for a gutter.
    """
    if len(rows) < 4:
        return []
    spans = [_spans(row) for row in rows]
    left, right = min(s[0][0] for s in spans), max(s[-1][1] for s in spans)
    start, end = int(left + 0.15 * (right - left)), int(right - 0.15 * (right - left))
    if end - start < _MIN_GUTTER:
        return []
    crossing = [0] * (end - start + 1)  # rows with text over each point
    for row_spans in spans:
        for x0, x1 in row_spans:
            for x in range(max(start, math.ceil(x0)), min(end, math.floor(x1)) + 1):
                crossing[x - start] += 1
    fewest = min(crossing)
    if fewest > len(rows) / 2:
        return []
    gutters, run_start = [], None
    for offset, count in enumerate(crossing + [len(rows) + 1]):  # a sentinel closes the last run
        if count <= fewest + 0.05 * len(rows):
            run_start = offset if run_start is None else run_start
        elif run_start is not None:
            gutter = (float(start + run_start - 1), float(start + offset))
            if gutter[1] - gutter[0] >= _MIN_GUTTER and _text_on_both_sides(spans, gutter):
                gutters.append(gutter)
            run_start = None
    return gutters


def _spans(row: list[_Word]) -> list[tuple[float, float]]:
    """The x-extents of a row's runs of words: a gap under 0.8 of the font size is a word space, not white space."""
    spans: list[tuple[float, float]] = []
    for word in row:
        if spans and word.x0 - spans[-1][1] < 0.8 * word.size:
            spans[-1] = (spans[-1][0], max(spans[-1][1], word.x1))
        else:
            spans.append((word.x0, word.x1))
    return spans


def _text_on_both_sides(spans: list[list[tuple[float, float]]], gutter: tuple[float, float]) -> bool:
    """At least two rows that do not cross the gutter have text left of it, and two right of it."""
    middle = (gutter[0] + gutter[1]) / 2
    apart = [row for row in spans if not any(x0 < middle < x1 for x0, x1 in row)]
    lefts = sum(any(x1 <= middle for _, x1 in row) for row in apart)
    rights = sum(any(x0 >= middle for x0, _ in row) for row in apart)
    return lefts >= 2 and rights >= 2


def _page_lines(number: int, rows: list[list[_Word]]) -> list[_Line]:
    """A page's lines in reading order: between full-width rows, each column top to bottom, left to right."""
    gutters = _gutters(rows)
    lines: list[_Line] = []
    band: list[list[list[_Word]]] = [[] for _ in range(len(gutters) + 1)]
    band_number, across = 0, False

    def flush() -> None:
        for column, segments in enumerate(band):
            lines.extend(_line(segment, (number, band_number, column)) for segment in segments)
            segments.clear()

    for row in rows:
        columns = _split_at_gutters(row, gutters)
        if columns is None or (across and _ends_full_width_lines(lines[-1], row, columns)):
            if not across:  # the row crosses a gutter: it is read whole, after what stands above it
                flush()
                band_number, across = band_number + 1, True
            lines.append(_line(row, (number, band_number, 0)))
            continue
        if across:
            band_number, across = band_number + 1, False
        for column, segment in enumerate(columns):
            if segment:
                band[column].append(segment)
    flush()
    return lines


def _ends_full_width_lines(above: _Line, row: list[_Word], columns: list[list[_Word]]) -> bool:
    """A short last line of a full-width heading or paragraph: only in the first column, in the same font, and
    as close below the full-width line as lines of one paragraph are."""
    below = _line(row, above.region)
    return (
        not any(columns[1:])
        and (below.size, below.bold) == (above.size, above.bold)
        and 0 < below.bottom - above.bottom <= 1.45 * below.size
    )


def _split_at_gutters(row: list[_Word], gutters: list[tuple[float, float]]) -> list[list[_Word]] | None:
    """The row's words per column, or None if the row runs over a gutter."""
    middles = [(low + high) / 2 for low, high in gutters]
    if any(x0 < middle < x1 for x0, x1 in _spans(row) for middle in middles):
        return None
    columns: list[list[_Word]] = [[] for _ in range(len(gutters) + 1)]
    for word in row:
        columns[sum(word.x0 >= middle for middle in middles)].append(word)
    return columns


def _line(words: list[_Word], region: tuple[int, int, int]) -> _Line:
    """A line's text, its extent, and the size and weight most of its letters have."""
    letters = Counter[tuple[float, bool]]()
    for word in words:
        letters[(word.size, word.bold)] += len(word.text)
    (size, bold), _ = letters.most_common(1)[0]
    return _Line(
        text=_row_text(words),
        top=min(w.top for w in words),
        bottom=max(w.bottom for w in words),
        size=size,
        bold=bold,
        region=region,
    )


def _pdf_paragraphs(lines: list[_Line]) -> list[Block]:
    """Lines joined into blocks: a new block at a wider gap than the text's line spacing, or a font change.

    A column or page break ends a block too, unless it breaks a word ('recon-' / 'struction'): a
    sentence that runs on into the next column comes as two blocks, as the .txt edition has them
    (``lib.newsletters.extract`` joins a block that starts in lower case to the one before). A block in a larger
    or bold font is a heading; in a PDF set all in one font, the .txt reader's short-line rule decides.
    """
    body_size = _body_size(lines)
    spacing = _line_spacing(lines, body_size)
    vocabulary = _Vocabulary(line.text for line in lines)
    set_apart = any(line.bold or line.size > body_size + 0.75 for line in lines)
    groups: list[list[_Line]] = []
    for line in lines:
        before = groups[-1][-1] if groups else None
        if before is None or not _same_paragraph(before, line, spacing):
            groups.append([line])
        else:
            groups[-1].append(line)
    return _blocks(
        (
            _join_lines([line.text for line in group], vocabulary),
            (group[0].bold or group[0].size > body_size + 0.75) if set_apart else None,
        )
        for group in groups
    )


def _body_size(lines: list[_Line]) -> float:
    """The font size most letters are set in."""
    letters = Counter[float]()
    for line in lines:
        letters[line.size] += len(line.text)
    return letters.most_common(1)[0][0]


def _line_spacing(lines: list[_Line], body_size: float) -> float:
    """Baseline-to-baseline distance within a body paragraph, per point of font size (the quarter-lowest)."""
    steps = [
        (line.bottom - before.bottom) / line.size
        for before, line in zip(lines, lines[1:])
        if before.region == line.region
        and before.size == line.size == body_size
        and 0.8 * line.size < line.bottom - before.bottom < 3 * line.size
    ]
    return statistics.quantiles(steps, n=4)[0] if len(steps) >= 4 else 1.2


def _same_paragraph(before: _Line, line: _Line, spacing: float) -> bool:
    """Whether ``line`` continues the block ``before`` ends."""
    if abs(before.size - line.size) > 0.5 or before.bold != line.bold:
        return False
    if before.region == line.region:
        step = line.bottom - before.bottom
        return 0 < step <= 1.25 * spacing * line.size
    return _hyphen_broken(before.text, line.text)


def _hyphen_broken(text: str, following: str) -> bool:
    """A word broken with a hyphen at the foot of a column and finished at the next one's top."""
    return bool(re.search(r"[^\W\d_][-\u00ad]$", text)) and following[:1].isalpha()


class _Vocabulary:
    """The words of a document, to tell 'recon-' + 'struction' from 'EAR-' + 'funded' at a line end."""

    def __init__(self, texts: Iterable[str]) -> None:
        self.words = {token for text in texts for token in map(_token, text.split()) if token}

    def keeps_hyphen(self, head: str, tail: str) -> bool:
        """Whether a line ending in '<head>-' and the next starting with '<tail>' is a compound, not a broken word.

        A compound: the head is already one ('on-the-') or an acronym ('EAR-'), or the document
        writes the pair with a hyphen elsewhere and never as one word.
        """
        if "-" in head or not any(c.islower() for c in head):
            return True
        return f"{head}-{tail}".lower() in self.words and f"{head}{tail}".lower() not in self.words


def _token(word: str) -> str:
    return word.strip(".,;:!?\"'()[]“”‘’«»").lower()


def _join_lines(lines: list[str], vocabulary: _Vocabulary) -> str:
    """Lines of one block as one text: a word hyphenated at a line end is whole again, other lines meet at a space.

    'recon-' + 'struction' is 'reconstruction'; 'EAR-' + 'funded' and 'Brestovik-' + 'Pejë/Pec' keep
    their hyphen (an acronym, a capital), and 'on-the-' + 'job' (a compound already) and '2004-' + '2005' too.
    """
    text = lines[0]
    for line in lines[1:]:
        head = text.rsplit(" ", 1)[-1]
        if text.endswith("\u00ad"):  # a soft hyphen marks where a word was broken: always join
            text = text[:-1] + line
        elif not re.search(r"\w[-–]$", head):  # no hyphen, or a dash standing alone: 'Kosovo -', 'KCSF --'
            text = f"{text} {line}"
        elif (
            head[-1] == "-"
            and head[-2].isalpha()
            and line[:1].islower()
            and not vocabulary.keeps_hyphen(head[:-1].lstrip(_OPENERS), _token(line.split(" ", 1)[0]))
        ):
            text = text[:-1] + line
        else:
            text += line
    return text


_READERS = {".txt": _txt_blocks, ".docx": _docx_blocks, ".pdf": _pdf_blocks}

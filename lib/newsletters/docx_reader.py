"""Reading a newsletter saved as .docx: paragraphs in body order, table cells and text boxes included.

Before python-docx is given the file, the package is checked from the zip's directory (what each part declares it
unpacks to) and its paragraphs are counted by streaming the XML, so that a small file cannot make the reader hold
gigabytes. Word's 'Heading …' and 'Title' styles, and styles based on them, mark headings.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree  # type: ignore[import-untyped]  # no stubs (pyproject lists the others)

from lib.i18n.active import N_
from lib.newsletters.blocks import Block, to_blocks
from lib.newsletters.limits import (
    LIMITS,
    LimitRefusal,
    NewsletterError,
    ReadingLimits,
    megabytes,
    out_of_memory,
)

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an old .doc, or a .docx that Word protected with a password
# Word keeps each text box twice (a DrawingML box and its VML fallback): the fallback is skipped.
_TEXTBOXES = ".//w:txbxContent[not(ancestor::mc:Fallback)]/w:p"
_TEXTBOX_NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
}


def docx_blocks(name: str, content: bytes, limits: ReadingLimits = LIMITS) -> list[Block]:
    """Paragraphs in body order, table cells and text boxes included; 'Heading…'/'Title' styles are headings."""
    _check_docx_package(name, content, limits)
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
            N_("%(file)s could not be read as a Word document (%(error)s): open it in Word and save it again as .docx"),
            file=name,
            error=type(error).__name__,
        ) from error
    return to_blocks((text, True if heading else None) for text, heading in items)


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
            N_(
                "%(file)s is not a .docx (an old .doc, or a document protected with a password): save it in Word as "
                ".docx without a password"
            ),
            file=name,
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
                    N_(
                        "%(file)s unpacks to %(size)s MB of text and layout; a newsletter has at most %(limit)s MB: "
                        "save it again from Word"
                    ),
                    file=name,
                    size=megabytes(xml),
                    limit=megabytes(limits.docx_xml_bytes),
                )
            if other > limits.docx_other_bytes:
                raise LimitRefusal(
                    N_(
                        "%(file)s unpacks to %(size)s MB of pictures and other files; a newsletter has at most "
                        "%(limit)s MB: save it with smaller pictures, or send the .txt"
                    ),
                    file=name,
                    size=megabytes(other),
                    limit=megabytes(limits.docx_other_bytes),
                )
            _count_docx_paragraphs(name, package, [info for info in parts if _WORD_PART.match(info.filename)], limits)
    except (NewsletterError, MemoryError):
        raise
    except Exception as error:  # zipfile, zlib and lxml raise many kinds on a damaged package
        raise NewsletterError(
            N_(
                "%(file)s is not a .docx file (it is damaged, or another kind of file): open it in Word and save it "
                "again as .docx"
            ),
            file=name,
        ) from error


def _check_zip_member(name: str, info: zipfile.ZipInfo) -> None:
    """A part stored or deflated, whose packed size fits what it says it unpacks to.

    python-docx reads a part whole and only then cuts it to the size the zip's directory declares: a
    directory that declares a small part over a large packed stream (which deflate cannot produce: it
    never packs to more than the data and a little) would have it unpack all of it first.
    """
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise NewsletterError(
            N_(
                "%(file)s is packed in a way Word does not write (%(part)s): open it in Word and save it again as .docx"
            ),
            file=name,
            part=info.filename,
        )
    most = info.file_size if info.compress_type == zipfile.ZIP_STORED else info.file_size + info.file_size // 100 + 1024
    if info.compress_size > most:
        raise NewsletterError(
            N_(
                "%(file)s is damaged (its part %(part)s holds more than it declares): open it in Word and save it "
                "again as .docx"
            ),
            file=name,
            part=info.filename,
        )


def _count_docx_paragraphs(
    name: str, package: zipfile.ZipFile, parts: list[zipfile.ZipInfo], limits: ReadingLimits
) -> None:
    """Paragraph elements in the Word parts (the document, headers, footers, notes), counted as the XML streams
    by; every element is dropped once read, so the tree never grows."""
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
                        raise LimitRefusal(
                            N_(
                                "%(file)s has more than %(limit)s paragraphs (empty ones included); a newsletter has "
                                "at most %(limit)s: save it again from Word without the empty paragraphs, or send "
                                "the .txt"
                            ),
                            file=name,
                            limit=limits.docx_paragraph_elements,
                        )
                element.clear()
                parent = element.getparent()  # None for the root (a comment or instruction may stand before it)
                while parent is not None and element.getprevious() is not None:
                    del parent[0]


def _docx_items(container) -> Iterator[tuple[str, bool]]:
    """(text, has a heading style) for each paragraph of a document or table cell, in order."""
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

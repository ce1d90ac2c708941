"""Small files that cost a reader far more than their size: made here, never committed.

Each was found by trying the Check a draft newsletter tab as an outside reader would (issue 22): before
the limits, every one of them took the server process down or kept a core busy for minutes. They stay
as regression tests for every later change to reading and drafting.

    python -m tests.hostile_files OUT_DIR    (writes every file, for the CLI and the measurements)
"""

from __future__ import annotations

import dataclasses
import io
import sys
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

from lib.newsletters.newsletter import LIMITS, ReadingLimits

MB = 1_000_000  # as the uploader and the limits count one


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF of ``objects`` (object 1 the catalog), with a correct cross-reference table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.writelines(b"%010d 00000 n \n" % offset for offset in offsets)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def _stream(data: bytes) -> bytes:
    packed = zlib.compress(data, 9)
    return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream"


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
_TEXT = b"BT /F1 9 Tf 50 760 Td (A total of 472 Kosovars returned in the period.) Tj ET\n"


def _lines(unpacked: int) -> bytes:
    """Drawing instructions of ``unpacked`` bytes: a line of text, then a line drawn over and over."""
    line = b"10 10 m 20 20 l S\n"
    return _TEXT + line * ((unpacked - len(_TEXT)) // len(line))


def pdf_page_with_a_huge_stream(unpacked: int = 50 * MB, how: str = "stream") -> bytes:
    """One page whose drawing instructions inflate from ~50 KB to ``unpacked`` bytes. ``how`` the page holds them
    (each found in review to pass an earlier check): "stream", "array" (``/Contents [4 0 R]``), "twice deflated"
    (``/Filter [/FlateDecode /FlateDecode]``), or "nested form" (the page draws a form that draws another)."""
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> "
        b"/XObject << /X1 6 0 R >> >> /Contents %s >>"
    )
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"]
    form = b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Length"
    if how == "stream":
        return _pdf([*objects, page % b"4 0 R", _stream(_lines(unpacked)), _FONT])
    if how == "array":
        return _pdf([*objects, page % b"[4 0 R]", _stream(_lines(unpacked)), _FONT])
    if how == "twice deflated":
        packed = zlib.compress(zlib.compress(_lines(unpacked), 9), 9)
        twice = (
            b"<< /Length %d /Filter [/FlateDecode /FlateDecode] >>\nstream\n" % len(packed) + packed + b"\nendstream"
        )
        return _pdf([*objects, page % b"4 0 R", twice, _FONT])
    assert how == "nested form", how
    outer = _stream(_TEXT + b"/X2 Do\n").replace(
        b"<< /Length", form.replace(b"/Length", b"/Resources << /XObject << /X2 7 0 R >> >> /Length")
    )
    inner = _stream(_lines(unpacked)).replace(b"<< /Length", form)
    return _pdf([*objects, page % b"4 0 R", _stream(_TEXT + b"/X1 Do\n"), _FONT, outer, inner])


def pdf_pages_sharing_one_stream(pages: int = 2000, unpacked: int = 2 * MB) -> bytes:
    """``pages`` pages that all draw the same text stream of ``unpacked`` bytes: small on disk, huge to parse."""
    content = _TEXT * (unpacked // len(_TEXT))
    first_page = 5
    kids = b" ".join(b"%d 0 R" % (first_page + i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
        _stream(content),
        _FONT,
    ]
    objects += [
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 3 0 R >>"
    ] * pages
    return _pdf(objects)


def pdf_of_bad_operators(pages: int = 8, size: int = 7 * MB) -> bytes:
    """``pages`` pages drawing one stream whose operator has a bad argument of ``size`` bytes: pdfminer warns, once
    per byte it cannot use, to a log that once went through a pipe into the server's memory (found in review)."""
    content = _TEXT + b"(" + b"\x01" * size + b") MP\n"
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages)]
    objects += [
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 %d 0 R >> >> "
        b"/Contents [%d 0 R] >>" % (3 + pages, 4 + pages)
    ] * pages
    return _pdf([*objects, _FONT, _stream(content)])


_DOCX_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    b'wordprocessingml.document.main+xml"/></Types>'
)
_DOCX_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    b'officeDocument" Target="word/document.xml"/></Relationships>'
)
_W = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx_of_empty_paragraphs(unpacked: int = 190 * MB) -> bytes:
    """A Word document whose body is ``unpacked`` bytes of empty paragraphs (about 300 KB zipped), streamed into the
    zip a megabyte at a time so that making it costs no more memory than reading it should."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as package:
        package.writestr("[Content_Types].xml", _DOCX_TYPES)
        package.writestr("_rels/.rels", _DOCX_RELS)
        with package.open("word/document.xml", "w", force_zip64=True) as document:
            document.write(
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="'
                + _W
                + b'"><w:body><w:p><w:r><w:t>A total of 472 Kosovars returned.</w:t></w:r></w:p>'
            )
            chunk = b"<w:p/>" * (MB // 6)
            for _ in range(unpacked // len(chunk)):
                document.write(chunk)
            document.write(b"</w:body></w:document>")
    return buffer.getvalue()


def docx_with_a_lying_directory(unpacked: int = 300 * MB) -> bytes:
    """A Word document whose zip directory declares its body a few hundred bytes long (and gives that prefix's
    checksum) over a packed stream of ``unpacked`` bytes: python-docx would inflate all of it before cutting."""
    import struct

    body = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="'
        + _W
        + b'"><w:body><w:p><w:r><w:t>A total of 472 Kosovars returned.</w:t></w:r></w:p></w:body></w:document>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as package:
        package.writestr("[Content_Types].xml", _DOCX_TYPES)
        package.writestr("_rels/.rels", _DOCX_RELS)
        with package.open("word/document.xml", "w", force_zip64=True) as document:
            document.write(body)
            for _ in range(unpacked // MB):
                document.write(bytes(MB))
    data = bytearray(buffer.getvalue())
    at = data.find(b"PK\x01\x02")
    while at != -1:  # the central directory's entry for the body: the prefix's checksum and size
        length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46 : at + 46 + length] == b"word/document.xml":
            struct.pack_into("<I", data, at + 16, zlib.crc32(body))
            struct.pack_into("<I", data, at + 24, len(body))
        at = data.find(b"PK\x01\x02", at + 4)
    return bytes(data)


def sentence_of_numbers(count: int = 3200) -> bytes:
    """One sentence holding ``count`` numbers (about 9 KB)."""
    numbers = ", ".join(str(n % 97 + 3) for n in range(count))
    return f"Returns\n\nBy municipality the returns were {numbers}.\n".encode()


def short_sentences(count: int = 20_000) -> bytes:
    """``count`` short sentences with a number each, ten to a paragraph."""
    sentences = [f"Group {chr(65 + n % 26)} received {n % 90 + 10} kits." for n in range(count)]
    paragraphs = [" ".join(sentences[i : i + 10]) for i in range(0, count, 10)]
    return ("Assistance\n\n" + "\n\n".join(paragraphs) + "\n").encode()


def text_file(size: int = 20 * MB) -> bytes:
    """A text file of ``size`` bytes written like a newsletter: the same paragraph over and over."""
    paragraph = (
        b"During the reporting period, IOM assisted 472 persons to return to Kosovo from Germany, "
        b"Switzerland and other host countries; 37.6% of them were women.\n\n"
    )
    return (paragraph * (size // len(paragraph) + 1))[:size]


def relaxed(**limits) -> ReadingLimits:
    """The reading limits with every check before parsing lifted, so that only the worker's own limits are left."""
    lifted = {
        "pages": 10**6,
        "page_content_bytes": 2**40,
        "content_bytes": 2**40,
        "docx_xml_bytes": 2**40,
        "docx_other_bytes": 2**40,
        "docx_paragraph_elements": 10**9,
        "characters": 10**12,
        "paragraphs": 10**9,
        "numbers": 10**9,
    }
    return dataclasses.replace(LIMITS, **(lifted | limits))


# name -> maker: the files the "done when" lists, in its order.
HOSTILE: dict[str, Callable[[], bytes]] = {
    "one-page-50mb-stream.pdf": pdf_page_with_a_huge_stream,
    "2000-pages-one-stream.pdf": pdf_pages_sharing_one_stream,
    "190mb-empty-paragraphs.docx": docx_of_empty_paragraphs,
    "sentence-of-3200-numbers.txt": sentence_of_numbers,
    "20000-short-sentences.txt": short_sentences,
    "20mb-text.txt": text_file,
    "25mb-text.txt": lambda: text_file(25 * MB),
}


def main(argv: list[str]) -> int:
    folder = Path(argv[0])
    folder.mkdir(parents=True, exist_ok=True)
    for name, make in HOSTILE.items():
        content = make()
        (folder / name).write_bytes(content)
        print(f"{name}: {len(content):,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

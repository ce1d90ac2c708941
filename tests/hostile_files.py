"""Small files that cost a reader far more than their size: made here, never committed.

Each was found by trying the Check a draft newsletter tab as an outside reader would (issue 22): before
the limits, every one of them took the server process down or kept a core busy for minutes. They stay
as regression tests for every later change to reading and drafting.

    python -m tests.hostile_files OUT_DIR    (writes every file, for the CLI and the measurements)
"""

from __future__ import annotations

import io
import sys
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

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


def pdf_page_with_a_huge_stream(unpacked: int = 50 * MB) -> bytes:
    """One page whose drawing instructions (a line drawn over and over) inflate from ~50 KB to ``unpacked`` bytes."""
    line = b"10 10 m 20 20 l S\n"
    content = _TEXT + line * ((unpacked - len(_TEXT)) // len(line))
    return _pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                 b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                 b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
                 b"/Contents 4 0 R >>",
                 _stream(content), _FONT])


def pdf_pages_sharing_one_stream(pages: int = 2000, unpacked: int = 2 * MB) -> bytes:
    """``pages`` pages that all draw the same text stream of ``unpacked`` bytes: small on disk, huge to parse."""
    content = _TEXT * (unpacked // len(_TEXT))
    first_page = 5
    kids = b" ".join(b"%d 0 R" % (first_page + i) for i in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
               _stream(content), _FONT]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
                b"/Contents 3 0 R >>"] * pages
    return _pdf(objects)


_DOCX_TYPES = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
               b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
               b'<Default Extension="xml" ContentType="application/xml"/>'
               b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
               b'wordprocessingml.document.main+xml"/></Types>')
_DOCX_RELS = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
              b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
              b'officeDocument" Target="word/document.xml"/></Relationships>')
_W = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx_of_empty_paragraphs(unpacked: int = 190 * MB) -> bytes:
    """A Word document whose body is ``unpacked`` bytes of empty paragraphs (about 300 KB zipped), streamed into the
    zip a megabyte at a time so that making it costs no more memory than reading it should."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as package:
        package.writestr("[Content_Types].xml", _DOCX_TYPES)
        package.writestr("_rels/.rels", _DOCX_RELS)
        with package.open("word/document.xml", "w", force_zip64=True) as document:
            document.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="' + _W +
                           b'"><w:body><w:p><w:r><w:t>A total of 472 Kosovars returned.</w:t></w:r></w:p>')
            chunk = b"<w:p/>" * (MB // 6)
            for _ in range(unpacked // len(chunk)):
                document.write(chunk)
            document.write(b"</w:body></w:document>")
    return buffer.getvalue()


def sentence_of_numbers(count: int = 3200) -> bytes:
    """One sentence holding ``count`` numbers (about 9 KB)."""
    numbers = ", ".join(str(n % 97 + 3) for n in range(count))
    return f"Returns\n\nBy municipality the returns were {numbers}.\n".encode()


def short_sentences(count: int = 20_000) -> bytes:
    """``count`` short sentences with a number each, ten to a paragraph."""
    sentences = [f"Group {chr(65 + n % 26)} received {n % 90 + 10} kits." for n in range(count)]
    paragraphs = [" ".join(sentences[i:i + 10]) for i in range(0, count, 10)]
    return ("Assistance\n\n" + "\n\n".join(paragraphs) + "\n").encode()


def text_file(size: int = 20 * MB) -> bytes:
    """A text file of ``size`` bytes written like a newsletter: the same paragraph over and over."""
    paragraph = (b"During the reporting period, IOM assisted 472 persons to return to Kosovo from Germany, "
                 b"Switzerland and other host countries; 37.6% of them were women.\n\n")
    return (paragraph * (size // len(paragraph) + 1))[:size]


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

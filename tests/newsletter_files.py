"""Test-only writers: a list of ``Block``s as the bytes of a .docx (python-docx) or a laid-out .pdf (fpdf2).

The PDF is set like the printed newsletter: A4, a running header and a page number on every page,
the first block as a full-width title, the rest in columns (headings bold and larger), and long
words hyphenated at line ends, so that the reader's columns, running lines and de-hyphenation are
all exercised.

Fonts: by default fpdf2's core Helvetica, so the file is the same on every machine (CI may have no
TrueType fonts). Helvetica encodes Latin-1 only, so the text is passed through ``latin1()`` first,
and a test compares what it reads back with ``latin1(expected)``. ``to_pdf(..., font=...)`` sets the
text in a TrueType family instead (DejaVu, where a machine has it), to check text beyond Latin-1.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import docx
from fpdf import FPDF

from lib.newsletters.newsletter import Block

HEADER = "IOM KOSOVO NEWS — TEST DATA — page {page}"  # a running header whose page number changes
HYPHENATE_OVER = 9  # letters: a longer word that does not fit is broken with a hyphen at the line end

# A4 in points, and the layout of a page.
PAGE_WIDTH, PAGE_HEIGHT = 595.28, 841.89
MARGIN, GUTTER = 50.0, 22.0
BODY_TOP, BODY_BOTTOM = 72.0, PAGE_HEIGHT - 62.0


@dataclass(frozen=True)
class Style:
    size: float
    bold: bool
    leading: float
    space_after: float


TITLE = Style(size=18, bold=True, leading=22, space_after=10)
HEADING = Style(size=12, bold=True, leading=15, space_after=5)
BODY = Style(size=9.5, bold=False, leading=12, space_after=6)

# Latin-1 stand-ins for the newsletter's other characters; anything else loses its accent ('š' -> 's').
_STAND_INS = str.maketrans(
    {"–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "→": "->", "◆": "*", "•": "*", "€": "EUR", "…": "..."}
)


def _as_is(text: str) -> str:
    """Text for a font that has every letter (a Unicode TrueType font)."""
    return text


def latin1(text: str) -> str:
    """``text`` as the core-font PDF can hold it: Latin-1, with stand-ins for what Latin-1 lacks."""
    kept = []
    for char in text.translate(_STAND_INS):
        try:
            char.encode("latin-1")
            kept.append(char)
        except UnicodeEncodeError:
            kept.append(unicodedata.normalize("NFKD", char).encode("latin-1", "ignore").decode("latin-1") or "?")
    return "".join(kept)


def to_docx(blocks: Sequence[Block]) -> bytes:
    """Headings as 'Heading 2' paragraphs, the rest as normal paragraphs."""
    document = docx.Document()
    for block in blocks:
        if block.heading:
            document.add_heading(block.text, level=2)
        else:
            document.add_paragraph(block.text)
    return _saved(document)


def _saved(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def to_pdf(blocks: Sequence[Block], columns: int = 2, font: tuple[Path, Path] | None = None) -> bytes:
    """The blocks set on A4: the first as a full-width title, the rest in ``columns`` columns.

    A block is kept in one column (moved to the next if it does not fit), as a layout that keeps
    paragraphs together would; one taller than a whole column flows on, line by line. ``font``: a
    (regular, bold) pair of TrueType files to use instead of Helvetica.
    """
    writer = _Writer(columns, font)
    first, *rest = blocks
    writer.title(first.text)
    for block in rest:
        writer.block(block.text, HEADING if block.heading else BODY)
    return bytes(writer.pdf.output())


class _Writer:
    """Where the next line goes: page, column, and the top of the next line."""

    def __init__(self, columns: int, font: tuple[Path, Path] | None) -> None:
        self.pdf = FPDF(unit="pt", format="A4")
        self.pdf.set_auto_page_break(False)
        self.family, self.encode = "Helvetica", latin1
        if font:
            self.pdf.add_font("Text", "", str(font[0]))
            self.pdf.add_font("Text", "B", str(font[1]))
            self.family, self.encode = "Text", _as_is
        self.columns = columns
        self.width = (PAGE_WIDTH - 2 * MARGIN - (columns - 1) * GUTTER) / columns
        self.column, self.y, self.columns_top = 0, BODY_TOP, BODY_TOP
        self._new_page()

    def _new_page(self) -> None:
        self.pdf.add_page()
        page = self.pdf.page_no()
        self._font(Style(size=8, bold=False, leading=10, space_after=0))
        self.pdf.text(MARGIN, 40, self.encode(HEADER.format(page=page)))
        self.pdf.line(MARGIN, 45, PAGE_WIDTH - MARGIN, 45)
        number = str(page)
        self.pdf.text((PAGE_WIDTH - self.pdf.get_string_width(number)) / 2, PAGE_HEIGHT - 36, number)
        self.column, self.y, self.columns_top = 0, BODY_TOP, BODY_TOP

    def _font(self, style: Style) -> None:
        self.pdf.set_font(self.family, "B" if style.bold else "", style.size)

    def title(self, text: str) -> None:
        """Full width, above the columns."""
        self._font(TITLE)
        full = PAGE_WIDTH - 2 * MARGIN
        for line in wrap(self.encode(text), full, self.pdf.get_string_width):
            self.pdf.text(MARGIN, self.y + TITLE.size, line)
            self.y += TITLE.leading
        self.y += TITLE.space_after
        self.columns_top = self.y

    def block(self, text: str, style: Style) -> None:
        self._font(style)
        lines = wrap(self.encode(text), self.width, self.pdf.get_string_width)
        column_height = BODY_BOTTOM - self.columns_top
        if self.y + len(lines) * style.leading > BODY_BOTTOM and len(lines) * style.leading <= column_height:
            self._next_column()
        for line in lines:
            if self.y + style.leading > BODY_BOTTOM:
                self._next_column()
            x = MARGIN + self.column * (self.width + GUTTER)
            self.pdf.text(x, self.y + style.size, line)
            self.y += style.leading
        self.y += style.space_after

    def _next_column(self) -> None:
        """The top of the next column, or of a new page (whose header and footer leave the font as it was)."""
        if self.column + 1 < self.columns:
            self.column, self.y = self.column + 1, self.columns_top
            return
        family, style, size = self.pdf.font_family, self.pdf.font_style, self.pdf.font_size_pt
        self._new_page()
        self.pdf.set_font(family, style, size)


def wrap(text: str, width: float, measure) -> list[str]:
    """Lines no wider than ``width``; a long word that does not fit is broken with a hyphen where it can be.

    A word is broken only between two letters, the second one lower case, and never where it has a
    hyphen already, so that a reader that joins 'letter-' + 'lowercase' gets the word back whole.
    """
    lines: list[str] = []
    line = ""
    words = text.split()
    index = 0
    while index < len(words):
        word = words[index]
        candidate = f"{line} {word}" if line else word
        if measure(candidate) <= width:
            line, index = candidate, index + 1
            continue
        split = _hyphen_split(line, word, width, measure)
        if split:
            lines.append(f"{line} {split[0]}-" if line else f"{split[0]}-")
            words[index] = split[1]
            line = ""
        elif line:
            lines.append(line)
            line = ""
        else:  # a word wider than the column on its own: set it overlong rather than loop
            lines.append(word)
            index += 1
    if line:
        lines.append(line)
    return lines


def _hyphen_split(line: str, word: str, width: float, measure) -> tuple[str, str] | None:
    """The longest head of ``word`` that fits on ``line`` with a hyphen, and the rest; None if none may be split."""
    if len(word) <= HYPHENATE_OVER or "-" in word:
        return None
    for cut in range(len(word) - 3, 2, -1):
        head, tail = word[:cut], word[cut:]
        if not (head[-1].isalpha() and tail[0].isalpha() and tail[0].islower() and any(c.islower() for c in head)):
            continue
        if measure(f"{line} {head}-" if line else f"{head}-") <= width:
            return head, tail
    return None


def unicode_font() -> tuple[Path, Path] | None:
    """DejaVu Sans (regular, bold) where this machine has it; None elsewhere (the test is then skipped)."""
    for folder in (
        Path("/usr/share/fonts/truetype/dejavu"),
        Path("/usr/share/fonts/dejavu"),
        Path("/usr/share/fonts/TTF"),
    ):
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.is_file() and bold.is_file():
            return regular, bold
    return None


def add_textbox(document, text: str) -> None:
    """A text box anchored in a new paragraph, stored as Word stores one: a DrawingML box and its VML fallback."""
    from docx.oxml import parse_xml

    content = f"<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>"
    xml = (
        "<mc:AlternateContent"
        ' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
        ' xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
        ' xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"'
        ' xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
        ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
        ' xmlns:v="urn:schemas-microsoft-com:vml">'
        '<mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic>'
        '<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f"<wps:wsp><wps:txbx>{content}</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>"
        f"</mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>{content}</v:textbox></v:shape></w:pict>"
        "</mc:Fallback></mc:AlternateContent>"
    )
    document.add_paragraph().add_run()._r.append(parse_xml(xml))

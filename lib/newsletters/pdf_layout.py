"""A PDF's words laid out as a reader reads them: columns, running headers, paragraphs, headings, hyphens.

Nothing here opens a file: ``lib.newsletters.pdf_reader`` gives each page's words with position, font and size,
and these pure functions find the rows, drop running headers and page numbers, split the columns at their gutters,
join lines into paragraphs (undoing hyphenation at line ends) and tell headings by their font.
"""

from __future__ import annotations

import itertools
import math
import re
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from lib.newsletters.blocks import OPENERS, Block, clean, to_blocks

_MARGIN_SHARE = 0.15  # running headers and footers sit in the top or bottom 15% of a page
_PAGE_NUMBER = re.compile(r"^(page|p\.)?\s*[-–—(\[]?\s*\d{1,4}\s*[-–—)\]]?(\s*(/|of)\s*\d{1,4})?$", re.I)
_MIN_GUTTER = 6.0  # points: the narrowest white space between columns


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    words: tuple[Word, ...]


@dataclass(frozen=True)
class Line:
    """A line of one column, with where it sits: lines of one region follow each other down the page."""

    text: str
    top: float
    bottom: float
    size: float
    bold: bool
    region: tuple[int, int, int]  # page, band between full-width lines, column


def _rows(words: Iterable[Word]) -> list[list[Word]]:
    """Words on (about) the same baseline, top to bottom, each row left to right; columns are split later."""
    rows: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.bottom, w.x0)):
        if rows and word.bottom - rows[-1][0].bottom <= max(1.0, 0.25 * min(word.size, rows[-1][0].size)):
            rows[-1].append(word)
        else:
            rows.append([word])
    return [sorted(row, key=lambda w: w.x0) for row in rows]


def _row_text(row: list[Word]) -> str:
    """The words of a row or line, a space where there is a gap (none where only the font changed)."""
    text = row[0].text
    for before, word in itertools.pairwise(row):
        text += (" " if word.x0 - before.x1 > 0.1 * min(before.size, word.size) else "") + word.text
    return text


def without_running_lines(pages: list[Page]) -> list[list[list[Word]]]:
    """Each page's rows without running headers, footers and page numbers.

    Looked at: the two rows nearest the top and the bottom edge, inside the top or bottom 15% of the
    page. Dropped: one that is only a page number, or whose text (digits aside) repeats at the same
    edge on at least half the pages (and two).
    """
    page_rows = [_rows(page.words) for page in pages]
    candidates: list[dict[int, str]] = []  # per page: row index -> edge and text key
    for page, rows in zip(pages, page_rows, strict=True):
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
    for rows, found in zip(page_rows, candidates, strict=True):
        dropped = {
            index
            for index, key in found.items()
            if pages_with[key] >= repeated or _PAGE_NUMBER.match(_row_text(rows[index]))
        }
        kept.append([row for index, row in enumerate(rows) if index not in dropped])
    return kept


def _running_key(row: list[Word]) -> str:
    """A row's text with every number as '#': 'IOM Kosovo News — page 3' and '… page 4' are one header."""
    return re.sub(r"\d+", "#", clean(_row_text(row)).lower())


def _gutters(rows: list[list[Word]]) -> list[tuple[float, float]]:
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


def _spans(row: list[Word]) -> list[tuple[float, float]]:
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


def page_lines(number: int, rows: list[list[Word]]) -> list[Line]:
    """A page's lines in reading order: between full-width rows, each column top to bottom, left to right."""
    gutters = _gutters(rows)
    lines: list[Line] = []
    band: list[list[list[Word]]] = [[] for _ in range(len(gutters) + 1)]
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


def _ends_full_width_lines(above: Line, row: list[Word], columns: list[list[Word]]) -> bool:
    """A short last line of a full-width heading or paragraph: only in the first column, in the same font, and
    as close below the full-width line as lines of one paragraph are."""
    below = _line(row, above.region)
    return (
        not any(columns[1:])
        and (below.size, below.bold) == (above.size, above.bold)
        and 0 < below.bottom - above.bottom <= 1.45 * below.size
    )


def _split_at_gutters(row: list[Word], gutters: list[tuple[float, float]]) -> list[list[Word]] | None:
    """The row's words per column, or None if the row runs over a gutter."""
    middles = [(low + high) / 2 for low, high in gutters]
    if any(x0 < middle < x1 for x0, x1 in _spans(row) for middle in middles):
        return None
    columns: list[list[Word]] = [[] for _ in range(len(gutters) + 1)]
    for word in row:
        columns[sum(word.x0 >= middle for middle in middles)].append(word)
    return columns


def _line(words: list[Word], region: tuple[int, int, int]) -> Line:
    """A line's text, its extent, and the size and weight most of its letters have."""
    letters = Counter[tuple[float, bool]]()
    for word in words:
        letters[(word.size, word.bold)] += len(word.text)
    (size, bold), _ = letters.most_common(1)[0]
    return Line(
        text=_row_text(words),
        top=min(w.top for w in words),
        bottom=max(w.bottom for w in words),
        size=size,
        bold=bold,
        region=region,
    )


def pdf_paragraphs(lines: list[Line]) -> list[Block]:
    """Lines joined into blocks: a new block at a wider gap than the text's line spacing, or a font change.

    A column or page break ends a block too, unless it breaks a word ('recon-' / 'struction'): a
    sentence that runs on into the next column comes as two blocks, as the .txt edition has them
    (``lib.newsletters.extract`` joins a block that starts in lower case to the one before). A block in a larger
    or bold font is a heading; in a PDF set all in one font, the .txt reader's short-line rule decides.
    """
    body_size = _body_size(lines)
    spacing = _line_spacing(lines, body_size)
    vocabulary = Vocabulary(line.text for line in lines)
    set_apart = any(line.bold or line.size > body_size + 0.75 for line in lines)
    groups: list[list[Line]] = []
    for line in lines:
        before = groups[-1][-1] if groups else None
        if before is None or not _same_paragraph(before, line, spacing):
            groups.append([line])
        else:
            groups[-1].append(line)
    return to_blocks(
        (
            join_lines([line.text for line in group], vocabulary),
            (group[0].bold or group[0].size > body_size + 0.75) if set_apart else None,
        )
        for group in groups
    )


def _body_size(lines: list[Line]) -> float:
    """The font size most letters are set in."""
    letters = Counter[float]()
    for line in lines:
        letters[line.size] += len(line.text)
    return letters.most_common(1)[0][0]


def _line_spacing(lines: list[Line], body_size: float) -> float:
    """Baseline-to-baseline distance within a body paragraph, per point of font size (the quarter-lowest)."""
    steps = [
        (line.bottom - before.bottom) / line.size
        for before, line in itertools.pairwise(lines)
        if before.region == line.region
        and before.size == line.size == body_size
        and 0.8 * line.size < line.bottom - before.bottom < 3 * line.size
    ]
    return statistics.quantiles(steps, n=4)[0] if len(steps) >= 4 else 1.2


def _same_paragraph(before: Line, line: Line, spacing: float) -> bool:
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


class Vocabulary:
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


def join_lines(lines: list[str], vocabulary: Vocabulary) -> str:
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
            and not vocabulary.keeps_hyphen(head[:-1].lstrip(OPENERS), _token(line.split(" ", 1)[0]))
        ):
            text = text[:-1] + line
        else:
            text += line
    return text

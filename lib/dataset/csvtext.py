"""The one reader of CSV text: for validation, for imports and for the app.

Every CSV the dashboard reads (a data file, an upload) passes here first, so a bad file gets the
same clear message wherever it comes from, never a traceback:

* bytes are decoded as UTF-8, with or without the byte-order mark Excel writes; a file that is
  empty, binary, over the size limit, not UTF-8 or ``;``-delimited is refused with a reason;
* line endings are read the universal way (``\\r\\n``, ``\\n`` and a lone ``\\r`` are each one line
  break), so a file saved with old Mac line endings reads as well as any other;
* one cell may be as long as the largest file allowed (Python's ``csv`` limit is set here, where
  the reader is made, not wherever some library happened to set it);
* every ``csv.Error`` becomes ``file:row: message``.

A ``Problem``'s ``message`` is English whatever the reader's language: problems are cached and shared by every
session (``lib.dataset.data``), logged and printed by ``python -m lib.validate``. A message of the package's own
keeps its English template (marked with ``N_``) and its values, so ``problem_text`` says it again in the reader's
language; a library's message passed through as it is has none, and stays English.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from lib.i18n.active import N_, _, current
from lib.i18n.languages import DEFAULT

# A megabyte as Streamlit's uploader counts one, and as the browser shows a file's size: an upload's limit in code,
# in the uploader and in its messages is then one figure (the server and the proxies, counting 1,048,576, sit above).
MEGABYTE = 1_000_000
MAX_FILE_BYTES = 5 * MEGABYTE
# A cell can be no longer than the file that holds it; past this Python's csv module raises.
csv.field_size_limit(MAX_FILE_BYTES)
UNCLOSED_QUOTE = N_("a quoted field opens on this row and is never closed (unbalanced '\"')")


@dataclass(frozen=True)
class Problem:
    """One finding, located as precisely as the input allows."""

    file: str
    row: int | None
    column: str | None
    message: str  # English, always
    # The English message with ``%(name)s`` placeholders, and the values that fill them (a whole number is written
    # as the reader's language writes it): said again in another language by ``problem_text``. Not compared.
    template: str | None = field(default=None, compare=False, repr=False)
    values: tuple[tuple[str, str | int], ...] = field(default=(), compare=False, repr=False)

    def __post_init__(self) -> None:
        # Read back from JSON (the validation cache) the values are lists: hashable pairs again.
        object.__setattr__(self, "values", tuple((str(name), value) for name, value in self.values))

    @classmethod
    def told(cls, file: str, row: int | None, column: str | None, template: str, /, **values: str | int) -> Problem:
        """A problem whose English message is ``template`` (marked with ``N_``) filled from ``values``; a whole
        number is written as English writes it here ('5,000,000')."""
        english = {name: f"{value:,}" if isinstance(value, int) else value for name, value in values.items()}
        message = template % english if values else template
        return cls(file, row, column, message, template, tuple(sorted(values.items())))

    def __str__(self) -> str:
        return self.line(self.message)

    def line(self, message: str) -> str:
        """``file:row: column: message``, with ``message`` (this problem's, or its text in another language)."""
        row = "-" if self.row is None else str(self.row)
        return f"{self.file}:{row}: {self.column or '-'}: {message}"

    def sort_key(self) -> tuple[str, int, str, str]:
        """File, row, column, message; a problem with no row or column comes first (None does not compare with 2)."""
        return (self.file, -1 if self.row is None else self.row, self.column or "", self.message)


def problem_text(problem: Problem) -> str:
    """The problem's message in this run's language: its English ``message`` where it has no template (a library's
    own words) or the language is English."""
    language = current()
    if problem.template is None or language == DEFAULT:
        return problem.message
    from lib.i18n.numbers import number  # noqa: PLC0415 - Babel's data is read only once a language asks

    values = {name: number(value, language) if isinstance(value, int) else value for name, value in problem.values}
    return _(problem.template, **values)


def problem_line(problem: Problem) -> str:
    """``file:row: column: message`` with the message in this run's language (``str(problem)`` is English)."""
    return problem.line(problem_text(problem))


def too_large(name: str, size: int) -> Problem:
    """'file is 5,000,001 bytes; the limit is 5,000,000 bytes'."""
    return Problem.told(
        name, None, None, N_("file is %(size)s bytes; the limit is %(limit)s bytes"), size=size, limit=MAX_FILE_BYTES
    )


def empty(name: str) -> Problem:
    """A file with nothing in it, not even a header."""
    return Problem.told(name, None, None, N_("file is empty: it needs at least the header row"))


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def universal_newlines(text: str) -> str:
    """Every line break as ``\\n``: ``\\r\\n`` (Windows) and a lone ``\\r`` (old Mac) alike."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_csv_text(name: str, data: bytes) -> tuple[str, list[Problem]]:
    """The file's text with universal newlines, or the reasons it cannot be read as CSV."""
    if len(data) > MAX_FILE_BYTES:
        return "", [too_large(name, len(data))]
    if b"\x00" in data:
        return "", [
            Problem.told(
                name,
                _line_of(data, data.index(b"\x00")),
                None,
                N_("file is binary (it contains NUL bytes), not CSV text"),
            )
        ]
    try:
        text = data.decode("utf-8-sig")  # a UTF-8 byte-order mark, as Excel writes it, is accepted
    except UnicodeDecodeError as error:
        return "", [
            Problem.told(
                name,
                _line_of(data, error.start),
                None,
                N_("is not UTF-8 (byte 0x%(byte)s at offset %(offset)s): save it as 'CSV UTF-8'"),
                byte=f"{data[error.start]:02x}",
                offset=str(error.start),
            )
        ]
    text = universal_newlines(text)
    if not text.strip():
        return "", [empty(name)]
    header = text.split("\n", 1)[0]
    if ";" in header and "," not in header:
        return "", [
            Problem.told(
                name,
                1,
                None,
                N_(
                    "uses ';' as the delimiter (as Excel does where the decimal separator is a comma): "
                    "save it as 'CSV UTF-8 (Comma delimited)' and write decimals with a point (37.6, not 37,6)"
                ),
            )
        ]
    _header, _rows, problems = read_rows(name, text)
    return ("", problems) if problems else (text, [])


def read_rows(name: str, text: str) -> tuple[list[str], list[list[str]], list[Problem]]:
    """Header and rows of CSV text; a parse error is a Problem at the row where it happened."""
    reader = csv.reader(io.StringIO(universal_newlines(text), newline=""), strict=True)
    try:
        rows = list(reader)
    except csv.Error as error:
        # A quote opened and never closed swallows the rows after it, and the parser stumbles later:
        # the row where it opened is the one to fix.
        opened = _unclosed_quote_line(text)
        if opened is not None:
            return (
                [],
                [],
                [Problem.told(name, opened, None, UNCLOSED_QUOTE)],
            )
        template, values = _reason(error)
        return [], [], [Problem.told(name, reader.line_num or None, None, template, **values)]
    if not rows:
        return [], [], [empty(name)]
    return rows[0], rows[1:], []


def _unclosed_quote_line(text: str) -> int | None:
    """Line where a quoted field opens and is never closed, or None if quotes balance."""
    inside, opened_at = False, 0
    for number, line in enumerate(text.split("\n"), start=1):
        if line.count('"') % 2 == 1:
            if not inside:
                opened_at = number
            inside = not inside
    return opened_at if inside else None


def _reason(error: csv.Error) -> tuple[str, dict[str, str]]:
    """The template and values of a parse error's message."""
    message = str(error)
    if "unexpected end of data" in message or "EOF" in message:
        return UNCLOSED_QUOTE, {}
    if "expected ',' after '\"'" in message or "',' expected after '\"'" in message:
        return N_('a quote closes in the middle of a field: write a quote inside a quoted field as two quotes ("")'), {}
    return N_("cannot be read as CSV: %(error)s"), {"error": message}


def read_dicts(name: str, text: str) -> tuple[list[str], list[dict[str, str | None]], list[Problem]]:
    """Rows as dicts keyed by the header; cells missing from a short row are None, extra cells under None."""
    header, rows, problems = read_rows(name, text)
    records: list[dict[str, str | None]] = []
    for row in rows:
        record: dict = dict(zip(header, row, strict=False))  # a short or long row is told apart below
        if len(row) < len(header):
            record.update({column: None for column in header[len(row) :]})
        elif len(row) > len(header):
            record[None] = row[len(header) :]
        records.append(record)
    return header, records, problems


def write_rows(fields: Sequence[str], rows: Sequence[Mapping[str, object]]) -> str:
    """CSV text with ``\\n`` line breaks; a cell holding a line break, a comma or a quote is quoted."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()

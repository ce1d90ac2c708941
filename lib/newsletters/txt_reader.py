"""Reading a newsletter saved as plain text: one block per run of non-empty lines.

The text is decoded as Word on Windows saves it (UTF-8, UTF-16 with its mark, else Windows-1252), refused when it
is binary, and counted against the character limit before it is split.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator

from lib.i18n.active import N_
from lib.newsletters.blocks import Block, to_blocks
from lib.newsletters.limits import LIMITS, NewsletterError, ReadingLimits, too_many_characters

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


def txt_blocks(name: str, content: bytes, limits: ReadingLimits = LIMITS) -> list[Block]:
    """One block per run of non-empty lines (the November edition puts each paragraph on one line)."""
    text = _decode_text(name, content)
    # Before it is split into blocks, and counted without copying it; spaces do not count (blocks collapse them).
    letters = len(text) - sum(text.count(space) for space in " \n\r\t\f\v\xa0")
    if letters > limits.characters:
        raise too_many_characters(name, limits)
    groups: list[list[str]] = [[]]
    # One line at a time, broken where str.splitlines breaks them: a file of millions of empty lines is never a
    # list of millions of strings.
    for line in _lines(text):
        if line.strip():
            groups[-1].append(line)
        elif groups[-1]:
            groups.append([])
    return to_blocks((" ".join(group), None) for group in groups)


def _decode_text(name: str, content: bytes) -> str:
    """UTF-8 (a BOM is dropped), UTF-16 if it says so, else Windows-1252, which every Word on Windows saves."""
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return content.decode("utf-16")
        except UnicodeDecodeError as error:
            raise NewsletterError(
                N_("%(file)s: the text is damaged (%(reason)s); save it again as UTF-8"), file=name, reason=error.reason
            ) from error
    if _looks_binary(content):
        raise NewsletterError(
            N_(
                "%(file)s is not a text file (it holds binary data): save the newsletter as .txt, or send the .docx or "
                ".pdf as it is"
            ),
            file=name,
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

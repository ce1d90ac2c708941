"""Reading a newsletter, as one import: what callers outside the package use, gathered from where it lives.

The reading itself is in ``reading`` (by format: ``txt_reader``, ``docx_reader``, ``pdf_reader`` with
``pdf_layout``), the blocks it ends in are in ``blocks``, and the limits and refusals in ``limits``.
"""

from __future__ import annotations

from lib.newsletters.blocks import Block, Newsletter, clean, looks_like_heading
from lib.newsletters.limits import (
    FORMATS,
    LIMITS,
    MAX_NEWSLETTER_BYTES,
    LimitRefusal,
    NewsletterBusy,
    NewsletterError,
    ReaderStopped,
    ReadingLimits,
    check_size,
)
from lib.newsletters.reading import check_text_limits, read_newsletter

__all__ = [
    "FORMATS",
    "LIMITS",
    "MAX_NEWSLETTER_BYTES",
    "Block",
    "LimitRefusal",
    "Newsletter",
    "NewsletterBusy",
    "NewsletterError",
    "ReaderStopped",
    "ReadingLimits",
    "check_size",
    "check_text_limits",
    "clean",
    "looks_like_heading",
    "read_newsletter",
]

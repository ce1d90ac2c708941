"""Draft an edition's figures from its newsletter, and check a newsletter against the data: as one import.

    python -m lib.extract draft NEWSLETTER --edition YYYY-MM --out DRAFT.csv
    python -m lib.extract check NEWSLETTER --edition YYYY-MM

The newsletter is written from the same sentence frames each quarter. Every figure of the
previous edition carries the words that stated it and what it means (programme, indicator,
basis, breakdown), so each number of the new text is matched to the previous figure it
continues: the same section (headings compared fuzzily), the most similar words once numbers are
masked, and the words right beside the number. A number that continues nothing is listed for
the data officer, never dropped; so is a previous figure the new text no longer states.

Where each part lives: ``sentences`` (the new text), ``matching`` (the previous figures as templates, and
the matcher), ``periods``, ``drafts`` (the rows and their CSV), ``proof`` (the check) and ``cli``.
"""

from __future__ import annotations

from lib.newsletters.assignment import match
from lib.newsletters.cli import main
from lib.newsletters.drafts import (
    FIGURE_COLUMNS,
    NOT_RESTATED_COLUMNS,
    SURE,
    UNMATCHED_COLUMNS,
    UNSURE,
    Draft,
    csv_number,
    draft,
    draft_from_store,
    figures_frame,
    quote_around,
    write_csv,
)
from lib.newsletters.matching import Match, Template, score, templates
from lib.newsletters.periods import Period, default_period, moved_period, period_of, previous_edition_of
from lib.newsletters.proof import CheckReport, check
from lib.newsletters.sentences import Sentence, form_of, mask, sentences

__all__ = [
    "FIGURE_COLUMNS",
    "NOT_RESTATED_COLUMNS",
    "SURE",
    "UNMATCHED_COLUMNS",
    "UNSURE",
    "CheckReport",
    "Draft",
    "Match",
    "Period",
    "Sentence",
    "Template",
    "check",
    "csv_number",
    "default_period",
    "draft",
    "draft_from_store",
    "figures_frame",
    "form_of",
    "mask",
    "match",
    "main",
    "moved_period",
    "period_of",
    "previous_edition_of",
    "quote_around",
    "score",
    "sentences",
    "templates",
    "write_csv",
]

"""A drafted edition as an editor reviews it before the import, and the edition details a draft proposes.

Nothing here knows Streamlit: the draft tab keeps a ``DraftReview`` in the session, folds the editor's changes
into its table, and once the editor hands it on, gives the import ``import_file()``, the CSV an upload would be.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from lib.newsletters.drafts import FIGURE_COLUMNS, NOT_RESTATED_COLUMNS, UNMATCHED_COLUMNS, Draft, cell, write_csv
from lib.newsletters.periods import default_period, period_of
from lib.presenting.formats import month_label

USE = "Use"  # a column of the review: unticked means "not a figure"
REVIEW_COLUMNS = [*FIGURE_COLUMNS, "continues", "confidence", USE]
MONTHS_BETWEEN_EDITIONS = 3  # the newsletter is quarterly


@dataclass
class DraftReview:
    """A draft under review: its rows with the editor's changes, what it could not place, where it came from."""

    edition: str
    source: str  # the newsletter's file name
    file: str  # a hash of the newsletter's content: another file is another draft
    summary: str  # ``Draft.summary()``
    table: pd.DataFrame  # ``REVIEW_COLUMNS``, least sure first
    unmatched: pd.DataFrame  # numbers that continue no figure (``UNMATCHED_COLUMNS``)
    not_restated: pd.DataFrame  # previous figures the text no longer states (``NOT_RESTATED_COLUMNS``)
    handed_on: bool = False  # the editor asked for the ticked rows to be checked for the import

    @classmethod
    def of(cls, draft: Draft, source: str, file: str) -> DraftReview:
        """A new review of ``draft``: every row ticked, least sure first, not handed on."""
        table = pd.DataFrame(draft.rows, columns=[*FIGURE_COLUMNS, "continues", "confidence"]).assign(**{USE: True})
        table["confidence"] = table["confidence"].astype(float)
        return cls(
            edition=draft.edition,
            source=source,
            file=file,
            summary=draft.summary(),
            table=table.sort_values("confidence", kind="stable").reset_index(drop=True),
            unmatched=pd.DataFrame(draft.unmatched, columns=UNMATCHED_COLUMNS),
            not_restated=pd.DataFrame(draft.not_restated, columns=NOT_RESTATED_COLUMNS),
        )

    def import_file(self) -> tuple[str, bytes]:
        """The ticked rows as the CSV the import takes, and its name ('draft-2005-02.csv')."""
        chosen = self.table.loc[self.table[USE]].to_dict("records")
        # Each value exactly as reviewed: a number the editor's table holds as a float is written in full, as the
        # draft's own CSV writes it (``drafts.cell``), never rounded.
        rows = [{column: cell(row.get(column, "")) for column in FIGURE_COLUMNS} for row in chosen]
        return f"draft-{self.edition}.csv", write_csv(rows, FIGURE_COLUMNS).encode("utf-8")


def next_edition(editions: Iterable[str]) -> str:
    """The quarter after the latest of ``editions`` (YYYY-MM): the edition a new newsletter most likely is."""
    year, month = (int(part) for part in max(editions).split("-"))
    month += MONTHS_BETWEEN_EDITIONS
    return f"{year + (month - 1) // 12:04d}-{(month - 1) % 12 + 1:02d}"


def edition_details(edition: str, editions: pd.DataFrame | None, source_file: str) -> dict[str, str]:
    """The edition details the import asks for, as a draft of ``edition`` from ``source_file`` proposes them:
    editions.csv's period where it has the edition, else the quarter before publication."""
    period = period_of(editions, edition) or default_period(edition)
    edition_name = month_label(edition, long=True).replace(" ", " edition ")
    return {
        "title": f"IOM Kosovo News, Quarterly Newsletter of IOM Kosovo, {edition_name}",
        "published": edition,
        "period_start": period.start,
        "period_end": period.end,
        "source_file": source_file,
    }

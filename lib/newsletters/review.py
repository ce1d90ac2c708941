"""A drafted edition as an editor reviews it before the import, and the edition details a draft proposes.

Nothing here knows Streamlit: the draft tab keeps a ``DraftReview`` in the session, folds the editor's changes
into its table, and once the editor hands it on, gives the import ``import_file()``, the CSV an upload would be.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from lib.i18n import using
from lib.newsletters.drafts import (
    FIGURE_COLUMNS,
    NEW_INDICATOR_COLUMNS,
    NOT_RESTATED_COLUMNS,
    UNMATCHED_COLUMNS,
    Draft,
    cell,
    write_csv,
)
from lib.newsletters.periods import default_period, period_of
from lib.presenting.formats import month_label

USE = "Use"  # a column of the review: unticked means "not a figure"
REVIEWED = "Reviewed"  # a column of the review: the editor has accepted or corrected the row
ACCEPT = "Accept"  # a column of the proposed new indicators: the editor adds it to the catalogue with the import
REVIEW_COLUMNS = [*FIGURE_COLUMNS, "continues", "confidence", "reasons", "number_at", USE, REVIEWED]
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
    # Indicators the draft proposes where no stored one holds a figure (``NEW_INDICATOR_COLUMNS`` and ``ACCEPT``).
    new_indicators: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=[*NEW_INDICATOR_COLUMNS, ACCEPT]))

    @classmethod
    def of(cls, draft: Draft, source: str, file: str) -> DraftReview:
        """A new review of ``draft``: every row ticked and not yet reviewed, grouped by section, the section with
        the least sure row first and the least sure row first within it; new indicators not yet accepted."""
        table = pd.DataFrame(draft.rows, columns=[*FIGURE_COLUMNS, "continues", "confidence", "reasons", "number_at"])
        table = table.fillna("").assign(**{USE: True, REVIEWED: False})
        table["confidence"] = table["confidence"].astype(float)
        least_sure = table.groupby("source_section")["confidence"].transform("min")
        table = table.assign(_section=least_sure).sort_values(
            ["_section", "source_section", "confidence"], kind="stable"
        )
        return cls(
            edition=draft.edition,
            source=source,
            file=file,
            summary=draft.summary(),
            table=table.drop(columns="_section").reset_index(drop=True),
            unmatched=pd.DataFrame(draft.unmatched, columns=UNMATCHED_COLUMNS),
            not_restated=pd.DataFrame(draft.not_restated, columns=NOT_RESTATED_COLUMNS),
            new_indicators=pd.DataFrame(draft.new_indicators, columns=NEW_INDICATOR_COLUMNS).assign(**{ACCEPT: False}),
        )

    def next_to_review(self) -> int | None:
        """The first row, in the review's order, the editor has not accepted or corrected yet; None when done."""
        left = self.table.index[~self.table[REVIEWED].astype(bool)]
        return int(left[0]) if len(left) else None

    def left(self) -> int:
        """How many rows are still to review."""
        return int((~self.table[REVIEWED].astype(bool)).sum())

    def pending_indicators(self) -> set[str]:
        """Proposed new indicators the editor has not accepted: their rows cannot be imported yet."""
        proposed = self.new_indicators
        return set(proposed.loc[~proposed[ACCEPT].astype(bool), "indicator_id"])

    def accepted_indicators(self) -> list[dict[str, str]]:
        """The new indicators the editor accepted, as indicators.csv rows, for the import."""
        accepted = self.new_indicators.loc[self.new_indicators[ACCEPT].astype(bool), NEW_INDICATOR_COLUMNS]
        return [{str(k): cell(v) for k, v in row.items()} for row in accepted.to_dict("records")]

    def import_file(self) -> tuple[str, bytes]:
        """The ticked rows as the CSV the import takes, and its name ('draft-2005-02.csv'); a row of a proposed
        indicator the editor has not accepted stays out (the catalogue does not know it)."""
        usable = self.table[USE].astype(bool) & ~self.table["indicator"].isin(self.pending_indicators())
        chosen = self.table.loc[usable].to_dict("records")
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
    with using("en"):  # data, stored in editions.csv: in English whatever the editor's language
        edition_name = month_label(edition, long=True).replace(" ", " edition ")
    return {
        "title": f"IOM Kosovo News, Quarterly Newsletter of IOM Kosovo, {edition_name}",
        "published": edition,
        "period_start": period.start,
        "period_end": period.end,
        "source_file": source_file,
    }

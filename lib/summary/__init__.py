"""What an edition and a donor come to, computed once for the pages and the briefs alike: frozen dataclasses of
values and codes (figure rows with their sources, targets paired with achieved figures, progress as a ratio,
changes since the last comparable edition, the consistency-check tally), never words. The wording is done where
a summary is drawn: ``lib.presenting.wording`` for what page and brief share, the page or the brief for the rest.
"""

from lib.summary.changes import Change, ChangeKind
from lib.summary.donor import DonorSummary, IndicatorResult, ProgrammeLink, donor_figures, donor_summary, target_pairs
from lib.summary.edition import (
    ChangeCounts,
    CheckTally,
    EditionChanges,
    EditionSummary,
    HeadlineCard,
    TrendSeries,
    edition_summary,
)

__all__ = [
    "Change",
    "ChangeCounts",
    "ChangeKind",
    "CheckTally",
    "DonorSummary",
    "EditionChanges",
    "EditionSummary",
    "HeadlineCard",
    "IndicatorResult",
    "ProgrammeLink",
    "TrendSeries",
    "donor_figures",
    "donor_summary",
    "edition_summary",
    "target_pairs",
]

"""What an edition and a donor come to, computed once for the pages and the briefs alike: frozen dataclasses of
values and codes (figure rows with their sources, targets paired with achieved figures, progress as a ratio,
changes since the last comparable edition, the consistency-check tally), never words (the headlines' display
labels aside). The wording is done where a summary is drawn: ``lib.presenting.wording`` for what page and brief
share, the page or the brief for the rest. Nothing here imports ``lib.presenting``: presenting draws the summary,
never the reverse (``picking`` and ``headlines`` pick the figures both need).
"""

from lib.summary.changes import Change, ChangeKind, Period
from lib.summary.donor import (
    DonorSummary,
    IndicatorResult,
    ProgrammeLink,
    TargetPair,
    donor_figures,
    donor_summary,
    pairs_of,
    programme_pairs,
    target_pairs,
)
from lib.summary.edition import (
    ChangeCounts,
    CheckTally,
    EditionChanges,
    EditionSummary,
    HeadlineCard,
    TrendSeries,
    edition_summary,
)
from lib.summary.headlines import HEADLINES, headline

__all__ = [
    "HEADLINES",
    "Change",
    "ChangeCounts",
    "ChangeKind",
    "CheckTally",
    "DonorSummary",
    "EditionChanges",
    "EditionSummary",
    "HeadlineCard",
    "IndicatorResult",
    "Period",
    "ProgrammeLink",
    "TargetPair",
    "TrendSeries",
    "donor_figures",
    "donor_summary",
    "edition_summary",
    "headline",
    "pairs_of",
    "programme_pairs",
    "target_pairs",
]

"""Reporting periods: an edition's own, the default (the quarter before publication), and a figure's moved on."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

import pandas as pd

from lib.dataset.catalogue import Catalogue
from lib.i18n import _


@dataclass(frozen=True)
class Period:
    """A reporting period, first and last day."""

    start: str  # YYYY-MM-DD
    end: str


def default_period(edition: str) -> Period:
    """The three months that end with the month before publication (November 2004: 1 Aug - 31 Oct 2004)."""
    year, month = (int(p) for p in edition.split("-"))
    end_year, end_month = (year, month - 1) if month > 1 else (year - 1, 12)
    start_year, start_month = (end_year, end_month - 2) if end_month > 2 else (end_year - 1, end_month + 10)
    return Period(
        f"{start_year:04d}-{start_month:02d}-01",
        f"{end_year:04d}-{end_month:02d}-{calendar.monthrange(end_year, end_month)[1]:02d}",
    )


_WHOLE_YEAR = re.compile(r"\b(?:[Ii]n|[Dd]uring|[Tt]hroughout)(?: the whole of)? (\d{4})\b")
_MONTH_YEAR = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December)\s+(\d{4})\b"
)


def moved_period(figure: dict[str, str], previous: Period, new: Period, sentence: str = "") -> tuple[str, str]:
    """A flow or 'to date' figure's period moved to the new edition's; a figure of one month moved to the month its
    new sentence names ('In December 2004, the Swedish Medical Team…'); any other period kept as stated."""
    start, end = figure["period_start"], figure["period_end"]
    basis = figure["basis"]
    months = {(m.group(2), calendar.month_name[:].index(m.group(1))) for m in _MONTH_YEAR.finditer(sentence)}
    if len(start) == 7 and start == end and len(months) == 1:
        year, month = months.pop()
        return (f"{year}-{month:02d}",) * 2
    whole_year = _WHOLE_YEAR.search(sentence)
    if basis == "year_to_date" and whole_year and not months and whole_year.group(1) < new.end[:4]:
        return f"{whole_year.group(1)}-01-01", f"{whole_year.group(1)}-12-31"  # 'In the whole of 2004': a year now past
    if basis == "period" and start == previous.start and end == previous.end:
        return new.start, new.end
    if basis in ("cumulative", "point_in_time", "share") and end == previous.end:
        return start, new.end
    if basis == "year_to_date" and end == previous.end:
        return (start if start[:4] == new.end[:4] else f"{new.end[:4]}-01-01"), new.end
    return start, end


def previous_edition_of(editions: pd.DataFrame | None, figures: pd.DataFrame, edition: str) -> str:
    """The latest edition with stored figures before ``edition``; ValueError when there is none."""
    previous = Catalogue.of({"figures": figures}).previous_edition(edition)  # editions that have figures
    if previous is None:
        raise ValueError(
            _(
                "no edition before %(edition)s is stored: a draft continues the previous edition's figures",
                edition=edition,
            )
        )
    return previous


def period_of(editions: pd.DataFrame | None, edition: str) -> Period | None:
    """The reporting period editions.csv gives ``edition``; None where it is not there."""
    rows = None if editions is None else editions.loc[editions["edition_id"] == edition]
    if rows is None or rows.empty:
        return None
    return Period(str(rows.iloc[0]["period_start"]), str(rows.iloc[0]["period_end"]))

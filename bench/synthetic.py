"""Synthetic editions for the benchmark: the real data package grown to N quarterly editions.

The extra editions are copies of the real one moved back a quarter at a time (ids, dates and
``restates`` links rewritten, figures unchanged). They exist only in a temporary folder the
benchmark makes; nothing here writes to ``data/``.
"""

from __future__ import annotations

import calendar
import csv
import re
import shutil
from pathlib import Path

DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")


def shift(value: str, months: int) -> str:
    """An ISO date (year-month or full) moved by ``months``, at the same precision; a bare year is kept."""
    match = DATE.match(value or "")
    if not match:
        return value
    year, month, day = int(match[1]), int(match[2]), match[3]
    index = year * 12 + (month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    if day is None:
        return f"{year:04d}-{month:02d}"
    day = min(int(day), calendar.monthrange(year, month)[1])
    return f"{year:04d}-{month:02d}-{day:02d}"


def grow(source: Path, target: Path, editions: int) -> list[str]:
    """Copy ``source`` to ``target`` with ``editions`` editions in all; returns their ids, newest first."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("history", "*.lock"))
    with (source / "editions.csv").open(encoding="utf-8", newline="") as handle:
        edition_rows = list(csv.DictReader(handle))
    with (source / "figures.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        figure_fields, figure_rows = reader.fieldnames, list(reader)
    latest = max(edition_rows, key=lambda row: row["edition_id"])
    ids = [latest["edition_id"]]
    new_editions, new_figures = [], []
    for step in range(1, editions):
        months = -3 * step
        edition_id = shift(latest["edition_id"], months)
        ids.append(edition_id)
        new_editions.append(
            {
                **latest,
                "edition_id": edition_id,
                "published": shift(latest["published"], months),
                "period_start": shift(latest["period_start"], months),
                "period_end": shift(latest["period_end"], months),
                "title": f"SYNTHETIC benchmark edition {edition_id} (copy of {latest['edition_id']})",
            }
        )
        for row in figure_rows:
            if row["edition"] != latest["edition_id"]:
                continue
            renamed = {
                **row,
                "edition": edition_id,
                "figure_id": edition_id + row["figure_id"][len(latest["edition_id"]) :],
                "period_start": shift(row["period_start"], months),
                "period_end": shift(row["period_end"], months),
            }
            if row["restates"]:
                renamed["restates"] = edition_id + row["restates"][len(latest["edition_id"]) :]
            new_figures.append(renamed)
    with (target / "editions.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(edition_rows[0]))
        writer.writeheader()
        writer.writerows(edition_rows + new_editions)
    with (target / "figures.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=figure_fields)
        writer.writeheader()
        writer.writerows(figure_rows + new_figures)
    return ids

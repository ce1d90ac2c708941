"""Picking figures by what they are (programme, indicator, basis, breakdowns), never by row position, so the same
code serves every edition. The headlines, the pages and the briefs pick with these."""

from __future__ import annotations

import pandas as pd

from lib.dataset.checks import BREAKDOWNS


def pick(
    figures: pd.DataFrame,
    programme: str,
    indicator: str,
    basis: str | None = None,
    by: str | tuple[str, ...] | None = None,
    **fixed: str,
) -> pd.DataFrame:
    """Figures of one indicator: ``fixed`` breakdowns equal, ``by`` filled, every other breakdown empty.

    Repeats (News in Brief) are left out so nothing is counted twice.
    """
    by_columns = (by,) if isinstance(by, str) else tuple(by or ())
    # One numpy mask, one indexing: each pandas indexing step copies every column.
    column = lambda name: figures[name].to_numpy()  # noqa: E731
    mask = (column("programme") == programme) & (column("indicator") == indicator) & (column("restates") == "")
    if basis is not None:
        mask &= column("basis") == basis
    for name in BREAKDOWNS:
        if name in fixed:
            mask &= column(name) == fixed[name]
        elif name in by_columns:
            mask &= column(name) != ""
        else:
            mask &= column(name) == ""
    return figures.loc[mask]


def pick_one(
    figures: pd.DataFrame, programme: str, indicator: str, basis: str | None = None, **fixed: str
) -> pd.Series | None:
    """The single figure that matches, or None when the edition does not report it."""
    rows = pick(figures, programme, indicator, basis, **fixed)
    return rows.iloc[0] if len(rows) else None

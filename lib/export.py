"""CSV export that a spreadsheet cannot mistake for formulas."""

from __future__ import annotations

import pandas as pd

# A cell starting with one of these is run as a formula by Excel and LibreOffice (CSV injection).
FORMULA_STARTS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")


def defuse(cell: object) -> object:
    """Prefix a text cell that a spreadsheet would run as a formula with an apostrophe."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def csv_bytes(table: pd.DataFrame, hxl_tags: dict[str, str] | None = None) -> bytes:
    """UTF-8 CSV (with a byte-order mark, so Excel reads accents), text cells defused.

    ``hxl_tags`` maps column names to HXL hashtags; given, a hashtag row follows the header.
    """
    safe = table.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(defuse)
    if hxl_tags is not None:
        tag_row = pd.DataFrame([{c: hxl_tags.get(c, "") for c in safe.columns}])
        safe = pd.concat([tag_row, safe.astype(object)], ignore_index=True)
    return safe.to_csv(index=False).encode("utf-8-sig")

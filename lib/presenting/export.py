"""CSV export that a spreadsheet cannot mistake for formulas."""

from __future__ import annotations

import pandas as pd

# HXL hashtags (https://hxlstandard.org, core dictionary) for the columns of the figures table. Codes are
# +code, counts +num; our `group` (direct, community, foreign...) is a breakdown of the indicator, not an HXL #group.
# What each row counts is in #indicator+code; indicators.csv gives each indicator its own hashtag.
FIGURE_HXL: dict[str, str] = {
    "figure_id": "#meta+id",
    "edition": "#meta+edition",
    "programme": "#activity+code",
    "indicator": "#indicator+code",
    "value": "#indicator+value+num",
    "value_max": "#indicator+value+max+num",
    "denominator": "#indicator+denominator+num",
    "value_as_written": "#indicator+value+text",
    "qualifier": "#indicator+qualifier",
    "basis": "#indicator+type",
    "period_start": "#date+start",
    "period_end": "#date+end",
    "country": "#country+code",
    "region": "#adm1+code",
    "aor": "#loc+aor+code",
    "municipality": "#adm2+code",
    "place": "#loc+site+code",
    "area": "#loc+area+code",
    "setting": "#indicator+setting",
    "sector": "#sector+code",
    "phase": "#indicator+phase",
    "status": "#status+code",
    "scope": "#indicator+scope",
    "group": "#indicator+group",
    "mode": "#indicator+transport_mode",
    "donor": "#org+funder+code",
    "source_section": "#meta+source+section",
    "source_quote": "#meta+source+quote",
    "restates": "#meta+restates",
    "note": "#meta+note",
}

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

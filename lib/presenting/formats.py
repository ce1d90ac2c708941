"""How numbers, months, units, place names and colours are written: one helper each, used everywhere."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from lib.i18n import current

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
CURRENCIES = ("EUR", "GBP")  # units written beside an amount, not as a suffix of it
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def format_number(value: float) -> str:
    """'1,611,672'; one decimal only where the figure has decimals ('37.6'); as the reader's language writes
    them ('1 611 672', '37,6' in Albanian; '1.611.672' in Serbian)."""
    language = current()
    if language != "en":
        from lib.i18n.numbers import number  # noqa: PLC0415 - Babel's data is read only once a language asks

        return number(value, language)
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def signed_number(value: float) -> str:
    """'+380', '-92', '0': a change as a reader reads it (an ASCII minus: Streamlit reads a delta's sign from it)."""
    return "0" if value == 0 else ("+" if value > 0 else "-") + format_number(abs(value))


def month_label(year_month: str, long: bool = False) -> str:
    """'2004-11' -> 'Nov 2004', or 'November 2004' with ``long``; in the reader's language ('nëntor 2004')."""
    year, month = year_month.split("-")[:2]
    language = current()
    if language != "en":
        from lib.i18n.numbers import month as month_in  # noqa: PLC0415 - Babel's data is read only once a language asks

        return month_in(int(year), int(month), language, long)
    return f"{(MONTH_NAMES if long else MONTHS)[int(month) - 1]} {year}"


def bilingual(name_sq: str, name_sr: str, fallback: str = "") -> str:
    """'Pejë/Peć' where the Albanian and Serbian names differ; the one name where they agree or one is missing."""
    if name_sq and name_sr and name_sq != name_sr:
        return f"{name_sq}/{name_sr}"
    return name_sq or name_sr or fallback


def unit_of(indicators: pd.DataFrame | None, indicator: str) -> str:
    """The unit ``indicators.csv`` gives an indicator; '' where it is not listed (or the table is unreadable)."""
    if indicators is None:
        return ""
    match = indicators.loc[indicators["indicator_id"] == indicator, "unit"]
    return str(match.iloc[0]) if len(match) else ""


def hex_colour(colour: Sequence[int]) -> str:
    """(31, 41, 51) -> '#1f2933': an RGB colour (any alpha after it ignored) as CSS writes it."""
    red, green, blue = colour[:3]
    return f"#{red:02x}{green:02x}{blue:02x}"

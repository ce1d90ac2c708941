"""Numbers and months as the reader's language writes them (Babel's CLDR data for Kosovo's locales).

English keeps the dashboard's own forms ("1,611,672", "37.6", "Nov 2004"); Albanian writes "1 611 672" and
"37,6", Serbian "1.611.672" and "37,6", each with its own month names.
"""

from __future__ import annotations

import datetime
from functools import lru_cache

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal

from lib.i18n.languages import BABEL_LOCALES


@lru_cache(maxsize=8)
def babel_locale(language: str) -> Locale:
    """Babel's locale for a language tag of ``LANGUAGES``."""
    return Locale.parse(BABEL_LOCALES[language])


def number(value: float, language: str) -> str:
    """A number in ``language``: a whole number with grouping, one decimal only where it has decimals."""
    pattern = "#,##0" if float(value).is_integer() else "#,##0.0"
    return format_decimal(value, format=pattern, locale=babel_locale(language))


def month(year: int, month_number: int, language: str, long: bool = False) -> str:
    """'nën 2004' / 'nov 2004', or 'nëntor 2004' / 'novembar 2004' with ``long`` (standalone month names)."""
    return format_date(datetime.date(year, month_number, 1), "LLLL y" if long else "LLL y", babel_locale(language))


def separators(language: str) -> tuple[str, str]:
    """(decimal, thousands) symbols of ``language``, for the charts' number format (Vega's locale)."""
    symbols = babel_locale(language).number_symbols.get("latn", babel_locale(language).number_symbols)
    return symbols["decimal"], symbols["group"]


def vega_locale(language: str) -> dict[str, object]:
    """Vega's locale (d3-format and d3-time-format) for ``language``: axes and tooltips write numbers and
    months as the reader's language does."""
    locale = babel_locale(language)
    decimal, thousands = separators(language)
    months = locale.months["stand-alone"]
    short = locale.months["stand-alone"]["abbreviated"]
    days = locale.days["stand-alone"]
    return {
        "number": {"decimal": decimal, "thousands": thousands, "grouping": [3], "currency": ["", "\u00a0€"]},
        "time": {
            "dateTime": "%x, %X",
            "date": "%d.%m.%Y",
            "time": "%H:%M:%S",
            "periods": ["AM", "PM"],
            "days": [days["wide"][(i + 6) % 7] for i in range(7)],  # d3 starts on Sunday, CLDR on Monday
            "shortDays": [days["abbreviated"][(i + 6) % 7] for i in range(7)],
            "months": [months["wide"][i] for i in range(1, 13)],
            "shortMonths": [short[i] for i in range(1, 13)],
        },
    }

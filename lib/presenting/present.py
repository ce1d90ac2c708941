"""Saying figures in words: pure functions, no Streamlit.

Figures are picked by programme, indicator, basis and breakdowns, never by row position, so the same code serves
every edition (``lib.summary.picking``; ``pick``, ``pick_one``, ``HEADLINES`` and ``headline`` are kept here too for
the pages that import them from here).

Every word is in the reader's language (``lib.i18n``): the module's word lists are marked with ``N_`` and
translated where they are used; the data catalogues' words (programme names, indicator labels, breakdown words)
go through ``data_text``.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeAlias

import pandas as pd

from lib.dataset.catalogue import Catalogue
from lib.dataset.checks import BREAKDOWNS, SCOPE_WORDS, CheckStatus
from lib.i18n import DEFAULT, N_, _, current, translated
from lib.i18n.active import data_text
from lib.presenting.formats import MONTHS, bilingual, format_number, month_label
from lib.summary.headlines import HEADLINES as HEADLINES  # defined with the summary, which picks them
from lib.summary.headlines import headline as headline
from lib.summary.picking import pick as pick  # kept here for the pages that pick figures to word them
from lib.summary.picking import pick_one as pick_one

# One figure: a row of the figures table, as a Series or as a dict (``records``).
Figure: TypeAlias = pd.Series | Mapping[str, Any]

REMAINDER_LABEL = N_("Other / not itemised")  # in English; ``chart_table`` writes it in the reader's language
QUALIFIER_WORDS = {"approximately": "about", "more_than": "over", "nearly": "nearly", "up_to": "up to"}
# A qualified figure, whole: the qualifier's place and form are the language's ("about 5", "rreth 5").
QUALIFIED = {
    "approximately": N_("about %(value)s"),
    "more_than": N_("over %(value)s"),
    "nearly": N_("nearly %(value)s"),
    "up_to": N_("up to %(value)s"),
}
UNIT_SUFFIX = {"percent": "%", "EUR": " EUR", "GBP": " GBP", "km": " km", "hectares": " ha"}
BASIS_WORDS = {
    "period": N_("in the period"),
    "cumulative": N_("cumulative"),
    "year_to_date": N_("year to date"),
    "point_in_time": N_("as of"),
    "target": N_("target"),
    "projection": N_("projection"),
    "share": N_("share"),
    "parameter": N_("programme rule"),
}
# Names of the countries an edition may itemise; an unknown code is shown as the code. In another language,
# Babel's (CLDR's) name of the country, this list's name translated where CLDR has none (Serbia and Montenegro).
COUNTRY_NAMES = {
    "AUT": N_("Austria"),
    "BEL": N_("Belgium"),
    "BIH": N_("Bosnia and Herzegovina"),
    "CAN": N_("Canada"),
    "CHE": N_("Switzerland"),
    "DEU": N_("Germany"),
    "DNK": N_("Denmark"),
    "FIN": N_("Finland"),
    "FRA": N_("France"),
    "GBR": N_("United Kingdom"),
    "HRV": N_("Croatia"),
    "ITA": N_("Italy"),
    "LIE": N_("Liechtenstein"),
    "MKD": N_("North Macedonia"),
    "NLD": N_("Netherlands"),
    "NOR": N_("Norway"),
    "SCG": N_("Serbia and Montenegro"),
    "SVN": N_("Slovenia"),
    "SWE": N_("Sweden"),
    "USA": N_("United States"),
}
# What a consistency check found, as a reader reads it (``lib.dataset.checks.CheckStatus``).
STATUS_WORDS: dict[str, str] = {
    CheckStatus.CONSISTENT: N_("consistent"),
    CheckStatus.NOT_ITEMISED: N_("parts not itemised"),
    CheckStatus.INCONSISTENT: N_("newsletter contradicts itself"),
    CheckStatus.WORDING_DIFFERS: N_("worded differently"),
    CheckStatus.NOT_COMPARABLE: N_("not comparable (different things counted)"),
}
AREA_NAMES = {
    "north": N_("northern Kosovo"),
    "southwest": N_("southwestern Kosovo"),
    "magure_moravska": N_("Magure village & Moravska District"),
    "zhupa_valley": N_("Zhupa Valley"),
}


def status_word(status: str) -> str:
    """A check's status in words: 'inconsistent' -> 'newsletter contradicts itself'; an unknown one as it is."""
    return translated(STATUS_WORDS[status]) if status in STATUS_WORDS else status


def area_name(area: str) -> str:
    """'north' -> 'northern Kosovo', in the reader's language; an unknown area as its code."""
    return translated(AREA_NAMES[area]) if area in AREA_NAMES else area


def coded_word(code: str) -> str:
    """A breakdown's word code where English shows it as stored ('production'): the data catalogue's word for it
    ('production', 'under reconstruction') in another language."""
    return code if current() == DEFAULT else data_text(code.replace("_", " "))


def capitalised_word(code: str) -> str:
    """A breakdown's word code as a label: 'agriculture' -> 'Agriculture'; the data catalogue's word, its first
    letter capital, in another language."""
    if current() == DEFAULT:
        return code.capitalize()
    text = data_text(code.replace("_", " "))
    return text[:1].upper() + text[1:]


def place_name(name_sq: str, name_sr: str, fallback: str = "") -> str:
    """'Pejë/Peć' (``formats.bilingual``); in Serbian Cyrillic the Serbian part in Cyrillic: 'Pejë/Пећ'. A name
    both languages share stays as it is written."""
    if current() == "sr-Cyrl" and name_sq and name_sr and name_sq != name_sr:
        from lib.i18n.cyrillic import to_cyrillic  # noqa: PLC0415 - needed only by Serbian Cyrillic readers

        return bilingual(name_sq, to_cyrillic(name_sr))
    return bilingual(name_sq, name_sr, fallback)


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts; pandas' own ``to_dict("records")`` indexes cell by cell and is far slower."""
    columns = list(frame.columns)
    return [dict(zip(columns, row, strict=True)) for row in frame.to_numpy(dtype=object)]


def format_value(figure: Figure, unit: str = "") -> str:
    """The figure as a reader should see it: '472', 'over 5,500', '15–20', 'nearly 1 in 2', '37.6%'."""
    if figure.get("denominator") == figure.get("denominator") and figure.get("denominator"):
        text = _(
            "%(value)s in %(denominator)s",
            value=format_number(figure["value"]),
            denominator=format_number(figure["denominator"]),
        )
    elif figure.get("value_max") == figure.get("value_max") and figure.get("value_max"):
        text = f"{format_number(figure['value'])}–{format_number(figure['value_max'])}"
    else:
        text = format_number(figure["value"]) + UNIT_SUFFIX.get(unit, "")
    qualified = QUALIFIED.get(figure.get("qualifier") or "")
    return (translated(qualified) % {"value": text} if qualified else text).strip()


def _parse(partial: str) -> tuple[int, int | None, int | None]:
    parts = [int(p) for p in partial.split("-")]
    return parts[0], parts[1] if len(parts) > 1 else None, parts[2] if len(parts) > 2 else None


def _local_date(year: int, month: int, day: int | None, with_year: bool = True) -> str:
    """A date in a language other than English, as CLDR writes it ('31 tet 2004', '31. okt 2004'; a trailing
    dot, which would double a sentence's full stop, left off)."""
    from babel.dates import format_skeleton  # noqa: PLC0415 - Babel's data is read only once a language asks

    from lib.i18n.numbers import babel_locale  # noqa: PLC0415 - Babel's data is read only once a language asks

    skeleton = ("yMMM" if with_year else "MMM") if day is None else ("yMMMd" if with_year else "MMMd")
    written = format_skeleton(skeleton, datetime.date(year, month, day or 1), locale=babel_locale(current()))
    return written.rstrip(".")


def date_label(partial: str) -> str:
    """'2004-10-31' -> '31 Oct 2004'; '1999-06' -> 'Jun 1999'; '1999' -> '1999'."""
    if not partial:
        return ""
    year, month, day = _parse(partial)
    if month is None:
        return str(year)
    if current() != DEFAULT:
        return month_label(f"{year}-{month:02d}") if day is None else _local_date(year, month, day)
    if day is None:
        return f"{MONTHS[month - 1]} {year}"
    return f"{day} {MONTHS[month - 1]} {year}"


def _without_year(partial: str) -> str:
    """The start of a period within one year, its year left to the end's: '1 Aug', 'Aug'."""
    if current() == DEFAULT:
        return date_label(partial).rsplit(" ", 1)[0]
    year, month, day = _parse(partial)
    return _local_date(year, month or 1, day, with_year=False)


def period_label(start: str, end: str) -> str:
    """'1 Aug – 31 Oct 2004', 'since 1999, to 31 Oct 2004', 'Sep 2004', 'to 31 Oct 2004'."""
    if start and end and start == end:
        return date_label(start)
    if start and end:
        start_year, end_year = _parse(start)[0], _parse(end)[0]
        left = _without_year(start) if start_year == end_year and "-" in start else date_label(start)
        return f"{left} – {date_label(end)}"
    if start:
        return _("since %(date)s", date=date_label(start))
    if end:
        return _("to %(date)s", date=date_label(end))
    return ""


def basis_label(figure: Figure) -> str:
    """What kind of figure it is, with its period: never ambiguous."""
    basis: str = figure["basis"]
    start, end = figure.get("period_start", ""), figure.get("period_end", "")
    if basis == "cumulative" and start:
        if end:
            return _("cumulative since %(start)s, to %(end)s", start=date_label(start), end=date_label(end))
        return _("cumulative since %(start)s", start=date_label(start))
    if basis == "point_in_time":
        return _("as of %(date)s", date=date_label(end)) if end else _("current")
    if basis == "period":
        return _("in %(period)s", period=period_label(start, end)) if (start or end) else _("in the period")
    if basis == "share" and start:
        if end:
            return _("share of the total since %(start)s, to %(end)s", start=date_label(start), end=date_label(end))
        return _("share of the total since %(start)s", start=date_label(start))
    if basis == "year_to_date":
        return _("year to date, %(period)s", period=period_label(start, end))
    word = translated(BASIS_WORDS[basis]) if basis in BASIS_WORDS else basis
    when = period_label(start, end)
    return _("%(basis)s, %(period)s", basis=word, period=when) if when else word


def edition_period(editions: pd.DataFrame | None, edition: str) -> str:
    """The reporting period of an edition, e.g. '1 Aug – 31 Oct 2004'; the edition's month where editions.csv
    is unreadable."""
    rows = None if editions is None else editions.loc[editions["edition_id"] == edition]
    if rows is None or rows.empty:
        return _("%(edition)s edition", edition=edition_label(edition))
    return period_label(rows.iloc[0]["period_start"], rows.iloc[0]["period_end"])


def edition_label(edition: str) -> str:
    """'November 2004' for '2004-11'."""
    return month_label(edition, long=True)


def _country_names() -> dict[str, str]:
    """``COUNTRY_NAMES`` in the reader's language: CLDR's names (Babel) in another language than English."""
    language = current()
    if language == DEFAULT:
        return dict(COUNTRY_NAMES)
    import pycountry  # noqa: PLC0415 - ISO codes are needed only by a reader of another language than English

    from lib.i18n.numbers import babel_locale  # noqa: PLC0415 - Babel's data is read only once a language asks

    territories = babel_locale(language).territories
    names = {}
    for code, english in COUNTRY_NAMES.items():
        country = pycountry.countries.get(alpha_3=code) or pycountry.historic_countries.get(alpha_3=code)
        names[code] = (territories.get(country.alpha_2) if country is not None else None) or translated(english)
    return names


def _named(frame: pd.DataFrame, key: str) -> dict[str, str]:
    """A catalogue's names: its ``name`` (else ``name_en``) column in English; in another language both local
    names where the table has them ('Prishtinë/Priština'), as the newsletter writes its places."""
    if current() != DEFAULT and {"name_sq", "name_sr"} <= set(frame.columns):
        local = {row[key]: place_name(row["name_sq"], row["name_sr"]) for row in records(frame)}
        if "name" in frame.columns:  # an area of responsibility: 'Gjilan/Gnjilane AoR'
            return {code: _("%(name)s AoR", name=name) for code, name in local.items()}
        return local
    label = "name" if "name" in frame.columns else "name_en"
    return dict(zip(frame[key], frame[label], strict=True))


def code_names(tables: dict[str, pd.DataFrame]) -> dict[str, dict[str, str]]:
    """For each breakdown column, the readable name of each code, from the catalogues at hand, in the reader's
    language (kept per language: ``ui.page.page_names`` derives it with the language in its key)."""
    names: dict[str, dict[str, str]] = {
        "country": _country_names(),
        "area": {code: translated(name) for code, name in AREA_NAMES.items()},
        "scope": {code: translated(name) for code, name in SCOPE_WORDS.items()},
    }
    places = tables.get("places")
    if places is not None:  # both names where they differ, as the newsletter writes them ("Sigë/Siga")
        names["place"] = {
            row["place_id"]: place_name(row["name_sq"], row["name_sr"], row["name_en"])
            for row in records(places[["place_id", "name_sq", "name_sr", "name_en"]])
        }
    sources = {"region": ("regions", "region_id"), "aor": ("aors", "aor_id"), "donor": ("donors", "donor_id")}
    for column, (table, key) in sources.items():
        frame = tables.get(table)
        if frame is not None:
            names[column] = _named(frame, key)
    return names


def code_label(column: str, code: str, names: dict[str, dict[str, str]]) -> str:
    """'DEU' -> 'Germany'; 'under_reconstruction' -> 'under reconstruction' (a breakdown's word in the reader's
    language: the data catalogue's)."""
    return names.get(column, {}).get(code) or data_text(code.replace("_", " "))


def breakdown_text(figure: Figure, names: dict[str, dict[str, str]]) -> str:
    """The figure's breakdowns in words, e.g. 'Brestovik, under reconstruction'."""
    return ", ".join(code_label(c, figure[c], names) for c in BREAKDOWNS if figure[c])


# The columns of ``readable_figures``: English names, as the CSV download keeps them; a page shows each under
# ``column_labels``' title.
READABLE_COLUMNS = (
    N_("Programme"),
    N_("Indicator"),
    N_("Breakdown"),
    N_("Value"),
    N_("Unit"),
    N_("Basis"),
    N_("Source section"),
    N_("Quote"),
    N_("Figure id"),
)


def column_labels(columns: tuple[str, ...] = READABLE_COLUMNS) -> dict[str, str]:
    """Each of ``readable_figures``' columns (English, as exported) with its title in the reader's language, for a
    table's column configuration (``st.column_config.Column(label=...)``)."""
    return {column: translated(column) for column in columns}


def readable_figures(
    figures: pd.DataFrame,
    indicators: pd.DataFrame,
    programmes: pd.DataFrame,
    names: dict[str, dict[str, str]] | None = None,
) -> pd.DataFrame:
    """Figures as a reader's table: what, breakdown, value as stated, unit, basis and period, source.

    The columns keep their English names (the CSV download's); the words in them are the reader's language's.
    """
    catalogue = Catalogue.of({"indicators": indicators, "programmes": programmes})
    rows = []
    for figure in records(figures):
        breakdown = breakdown_text(figure, names or {})
        unit = catalogue.units.get(figure["indicator"], "")
        rows.append(
            {
                "Programme": data_text(catalogue.programme(figure["programme"])),
                "Indicator": data_text(catalogue.indicators.get(figure["indicator"], figure["indicator"])),
                "Breakdown": breakdown,
                "Value": format_value(figure, unit),
                "Unit": data_text(unit),
                "Basis": basis_label(figure),
                "Source section": figure["source_section"],
                "Quote": figure["source_quote"],
                "Figure id": figure["figure_id"],
            }
        )
    return pd.DataFrame(rows, columns=list(READABLE_COLUMNS))


# ``basis`` and ``period`` say what kind of figure each row is (``lib.presenting.charts.like_with_like`` refuses
# bars that mix kinds).
CHART_COLUMNS = [
    "label",
    "value",
    "value_text",
    "basis_text",
    "basis",
    "period",
    "source_section",
    "source_quote",
    "figure_id",
    "is_remainder",
]
# What a reader sees under a chart, in its "Data and sources" table.
TABLE_COLUMNS = ["label", "value_text", "basis_text", "source_quote"]
SERIES_TABLE_COLUMNS = ["label", "series", "value_text", "basis_text", "source_quote"]


def period_key(figure: Figure) -> str:
    """The figure's period as stored, start–end ('2004-08-01–2004-10-31', '–2004-10-31' with no start): two figures of
    one basis compare only where this is the same."""
    return f"{figure.get('period_start', '') or ''}–{figure.get('period_end', '') or ''}"


def part_sentence(whole: Figure, part: Figure, what: str, unit: str = "") -> str:
    """A running or yearly total and the part of it a shorter period gives, as the newsletter states both:
    '24 foreign victims returned (year to date, 1 Jan – 31 Oct 2004), 10 of them in 1 Aug – 31 Oct 2004'.
    Nothing is subtracted: the rest of the total is not a figure the newsletter gives. ``what`` is the caller's,
    in the reader's language."""
    return _(
        "%(whole)s %(what)s (%(whole_basis)s), %(part)s of them %(part_basis)s",
        whole=format_value(whole, unit),
        what=what,
        whole_basis=basis_label(whole),
        part=format_value(part, unit),
        part_basis=basis_label(part),
    )


def chart_table(
    parts: pd.DataFrame,
    label: pd.Series | list[str],
    unit: str = "",
    total: pd.Series | None = None,
    keep: tuple[str, ...] = (),
) -> pd.DataFrame:
    """Rows for a bar chart, largest first: label, value, the figure in words, its basis and source.

    With a stated ``total``, the part the parts leave out follows, labelled as not itemised; it carries the
    total's basis and period. ``basis`` and ``period`` (``period_key``) say what kind of figure each row is.
    ``keep`` names further columns of ``parts`` to carry along, row for row.
    """
    rows = [
        {
            "label": text,
            "value": float(figure["value"]),
            "value_text": format_value(figure, unit),
            "basis_text": basis_label(figure),
            "basis": figure["basis"],
            "period": period_key(figure),
            "source_section": figure["source_section"],
            "source_quote": figure["source_quote"],
            "figure_id": figure["figure_id"],
            "is_remainder": False,
            **{column: figure[column] for column in keep},
        }
        for figure, text in zip(records(parts), label, strict=True)
    ]
    rows.sort(key=lambda row: -row["value"])
    if total is not None:
        remainder = float(total["value"]) - sum(row["value"] for row in rows)
        if remainder > 0:
            rows.append(
                {
                    "label": translated(REMAINDER_LABEL),
                    "value": remainder,
                    "value_text": format_number(remainder) + UNIT_SUFFIX.get(unit, ""),
                    "basis_text": basis_label(total),
                    "basis": total["basis"],
                    "period": period_key(total),
                    "source_section": total["source_section"],
                    "source_quote": _(
                        "Stated total %(total)s less the itemised parts: %(quote)s",
                        total=format_number(total["value"]),
                        quote=total["source_quote"],
                    ),
                    "figure_id": total["figure_id"],
                    "is_remainder": True,
                    **{column: "" for column in keep},
                }
            )
    return pd.DataFrame(rows, columns=CHART_COLUMNS + list(keep))


def by_kind(table: pd.DataFrame) -> list[pd.DataFrame]:
    """A chart table split into tables of one kind of figure each (one basis, one period), the largest group first:
    each can be drawn as one chart; a group of one row is better said than drawn."""
    groups = [rows for _kind, rows in table.groupby(["basis", "period"], sort=False)]
    return sorted(groups, key=lambda rows: -len(rows))

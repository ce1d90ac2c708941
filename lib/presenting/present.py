"""Saying figures in words: pure functions, no Streamlit.

Figures are picked by programme, indicator, basis and breakdowns, never by row position, so the same code serves
every edition (``lib.summary.picking``; ``pick``, ``pick_one``, ``HEADLINES`` and ``headline`` are kept here too for
the pages that import them from here).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeAlias

import pandas as pd

from lib.dataset.catalogue import Catalogue
from lib.dataset.checks import BREAKDOWNS, SCOPE_WORDS, CheckStatus
from lib.presenting.formats import MONTHS, bilingual, format_number, month_label
from lib.summary.headlines import HEADLINES as HEADLINES  # defined with the summary, which picks them
from lib.summary.headlines import headline as headline
from lib.summary.picking import pick as pick  # kept here for the pages that pick figures to word them
from lib.summary.picking import pick_one as pick_one

# One figure: a row of the figures table, as a Series or as a dict (``records``).
Figure: TypeAlias = pd.Series | Mapping[str, Any]

REMAINDER_LABEL = "Other / not itemised"
QUALIFIER_WORDS = {"approximately": "about", "more_than": "over", "nearly": "nearly", "up_to": "up to"}
UNIT_SUFFIX = {"percent": "%", "EUR": " EUR", "GBP": " GBP", "km": " km", "hectares": " ha"}
BASIS_WORDS = {
    "period": "in the period",
    "cumulative": "cumulative",
    "year_to_date": "year to date",
    "point_in_time": "as of",
    "target": "target",
    "projection": "projection",
    "share": "share",
    "parameter": "programme rule",
}
# Names of the countries an edition may itemise; an unknown code is shown as the code.
COUNTRY_NAMES = {
    "AUT": "Austria",
    "BEL": "Belgium",
    "BIH": "Bosnia and Herzegovina",
    "CAN": "Canada",
    "CHE": "Switzerland",
    "DEU": "Germany",
    "DNK": "Denmark",
    "FIN": "Finland",
    "FRA": "France",
    "GBR": "United Kingdom",
    "HRV": "Croatia",
    "ITA": "Italy",
    "LIE": "Liechtenstein",
    "MKD": "North Macedonia",
    "NLD": "Netherlands",
    "NOR": "Norway",
    "SCG": "Serbia and Montenegro",
    "SVN": "Slovenia",
    "SWE": "Sweden",
    "USA": "United States",
}
# What a consistency check found, as a reader reads it (``lib.dataset.checks.CheckStatus``).
STATUS_WORDS: dict[str, str] = {
    CheckStatus.CONSISTENT: "consistent",
    CheckStatus.NOT_ITEMISED: "parts not itemised",
    CheckStatus.INCONSISTENT: "newsletter contradicts itself",
    CheckStatus.WORDING_DIFFERS: "worded differently",
    CheckStatus.NOT_COMPARABLE: "not comparable (different things counted)",
}
AREA_NAMES = {
    "north": "northern Kosovo",
    "southwest": "southwestern Kosovo",
    "magure_moravska": "Magure village & Moravska District",
    "zhupa_valley": "Zhupa Valley",
}


def status_word(status: str) -> str:
    """A check's status in words: 'inconsistent' -> 'newsletter contradicts itself'; an unknown one as it is."""
    return STATUS_WORDS.get(status, status)


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts; pandas' own ``to_dict("records")`` indexes cell by cell and is far slower."""
    columns = list(frame.columns)
    return [dict(zip(columns, row, strict=True)) for row in frame.to_numpy(dtype=object)]


def format_value(figure: Figure, unit: str = "") -> str:
    """The figure as a reader should see it: '472', 'over 5,500', '15–20', 'nearly 1 in 2', '37.6%'."""
    if figure.get("denominator") == figure.get("denominator") and figure.get("denominator"):
        text = f"{format_number(figure['value'])} in {format_number(figure['denominator'])}"
    elif figure.get("value_max") == figure.get("value_max") and figure.get("value_max"):
        text = f"{format_number(figure['value'])}–{format_number(figure['value_max'])}"
    else:
        text = format_number(figure["value"]) + UNIT_SUFFIX.get(unit, "")
    qualifier = QUALIFIER_WORDS.get(figure.get("qualifier") or "", "")
    return f"{qualifier} {text}".strip()


def _parse(partial: str) -> tuple[int, int | None, int | None]:
    parts = [int(p) for p in partial.split("-")]
    return parts[0], parts[1] if len(parts) > 1 else None, parts[2] if len(parts) > 2 else None


def date_label(partial: str) -> str:
    """'2004-10-31' -> '31 Oct 2004'; '1999-06' -> 'Jun 1999'; '1999' -> '1999'."""
    if not partial:
        return ""
    year, month, day = _parse(partial)
    if month is None:
        return str(year)
    if day is None:
        return f"{MONTHS[month - 1]} {year}"
    return f"{day} {MONTHS[month - 1]} {year}"


def period_label(start: str, end: str) -> str:
    """'1 Aug – 31 Oct 2004', 'since 1999, to 31 Oct 2004', 'Sep 2004', 'to 31 Oct 2004'."""
    if start and end and start == end:
        return date_label(start)
    if start and end:
        start_year, _, _ = _parse(start)
        end_year, _, _ = _parse(end)
        left = date_label(start)
        if start_year == end_year and "-" in start:
            left = left.rsplit(" ", 1)[0]
        return f"{left} – {date_label(end)}"
    if start:
        return f"since {date_label(start)}"
    if end:
        return f"to {date_label(end)}"
    return ""


def basis_label(figure: Figure) -> str:
    """What kind of figure it is, with its period: never ambiguous."""
    basis: str = figure["basis"]
    start, end = figure.get("period_start", ""), figure.get("period_end", "")
    if basis == "cumulative" and start:
        return f"cumulative since {date_label(start)}" + (f", to {date_label(end)}" if end else "")
    if basis == "point_in_time":
        return f"as of {date_label(end)}" if end else "current"
    if basis == "period":
        return f"in {period_label(start, end)}" if (start or end) else "in the period"
    if basis == "share" and start:
        return f"share of the total since {date_label(start)}" + (f", to {date_label(end)}" if end else "")
    if basis == "year_to_date":
        return f"year to date, {period_label(start, end)}"
    when = period_label(start, end)
    return f"{BASIS_WORDS.get(basis, basis)}, {when}" if when else BASIS_WORDS.get(basis, basis)


def edition_period(editions: pd.DataFrame | None, edition: str) -> str:
    """The reporting period of an edition, e.g. '1 Aug – 31 Oct 2004'; the edition's month where editions.csv
    is unreadable."""
    rows = None if editions is None else editions.loc[editions["edition_id"] == edition]
    if rows is None or rows.empty:
        return f"{edition_label(edition)} edition"
    return period_label(rows.iloc[0]["period_start"], rows.iloc[0]["period_end"])


def edition_label(edition: str) -> str:
    """'November 2004' for '2004-11'."""
    return month_label(edition, long=True)


def code_names(tables: dict[str, pd.DataFrame]) -> dict[str, dict[str, str]]:
    """For each breakdown column, the readable name of each code, from the catalogues at hand."""
    names: dict[str, dict[str, str]] = {
        "country": dict(COUNTRY_NAMES),
        "area": dict(AREA_NAMES),
        "scope": dict(SCOPE_WORDS),
    }
    places = tables.get("places")
    if places is not None:  # both names where they differ, as the newsletter writes them ("Sigë/Siga")
        names["place"] = {
            row["place_id"]: bilingual(row["name_sq"], row["name_sr"], row["name_en"])
            for row in records(places[["place_id", "name_sq", "name_sr", "name_en"]])
        }
    sources = {"region": ("regions", "region_id"), "aor": ("aors", "aor_id"), "donor": ("donors", "donor_id")}
    for column, (table, key) in sources.items():
        frame = tables.get(table)
        if frame is not None:
            label = "name" if "name" in frame.columns else "name_en"
            names[column] = dict(zip(frame[key], frame[label], strict=True))
    return names


def code_label(column: str, code: str, names: dict[str, dict[str, str]]) -> str:
    """'DEU' -> 'Germany'; 'under_reconstruction' -> 'under reconstruction'."""
    return names.get(column, {}).get(code) or code.replace("_", " ")


def breakdown_text(figure: Figure, names: dict[str, dict[str, str]]) -> str:
    """The figure's breakdowns in words, e.g. 'Brestovik, under reconstruction'."""
    return ", ".join(code_label(c, figure[c], names) for c in BREAKDOWNS if figure[c])


def readable_figures(
    figures: pd.DataFrame,
    indicators: pd.DataFrame,
    programmes: pd.DataFrame,
    names: dict[str, dict[str, str]] | None = None,
) -> pd.DataFrame:
    """Figures as a reader's table: what, breakdown, value as stated, unit, basis and period, source."""
    catalogue = Catalogue.of({"indicators": indicators, "programmes": programmes})
    rows = []
    for figure in records(figures):
        breakdown = breakdown_text(figure, names or {})
        unit = catalogue.units.get(figure["indicator"], "")
        rows.append(
            {
                "Programme": catalogue.programme(figure["programme"]),
                "Indicator": catalogue.indicators.get(figure["indicator"], figure["indicator"]),
                "Breakdown": breakdown,
                "Value": format_value(figure, unit),
                "Unit": unit,
                "Basis": basis_label(figure),
                "Source section": figure["source_section"],
                "Quote": figure["source_quote"],
                "Figure id": figure["figure_id"],
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "Programme",
            "Indicator",
            "Breakdown",
            "Value",
            "Unit",
            "Basis",
            "Source section",
            "Quote",
            "Figure id",
        ],
    )


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
    Nothing is subtracted: the rest of the total is not a figure the newsletter gives."""
    return (
        f"{format_value(whole, unit)} {what} ({basis_label(whole)}), "
        f"{format_value(part, unit)} of them {basis_label(part)}"
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
                    "label": REMAINDER_LABEL,
                    "value": remainder,
                    "value_text": format_number(remainder) + UNIT_SUFFIX.get(unit, ""),
                    "basis_text": basis_label(total),
                    "basis": total["basis"],
                    "period": period_key(total),
                    "source_section": total["source_section"],
                    "source_quote": (
                        f"Stated total {format_number(total['value'])} less the itemised parts: {total['source_quote']}"
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
    groups = [rows for _, rows in table.groupby(["basis", "period"], sort=False)]
    return sorted(groups, key=lambda rows: -len(rows))

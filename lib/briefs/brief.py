"""Briefs as PDF: a donor's brief and an edition's brief, one or two A4 pages, every figure with its source.

``donor_brief(tables, donor, edition)`` and ``edition_brief(tables, edition)`` return the PDF's
bytes; ``python -m lib.brief`` writes one from the command line. The figures are picked the way
the pages pick them (the Donors page, the overview's headlines), worded by ``lib.presenting.present``, and
charted by the same pure functions (``lib.presenting.charts``); nothing here imports Streamlit.

**Why Typst and vl-convert.** Both are pip wheels with everything inside: no browser, no system
library, no network, on any machine the app runs on. vl-convert turns the very Vega-Lite spec the
app draws into an SVG (its own JavaScript engine, about 0.15 s a chart once warm), and Typst sets a
real report around it (fonts, tables that break across pages, footers) and embeds the SVG as
vectors, in tens of milliseconds: a donor brief takes about half a second (``bench/brief.py``).
WeasyPrint would need the system's Pango and Cairo (apt, not pip); a headless browser (Chromium
through Playwright) is hundreds of megabytes to install, takes seconds to start, and would be the
heaviest process on a small server.

**Data never becomes markup.** Every text from the data (names, quotes, labels) goes to the
template as JSON through ``sys.inputs`` and is placed there as a *string*, which Typst sets as
text: a quote with ``#set page(width: 1pt)``, ``*bold*``, ``$x$`` or ``]`` reads exactly as
written. The template (``brief.typ``) is the only markup.

A brief must fit on two pages: it is set at the template's first density and, if it runs longer,
set again a little denser (smaller type, then one chart instead of two) until it fits; a brief
whose second page would hold only a few lines is set a little denser to fit on one. The densest
setting holds about 75 figures; the largest donor today has 51 in an edition.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import altair as alt
import pandas as pd
import typst
import vl_convert

from lib.dataset import trends
from lib.dataset.checks import BREAKDOWNS, INCONSISTENT, QUALIFYING, STATUSES, run_checks, summarise
from lib.dataset.data import load
from lib.dataset.validate import DEFAULT_DATA_DIR
from lib.presenting import charts
from lib.presenting.formats import CURRENCIES, format_number, month_label, signed_number, unit_of
from lib.presenting.present import (
    HEADLINES,
    basis_label,
    chart_table,
    code_label,
    code_names,
    date_label,
    edition_label,
    edition_period,
    format_value,
    headline,
    pick,
    pick_one,
    records,
)
from lib.presenting.themes import THEMES
from lib.presenting.vega_maps import NOT_REPORTED, area_map
from lib.presenting.views import programme_places, programmes_by_municipality, sites

TEMPLATE = Path(__file__).with_name("brief.typ")
MAX_PAGES = 2
DENSITIES = 5  # the template's density levels, 0 (roomiest) to 4
ONE_PAGE_DENSITY = 2  # how much denser a two-page brief may be set to fit on one
# The body font, in order of preference: Liberation Sans / Arimo (metric twins of Arial) are on
# most Linux machines, Helvetica and Arial elsewhere; the charts use the same list.
FONTS = ("Liberation Sans", "Arimo", "Helvetica", "Arial", "DejaVu Sans")
MAP_SIZE = (260, 260)  # px, the map without its legends
CHART_WIDTH = 340  # px: at the width a chart is placed, its 11 px labels read as 8 pt type
VEGA_CONFIG = {
    "font": ", ".join(FONTS) + ", sans-serif",
    # Streamlit sizes charts with "fit": the app's heights include the title and the axes.
    "autosize": {"type": "fit", "contains": "padding"},
    "title": {"limit": CHART_WIDTH - 16},  # a title too long for the chart ends in "…" rather than past its edge
}
MAP_CONFIG = {
    "font": VEGA_CONFIG["font"],
    "legend": {"layout": {"bottom": {"anchor": "start", "direction": "horizontal"}}},
}
NEEDS_DONOR = ("figures", "programmes", "indicators", "donors", "programme_donors")
NEEDS_EDITION = ("figures", "programmes", "indicators")
RELATIONS = {"funding": "", "expected": "expected donation", "sponsor": "sponsor"}
# A figure compared with a target: the running total first, then a level, then a period's figure.
ACHIEVED_BASES = ("cumulative", "point_in_time", "year_to_date", "period")
NOT_CHARTED = ("target", "projection", "parameter")
MAX_BARS = 6
NATURAL_EARTH = "Made with Natural Earth"


class BriefError(Exception):
    """A brief cannot be made: an unknown donor or edition, or a table that could not be read."""


# ----- Notes: each source once, numbered in the order a reader meets it


class Notes:
    """The sources of a brief's figures, numbered by first use; a quote cited twice keeps its number."""

    def __init__(self) -> None:
        self.items: list[dict] = []
        self._numbers: dict[tuple[str, str], int] = {}

    def cite(self, figure: pd.Series | dict) -> int:
        return self.add(figure["source_section"], figure["source_quote"])

    def add(self, section: str, quote: str) -> int:
        key = (_clean(section), _clean(quote))
        if key not in self._numbers:
            self._numbers[key] = len(self.items) + 1
            self.items.append({"n": self._numbers[key], "section": key[0], "quote": key[1]})
        return self._numbers[key]

    def grouped(self) -> list[dict]:
        """Runs of notes from one section, the section named once."""
        groups: list[dict] = []
        for item in self.items:
            if not groups or groups[-1]["section"] != item["section"]:
                groups.append({"section": item["section"], "items": []})
            groups[-1]["items"].append({"n": str(item["n"]), "quote": item["quote"]})
        return groups


def note_list(numbers: Sequence[int]) -> str:
    """'3–5, 8' for notes 3, 4, 5 and 8."""
    ordered = sorted(set(numbers))
    runs: list[list[int]] = []
    for n in ordered:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
_LONG_WORD = re.compile(r"\S{40,}")


def _clean(text: object) -> str:
    """Data text for the page: control characters and line breaks as spaces; a 40-character word given
    places to break (a zero-width space every 20 characters), so no text runs out of its column."""
    missing = text is None or (not isinstance(text, str) and bool(pd.isna(text)))
    text = " ".join(_CONTROL.sub(" ", "" if missing else str(text)).split())
    return _LONG_WORD.sub(lambda m: "\u200b".join(m.group(0)[i : i + 20] for i in range(0, len(m.group(0)), 20)), text)


def _minus(change: str) -> str:
    """A typographic minus in a signed change."""
    return "\u2212" + change[1:] if change.startswith("-") else change


# ----- Charts as vectors


def chart_svg(chart: alt.Chart, width: int = CHART_WIDTH) -> str:
    """The chart as SVG, sized as the app sizes it ("fit"), in the brief's font."""
    return vl_convert.vegalite_to_svg(chart.properties(width=width).to_dict(), config=VEGA_CONFIG)


def _chart(chart: alt.Chart, rows: pd.DataFrame, notes: Notes, caption: str = "", wide: bool = False) -> dict:
    """A chart for the template: its SVG, its sources' note numbers, and whether it takes the page's width."""
    cited = [notes.cite(row) for row in records(rows)]
    source = f"Sources: note{'s' if len(set(cited)) > 1 else ''} {note_list(cited)}." if cited else ""
    return {
        "svg": chart_svg(chart, 2 * CHART_WIDTH + 24 if wide else CHART_WIDTH),
        "wide": wide,
        "caption": _clean(" ".join(part for part in (caption, source) if part)),
    }


# ----- Picking what a donor brief shows


def _require(tables: dict[str, pd.DataFrame], names: Sequence[str]) -> None:
    missing = [name for name in names if tables.get(name) is None]
    if missing:
        raise BriefError(
            f"{', '.join(name + '.csv' for name in missing)} could not be read, so no brief was made "
            "(run `python -m lib.validate` to see every problem)"
        )


def _editions(tables: dict[str, pd.DataFrame]) -> list[str]:
    found = set(tables["figures"]["edition"])
    if tables.get("editions") is not None:
        found |= set(tables["editions"]["edition_id"])
    return sorted(e for e in found if e)


def _check_edition(tables: dict[str, pd.DataFrame], edition: str) -> None:
    known = _editions(tables)
    if edition not in known:
        raise BriefError(f"unknown edition {edition!r}; the data has {', '.join(known) or 'no edition'}")


def donor_figures(tables: dict[str, pd.DataFrame], donor: str, edition: str) -> pd.DataFrame:
    """The figures the Donors page shows for a donor: its programmes' figures in the edition, repeats left out,
    and a figure reported for one donor's part of a programme only under that donor."""
    figures, links = tables["figures"], tables["programme_donors"]
    funded = links.loc[links["donor_id"] == donor, "programme_id"]
    rows = figures.loc[
        (figures["edition"] == edition) & figures["programme"].isin(funded) & (figures["restates"] == "")
    ]
    return rows.loc[(rows["donor"] == "") | (rows["donor"] == donor)]


def _matches_target(achieved: dict, target: dict) -> bool:
    """Same programme, indicator and breakdown; a target that does not say what kind of count it is
    (approved, completed…) is met by the figure that does."""
    if (achieved["programme"], achieved["indicator"]) != (target["programme"], target["indicator"]):
        return False
    return all(achieved[c] == target[c] or (c in QUALIFYING and not target[c]) for c in BREAKDOWNS)


def target_pairs(rows: pd.DataFrame) -> dict[str, dict]:
    """For each figure that has a target: the target figure, by the achieved figure's id."""
    figures = records(rows)
    pairs: dict[str, dict] = {}
    for target in (f for f in figures if f["basis"] == "target"):
        candidates = [
            f
            for f in figures
            if f["basis"] in ACHIEVED_BASES and f["figure_id"] not in pairs and _matches_target(f, target)
        ]
        if candidates:
            best = min(candidates, key=lambda f: ACHIEVED_BASES.index(f["basis"]))
            pairs[best["figure_id"]] = target
    return pairs


def _progress(achieved: dict, target: dict) -> str:
    """'92%' of a single-valued target; '' for a range, a ratio or a zero target."""
    plain = lambda f: (
        not (f.get("value_max") == f.get("value_max") and f.get("value_max"))
        and not (  # noqa: E731
            f.get("denominator") == f.get("denominator") and f.get("denominator")
        )
    )
    if plain(achieved) and plain(target) and float(target["value"]) > 0:
        return f"{float(achieved['value']) / float(target['value']):.0%}"
    return ""


class _History:
    """Each figure's comparable figure in the latest earlier edition (``lib.dataset.trends``)."""

    def __init__(self, figures: pd.DataFrame, edition: str) -> None:
        self.earlier = sorted(e for e in set(figures["edition"]) if e < edition)
        self.keyed = trends.keyed(figures) if self.earlier else None

    @property
    def first(self) -> bool:
        return not self.earlier

    def previous(self, figure: dict) -> pd.Series | None:
        return None if self.keyed is None else trends.previous_comparable(self.keyed, pd.Series(figure))

    def change(self, figure: dict, notes: Notes) -> tuple[str, list[int]]:
        """'+380 since Nov 2004' (with the earlier figure's note), 'new', or '' in the first edition."""
        if self.first:
            return "", []
        before = self.previous(figure)
        if before is None:
            return "new", []
        difference = float(figure["value"]) - float(before["value"])
        return f"{_minus(signed_number(difference))} since {month_label(before['edition'])}", [notes.cite(before)]


def _label(indicators: pd.DataFrame, indicator: str) -> str:
    match = indicators.loc[indicators["indicator_id"] == indicator, "label"]
    return str(match.iloc[0]) if len(match) else indicator.replace("_", " ")


def _target_chart(pairs: dict[str, dict], rows: pd.DataFrame, tables: dict, names: dict, notes: Notes) -> dict | None:
    """Achieved against target, where the target is one number (not a range)."""
    by_id = {f["figure_id"]: f for f in records(rows)}
    chosen = [(by_id[a], t) for a, t in pairs.items() if _progress(by_id[a], t)]
    if not chosen:
        return None
    indicators, programmes = tables["indicators"], tables["programmes"].set_index("programme_id")["short_name"]
    several = len({(a["programme"], a["indicator"]) for a, _ in chosen}) > 1
    labels = []
    for achieved, _ in chosen:
        label = _breakdown(achieved, names, skip=QUALIFYING) or _label(indicators, achieved["indicator"])
        labels.append(f"{programmes.get(achieved['programme'], achieved['programme'])}: {label}" if several else label)
    units = {unit_of(indicators, a["indicator"]) for a, _ in chosen}
    achieved_rows = pd.DataFrame([a for a, _ in chosen])
    table = chart_table(
        achieved_rows.assign(
            target=[float(t["value"]) for _, t in chosen],
            target_text=[format_value(pd.Series(t), unit_of(indicators, t["indicator"])) for _, t in chosen],
            progress_text=[
                f"{format_number(float(a['value']))} of {format_number(float(t['value']))}" for a, t in chosen
            ],
        ),
        labels,
        "",
        keep=("target", "target_text", "progress_text"),
    )
    first = chosen[0][0]
    title = (
        "Against target"
        if several
        else (
            f"{programmes.get(first['programme'], first['programme'])}: "
            f"{_label(indicators, first['indicator']).lower()} against target"
        )
    )
    unit = units.pop() if len(units) == 1 else ""
    chart = charts.against_target(
        table, title, unit.capitalize() or "As stated", subtitle="achieved (bar) against the target (dark tick)"
    )
    cited = pd.DataFrame([a for a, _ in chosen] + [t for _, t in chosen])
    return _chart(chart, cited, notes)


def _breakdown_charts(rows: pd.DataFrame, tables: dict, names: dict, notes: Notes, limit: int) -> list[dict]:
    """Up to ``limit`` charts of the donor's largest sets of figures that split one figure by one breakdown
    (by area, by sector…), each of another indicator."""
    groups: dict[tuple, list[dict]] = {}
    for figure in records(rows):
        if figure["basis"] in NOT_CHARTED:
            continue
        filled = [c for c in BREAKDOWNS if figure[c]]
        for by in filled:
            fixed = tuple((c, figure[c]) for c in filled if c != by)
            key = (
                figure["programme"],
                figure["indicator"],
                figure["basis"],
                figure["period_start"],
                figure["period_end"],
                by,
                fixed,
            )
            groups.setdefault(key, []).append(figure)
    # The most bars; then the fewest breakdowns held fixed (the plainest split); then the newsletter's order.
    candidates = sorted(
        ((key, parts) for key, parts in groups.items() if len(parts) >= 2),
        key=lambda item: (-len(item[1]), len(item[0][-1])),
    )
    made, drawn = [], set()
    for key, parts in candidates:
        if len(made) < limit and key[:2] not in drawn:
            drawn.add(key[:2])
            made.append(_split_chart(rows, key, parts, tables, names, notes))
    return made


def _split_chart(rows: pd.DataFrame, key: tuple, parts: list[dict], tables: dict, names: dict, notes: Notes) -> dict:
    """Figures that split one figure by one breakdown, as bars, with the part the newsletter does not itemise."""
    programme, indicator, basis, _, _, by, fixed = key
    frame = pd.DataFrame(parts)
    unit = unit_of(tables["indicators"], indicator)
    total = pick_one(rows, programme, indicator, basis, **dict(fixed))
    if total is not None and (total["period_start"], total["period_end"]) != (
        parts[0]["period_start"],
        parts[0]["period_end"],
    ):
        total = None
    shown = frame.sort_values("value", ascending=False, kind="stable").head(MAX_BARS)
    if len(shown) < len(frame):
        total = None  # the bars left out are not "not itemised"
    table = chart_table(shown, unique([_code_text(by, code, names) for code in shown[by]]), unit, total)
    short = tables["programmes"].set_index("programme_id")["short_name"].get(programme, programme)
    title = f"{short}: {_label(tables['indicators'], indicator).lower()}"
    subtitle = " · ".join(
        [f"by {by.replace('_', ' ')}"]
        + [", ".join(_code_text(c, v, names) for c, v in fixed)] * bool(fixed)
        + [basis_label(pd.Series(parts[0]))]
        + ([f"the largest {len(shown)} of {len(frame)}"] if len(shown) < len(frame) else [])
    )
    x_title = (
        "Share (%)"
        if unit == "percent"
        else (unit.capitalize() if unit and unit not in CURRENCIES else unit or "Value")
    )
    chart = charts.horizontal_bars(table, title, x_title, percent=unit == "percent", subtitle=subtitle)
    cited = pd.concat([shown, pd.DataFrame([total])]) if total is not None and len(table) > len(shown) else shown
    return _chart(chart, cited, notes)


def _fallback_chart(rows: pd.DataFrame, tables: dict, names: dict, notes: Notes) -> dict | None:
    """Where no figure is split by a breakdown: two or more of the donor's figures of one unit, basis and period,
    side by side. Figures of different bases or periods are never bars of one chart (``lib.presenting.charts.like_with_like``):
    without two of a kind there is no chart, and the figures are in the table."""
    indicators = tables["indicators"]
    counted = [
        f
        for f in records(rows)
        if f["basis"] not in NOT_CHARTED and unit_of(indicators, f["indicator"]) not in ("", "percent", "ratio", "unit")
    ]
    same_kind: dict[tuple, list[dict]] = {}
    for figure in counted:
        unit = unit_of(indicators, figure["indicator"])
        same_kind.setdefault((unit, figure["basis"], figure["period_start"], figure["period_end"]), []).append(figure)
    best = max(
        ((key[0], parts) for key, parts in same_kind.items() if len(parts) >= 2), key=lambda c: len(c[1]), default=None
    )
    if best is None:
        return None
    unit, parts = best
    shown = pd.DataFrame(parts).sort_values("value", ascending=False, kind="stable").head(MAX_BARS)
    short = tables["programmes"].set_index("programme_id")["short_name"]
    several = shown["programme"].nunique() > 1
    labels = []
    for figure in records(shown):
        label, detail = _label(indicators, figure["indicator"]), _breakdown(figure, names)
        labels.append(f"{label} ({detail})" if detail else label)
    # A label repeated (two breakdowns that read alike) stays one word for the reader and two bars for the chart
    # (a zero-width space tells them apart).
    table = chart_table(shown, [label + "\u200b" * labels[:i].count(label) for i, label in enumerate(labels)], unit)
    title = (
        "Figures counted in " + unit
        if several
        else f"{short.get(parts[0]['programme'], parts[0]['programme'])}: figures counted in {unit}"
    )
    x_title = unit if unit in CURRENCIES else unit.capitalize()
    chart = charts.horizontal_bars(table, title, x_title, subtitle=basis_label(pd.Series(parts[0])))
    return _chart(chart, shown, notes)


def unique(labels: list[str]) -> list[str]:
    """Labels a chart can tell apart: a repeated one gets ' (2)', ' (3)'… (the chart would merge their bars)."""
    seen: dict[str, int] = {}
    result = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        result.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return result


def _code_text(column: str, code: str, names: dict) -> str:
    """A breakdown's code in words, saying which breakdown where a bare code would not ('phase II')."""
    text = code_label(column, code, names)
    return f"{column} {text}" if column == "phase" else text


def _breakdown(figure: dict, names: dict, skip: Sequence[str] = ()) -> str:
    """``lib.presenting.present.breakdown_text``, with phases named as phases: 'northern Kosovo, phase I, implemented'."""
    return ", ".join(_code_text(c, figure[c], names) for c in BREAKDOWNS if figure[c] and c not in skip)


def _map(tables: dict, figures: pd.DataFrame, programme_ids: list[str], donor: str, donor_name: str) -> dict | None:
    """Where the donor's programmes work: municipalities by how many of them work there, and their sites."""
    if tables.get("municipalities") is None or tables.get("places") is None:
        return None
    values = programmes_by_municipality(figures, tables, donor=donor)
    located = sites(figures, tables, donor=donor)
    names = tables["programmes"].set_index("programme_id")["short_name"]
    unmapped = []
    for programme_id in programme_ids:
        if programme_id in names.index:
            place_ids, municipalities, _ = programme_places(figures, tables, programme_id)
            if not place_ids and not municipalities:
                unmapped.append(names[programme_id])
    if values.empty and located.empty:
        return {
            "svg": "",
            "caption": _clean(
                f"Not mapped: the newsletter names no municipality or site for "
                f"{'this programme' if len(programme_ids) == 1 else 'these programmes'}."
            ),
        }
    chart = area_map("municipality", values, located, f"Where {donor_name}'s programmes work", unit="programmes")
    caption = "Municipalities shaded by how many of these programmes work there; dots are their sites."
    if unmapped:
        caption += f" Kosovo-wide or outside Kosovo, not mapped: {', '.join(unmapped)}."
    return {"svg": map_svg(chart), "caption": _clean(caption + f" Boundaries: {NATURAL_EARTH}.")}


def map_svg(chart: alt.Chart) -> str:
    """A map of ``lib.presenting.vega_maps`` as SVG for paper: a fixed size (the app's is as wide as its container), and the
    names only of the areas with a figure (all thirty would overlap at this size)."""
    spec = chart.to_dict()
    spec["width"], spec["height"] = MAP_SIZE
    for layer in spec.get("layer", []):
        mark = layer.get("mark")
        if (mark.get("type") if isinstance(mark, dict) else mark) == "text":
            layer["transform"] = [
                *layer.get("transform", []),
                {"filter": f"datum.properties['class'] != {json.dumps(NOT_REPORTED)}"},
            ]
        legend = layer.get("encoding", {}).get("color", {}).get("legend")
        if isinstance(legend, dict):  # under the map, side by side: the map keeps the column's width
            legend.update(orient="bottom", direction="vertical")
    return vl_convert.vegalite_to_svg(spec, config=MAP_CONFIG)


def _footer(tables: dict, edition: str, version: str, made: date | None) -> dict:
    made = made or date.today()
    return {
        "left": _clean(
            f"IOM Kosovo · {edition_label(edition)} edition · {edition_period(tables.get('editions'), edition)}"
        ),
        "right": _clean(
            " · ".join(
                part
                for part in (
                    f"Made {date_label(made.isoformat())}",
                    f"data version {version[:8]}" if version else "",
                    NATURAL_EARTH,
                )
                if part
            )
        ),
    }


def donor_document(
    tables: dict[str, pd.DataFrame], donor: str, edition: str, version: str = "", made: date | None = None
) -> dict:
    """What a donor brief says, as plain data for the template (every text a string)."""
    _require(tables, NEEDS_DONOR)
    donors = tables["donors"].set_index("donor_id")
    if donor not in donors.index:
        raise BriefError(f"unknown donor {donor!r}; donors.csv has {', '.join(sorted(donors.index))}")
    _check_edition(tables, edition)
    indicators, names = tables["indicators"], code_names(tables)
    programmes = tables["programmes"].set_index("programme_id")
    name = donors.loc[donor, "name"]
    abbreviation = donors.loc[donor, "abbreviation"] if "abbreviation" in donors.columns else ""
    notes = Notes()

    links = tables["programme_donors"].loc[tables["programme_donors"]["donor_id"] == donor]
    funded = []
    for link in records(links):
        pid = link["programme_id"]
        known = pid in programmes.index
        theme = programmes.loc[pid, "theme"] if known else ""
        funded.append(
            {
                "short": _clean(programmes.loc[pid, "short_name"] if known else pid),
                "name": _clean(programmes.loc[pid, "name"] if known else ""),
                "objective": _clean(programmes.loc[pid, "objective"] if known else ""),
                "relation": RELATIONS.get(link["relation"], link["relation"].replace("_", " ")),
                "colour": THEMES[theme].hex if theme in THEMES else "#52606D",
                "theme": THEMES[theme].name if theme in THEMES else "",
                "note": str(notes.add(programmes.loc[pid, "source_section"] if known else pid, link["source_quote"])),
            }
        )

    rows = donor_figures(tables, donor, edition)
    count = len(rows)
    pairs = target_pairs(rows)
    paired_targets = {t["figure_id"] for t in pairs.values()}
    history = _History(tables["figures"], edition)
    groups = []
    for pid in dict.fromkeys(links["programme_id"]):
        own = [f for f in records(rows.loc[rows["programme"] == pid]) if f["figure_id"] not in paired_targets]
        if not own:
            continue
        theme = programmes.loc[pid, "theme"] if pid in programmes.index else ""
        table_rows = []
        for figure in own:
            unit = unit_of(indicators, figure["indicator"])
            cited = [notes.cite(figure)]
            target, progress = "", ""
            if figure["figure_id"] in pairs:
                aim = pairs[figure["figure_id"]]
                target, progress = (
                    format_value(pd.Series(aim), unit_of(indicators, aim["indicator"])),
                    _progress(figure, aim),
                )
                cited.append(notes.cite(aim))
            change, earlier = history.change(figure, notes)
            table_rows.append(
                {
                    "indicator": _clean(_label(indicators, figure["indicator"])),
                    "breakdown": _clean(_breakdown(figure, names)),
                    "value": _clean(format_value(pd.Series(figure), unit)),
                    "basis": _clean(basis_label(pd.Series(figure))),
                    "target": _clean(target),
                    "progress": progress,
                    "change": _clean(change),
                    "notes": note_list(cited + earlier),
                }
            )
        groups.append(
            {
                "name": _clean(programmes.loc[pid, "short_name"] if pid in programmes.index else pid),
                "colour": THEMES[theme].hex if theme in THEMES else "#52606D",
                "rows": table_rows,
            }
        )

    visuals = [chart for chart in (_target_chart(pairs, rows, tables, names, notes),) if chart]
    visuals += _breakdown_charts(rows, tables, names, notes, limit=2 - len(visuals))
    if not visuals:
        visuals = [chart for chart in (_fallback_chart(rows, tables, names, notes),) if chart]
    no_chart = (
        ""
        if visuals or not count
        else ("No chart: no two of these figures count the same thing; the table gives each one.")
    )
    edition_rows = tables["figures"].loc[tables["figures"]["edition"] == edition]
    place_map = _map(tables, edition_rows, list(dict.fromkeys(links["programme_id"])), donor, name)
    with_target = len(pairs)
    lede = (
        f"Funds {len(funded)} programme{'s' if len(funded) != 1 else ''}. This edition reports "
        f"{count} figure{'s' if count != 1 else ''} for {'them' if len(funded) != 1 else 'it'}"
        + (f", {with_target} with a target" if with_target else "")
        + "."
    )
    return {
        "kind": "donor",
        "kicker": "Donor brief · IOM Kosovo quarterly newsletter",
        "title": _clean(f"{name} ({abbreviation})" if abbreviation and abbreviation != name else name),
        "subtitle": _clean(
            f"{edition_label(edition)} edition · reporting period {edition_period(tables.get('editions'), edition)}"
        ),
        "lede": _clean(lede),
        "programmes": funded,
        "charts": visuals,
        "no_chart": no_chart,
        "map": place_map,
        "groups": groups,
        "has_target": bool(pairs),
        "first_edition": history.first,
        "previous": month_label(history.earlier[-1]) if history.earlier else "",
        "empty": "This edition reports no figures for these programmes." if not count else "",
        "notes": notes.grouped(),
        "footer": _footer(tables, edition, version, made),
    }


# ----- The edition brief


def _trend(figures: pd.DataFrame, figure: pd.Series, label: str, tables: dict, notes: Notes) -> dict | None:
    rows = trends.series_of(trends.keyed(figures), figure)
    rows = rows.loc[rows["edition"] <= figure["edition"]]
    if len(rows) < 2:
        return None
    unit = unit_of(tables["indicators"], figure["indicator"])
    table = rows.assign(
        label=rows["edition"].map(month_label),
        order=range(len(rows)),
        value_text=[format_value(r, unit) for _, r in rows.iterrows()],
        basis_text=[basis_label(r) for _, r in rows.iterrows()],
    )
    chart = charts.trend_line(
        table[["label", "order", "value", "value_text", "basis_text", "source_quote", "figure_id"]],
        label,
        unit.capitalize() or "Count",
        subtitle=f"{len(rows)} editions",
    )
    return _chart(chart, rows, notes)


def _returns_chart(figures: pd.DataFrame, tables: dict, names: dict, period: str, by: str, notes: Notes) -> dict | None:
    parts = pick(figures, "avr", "returnees", "period", by=by)
    if parts.empty:
        return None
    total = pick_one(figures, "avr", "returnees", "period")
    labels = (
        [code_label("country", c, names) for c in parts["country"]]
        if by == "country"
        else [{"air": "By plane", "land": "By land"}.get(m, m) for m in parts["mode"]]
    )
    table = chart_table(parts, labels, "people", total)
    build = charts.returns_by_country if by == "country" else charts.returns_by_mode
    cited = pd.concat([parts, pd.DataFrame([total])]) if total is not None and len(table) > len(parts) else parts
    return _chart(build(table, period), cited, notes)


def edition_document(
    tables: dict[str, pd.DataFrame],
    edition: str,
    version: str = "",
    made: date | None = None,
    checks: pd.DataFrame | None = None,
) -> dict:
    """What an edition brief says: the overview's headline figures, the consistency checks, a chart or two."""
    _require(tables, NEEDS_EDITION)
    _check_edition(tables, edition)
    every, names, notes = tables["figures"], code_names(tables), Notes()
    figures = every.loc[every["edition"] == edition]
    period = edition_period(tables.get("editions"), edition)
    history = _History(every, edition)
    cards, shown = [], {}
    for spec in HEADLINES:
        figure = headline(figures, spec)
        if figure is None:
            cards.append(
                {
                    "label": spec["label"],
                    "value": "—",
                    "basis": "Not reported in this edition.",
                    "change": "",
                    "notes": "",
                }
            )
            continue
        shown[spec["label"]] = figure
        unit = unit_of(tables["indicators"], figure["indicator"])
        cited = [notes.cite(figure)]
        change, earlier = history.change(dict(figure), notes)
        label = f"{spec['label']} ({unit})" if unit in CURRENCIES else spec["label"]
        cards.append(
            {
                "label": _clean(label),
                "value": _clean(format_value(figure, "" if unit in CURRENCIES else unit)),
                "basis": _clean(basis_label(figure)),
                "change": _clean(change),
                "notes": note_list(cited + earlier),
            }
        )

    checks = run_checks(every) if checks is None else checks
    counts = summarise(checks.loc[checks["edition"] == edition]) if not checks.empty else dict.fromkeys(STATUSES, 0)
    short = tables["programmes"].set_index("programme_id")["short_name"]
    contradictions = (
        [
            {"programme": _clean(short.get(c["programme"], c["programme"])), "message": _clean(c["message"])}
            for c in records(checks.loc[(checks["edition"] == edition) & (checks["status"] == INCONSISTENT)])
        ]
        if not checks.empty
        else []
    )

    visuals = []
    trend = next(
        (chart for label, figure in shown.items() if (chart := _trend(every, figure, label, tables, notes))), None
    )
    for chart in (
        _returns_chart(figures, tables, names, period, "country", notes),
        trend or _returns_chart(figures, tables, names, period, "mode", notes),
    ):
        if chart:
            visuals.append(chart)

    changed = ""
    if history.earlier:
        previous = history.earlier[-1]
        moved = trends.changes(every, edition, previous)["status"].value_counts()
        changed = (
            f"Since {month_label(previous)}: {moved.get(trends.MOVED, 0)} figures moved · {moved.get(trends.NEW, 0)} new · "
            f"{moved.get(trends.STOPPED, 0)} no longer reported · {moved.get(trends.UNCHANGED, 0)} unchanged."
        )
    total = sum(counts.values())
    return {
        "kind": "edition",
        "kicker": "Edition brief · IOM Kosovo quarterly newsletter",
        "title": _clean(f"IOM Kosovo at a glance — {edition_label(edition)}"),
        "subtitle": _clean(
            f"Reporting period {period} · {len(figures):,} figures from {figures['programme'].nunique()} programmes"
        ),
        "lede": _clean(
            changed or ("The first edition stored: no earlier edition to compare with." if history.first else "")
        ),
        "cards": cards,
        "checks": {
            "headline": f"{total} consistency checks: {counts['inconsistent']} contradictions in the newsletter · "
            f"{counts['wording_differs']} reworded",
            "detail": f"{counts['consistent']} consistent · {counts['not_itemised']} with parts not itemised · "
            f"{counts['not_comparable']} not comparable (they count different things)",
            "alarm": bool(counts["inconsistent"]),
            "contradictions": contradictions,
        },
        "charts": visuals,
        "notes": notes.grouped(),
        "footer": _footer(tables, edition, version, made),
    }


# ----- Typesetting


def typeset(document: dict) -> bytes:
    """The document set by ``brief.typ``; denser, step by step, until it fits on two pages."""
    payload = json.dumps(document, ensure_ascii=False)

    def set_at(density: int) -> tuple[bytes, int]:
        compiler = typst.Compiler(
            str(TEMPLATE), root=str(TEMPLATE.parent), sys_inputs={"brief": payload, "density": str(density)}
        )
        try:
            pdf = compiler.compile()
            return pdf, int(json.loads(compiler.query("<pages>", field="value", one=True)))
        except (typst.TypstError, RuntimeError, ValueError) as error:
            raise BriefError(f"the brief could not be typeset: {error}") from error

    pdf, pages = set_at(0)
    for density in range(1, DENSITIES):
        if pages <= MAX_PAGES:
            break
        pdf, pages = set_at(density)
    if pages == 2:  # a second page with only a line or two on it: a little denser may fit one
        for density in range(1, ONE_PAGE_DENSITY + 1):
            denser, fewer = set_at(density)
            if fewer == 1:
                return denser
    return pdf


def donor_brief(
    tables: dict[str, pd.DataFrame], donor: str, edition: str, version: str = "", *, made: date | None = None
) -> bytes:
    """A donor's brief as PDF bytes: what it funds, those programmes' figures in the edition with targets and
    changes, a chart or two, a map, every figure's source. ``version``: the data version, for the footer."""
    return typeset(donor_document(tables, donor, edition, version, made))


def edition_brief(
    tables: dict[str, pd.DataFrame],
    edition: str,
    version: str = "",
    *,
    made: date | None = None,
    checks: pd.DataFrame | None = None,
) -> bytes:
    """An edition's brief as PDF bytes: the headline figures with their sources, the consistency checks, charts.
    ``checks``: the dataset's checks, if at hand (else they are run on the figures)."""
    return typeset(edition_document(tables, edition, version, made, checks))


# ----- Command line


def main(argv: list[str] | None = None) -> int:
    import argparse  # here, not above: the pages import this module and never need it

    parser = argparse.ArgumentParser(
        prog="python -m lib.brief", description="Write a donor's or an edition's brief as PDF."
    )
    parser.add_argument("--donor", help="a donor id from donors.csv (without it: the edition brief)")
    parser.add_argument("--edition", help="YYYY-MM (default: the latest edition)")
    parser.add_argument("--out", required=True, type=Path, help="the PDF to write")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR, help="the data folder (default: data/)")
    args = parser.parse_args(argv)

    dataset = load(args.data)
    needed = NEEDS_DONOR if args.donor else NEEDS_EDITION
    broken = [name for name in needed if dataset.table(name) is None]
    if broken:
        files = ", ".join(dataset.files.get(name, f"{name}.csv") for name in broken)
        print(f"brief: {files} could not be read, so no brief was made:", file=sys.stderr)
        for problem in dataset.problems_for(*broken)[:10]:
            print(f"  {problem}", file=sys.stderr)
        return 2
    edition = args.edition or (_editions(dataset.tables) or [""])[-1]
    try:
        if args.donor:
            pdf = donor_brief(dataset.tables, args.donor, edition, dataset.version)
        else:
            pdf = edition_brief(dataset.tables, edition, dataset.version, checks=dataset.checks)
    except BriefError as error:
        print(f"brief: {error}", file=sys.stderr)
        return 2
    out = args.out
    # Written beside the target and moved into place: never half a PDF under the name asked for.
    with tempfile.NamedTemporaryFile(
        "wb", dir=out.parent if str(out.parent) else ".", suffix=".tmp", delete=False
    ) as handle:
        handle.write(pdf)
    os.replace(handle.name, out)
    print(f"wrote {out} ({len(pdf) // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""A brief's charts and map, as vectors: the app's own chart functions, turned into SVG by vl-convert."""

from __future__ import annotations

import json
from collections.abc import Sequence

import altair as alt
import pandas as pd

from lib.briefs.notes import Sheet, clean, note_list
from lib.dataset.checks import BREAKDOWNS, QUALIFYING
from lib.i18n import N_, _, current, ngettext, translated
from lib.i18n.active import data_text
from lib.i18n.charts import localised
from lib.presenting import charts
from lib.presenting.formats import CURRENCIES, format_number
from lib.presenting.present import basis_label, chart_table, code_label, format_value, pick, pick_one, records
from lib.presenting.vega_maps import NAMED, NOT_REPORTED, area_map
from lib.presenting.views import programme_places, programmes_by_municipality, sites, trend_table
from lib.presenting.wording import breakdown_words, code_text, mode_label, of_target_text
from lib.summary.donor import IndicatorResult
from lib.summary.edition import TrendSeries

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
NOT_CHARTED = ("target", "projection", "parameter")
MAX_BARS = 6
NATURAL_EARTH = N_("Made with Natural Earth")  # drawn with ``translated``
# A split chart's subtitle: the breakdown it splits by (a column of figures.csv).
SPLIT_BY = {
    "country": N_("by country"),
    "region": N_("by region"),
    "aor": N_("by aor"),  # area of responsibility, written as its code
    "municipality": N_("by municipality"),
    "place": N_("by place"),
    "area": N_("by area"),
    "setting": N_("by setting"),
    "sector": N_("by sector"),
    "phase": N_("by phase"),
    "status": N_("by status"),
    "scope": N_("by scope"),
    "group": N_("by group"),
    "mode": N_("by mode"),
    "donor": N_("by donor"),
}


def _svg(spec: dict, config: dict) -> str:
    """A Vega-Lite spec as SVG, by vl-convert, its numbers and months written as this run's language writes them."""
    import vl_convert  # noqa: PLC0415 - a brief is made on a click: pages import this module, few make a brief

    return str(vl_convert.vegalite_to_svg(localised(spec, current()), config=config))


def chart_svg(chart: alt.Chart, width: int = CHART_WIDTH) -> str:
    """The chart as SVG, sized as the app sizes it ("fit"), in the brief's font."""
    return _svg(chart.properties(width=width).to_dict(), VEGA_CONFIG)


def placed(chart: alt.Chart, rows: pd.DataFrame, sheet: Sheet, caption: str = "", wide: bool = False) -> dict:
    """A chart for the template: its SVG, its sources' note numbers, and whether it takes the page's width."""
    cited = [sheet.notes.cite(row) for row in records(rows)]
    source = ""
    if cited:  # the count is not written: a plural of the word alone (not ngettext)
        several = len(set(cited)) > 1
        notes = note_list(cited)
        source = _("Sources: notes %(notes)s.", notes=notes) if several else _("Sources: note %(notes)s.", notes=notes)
    return {
        "svg": chart_svg(chart, 2 * CHART_WIDTH + 24 if wide else CHART_WIDTH),
        "wide": wide,
        "caption": clean(" ".join(part for part in (caption, source) if part)),
    }


def unique(labels: list[str]) -> list[str]:
    """Labels a chart can tell apart: a repeated one gets ' (2)', ' (3)'… (the chart would merge their bars)."""
    seen: dict[str, int] = {}
    result = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        result.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return result


# ----- A donor's charts


def target_chart(results: Sequence[IndicatorResult], sheet: Sheet) -> dict | None:
    """Achieved against target, where the summary states progress (a target of one number, not a range)."""
    chosen = [(r.figure, r.target) for r in results if r.target is not None and r.progress is not None]
    if not chosen:
        return None
    catalogue, units_of = sheet.catalogue, sheet.catalogue.units
    several = len({(a["programme"], a["indicator"]) for a, _target in chosen}) > 1
    labels = []
    for achieved, _target in chosen:
        label = breakdown_words(achieved, sheet.names, skip=QUALIFYING) or data_text(
            catalogue.indicator(achieved["indicator"])
        )
        labels.append(f"{data_text(catalogue.programme(achieved['programme']))}: {label}" if several else label)
    units = {units_of.get(a["indicator"], "") for a, _target in chosen}
    table = chart_table(
        pd.DataFrame([a for a, _target in chosen]).assign(
            target=[float(t["value"]) for _achieved, t in chosen],
            target_text=[format_value(pd.Series(t), units_of.get(t["indicator"], "")) for _achieved, t in chosen],
            progress_text=[of_target_text(a, t) for a, t in chosen],
        ),
        labels,
        "",
        keep=("target", "target_text", "progress_text"),
    )
    first = chosen[0][0]
    title = (
        _("Against target")
        if several
        else _(
            "%(programme)s: %(indicator)s against target",
            programme=data_text(catalogue.programme(first["programme"])),
            indicator=data_text(catalogue.indicator(first["indicator"])).lower(),
        )
    )
    unit = units.pop() if len(units) == 1 else ""
    chart = charts.against_target(
        table,
        title,
        data_text(unit).capitalize() or _("As stated"),
        subtitle=_("achieved (bar) against the target (dark tick)"),
    )
    return placed(chart, pd.DataFrame([a for a, _target in chosen] + [t for _achieved, t in chosen]), sheet)


def breakdown_charts(rows: pd.DataFrame, sheet: Sheet, limit: int) -> list[dict]:
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
    made: list[dict] = []
    drawn: set[tuple] = set()
    for key, parts in candidates:
        if len(made) < limit and key[:2] not in drawn:
            drawn.add(key[:2])
            made.append(_split_chart(rows, key, parts, sheet))
    return made


def _x_title(unit: str) -> str:
    if unit == "percent":
        return _("Share (%)")
    return data_text(unit).capitalize() if unit and unit not in CURRENCIES else unit or _("Value")


def _split_chart(rows: pd.DataFrame, key: tuple, parts: list[dict], sheet: Sheet) -> dict:
    """Figures that split one figure by one breakdown, as bars, with the part the newsletter does not itemise."""
    programme, indicator, basis, _start, _end, by, fixed = key
    frame = pd.DataFrame(parts)
    unit = sheet.catalogue.units.get(indicator, "")
    total = pick_one(rows, programme, indicator, basis, **dict(fixed))
    if total is not None and (total["period_start"], total["period_end"]) != (
        parts[0]["period_start"],
        parts[0]["period_end"],
    ):
        total = None
    shown = frame.sort_values("value", ascending=False, kind="stable").head(MAX_BARS)
    if len(shown) < len(frame):
        total = None  # the bars left out are not "not itemised"
    table = chart_table(shown, unique([code_text(by, code, sheet.names) for code in shown[by]]), unit, total)
    name, label = data_text(sheet.catalogue.programme(programme)), data_text(sheet.catalogue.indicator(indicator))
    title = f"{name}: {label.lower()}"
    split_by = translated(SPLIT_BY[by]) if by in SPLIT_BY else _("by %(breakdown)s", breakdown=by.replace("_", " "))
    largest = _("the largest %(shown)s of %(count)s", shown=format_number(len(shown)), count=format_number(len(frame)))
    subtitle = " · ".join(
        [split_by]
        + [", ".join(code_text(c, v, sheet.names) for c, v in fixed)] * bool(fixed)
        + [basis_label(pd.Series(parts[0]))]
        + ([largest] if len(shown) < len(frame) else [])
    )
    chart = charts.horizontal_bars(table, title, _x_title(unit), percent=unit == "percent", subtitle=subtitle)
    cited = pd.concat([shown, pd.DataFrame([total])]) if total is not None and len(table) > len(shown) else shown
    return placed(chart, cited, sheet)


def fallback_chart(rows: pd.DataFrame, sheet: Sheet) -> dict | None:
    """Where no figure is split by a breakdown: two or more of the donor's figures of one unit, basis and period,
    side by side. Figures of different bases or periods are never bars of one chart
    (``lib.presenting.charts.like_with_like``): without two of a kind there is no chart, and the figures are in
    the table."""
    same_kind: dict[tuple, list[dict]] = {}
    for figure in records(rows):
        unit = sheet.catalogue.units.get(figure["indicator"], "")
        if figure["basis"] not in NOT_CHARTED and unit not in ("", "percent", "ratio", "unit"):
            same_kind.setdefault((unit, figure["basis"], figure["period_start"], figure["period_end"]), []).append(
                figure
            )
    best = max(
        ((key[0], parts) for key, parts in same_kind.items() if len(parts) >= 2), key=lambda c: len(c[1]), default=None
    )
    if best is None:
        return None
    unit, parts = best
    shown = pd.DataFrame(parts).sort_values("value", ascending=False, kind="stable").head(MAX_BARS)
    labels = []
    for figure in records(shown):
        label, detail = data_text(sheet.catalogue.indicator(figure["indicator"])), breakdown_words(figure, sheet.names)
        labels.append(f"{label} ({detail})" if detail else label)
    # A label repeated (two breakdowns that read alike) stays one word for the reader and two bars for the chart
    # (a zero-width space tells them apart).
    table = chart_table(shown, [label + "\u200b" * labels[:i].count(label) for i, label in enumerate(labels)], unit)
    written = unit if unit in CURRENCIES else data_text(unit)
    title = (
        _("Figures counted in %(unit)s", unit=written)
        if shown["programme"].nunique() > 1
        else _(
            "%(programme)s: figures counted in %(unit)s",
            programme=data_text(sheet.catalogue.programme(parts[0]["programme"])),
            unit=written,
        )
    )
    x_title = written if unit in CURRENCIES else written.capitalize()
    chart = charts.horizontal_bars(table, title, x_title, subtitle=basis_label(pd.Series(parts[0])))
    return placed(chart, shown, sheet)


# ----- An edition's charts


def trend_chart(series: TrendSeries, figure: pd.Series, label: str, sheet: Sheet) -> dict | None:
    """A headline's comparable figures up to its edition (the summary's series), where two or more editions
    report it."""
    rows = series.rows
    if len(rows) < 2:
        return None
    unit = sheet.catalogue.units.get(figure["indicator"], "")
    chart = charts.trend_line(
        trend_table(rows, unit),
        label,
        data_text(unit).capitalize() or _("Count"),
        subtitle=ngettext("%(count)s edition", "%(count)s editions", len(rows), count=format_number(len(rows))),
    )
    return placed(chart, rows, sheet)


def returns_chart(figures: pd.DataFrame, sheet: Sheet, period: str, by: str) -> dict | None:
    """Returnees of the edition's quarter by country or by mode, with the part not itemised."""
    parts = pick(figures, "avr", "returnees", "period", by=by)
    if parts.empty:
        return None
    total = pick_one(figures, "avr", "returnees", "period")
    labels = (
        [code_label("country", c, sheet.names) for c in parts["country"]]
        if by == "country"
        else [mode_label(m) for m in parts["mode"]]
    )
    table = chart_table(parts, labels, "people", total)
    build = charts.returns_by_country if by == "country" else charts.returns_by_mode
    cited = pd.concat([parts, pd.DataFrame([total])]) if total is not None and len(table) > len(parts) else parts
    return placed(build(table, period), cited, sheet)


# ----- The donor's map


def donor_map(
    sheet: Sheet, figures: pd.DataFrame, programme_ids: list[str], donor: str, donor_name: str
) -> dict | None:
    """Where the donor's programmes work: municipalities by how many of them work there, and their sites."""
    tables = dict(sheet.tables)
    if tables.get("municipalities") is None or tables.get("places") is None:
        return None
    values = programmes_by_municipality(figures, tables, donor=donor)
    located = sites(figures, tables, donor=donor)
    names = sheet.catalogue.programmes
    unmapped = []
    for programme_id in programme_ids:
        if programme_id in names:
            place_ids, municipalities, _sites = programme_places(figures, tables, programme_id)
            if not place_ids and not municipalities:
                unmapped.append(data_text(names[programme_id]))
    if values.empty and located.empty:
        return {"svg": "", "caption": clean(_not_mapped(len(programme_ids)))}
    title = _("Where %(donor)s's programmes work", donor=donor_name)
    chart = area_map("municipality", values, located, title, unit=_("programmes"))
    caption = [_("Municipalities shaded by how many of these programmes work there; dots are their sites.")]
    if unmapped:
        caption.append(_("Kosovo-wide or outside Kosovo, not mapped: %(programmes)s.", programmes=", ".join(unmapped)))
    caption.append(_("Boundaries: %(credit)s.", credit=translated(NATURAL_EARTH)))
    return {"svg": map_svg(chart), "caption": clean(" ".join(caption))}


def _not_mapped(programmes: int) -> str:
    """Why a donor has no map (the count is not written: the word's plural alone, not ngettext)."""
    if programmes == 1:
        return _("Not mapped: the newsletter names no municipality or site for this programme.")
    return _("Not mapped: the newsletter names no municipality or site for these programmes.")


def map_svg(chart: alt.Chart | alt.LayerChart) -> str:
    """A map of ``lib.presenting.vega_maps`` as SVG for paper: a fixed size (the app's is as wide as its container),
    and the names only of the areas with a figure (all thirty would overlap at this size)."""
    spec = chart.to_dict()
    spec["width"], spec["height"] = MAP_SIZE
    for layer in spec.get("layer", []):
        mark = layer.get("mark")
        if (mark.get("type") if isinstance(mark, dict) else mark) == "text":
            # Instead of the app's thinning (its filter on ``named``): every area with a figure is named, no other.
            layer["transform"] = [
                *(step for step in layer.get("transform", []) if step != {"filter": NAMED}),
                {"filter": _reported_only()},
            ]
        legend = layer.get("encoding", {}).get("color", {}).get("legend")
        if isinstance(legend, dict):  # under the map, side by side: the map keeps the column's width
            legend.update(orient="bottom", direction="vertical")
    return _svg(spec, MAP_CONFIG)


def _reported_only() -> str:
    """The areas with a figure: not of the class "not reported" (as written, or in the reader's language where the
    map's legend is translated)."""
    marks = dict.fromkeys((NOT_REPORTED, translated(NOT_REPORTED)))
    return " && ".join(f"datum.properties['class'] != {json.dumps(mark)}" for mark in marks)

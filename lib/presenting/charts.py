"""Chart builders: pure functions from a tidy table to an ``alt.Chart``; no Streamlit here.

Every table passed in has one row per bar (or bar segment) with the columns ``label``,
``value``, ``value_text`` (the figure as a reader should see it), ``basis_text`` and
``source_quote``; ``is_remainder`` marks the part of a stated total that the newsletter does
not itemise, drawn in grey and last.

Bars compare like with like: ``basis`` and ``period`` (``lib.presenting.present.chart_table`` fills them; the
not-itemised row carries its total's) say what kind of figure each row is, and every bar or stack
builder refuses a table whose rows mix kinds (``like_with_like``): a running total since 1999 beside
a quarter's figure, or a four-year total beside a half year, would be read as bar lengths to compare.
The exceptions are right by design: ``trend_line`` (one figure across editions, comparable by
construction) and ``against_target`` (its target is a tick, not a sibling bar; its bars are still
checked).

Every chart carries what it shows in words as its Vega-Lite ``description`` (``lib.presenting.describe``), which
the rendered SVG gives screen readers as its ``aria-label``; a new builder sets one too
(``tests/test_charts.py`` fails for a builder that does not).

Titles, axis, legend and tooltip titles are in the reader's language (``lib.i18n``); the charts' number and month
formats are set on the spec afterwards (``lib.i18n.charts.localised``).
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import altair as alt
import pandas as pd

from lib.i18n import _, current
from lib.presenting.describe import (
    describe,
    describe_series,
    describe_targets,
    describe_trend,
    stated_total_text,
)
from lib.presenting.present import coded_word

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
PALETTE: tuple[str, ...] = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
REMAINDER_COLOUR = "#B8BEC6"
BAR_COLOUR = PALETTE[0]
TARGET_COLOUR = "#1F2933"
ROW_HEIGHT = 30
# Streamlit sizes a chart with autosize "fit": the height includes the title, subtitle and x axis.
FRAME_HEIGHT = 110
LEGEND_HEIGHT = 70
LABEL_LIMIT = 220

TOOLTIP = [  # in English; the charts draw ``tooltip()``, in the reader's language
    alt.Tooltip("label:N", title="What"),
    alt.Tooltip("value_text:N", title="Figure"),
    alt.Tooltip("basis_text:N", title="Basis"),
    alt.Tooltip("source_quote:N", title="Source"),
]


def tooltip() -> list[alt.Tooltip]:
    """A bar's tooltip: what, the figure, its basis, its source (``TOOLTIP``, in the reader's language)."""
    return [
        alt.Tooltip("label:N", title=_("What")),
        alt.Tooltip("value_text:N", title=_("Figure")),
        alt.Tooltip("basis_text:N", title=_("Basis")),
        alt.Tooltip("source_quote:N", title=_("Source")),
    ]


# A title line that fits the narrowest chart (a third of a 768 px page); English titles are written to fit one line,
# a translation that runs longer is wrapped onto lines of this length (Cyrillic letters run wider), and the chart
# grows by a line each.
TITLE_CHARACTERS = {"sr-Cyrl": 24}
TITLE_CHARACTERS_LATIN = 30
TITLE_LINE_HEIGHT = 18


def _title_lines(title: str) -> list[str]:
    limit = TITLE_CHARACTERS.get(current(), TITLE_CHARACTERS_LATIN)
    if current() == "en" or len(title) <= limit:
        return [title]
    return textwrap.wrap(title, limit) or [title]


def _title(title: str, subtitle: str) -> alt.TitleParams:
    """What the chart shows, and when, on a line of its own so narrow columns do not cut it."""
    lines, sublines = _title_lines(title), _title_lines(subtitle)
    return alt.TitleParams(
        text=lines[0] if len(lines) == 1 else lines,
        subtitle=(sublines[0] if len(sublines) == 1 else sublines) if subtitle else alt.Undefined,
        anchor="start",
        subtitleColor="#52606D",
    )


def _title_height(title: str, subtitle: str = "") -> int:
    """What a wrapped title (and subtitle) adds to a chart's height."""
    return TITLE_LINE_HEIGHT * (len(_title_lines(title)) - 1 + len(_title_lines(subtitle)) - 1)


PADDING = {"left": 8, "right": 24, "top": 4, "bottom": 4}  # room for the longest label and the figure after a bar


def _height(rows: int, step: float = ROW_HEIGHT) -> int:
    return int(step * max(rows, 1) + FRAME_HEIGHT)


def _order(table: pd.DataFrame) -> list[str]:
    """Largest first, the not-itemised remainder last."""
    return list(dict.fromkeys(_ordered_rows(table)["label"]))


def _ordered_rows(table: pd.DataFrame) -> pd.DataFrame:
    """The rows in the order the bars are drawn: largest first, the not-itemised remainder last."""
    remainder = table.get("is_remainder", pd.Series(False, index=table.index)).astype(bool)
    return pd.concat([table.loc[~remainder].sort_values("value", ascending=False), table.loc[remainder]])


KIND_COLUMNS = ("basis", "period")


def like_with_like(table: pd.DataFrame) -> pd.DataFrame:
    """The table, if its rows are one kind of figure (one basis, one period); a ``ValueError`` naming the rows
    that differ otherwise.

    A table that does not say what kind its rows are (no ``basis`` or ``period`` column) is refused too:
    the check cannot be made, so the bars cannot be trusted to compare.
    """
    missing = [column for column in KIND_COLUMNS if column not in table.columns]
    if missing:
        raise ValueError(
            f"The chart table does not say what kind of figure each row is (no {' or '.join(missing)} column): "
            "build it with lib.presenting.present.chart_table."
        )
    kinds = table.groupby(list(KIND_COLUMNS), sort=False, dropna=False)
    if kinds.ngroups <= 1:
        return table
    said = []
    for (basis, period), rows in kinds:
        labels = rows["label"].astype(str)
        if "series" in rows.columns:
            labels = labels + " · " + rows["series"].astype(str)
        said.append(f"{basis} {period}: " + ", ".join(labels))
    raise ValueError(
        "These bars would compare unlike figures: the rows mix bases or periods, so draw each kind "
        "in a chart of its own or say it in words. " + "; ".join(said)
    )


def horizontal_bars(
    table: pd.DataFrame, title: str, x_title: str, percent: bool = False, subtitle: str = ""
) -> alt.Chart:
    """One bar per row, sorted, the remainder in grey; the figure written at the end of each bar. Rows of one
    kind only."""
    like_with_like(table)
    data = table.assign(is_remainder=table.get("is_remainder", False))
    x_axis = alt.Axis(format=",.0f", title=x_title, grid=True, tickMinStep=1)
    base = alt.Chart(data).encode(
        y=alt.Y("label:N", sort=_order(data), title=None, axis=alt.Axis(labelLimit=LABEL_LIMIT)),
        x=alt.X("value:Q", axis=x_axis, scale=alt.Scale(domain=[0, 100]) if percent else alt.Undefined),
        tooltip=tooltip(),
    )
    bars = base.mark_bar(cornerRadiusEnd=2).encode(
        color=alt.when(alt.datum.is_remainder).then(alt.value(REMAINDER_COLOUR)).otherwise(alt.value(BAR_COLOUR)),
    )
    text = base.mark_text(align="left", dx=4, color="#1F2933").encode(text="value_text:N")
    # Shares say no total: their whole is 100%, not a figure of the newsletter.
    said = describe(title, _ordered_rows(data), subtitle, "" if percent else stated_total_text(data))
    return (bars + text).properties(
        title=_title(title, subtitle),
        description=said,
        height=_height(len(data)) + _title_height(title, subtitle),
        padding=PADDING,
    )


def stacked_bars(
    table: pd.DataFrame, title: str, x_title: str, series_title: str, series_order: Sequence[str], subtitle: str = ""
) -> alt.Chart:
    """Rows (``label``) split into segments (``series``); a series named in ``is_remainder`` rows is grey. Rows
    of one kind only."""
    like_with_like(table)
    series = list(dict.fromkeys(list(series_order) + table.loc[table["is_remainder"], "series"].tolist()))
    colours = [
        REMAINDER_COLOUR if s in set(table.loc[table["is_remainder"], "series"]) else PALETTE[i % len(PALETTE)]
        for i, s in enumerate(series)
    ]
    data = table.assign(series_rank=table["series"].map({s: i for i, s in enumerate(series)}))
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y(
                "label:N", title=None, sort=list(dict.fromkeys(data["label"])), axis=alt.Axis(labelLimit=LABEL_LIMIT)
            ),
            x=alt.X("sum(value):Q", title=x_title, stack="zero"),
            color=alt.Color(
                "series:N",
                title=series_title,
                scale=alt.Scale(domain=series, range=colours),
                # One item a line, under the chart: two columns would start after the y-axis labels and run
                # past a phone's edge (Vega-Lite lays a legend out at a fixed size, whatever the screen).
                legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=200),
            ),
            order=alt.Order("series_rank:Q"),
            tooltip=[alt.Tooltip("label:N", title=_("What")), alt.Tooltip("series:N", title=series_title)]
            + tooltip()[1:],
        )
    )
    return chart.properties(
        title=_title(title, subtitle),
        description=describe_series(title, data, subtitle, series),
        height=_height(data["label"].nunique(), ROW_HEIGHT * 1.3) + LEGEND_HEIGHT + _title_height(title, subtitle),
        padding=PADDING,
    )


def against_target(table: pd.DataFrame, title: str, x_title: str, subtitle: str = "") -> alt.Chart:
    """Achieved bars with the target as a dark tick; ``target`` and ``target_text`` columns per row.

    The target is another basis on purpose, drawn as a tick on its own bar; the achieved bars are siblings, so
    they are one kind."""
    like_with_like(table)
    base = alt.Chart(table).encode(y=alt.Y("label:N", title=None, axis=alt.Axis(labelLimit=LABEL_LIMIT)))
    bars = base.mark_bar(color=BAR_COLOUR).encode(x=alt.X("value:Q", title=x_title), tooltip=tooltip())
    ticks = base.mark_tick(color=TARGET_COLOUR, thickness=3, size=ROW_HEIGHT).encode(
        x="target:Q",
        tooltip=[alt.Tooltip("label:N", title=_("What")), alt.Tooltip("target_text:N", title=_("Target"))],
    )
    text = base.mark_text(align="left", dx=6, color="#1F2933").encode(x="target:Q", text="progress_text:N")
    return (bars + ticks + text).properties(
        title=_title(title, subtitle),
        description=describe_targets(title, table, subtitle),
        height=_height(len(table), ROW_HEIGHT * 1.5) + _title_height(title, subtitle),
        padding=PADDING,
    )


def returns_by_country(table: pd.DataFrame, period: str) -> alt.Chart:
    """Returnees by country of return, with the part of the total not itemised."""
    return horizontal_bars(table, _("Returnees by country of return"), _("Returnees (people)"), subtitle=period)


def returns_by_mode(table: pd.DataFrame, period: str) -> alt.Chart:
    """Returnees by mode of transport."""
    return horizontal_bars(table, _("Returnees by mode of transport"), _("Returnees (people)"), subtitle=period)


def settled_share_by_region(table: pd.DataFrame, period: str) -> alt.Chart:
    """Where returnees settled: percent of all returnees assisted, by region."""
    return horizontal_bars(
        table,
        _("Where returnees settled, by region"),
        _("Share of returnees (%)"),
        percent=True,
        subtitle=_("%% of all returnees assisted %(period)s", period=period),
    )


def csp_projects_by_sector(table: pd.DataFrame, sectors: Sequence[str]) -> alt.Chart:
    """CSP projects per phase and area, split by sector, the not-itemised part in grey. ``sectors``: the sector
    codes in the stack's order (``lib.presenting.views.csp_split`` names the series after them)."""
    return stacked_bars(
        table,
        _("CSP projects by phase, area and sector"),
        _("Projects"),
        _("Sector"),
        [coded_word(sector) for sector in sectors],
        subtitle=_("cumulative since the programme began"),
    )


def sedmin_sector_shares(table: pd.DataFrame) -> alt.Chart:
    """SEDMIN approved projects by sector, percent."""
    return horizontal_bars(
        table,
        _("SEDMIN projects by sector"),
        _("Share of projects (%)"),
        percent=True,
        subtitle=_("%(percent)s of all approved projects, since inception", percent="%"),
    )


def trainings_by_audience(table: pd.DataFrame, subtitle: str = "") -> alt.Chart:
    """People trained on trafficking in one period, by audience (figures of one period only: ``like_with_like``)."""
    return horizontal_bars(
        table, _("People trained on trafficking, by audience"), _("People trained"), subtitle=subtitle
    )


def trend_line(table: pd.DataFrame, title: str, y_title: str, subtitle: str = "") -> alt.Chart:
    """One figure across editions: a line through each edition's value, the figure written at each point.

    ``table`` has one row per edition: ``label`` (the edition, e.g. "Nov 2004"), ``order``
    (its position), ``value``, ``value_text``, ``basis_text`` and ``source_quote``.
    """
    order = table.sort_values("order")["label"].tolist()
    base = alt.Chart(table).encode(
        x=alt.X("label:N", sort=order, title=_("Edition"), axis=alt.Axis(labelAngle=0)),
        y=alt.Y("value:Q", title=y_title, axis=alt.Axis(format=",.0f", tickMinStep=1), scale=alt.Scale(zero=False)),
        tooltip=tooltip(),
    )
    line = base.mark_line(color=BAR_COLOUR, strokeWidth=2)
    points = base.mark_circle(color=BAR_COLOUR, size=70, opacity=1)
    text = base.mark_text(dy=-12, color="#1F2933").encode(text="value_text:N")
    return (line + points + text).properties(
        title=_title(title, subtitle),
        description=describe_trend(title, table, subtitle),
        height=260 + _title_height(title, subtitle),
        padding=PADDING,
    )

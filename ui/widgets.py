"""Widgets the pages share: metric cards with their source, charts with their data, figure tables, programme
panels."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable, Sequence
from typing import Any, Literal

import altair as alt
import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from lib.dataset.data import Dataset
from lib.dataset.memo import Memo
from lib.i18n import _, current, ngettext, translated
from lib.i18n.active import data_text
from lib.i18n.charts import localised
from lib.presenting.export import csv_bytes
from lib.presenting.formats import CURRENCIES, format_number, month_label, signed_number, unit_of
from lib.presenting.present import basis_label, code_names, format_value, readable_figures
from lib.presenting.text import md_text
from lib.presenting.wording import donors_text
from lib.summary.changes import Change
from ui.state import current_edition, figures_of

# Cards come in pairs, and the pairs wrap: four cards to a row at 1280 and 768 px, two on a phone, where a pair
# shrinks to the screen and its two cards share it (two 171 px cards at 390 px). A card is at least wide enough
# for "1,611,672" at the theme's metric size (``metricValueFontSize`` in .streamlit/config.toml); a longer title
# wraps onto a second line (``_titled_metric``), where st.metric's own label would be cut with "…".
CARD_WIDTH = 171
CARDS_PER_PAIR = 2
PAIR_GAP = 8  # px: Streamlit's "xsmall" gap, 0.5 rem, between cards and between pairs
# Kept: building an Altair chart validates it against the Vega-Lite schema, 30–37 ms a chart, against 0.4 ms
# for its key (``content_key``: the table's content hashed); the same input gives the same spec.
# Shared by every session; Streamlit copies a spec's top level before it changes anything.
_SPECS = Memo(max_entries=512)


class CardRow:
    """Metric cards two by two: each pair a row of its own that never wraps, the pairs in a row that does.

    Streamlit sizes a stretching element in a wrapping row by its content, so cards alone would either keep a
    fixed width (one half-empty card a line on a phone) or shrink to unreadable; a pair of fixed width shrinks
    to the screen instead, and its cards share it.
    """

    def __init__(self) -> None:
        self.row = st.container(horizontal=True, wrap=True, gap="xsmall", vertical_alignment="distribute")
        self.pair: DeltaGenerator | None = None
        self.cards = 0

    def next_card(self) -> DeltaGenerator:
        """Where the next card goes: a bordered container that takes its share of its pair."""
        if self.cards % CARDS_PER_PAIR == 0:
            self.pair = self.row.container(
                horizontal=True,
                wrap=False,
                gap="xsmall",
                vertical_alignment="distribute",
                width=CARDS_PER_PAIR * CARD_WIDTH + (CARDS_PER_PAIR - 1) * PAIR_GAP,
            )
        self.cards += 1
        assert self.pair is not None  # made above for the first card of a pair
        return self.pair.container(border=True, width="stretch")


def card_row() -> CardRow:
    """A row of metric cards that wraps on narrow screens, two to a line on a phone; a row's cards are as tall as
    its tallest."""
    return CardRow()


def _titled_metric(label: str, value: str, delta: str | None = None) -> None:
    """A metric whose title is shown whole: st.metric cuts a label wider than its card with "…", so the
    title is drawn above it as text that wraps, and the metric keeps its label for screen readers and tests."""
    with st.container(gap=None):
        st.markdown(f":small[{md_text(label)}]")
        st.metric(label, value, delta=delta, delta_color="off", label_visibility="collapsed")


def metric_with_source(
    cards: CardRow,
    label: str,
    figure: pd.Series | None,
    data: Dataset,
    note: str = "",
    change: Change | None = None,
) -> None:
    """A metric card, its basis under it, its change (``lib.summary``: since a comparable figure of an earlier
    edition), and its source one click away."""
    with cards.next_card():
        if figure is None:
            _titled_metric(label, "—")  # a dash: "not reported" does not fit a card's large figure
            st.caption(_("Not reported in this edition."))
            return
        unit = unit_of(data.table("indicators"), figure["indicator"])
        delta = None
        previous = change.previous if change is not None else None
        if change is not None and previous is not None and change.difference is not None:
            # Neutral colour: fewer returns or more victims assisted is news, not good or bad in itself. An ASCII
            # minus: Streamlit reads the delta's sign from it, so every translation starts with %(change)s too.
            delta = _(
                "%(change)s since %(edition)s",
                change=signed_number(change.difference),
                edition=month_label(previous["edition"]),
            )
        if unit in CURRENCIES:  # the unit goes in the label so the exact amount fits the card
            _titled_metric(f"{label} ({unit})", format_value(figure), delta=delta)
        else:
            _titled_metric(label, format_value(figure, unit), delta=delta)
        st.caption(note or basis_label(figure))
        with st.popover(_("Source"), icon=":material/format_quote:"):
            # The newsletter's words as text, never as Markdown: a quote reads exactly as printed.
            st.markdown(f"**{md_text(figure['source_section'])}**")
            st.text(f"“{figure['source_quote']}”")
            source_language_note()
            st.caption(
                md_text(_("Figure %(figure)s · %(basis)s", figure=figure["figure_id"], basis=basis_label(figure)))
            )
            if previous is not None:
                st.markdown(
                    _(
                        "**Before, in %(edition)s:** %(value)s (%(basis)s)",
                        edition=month_label(previous["edition"]),
                        value=md_text(format_value(previous, unit)),
                        basis=md_text(basis_label(previous)),
                    )
                )
                st.text(f"“{previous['source_quote']}”")
                st.caption(md_text(_("Figure %(figure)s", figure=previous["figure_id"])))


def frame_digest(table: pd.DataFrame | pd.Series) -> str:
    """A digest of a table's whole content: every value and the index (``pandas.util.hash_pandas_object``), the
    column names and their dtypes. Two tables with the same digest are equal (short of a hash collision)."""
    frame = table.to_frame() if isinstance(table, pd.Series) else table
    digest = hashlib.blake2b(digest_size=20)
    digest.update(repr([(column, str(dtype)) for column, dtype in frame.dtypes.items()]).encode())
    digest.update(repr(list(frame.index.names)).encode())
    digest.update(pd.util.hash_pandas_object(frame, index=True, categorize=False).to_numpy().tobytes())
    return digest.hexdigest()


def content_key(value: object) -> Hashable:
    """An argument as part of a cache key: a table by its content (``frame_digest``; its ``repr`` is cut short, so
    two tables differing in a middle row or a long text would share one), anything else by its ``repr``."""
    if isinstance(value, pd.DataFrame | pd.Series):
        return ("table", frame_digest(value))
    return repr(value)


def chart_spec(
    build: Callable[..., alt.TopLevelMixin], table: pd.DataFrame, *args: object, **options: object
) -> dict[str, object]:
    """The Vega-Lite spec of ``build(table, *args, **options)``, built once per input (read-only).

    Kept by the builder, the tables' content and the other arguments (``content_key``)."""
    key = (
        build.__module__,
        build.__qualname__,
        content_key(table),
        tuple(content_key(arg) for arg in args),
        tuple((name, content_key(value)) for name, value in sorted(options.items())),
        current(),  # the chart's words and number format are the reader's language's
    )
    return _SPECS.get(key, lambda: localised(build(table, *args, **options).to_dict(), current()))


def chart_with_data(
    build: Callable[..., alt.TopLevelMixin],
    table: pd.DataFrame,
    name: str,
    *args: object,
    columns: Sequence[str] | None = None,
    **options: object,
) -> None:
    """The chart ``build(table, *args, **options)`` from ``lib.presenting.charts``, and its data as a table and
    CSV, one click away.

    ``name`` names the chart's panel and CSV; the edition is added, so each edition's panel is its own.
    """
    name = f"{name}_{current_edition()}"
    st.vega_lite_chart(chart_spec(build, table, *args, **options), width="stretch")
    shown = table[list(columns)] if columns else table
    panel = st.expander(_("Data and sources"), icon=":material/table:", key=f"data_{name}", on_change="rerun")
    with panel:
        if panel.open:  # built only when opened: most readers never open most panels
            figure_table(shown)
            download_csv(shown, f"{name}.csv", key=f"download_chart_{name}")


def source_language_note() -> None:
    """Under the newsletter's own words, for a reader of another language: they are the source's, in English, never
    translated (said in English to an English reader would say nothing)."""
    if current() != "en":
        st.caption(_("As the newsletter states it, in English."))


def widths(**pixels: int) -> dict[str, Any]:
    """Column configurations that set each named column's width in pixels: a table whose every column has its width
    is drawn without measuring its cells' texts first, which on the Map page took a tenth of a second a table."""
    return {column: st.column_config.Column(width=width) for column, width in pixels.items()}


def figure_table(
    table: pd.DataFrame,
    column_config: dict[str, Any] | None = None,
    column_order: Sequence[str] | None = None,
    height: int | Literal["auto"] = "auto",
    pin: str | None = None,
    raw: bool = False,
) -> None:
    """A reader's table: no index, the column's width, and the column that names a row (``pin``; the first shown
    if not given) pinned at its left, so that on a phone each row keeps its name in view while the other columns
    scroll under it. A column hidden by its configuration (``None``) stays hidden. Each header is shown in the
    reader's language (``translated_headers``); the table itself, and so its CSV, keeps the English names. A ``raw``
    table (a data file as stored) keeps its columns' own names, as its CSV has them."""
    shown = [str(column) for column in (column_order if column_order is not None else table.columns)]
    pinned = pin if pin is not None else next(iter(shown), None)
    config = dict(column_config or {}) if raw else translated_headers(shown, column_config)
    if pinned in shown and pinned is not None:
        if pinned not in config:
            config[pinned] = st.column_config.Column(pinned=True)
        elif isinstance(config[pinned], dict):
            config[pinned] = {**config[pinned], "pinned": True}
    st.dataframe(
        table, hide_index=True, width="stretch", height=height, column_config=config, column_order=column_order
    )


def translated_headers(columns: Sequence[str], column_config: dict[str, Any] | None = None) -> dict[str, Any]:
    """``column_config`` with each of ``columns`` headed in the reader's language: a column name marked with ``N_``
    where its table is made ("Indicator", "Quote") is translated; a name without a translation (a place, an
    edition), a column the configuration hides (``None``) or labels itself, and every column in English, are left
    as they are (an English table's configuration is unchanged)."""
    config: dict[str, Any] = dict(column_config or {})
    for column in columns:
        header = translated(column)
        given = config.get(column, {})
        if header == column or not isinstance(given, dict) or given.get("label"):
            continue
        config[column] = {**given, "label": header}
    return config


def download_csv(table: pd.DataFrame, file_name: str, key: str, hxl_tags: dict[str, str] | None = None) -> None:
    """A CSV download, written only when clicked, safe against formula injection (``lib.presenting.export``).

    ``on_click="ignore"``: a click does not rerun the page. With a rerun, the rerun re-registered the
    deferred file while the browser was fetching it, and the download was sometimes lost (seen in
    the browser tests on a busy machine, and once on a quiet one).
    """
    st.download_button(
        _("Download CSV"),
        lambda: csv_bytes(table, hxl_tags),
        file_name=file_name,
        mime="text/csv",
        key=key,
        icon=":material/download:",
        on_click="ignore",
    )


def show_figures(data: Dataset, figures: pd.DataFrame, name: str, download: bool = True) -> pd.DataFrame:
    """Figures as a readable table with their sources, and a CSV download."""
    # ``tables[...]``: every page that shows figures has made sure of these (``ui.page.start_page``).
    table = readable_figures(figures, data.tables["indicators"], data.tables["programmes"], code_names(data.tables))
    figure_table(table, column_config={"Quote": st.column_config.TextColumn(width="large")}, pin="Indicator")
    if download:
        download_csv(table, f"{name}.csv", key=f"download_table_{name}")
    return table


def programme_header(data: Dataset, programme_id: str) -> None:
    """Programme name, objective, partners and donors, as the newsletter gives them."""
    programmes = data.tables["programmes"].set_index("programme_id")
    if programme_id not in programmes.index:
        return
    programme = programmes.loc[programme_id]
    st.markdown(f"**{md_text(data_text(str(programme['name'])))}**")
    st.caption(md_text(data_text(str(programme["objective"]))))
    donors = donors_text(data.tables.get("programme_donors"), data.catalogue, programme_id)
    details = [
        _("Funded by %(donors)s", donors=donors) if donors else "",
        _("Partners: %(partners)s", partners=programme["partners"]) if programme["partners"] else "",
    ]
    if any(details):
        st.caption(md_text(" · ".join(d for d in details if d)))


def by_programme(data: Dataset, edition: str) -> dict[str, pd.DataFrame]:
    """The figures of ``edition`` by programme, repeats left out; kept with the dataset (read-only): a page with
    four programme panels filtered the figures four times a rerun. Worked out from the key alone (the dataset and
    the edition), so no caller can keep another table under it."""

    def grouped() -> dict[str, pd.DataFrame]:
        figures = figures_of(data, edition)
        return {str(key): rows for key, rows in figures.loc[figures["restates"] == ""].groupby("programme")}

    return data.derive(("figures by programme", edition), grouped)


def programme_panel(data: Dataset, programme_id: str, expanded: bool = False) -> None:
    """One programme in an expander: what it is, and every figure the chosen edition gives for it."""
    if programme_id not in data.catalogue.programmes:
        return
    rows = by_programme(data, current_edition()).get(programme_id)
    rows = data.tables["figures"].iloc[0:0] if rows is None else rows
    title = ngettext(
        "%(programme)s — %(count)s figure",
        "%(programme)s — %(count)s figures",
        len(rows),
        programme=md_text(data_text(data.catalogue.programme(programme_id))),
        count=format_number(len(rows)),
    )
    panel = st.expander(title, expanded=expanded, key=f"panel_{programme_id}", on_change="rerun")
    with panel:
        if not panel.open:
            return
        programme_header(data, programme_id)
        if rows.empty:
            st.caption(_("This edition reports no figures for it."))
        else:
            show_figures(data, rows, f"{programme_id}_{current_edition()}")

"""Small shared render helpers: the only module besides the pages that calls Streamlit."""

from __future__ import annotations

import os
import importlib
from pathlib import Path
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from lib import trends
from lib.data import Dataset, load
from lib.export import csv_bytes
from lib.text import md_text
from lib.present import THEME_COLOURS, basis_label, code_names, figure_table, format_value
from lib.validate import DEFAULT_DATA_DIR

if TYPE_CHECKING:
    import altair as alt

    from lib import maps


def _maps():
    """``lib.maps``, imported on first use: pydeck takes ~0.15 s to import and the first page has no map."""
    return importlib.import_module("lib.maps")

DATA_DIR_VARIABLE = "IOM_DATA_DIR"  # another data folder, e.g. a copy under test

EDITION_KEY = "edition"
CURRENCIES = ("EUR", "GBP")
# Cards wrap: four to a row at 1280 px, three on a 768 px tablet, each wide enough for "1,611,672".
CARD_WIDTH = 190
THEME_NAMES = {"returns": "Returns", "stabilisation": "Stabilisation", "technical_cooperation": "Technical cooperation",
               "counter_trafficking": "Counter-trafficking", "migration_health": "Migration health", "mission": "Mission-wide"}
THEME_LEGEND = pd.DataFrame({"colour": ["#%02x%02x%02x" % THEME_COLOURS[t] for t in THEME_NAMES], "label": list(THEME_NAMES.values())})


def data_dir() -> Path:
    """The data folder: ``$IOM_DATA_DIR`` if set, else ``data/``."""
    return Path(os.environ.get(DATA_DIR_VARIABLE) or DEFAULT_DATA_DIR)


def dataset() -> Dataset:
    """The cached dataset, reloaded when a file in the data folder changes (after an import, say)."""
    return load(data_dir())


@st.cache_resource(show_spinner=False, max_entries=4)
def _series(version: str, _figures: pd.DataFrame) -> pd.DataFrame:
    return trends.keyed(_figures)


def series_figures(data: Dataset) -> pd.DataFrame:
    """Every edition's original figures with their series key, computed once per data version (read-only)."""
    return _series(data.version, data.table("figures"))


@st.cache_resource(show_spinner=False, max_entries=64)  # shared and read-only: no copy per rerun
def _history(version: str, edition: str, previous: str | None, _every: pd.DataFrame, _figures: tuple[tuple[str, pd.Series], ...]
             ) -> tuple[dict[str, pd.Series | None], dict[str, pd.DataFrame], pd.DataFrame | None]:
    before = {label: trends.previous_comparable(_every, figure) for label, figure in _figures}
    series = {label: trends.trend(_every, figure) for label, figure in _figures}
    changed = trends.changes(_every, edition, previous) if previous else None
    return before, series, changed


def edition_history(data: Dataset, edition: str, headlines: dict[str, pd.Series]
                    ) -> tuple[str | None, dict[str, pd.Series | None], dict[str, pd.DataFrame], pd.DataFrame | None]:
    """For the headline figures of ``edition``: the previous edition, each figure's previous comparable figure
    and its trend, and what changed since the previous edition. Worked out once per data version and edition."""
    editions = data.table("editions")
    if editions is None:  # editions.csv unreadable: the editions the figures name still have an order
        editions = pd.DataFrame({"edition_id": sorted(data.table("figures")["edition"].unique())})
    previous = trends.previous_edition(editions, edition)
    return (previous, *_history(data.version, edition, previous, series_figures(data), tuple(headlines.items())))


def require(data: Dataset, *tables: str) -> dict[str, pd.DataFrame]:
    """The named tables; if one is broken, say which file and how to find out, and stop this page only."""
    missing = [name for name in tables if data.table(name) is None]
    if missing:
        files = ", ".join(f"data/{md_text(data.files.get(name, name + '.csv'))}" for name in missing)
        st.error(f"This page cannot be shown: {files} could not be read. The other pages still work. "
                 "Run `python -m lib.validate` to see every problem, or open the Data & sources page.")
        problems = data.problems_for(*missing)
        if problems:
            st.code("\n".join(str(p) for p in problems[:15]), language=None)
        st.stop()
    return {name: data.table(name) for name in tables}


def synced_choice(label: str, options: Sequence[str], key: str, default: str,
                  format_func: Callable[[str], str] = str, container=st) -> str:
    """A selectbox mirrored in the URL (``?key=value``); an unknown value falls back with a notice.

    The choice is kept in ``st.session_state[key]``, not in the widget's own state, because
    Streamlit drops a widget's state when the user moves to another page.
    """
    options = list(options)
    if st.session_state.get(key) not in options:
        wanted = st.query_params.get(key)
        if wanted is not None and wanted not in options:
            container.info(f"The link asked for {label.lower()} '{md_text(wanted[:40])}', which is not known; "
                           f"showing {md_text(format_func(default))}.", icon=":material/link_off:")
        st.session_state[key] = wanted if wanted in options else default
    choice = container.selectbox(label, options, index=options.index(st.session_state[key]),
                                 key=widget_key(key), format_func=format_func)
    st.session_state[key] = choice
    st.query_params[key] = choice
    return choice


def widget_key(key: str) -> str:
    """The key of the selectbox that edits ``st.session_state[key]``."""
    return f"{key}_choice"


@st.cache_data(show_spinner=False, max_entries=256)
def _view(name: str, version: str, edition: str, args: tuple, _build: Callable[..., pd.DataFrame], _figures: pd.DataFrame,
          _tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    return _build(_figures, _tables, *args)


def view(build: Callable[..., pd.DataFrame], *args: object) -> pd.DataFrame:
    """``build(edition figures, tables, *args)`` from ``lib.views``, kept until the data or the edition changes."""
    data = dataset()
    return _view(f"{build.__module__}.{build.__qualname__}", data.version, current_edition(), args, build, edition_figures(data),
                 data.tables)


def map_with_legend(deck_spec, legend_items: Sequence[tuple[str, str]], legend_title: str, note: str = "",
                    height: int = 560, key: str = "map") -> None:
    """A map, its legend for the areas and the site colours, and its attribution."""
    st.pydeck_chart(deck_spec, height=height, key=key)
    left, right = st.columns([3, 2])
    with left:
        st.vega_lite_chart(chart_spec("map_legend", pd.DataFrame({"colour": [c for c, _ in legend_items], "label": [l for _, l in legend_items]}),
                                      (legend_title,)), width="stretch")
    with right:
        st.vega_lite_chart(chart_spec("map_legend", THEME_LEGEND, ("Sites, by theme", True)), width="stretch")
    if note:
        st.caption(note)
    st.caption(_maps().ATTRIBUTION)


@st.cache_data(show_spinner=False, max_entries=64)
def _deck_json(level: str, values_key: str, sites_key: str, panel: bool, _values: pd.DataFrame, _sites: pd.DataFrame) -> str:
    maps = _maps()
    return maps.deck(maps.map_layers(level, _values, _sites), maps.PANEL_VIEW if panel else maps.VIEW).to_json()


def map_deck(level: str, values: pd.DataFrame, site_rows: pd.DataFrame, panel: bool = False) -> maps.PrebuiltDeck:
    """The map of ``values`` by ``level`` with ``site_rows``; its JSON is built once per input. A panel shows all Kosovo smaller."""
    return _maps().PrebuiltDeck(_deck_json(level, values.to_json(), site_rows.to_json(), panel, values, site_rows))


def map_panel(level: str, values: pd.DataFrame, site_rows: pd.DataFrame, unit: str, title: str, note: str, key: str) -> None:
    """A smaller map for a programme page: the same layers as the Map page."""
    st.markdown(f"**{title}**")
    map_with_legend(map_deck(level, values, site_rows, panel=True), _maps().legend(values, unit), title, note, height=440, key=key)


def current_edition() -> str:
    """The edition chosen in the sidebar."""
    return st.session_state[EDITION_KEY]


@st.cache_resource(show_spinner=False, max_entries=64)  # shared and read-only, like the dataset itself
def _edition_figures(version: str, edition: str, _figures: pd.DataFrame) -> pd.DataFrame:
    return _figures.loc[_figures["edition"] == edition]


def edition_figures(data: Dataset) -> pd.DataFrame:
    """The figures of the chosen edition (one filtered copy per data version and edition, not one per rerun)."""
    return _edition_figures(data.version, current_edition(), data.table("figures"))


def short_edition(edition: str) -> str:
    """'Nov 2004' for '2004-11'."""
    year, month = edition.split("-")
    return f"{('Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec')[int(month) - 1]} {year}"


def unit_of(data: Dataset, indicator: str) -> str:
    indicators = data.table("indicators")
    match = indicators.loc[indicators["indicator_id"] == indicator, "unit"]
    return match.iloc[0] if len(match) else ""


def card_row():
    """A row of metric cards that wraps on narrow screens."""
    return st.container(horizontal=True, wrap=True, gap="small")


def metric_with_source(container, label: str, figure: pd.Series | None, data: Dataset, note: str = "",
                       previous: pd.Series | None = None) -> None:
    """A metric card, its basis under it, its change since ``previous`` (a comparable figure of an earlier edition), and its source one click away."""
    with container.container(border=True, width=CARD_WIDTH):
        if figure is None:
            st.metric(label, "—")  # a dash: "not reported" does not fit a card's large figure
            st.caption("Not reported in this edition.")
            return
        unit = unit_of(data, figure["indicator"])
        delta = None
        if previous is not None:
            # Neutral colour: fewer returns or more victims assisted is news, not good or bad in itself.
            delta = f"{trends.signed(float(figure['value']) - float(previous['value']))} since {short_edition(previous['edition'])}"
        if unit in CURRENCIES:  # the unit goes in the label so the exact amount fits the card
            st.metric(f"{label} ({unit})", format_value(figure), delta=delta, delta_color="off")
        else:
            st.metric(label, format_value(figure, unit), delta=delta, delta_color="off")
        st.caption(note or basis_label(figure))
        with st.popover("Source", icon=":material/format_quote:"):
            # The newsletter's words as text, never as Markdown: a quote reads exactly as printed.
            st.markdown(f"**{md_text(figure['source_section'])}**")
            st.text(f"“{figure['source_quote']}”")
            st.caption(md_text(f"Figure {figure['figure_id']} · {basis_label(figure)}"))
            if previous is not None:
                st.markdown(f"**Before, in {short_edition(previous['edition'])}:** {md_text(format_value(previous, unit))} "
                            f"({md_text(basis_label(previous))})")
                st.text(f"“{previous['source_quote']}”")
                st.caption(md_text(f"Figure {previous['figure_id']}"))


@st.cache_data(show_spinner=False, max_entries=512)
def _cached_spec(builder: str, table_key: str, _table: pd.DataFrame, args: tuple, options: tuple) -> dict:
    # Imported on first use: Altair takes ~0.4 s to import, and the first page a reader sees has no chart.
    charts = importlib.import_module("lib.charts")
    return getattr(charts, builder)(_table, *args, **dict(options)).to_dict()


def chart_spec(builder: str, table: pd.DataFrame, args: tuple = (), options: tuple[tuple[str, object], ...] = ()) -> dict:
    """The Vega-Lite spec of ``charts.<builder>(table, *args, **options)``, built and validated once per input.

    Building an Altair chart validates it against the Vega-Lite schema, which costs tens of
    milliseconds a chart; the same table gives the same spec, so it is kept, keyed on the
    table's JSON (cheaper than hashing the frame).
    """
    return _cached_spec(builder, table.to_json(orient="split", date_format="iso"), table, args, options)


def chart_with_data(build: Callable[..., alt.Chart], table: pd.DataFrame, name: str, *args: object,
                    columns: Sequence[str] | None = None, **options: object) -> None:
    """The chart ``build(table, *args, **options)`` from ``lib.charts``, and its data as a table and CSV, one click away."""
    st.vega_lite_chart(chart_spec(build.__name__, table, args, tuple(sorted(options.items()))), width="stretch")
    shown = table[list(columns)] if columns else table
    panel = st.expander("Data and sources", icon=":material/table:", key=f"data_{name}", on_change="rerun")
    with panel:
        if panel.open:  # built only when opened: most readers never open most panels
            st.dataframe(shown, hide_index=True, width="stretch")
            download_csv(shown, f"{name}.csv", key=f"download_chart_{name}")


def download_csv(table: pd.DataFrame, file_name: str, key: str, hxl_tags: dict[str, str] | None = None) -> None:
    """A CSV download, written only when clicked.

    ``on_click="ignore"``: a click does not rerun the page. With a rerun, the rerun re-registered the
    deferred file while the browser was fetching it, and the download was sometimes lost (seen in
    the browser tests on a busy machine, and once on a quiet one).
    """
    st.download_button("Download CSV", lambda: csv_bytes(table, hxl_tags), file_name=file_name, mime="text/csv",
                       key=key, icon=":material/download:", on_click="ignore")


def figures_table(data: Dataset, figures: pd.DataFrame, name: str, download: bool = True) -> pd.DataFrame:
    """Figures as a readable table with their sources, and a CSV download."""
    table = figure_table(figures, data.table("indicators"), data.table("programmes"), code_names(data.tables))
    st.dataframe(table, hide_index=True, width="stretch",
                 column_config={"Quote": st.column_config.TextColumn(width="large")})
    if download:
        download_csv(table, f"{name}.csv", key=f"download_table_{name}")
    return table


def programme_header(data: Dataset, programme_id: str) -> None:
    """Programme name, objective, partners and donors, as the newsletter gives them."""
    programmes = data.table("programmes").set_index("programme_id")
    if programme_id not in programmes.index:
        return
    programme = programmes.loc[programme_id]
    st.markdown(f"**{md_text(programme['name'])}**")
    st.caption(md_text(programme["objective"]))
    donors = donors_of(data, programme_id)
    details = [f"Funded by {donors}" if donors else "", f"Partners: {programme['partners']}" if programme["partners"] else ""]
    if any(details):
        st.caption(md_text(" · ".join(d for d in details if d)))


def donors_of(data: Dataset, programme_id: str) -> str:
    links, donors = data.table("programme_donors"), data.table("donors")
    if links is None or donors is None:
        return ""
    names = donors.set_index("donor_id")["name"]
    rows = links.loc[links["programme_id"] == programme_id]
    return ", ".join(names.get(d, d) + (" (expected)" if r == "expected" else "") for d, r in zip(rows["donor_id"], rows["relation"]))


def programme_panel(data: Dataset, figures: pd.DataFrame, programme_id: str, expanded: bool = False) -> None:
    """One programme in an expander: what it is, and every figure this edition gives for it."""
    programmes = data.table("programmes").set_index("programme_id")
    if programme_id not in programmes.index:
        return
    rows = figures.loc[(figures["programme"] == programme_id) & (figures["restates"] == "")]
    title = f"{md_text(programmes.loc[programme_id, 'short_name'])} — {len(rows)} figure{'s' if len(rows) != 1 else ''}"
    panel = st.expander(title, expanded=expanded, key=f"panel_{programme_id}", on_change="rerun")
    with panel:
        if not panel.open:
            return
        programme_header(data, programme_id)
        if rows.empty:
            st.caption("This edition reports no figures for it.")
        else:
            figures_table(data, rows, f"{programme_id}_{current_edition()}")

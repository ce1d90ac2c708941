"""What a session is looking at: the data folder, the cached dataset, the edition, choices kept in the URL."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from lib.dataset import trends
from lib.dataset.data import Dataset, data_version, load
from lib.dataset.validate import DEFAULT_DATA_DIR
from lib.presenting.text import md_text

DATA_DIR_VARIABLE = "IOM_DATA_DIR"  # another data folder, e.g. a copy under test
EDITION_KEY = "edition"


def data_dir() -> Path:
    """The data folder: ``$IOM_DATA_DIR`` if set, else ``data/``."""
    return Path(os.environ.get(DATA_DIR_VARIABLE) or DEFAULT_DATA_DIR)


# Kept: a load takes 40 ms with the validation cache warm and about a second without (Frictionless),
# against 0.13 ms to work out the data version on each rerun (bench/caches.py). One shared copy for
# every session (cache_resource): it is read-only, and what is derived from it is kept with it.
@st.cache_resource(show_spinner=False, max_entries=4)
def _dataset(folder: str, version: str) -> Dataset:  # ``version`` is the key: a changed file loads anew
    return load(folder)


def dataset() -> Dataset:
    """The dataset of the data folder, loaded once per data version (a new one after an import, say)."""
    folder = data_dir()
    return _dataset(str(folder), data_version(folder))


def current_edition() -> str:
    """The edition chosen in the sidebar."""
    return st.session_state[EDITION_KEY]


def edition_figures(data: Dataset) -> pd.DataFrame:
    """The figures of the chosen edition. Not cached: filtering takes 0.3 ms."""
    figures = data.table("figures")
    return figures.loc[figures["edition"] == current_edition()]


def view(build: Callable[..., pd.DataFrame], *args: object) -> pd.DataFrame:
    """``build(edition figures, tables, *args)`` from ``lib.presenting.views``, worked out once per dataset, edition and arguments.

    Kept: the map's views take about 100 ms each (resolving every programme's places), the key nothing.
    """
    data, edition = dataset(), current_edition()
    return data.derive(
        ("view", build.__module__, build.__qualname__, edition, args),
        lambda: build(edition_figures(data), data.tables, *args),
    )


@dataclass(frozen=True)
class EditionHistory:
    """What came before an edition's headline figures (all read-only)."""

    previous_edition: str | None
    before: dict[str, pd.Series | None]  # each headline's previous comparable figure, by label
    series: dict[str, pd.DataFrame]  # each headline's comparable figures, edition by edition
    changed: pd.DataFrame | None  # every series that moved, is new or stopped since the previous edition


def edition_history(data: Dataset, edition: str, headlines: dict[str, pd.Series]) -> EditionHistory:
    """The history of the headline figures of ``edition``, worked out once per dataset, edition and headlines:
    keying every edition's figures alone takes 5 ms for one edition and grows with each."""
    editions = data.table("editions")
    if editions is None:  # editions.csv unreadable: the editions the figures name still have an order
        editions = pd.DataFrame({"edition_id": sorted(data.table("figures")["edition"].unique())})
    previous = trends.previous_edition(editions, edition)

    def compute() -> EditionHistory:
        every = trends.keyed(data.table("figures"))
        return EditionHistory(
            previous_edition=previous,
            before={label: trends.previous_comparable(every, figure) for label, figure in headlines.items()},
            series={label: trends.series_of(every, figure) for label, figure in headlines.items()},
            changed=trends.changes(every, edition, previous) if previous else None,
        )

    key = ("history", edition, previous, tuple((label, figure["figure_id"]) for label, figure in headlines.items()))
    return data.derive(key, compute)


def synced_choice(
    label: str, options: Sequence[str], key: str, default: str, format_func: Callable[[str], str] = str, container=st
) -> str:
    """A selectbox mirrored in the URL (``?key=value``); an unknown value falls back with a notice.

    The choice is kept in ``st.session_state[key]``, not in the widget's own state, because
    Streamlit drops a widget's state when the user moves to another page. Not Streamlit's own
    ``bind="query-params"``: it writes the *label* into the URL ("?edition=November+2004", not
    "?edition=2004-11", so every link would change), leaves the default out of the URL, and drops
    an unknown value without a word, where a reader of an old link should be told.
    """
    options = list(options)
    if st.session_state.get(key) not in options:
        wanted = st.query_params.get(key)
        if wanted is not None and wanted not in options:
            container.info(
                f"The link asked for {label.lower()} '{md_text(wanted[:40])}', which is not known; "
                f"showing {md_text(format_func(default))}.",
                icon=":material/link_off:",
            )
        st.session_state[key] = wanted if wanted in options else default
    choice = container.selectbox(
        label, options, index=options.index(st.session_state[key]), key=widget_key(key), format_func=format_func
    )
    st.session_state[key] = choice
    st.query_params[key] = choice
    return choice


def widget_key(key: str) -> str:
    """The key of the selectbox that edits ``st.session_state[key]``."""
    return f"{key}_choice"

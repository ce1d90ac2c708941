"""What a session is looking at: the data folder, the cached dataset, the edition, choices kept in the URL."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd
import streamlit as st

from lib import summary
from lib.dataset.data import Dataset, data_version, load
from lib.i18n import DEFAULT, LANGUAGES, _
from lib.i18n.active import activate
from lib.i18n.languages import from_browser, from_link
from lib.paths import DATA_DIR_VARIABLE as DATA_DIR_VARIABLE  # tests set the folder through ui.state
from lib.paths import data_dir as _data_dir
from lib.presenting.text import md_text
from lib.summary import DonorSummary, EditionSummary

EDITION_KEY = "edition"
LANGUAGE_KEY = "lang"  # ?lang=sq: a link opens in its language


def data_dir() -> Path:
    """The data folder: ``$IOM_DATA_DIR`` if set, else ``data/`` (``lib.paths``, as every command has it)."""
    return _data_dir()


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


def browser_language() -> str:
    """The language of the reader's browser where we have it (``st.context.locale``), else English."""
    try:
        return from_browser(st.context.locale)
    except Exception:  # outside a browser session (a bare script, an old runtime): no locale to read
        return from_browser(None)


def reader_language() -> str:
    """This run's language, made active for every text it draws: the picker's (if the reader just changed it),
    the session's, a link's ``?lang=``, else the browser's. Called first in every run (``app.py``)."""
    chosen = st.session_state.get(widget_key(LANGUAGE_KEY)) or st.session_state.get(LANGUAGE_KEY)
    if chosen not in LANGUAGES:
        chosen = from_link(st.query_params.get(LANGUAGE_KEY))
        if chosen:  # a link's language, matched without regard to case: kept, so the picker shows it
            st.session_state[LANGUAGE_KEY] = chosen
            st.query_params[LANGUAGE_KEY] = chosen
        else:  # unknown or none: the picker falls back to the browser's, with a notice for an unknown one
            chosen = browser_language()
    activate(chosen)
    return chosen


def language_picker(container=st) -> str:
    """The sidebar's language picker: each language named in its own language, kept in the URL (``?lang=sq``) so
    that a link opens in it; left out of the URL only where it is English for a reader whose browser is English, so
    the links of most readers stay as they were."""
    default = browser_language()
    chosen = synced_choice(_("Language"), list(LANGUAGES), LANGUAGE_KEY, default, LANGUAGES.__getitem__, container)
    if chosen == DEFAULT == default:
        del st.query_params[LANGUAGE_KEY]
    return chosen


def current_edition() -> str:
    """The edition chosen in the sidebar."""
    return st.session_state[EDITION_KEY]


def edition_figures(data: Dataset) -> pd.DataFrame:
    """The figures of the chosen edition (read-only). (Pages ask for it once ``start_page`` has made sure
    figures.csv is readable.)"""
    return figures_of(data, current_edition())


def figures_of(data: Dataset, edition: str) -> pd.DataFrame:
    """The figures of ``edition`` (figures.csv must be readable), kept with the dataset (read-only): filtering
    took 0.3 ms with one edition and grows with each (2.6% of a loaded server's time with 40)."""
    figures = data.tables["figures"]
    return data.derive(("edition figures", edition), lambda: figures.loc[figures["edition"] == edition])


def view(build: Callable[..., pd.DataFrame], *args: object) -> pd.DataFrame:
    """``build(edition figures, tables, *args)`` from ``lib.presenting.views``, worked out once per dataset,
    edition and arguments.

    Kept: the map's views take about 100 ms each (resolving every programme's places), the key nothing.
    """
    data, edition = dataset(), current_edition()
    return data.derive(
        ("view", build.__module__, build.__qualname__, edition, args),
        lambda: build(edition_figures(data), data.tables, *args),
    )


def edition_summary(data: Dataset, edition: str) -> EditionSummary:
    """The edition's summary (``lib.summary``: headlines with their changes and trends, the check tally, what
    changed), worked out once per dataset and edition: keying every edition's figures alone takes 5 ms for one
    edition and grows with each. The Overview draws it, and hands it to the edition brief."""
    return data.derive(
        ("summary", edition), lambda: summary.edition_summary(data, edition, data.checks_in_language())
    )  # the checks' messages in the reader's language (the summary is kept per language)


def donor_summary(data: Dataset, donor: str, edition: str) -> DonorSummary:
    """The donor's summary in the edition (``lib.summary``), worked out once per dataset, donor and edition.
    The Donors page draws it, and hands it to the donor brief."""
    return data.derive(("donor summary", donor, edition), lambda: summary.donor_summary(data.tables, donor, edition))


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
                _(
                    "The link asked for %(choice)s '%(wanted)s', which is not known; showing %(default)s.",
                    choice=label.lower(),
                    wanted=md_text(wanted[:40]),
                    default=md_text(format_func(default)),
                ),
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

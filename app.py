"""IOM Kosovo programme dashboard: page frame, shared sidebar (edition) and router. The pages are listed in
``lib.presenting.pages``."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from lib.presenting.pages import PAGES
from lib.presenting.present import edition_label, edition_period
from lib.presenting.text import md_text
from ui.state import EDITION_KEY, dataset, synced_choice

# A shipped icon: a ":material/..." page icon makes the browser fetch it from fonts.gstatic.com.
st.set_page_config(
    page_title="IOM Kosovo programme dashboard",
    page_icon=str(Path(__file__).parent / "assets" / "icon.png"),
    layout="wide",
)

data = dataset()
editions = data.table("editions")
edition_ids = list(reversed(data.editions()))  # the catalogue's: editions.csv's and those the figures name

with st.sidebar:
    st.markdown("**IOM Kosovo** programme dashboard")
    if edition_ids:
        edition = synced_choice("Edition", edition_ids, EDITION_KEY, edition_ids[0], format_func=edition_label)
        if editions is not None:
            st.caption(md_text(f"Quarterly newsletter · reporting period {edition_period(editions, edition)}"))
        else:  # only the picker needs editions.csv: the pages go on with the editions the figures name
            st.warning(
                f"data/{md_text(data.files.get('editions', 'editions.csv'))} could not be read: editions are "
                "listed from the figures, without their reporting periods.",
                icon=":material/warning:",
            )
    else:
        st.session_state[EDITION_KEY] = ""

navigation = st.navigation(
    [st.Page(page.file, title=page.title, icon=page.icon, url_path=page.key, default=page.default) for page in PAGES]
)
navigation.run()
st.divider()
st.caption(
    "Source: IOM Kosovo News, the quarterly newsletter of IOM Kosovo. Every figure is shown as the newsletter "
    "states it, with its source sentence on the Data & sources page."
)

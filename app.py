"""IOM Kosovo programme dashboard: page frame, shared sidebar (edition) and router. The pages are listed in
``lib.presenting.pages``."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from lib.i18n import _, translated
from lib.presenting.pages import PAGES
from lib.presenting.present import edition_label, edition_period
from lib.presenting.text import md_text
from ui.state import EDITION_KEY, dataset, language_picker, reader_language, synced_choice

reader_language()  # first: every text of this run is drawn in it
# A shipped icon: a ":material/..." page icon makes the browser fetch it from fonts.gstatic.com.
st.set_page_config(
    page_title=_("IOM Kosovo programme dashboard"),
    page_icon=str(Path(__file__).parent / "assets" / "icon.png"),
    layout="wide",
)

data = dataset()
editions = data.table("editions")
edition_ids = list(reversed(data.editions()))  # the catalogue's: editions.csv's and those the figures name

with st.sidebar:
    st.markdown(_("**IOM Kosovo** programme dashboard"))
    if edition_ids:
        edition = synced_choice(_("Edition"), edition_ids, EDITION_KEY, edition_ids[0], format_func=edition_label)
        if editions is not None:
            st.caption(
                md_text(
                    _(
                        "Quarterly newsletter · reporting period %(period)s",
                        period=edition_period(editions, edition),
                    )
                )
            )
        else:  # only the picker needs editions.csv: the pages go on with the editions the figures name
            st.warning(
                _(
                    "data/%(file)s could not be read: editions are listed from the figures, without their "
                    "reporting periods.",
                    file=md_text(data.files.get("editions", "editions.csv")),
                ),
                icon=":material/warning:",
            )
    else:
        st.session_state[EDITION_KEY] = ""
    language_picker()

navigation = st.navigation(
    [
        st.Page(page.file, title=translated(page.title), icon=page.icon, url_path=page.key, default=page.default)
        for page in PAGES
    ]
)
navigation.run()
st.divider()
st.caption(
    _(
        "Source: IOM Kosovo News, the quarterly newsletter of IOM Kosovo. Every figure is shown as the newsletter "
        "states it, with its source sentence on the Data & sources page."
    )
)

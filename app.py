"""IOM Kosovo programme dashboard: page frame, shared sidebar (edition) and router."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from lib.present import edition_label, edition_period
from lib.ui import EDITION_KEY, dataset, synced_choice
from lib.text import md_text

# A shipped icon: a ":material/..." page icon makes the browser fetch it from fonts.gstatic.com.
st.set_page_config(page_title="IOM Kosovo programme dashboard", page_icon=str(Path(__file__).parent / "assets" / "icon.png"),
                   layout="wide")

PAGES = [
    st.Page("app_pages/overview.py", title="Overview", icon=":material/dashboard:", url_path="overview", default=True),
    st.Page("app_pages/returns.py", title="Returns", icon=":material/flight_land:", url_path="returns"),
    st.Page("app_pages/stabilisation.py", title="Stabilisation & enterprise", icon=":material/storefront:", url_path="stabilisation"),
    st.Page("app_pages/counter_trafficking.py", title="Counter-trafficking", icon=":material/shield_person:", url_path="counter-trafficking"),
    st.Page("app_pages/health.py", title="Migration health", icon=":material/medical_services:", url_path="health"),
    st.Page("app_pages/map.py", title="Map", icon=":material/map:", url_path="map"),
    st.Page("app_pages/donors.py", title="Donors", icon=":material/handshake:", url_path="donors"),
    st.Page("app_pages/data_sources.py", title="Data & sources", icon=":material/dataset:", url_path="data"),
]

data = dataset()
editions = data.table("editions")
figures = data.table("figures")
if editions is not None:
    edition_ids = sorted(editions["edition_id"], reverse=True)
elif figures is not None:
    edition_ids = sorted(figures["edition"].unique(), reverse=True)
else:
    edition_ids = []

with st.sidebar:
    st.markdown("**IOM Kosovo** programme dashboard")
    if edition_ids:
        edition = synced_choice("Edition", edition_ids, EDITION_KEY, edition_ids[0], format_func=lambda e: edition_label(editions, e))
        if editions is not None:
            st.caption(md_text(f"Quarterly newsletter · reporting period {edition_period(editions, edition)}"))
        else:  # only the picker needs editions.csv: the pages go on with the editions the figures name
            st.warning(f"data/{md_text(data.files.get('editions', 'editions.csv'))} could not be read: editions are "
                       "listed from the figures, without their reporting periods.", icon=":material/warning:")
    else:
        st.session_state[EDITION_KEY] = ""

navigation = st.navigation(PAGES)
navigation.run()
st.divider()
st.caption("Source: IOM Kosovo News, the quarterly newsletter of IOM Kosovo. Every figure is shown as the newsletter "
           "states it, with its source sentence on the Data & sources page.")

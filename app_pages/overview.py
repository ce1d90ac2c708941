"""Overview: the selected edition at a glance."""

import streamlit as st

from lib.checks import summarise
from lib.present import HEADLINES, edition_label, edition_period, headline
from lib.ui import current_edition, dataset, edition_figures, metric_with_source, require

PAGE_FILES = {
    "returns": "app_pages/returns.py", "stabilisation": "app_pages/stabilisation.py", "counter-trafficking": "app_pages/counter_trafficking.py",
    "health": "app_pages/health.py", "donors": "app_pages/donors.py", "data": "app_pages/data_sources.py",
}
THEME_PAGES = {"returns": "returns", "stabilisation": "stabilisation", "technical_cooperation": "stabilisation",
               "counter_trafficking": "counter-trafficking", "migration_health": "health", "mission": "returns"}

data = dataset()
tables = require(data, "figures", "editions", "indicators", "programmes")
edition = current_edition()
figures = edition_figures(data)

st.title(f"IOM Kosovo at a glance — {edition_label(tables['editions'], edition)}")
st.caption(f"Quarterly newsletter of IOM Kosovo · reporting period {edition_period(tables['editions'], edition)} · "
           f"{len(figures):,} figures from {figures['programme'].nunique()} programmes")

counts = summarise(data.checks.loc[data.checks["edition"] == edition]) if not data.checks.empty else {}
if counts:
    total = sum(counts.values())
    colour = "orange" if counts["inconsistent"] else "green"
    badge, link = st.columns([3, 1], vertical_alignment="center")
    with badge:
        st.badge(f"{total} consistency checks: {counts['consistent']} consistent · {counts['not_itemised']} not itemised · "
                 f"{counts['inconsistent']} contradictions · {counts['wording_differs']} worded differently",
                 icon=":material/fact_check:", color=colour)
    link.page_link(PAGE_FILES["data"], label="See the checks", icon=":material/arrow_forward:")

for row_start in range(0, len(HEADLINES), 4):
    columns = st.columns(4)
    for column, spec in zip(columns, HEADLINES[row_start:row_start + 4]):
        metric_with_source(column, spec["label"], headline(figures, spec), data)

news = data.table("news")
left, right = st.columns([3, 2], gap="large")
with left:
    st.subheader("News in brief")
    if news is None:
        st.caption("The news items could not be read (data/news.csv).")
    else:
        programmes = tables["programmes"].set_index("programme_id")
        for _, item in news.loc[news["edition"] == edition].sort_values("item").iterrows():
            with st.container(border=True):
                st.markdown(item["text"])
                theme = programmes["theme"].get(item["programme"], "")
                if theme in THEME_PAGES:
                    st.page_link(PAGE_FILES[THEME_PAGES[theme]], label=f"{programmes.loc[item['programme'], 'short_name']} (newsletter page {item['see_page']})",
                                 icon=":material/arrow_forward:")
with right:
    st.subheader("Explore")
    for key, label, icon in [
        ("returns", "Returns: by country, mode and region; reintegration programmes", ":material/flight_land:"),
        ("stabilisation", "Community stabilisation (CSP) and enterprise (SEDMIN)", ":material/storefront:"),
        ("counter-trafficking", "Counter-trafficking: trainings and victims assisted", ":material/shield_person:"),
        ("health", "Migration health: Swedish Medical Team, evacuations, assessments", ":material/medical_services:"),
        ("donors", "Donors: what each one funds, with every indicator", ":material/handshake:"),
        ("data", "Data & sources: every table, the checks, how to cite", ":material/dataset:"),
    ]:
        st.page_link(PAGE_FILES[key], label=label, icon=icon)

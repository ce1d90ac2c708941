"""Overview: the selected edition at a glance."""

import streamlit as st

from lib.checks import summarise
from lib.present import HEADLINES, edition_label, edition_period, headline
from lib.ui import card_row, current_edition, dataset, edition_figures, metric_with_source, require

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
                 f"{counts['inconsistent']} contradictions · {counts['wording_differs']} reworded",
                 icon=":material/fact_check:", color=colour)
    link.page_link(PAGE_FILES["data"], label="See the checks", icon=":material/arrow_forward:")

cards = card_row()
for spec in HEADLINES:
    metric_with_source(cards, spec["label"], headline(figures, spec), data)

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
    for key, label, icon, about in [
        ("returns", "Returns", ":material/flight_land:", "by country, mode and region; reintegration programmes"),
        ("stabilisation", "Stabilisation & enterprise", ":material/storefront:", "CSP and SEDMIN projects, KPC Trust Fund, EAS, KTI"),
        ("counter-trafficking", "Counter-trafficking", ":material/shield_person:", "trainings, victims assisted, NGO network"),
        ("health", "Migration health", ":material/medical_services:", "Swedish Medical Team, evacuations, assessments"),
        ("donors", "Donors", ":material/handshake:", "what each donor funds, with every indicator"),
        ("data", "Data & sources", ":material/dataset:", "every table, the consistency checks, how to cite"),
    ]:
        st.page_link(PAGE_FILES[key], label=label, icon=icon, help=about)
        st.caption(about)

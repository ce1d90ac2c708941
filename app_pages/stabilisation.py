"""Community stabilisation (CSP) and enterprise development (SEDMIN), with KPC Trust Fund, EAS and KTI."""

import pandas as pd
import streamlit as st

from lib import charts
from lib.present import SERIES_COLUMNS, TABLE_COLUMNS, chart_table, code_names, edition_period, number, one, pick
from lib.ui import (card_row, chart_with_data, current_edition, dataset, edition_figures, map_panel, metric_with_source, programme_panel,
                    require, view)
from lib.views import csp_split, programmes_by_municipality, sites
from lib.text import md_text

SECTORS = ["production", "services", "trade"]

data = dataset()
tables = require(data, "figures", "indicators", "programmes")
figures = edition_figures(data)
names = code_names(data.tables)
period = edition_period(data.table("editions"), current_edition())

st.title("Community stabilisation & enterprise")
st.caption(f"CSP, SEDMIN, KPC Trust Fund, employment services and KTI · {period}")

cards = card_row()
metric_with_source(cards, "CSP projects implemented", one(figures, "csp", "projects", "cumulative", status="implemented"), data)
metric_with_source(cards, "SEDMIN projects approved", one(figures, "sedmin", "projects", "cumulative", status="approved"), data)
metric_with_source(cards, "SEDMIN approved", one(figures, "sedmin", "amount_approved", "cumulative", status="approved"), data)
metric_with_source(cards, "SEDMIN trainees", one(figures, "sedmin", "training_participants", "cumulative"), data)


st.subheader("Community Stabilisation Programme (CSP)")
csp_check = data.checks.loc[(data.checks["programme"] == "csp") & (data.checks["subject"] == "projects by phase x area")] if not data.checks.empty else pd.DataFrame()
for _, check in csp_check.loc[csp_check["status"] == "inconsistent"].iterrows():
    st.warning(f"The four phase and area totals below add up to {number(check['parts_sum'])}; the newsletter states "
               f"{number(check['total_value'])} projects in all. Both are shown as stated.", icon=":material/rule:")
for _, check in csp_check.loc[csp_check["status"] == "not_comparable"].iterrows():
    # The check says which totals count another kind of project, and what the others add up to.
    st.info(f"The four phase and area totals below are not added up to the newsletter's {number(check['total_value'])} "
            f"projects: they count different things. {md_text(check['message'])}.", icon=":material/info:")
left, right = st.columns(2, gap="large")
with left:
    by_sector = view(csp_split, "sector")
    if not by_sector.empty:
        chart_with_data(charts.csp_projects_by_sector, by_sector, f"csp_by_sector_{current_edition()}", SECTORS, columns=SERIES_COLUMNS)
with right:
    by_group = view(csp_split, "group")
    if not by_group.empty:
        chart_with_data(charts.stacked_bars, by_group, f"csp_by_kind_{current_edition()}", "CSP community and individual projects", "Projects",
                        "Kind", ("community projects", "individual projects"), subtitle="by phase and area, cumulative", columns=SERIES_COLUMNS)
        st.caption("Where the newsletter gives only one kind (\"the rest were individual\"), the rest is shown as not itemised "
                   "rather than computed.")

st.subheader("Support for Enterprise Development in Minority Regions (SEDMIN)")
left, right = st.columns(2, gap="large")
with left:
    shares = pick(figures, "sedmin", "projects_share", "share", by="sector")
    if not shares.empty:
        table = chart_table(shares, [s.capitalize() for s in shares["sector"]], "percent")
        chart_with_data(charts.sedmin_sector_shares, table, f"sedmin_sector_shares_{current_edition()}", columns=TABLE_COLUMNS)
    for _, figure in pd.concat([pick(figures, "sedmin", "projects_share", "share", by="setting"),
                                pick(figures, "sedmin", "projects_ratio", "share", by="sector")]).iterrows():
        st.caption(md_text(f"“{figure['source_quote']}”"))
with right:
    total = one(figures, "sedmin", "projects", "cumulative", status="approved")
    phases = pick(figures, "sedmin", "projects", "cumulative", by="phase", status="approved")
    if not phases.empty:
        table = chart_table(phases, [f"Phase {p}" for p in phases["phase"]], "projects", total)
        chart_with_data(charts.horizontal_bars, table, f"sedmin_phases_{current_edition()}", "SEDMIN projects approved, by phase", "Projects",
                        subtitle="of all projects approved since inception", columns=TABLE_COLUMNS)
    loans = pick(figures, "sedmin", "amount_approved", "cumulative", by="group", status="approved", phase="III")
    if not loans.empty:
        kinds = {"grant_loan": "grant/loan combinations", "full_loan": "full loans"}
        st.caption("Phase III so far: " + "; ".join(
            f"{kinds.get(g, g)} {number(v)} EUR" for g, v in zip(loans["group"], loans["value"])))

cards = card_row()
metric_with_source(cards, "Training sessions, in all", one(figures, "sedmin", "training_sessions", "cumulative"), data)
metric_with_source(cards, "Training sessions, quarter", one(figures, "sedmin", "training_sessions", "period"), data)
metric_with_source(cards, "Trainees, quarter", one(figures, "sedmin", "training_participants", "period"), data)
metric_with_source(cards, "Projects in rural areas", one(figures, "sedmin", "projects_share", "share", setting="rural"), data)

st.subheader("Where the stabilisation programmes work")
map_panel("municipality", view(programmes_by_municipality, "stabilisation"), view(sites, "stabilisation"), "",
          "Stabilisation programmes active, by municipality",
          "Counts CSP, SEDMIN and KPC Trust Fund where their figures or stated locations name a place; "
          "work stated only for northern Kosovo or a whole region is not counted in any one municipality.", "map_stabilisation")
st.page_link("app_pages/map.py", label="Open the full map", icon=":material/map:", query_params={"map_theme": "stabilisation"})

st.subheader("Other programmes")
for programme in ["csp", "sedmin", "kpc_tf", "eas", "kti", "kpct"]:
    programme_panel(data, figures, programme)

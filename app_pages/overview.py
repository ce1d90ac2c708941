"""Overview: the selected edition at a glance."""

import streamlit as st

from lib import charts, trends
from lib.checks import summarise
from lib.present import HEADLINES, basis_label, edition_label, edition_period, format_value, headline
from lib.text import md_text
from lib.ui import (card_row, chart_with_data, current_edition, dataset, edition_figures, edition_history, metric_with_source,
                    require, short_edition, synced_choice, unit_of)

PAGE_FILES = {
    "returns": "app_pages/returns.py", "stabilisation": "app_pages/stabilisation.py", "counter-trafficking": "app_pages/counter_trafficking.py",
    "health": "app_pages/health.py", "donors": "app_pages/donors.py", "data": "app_pages/data_sources.py",
}
THEME_PAGES = {"returns": "returns", "stabilisation": "stabilisation", "technical_cooperation": "stabilisation",
               "counter_trafficking": "counter-trafficking", "migration_health": "health", "mission": "returns"}

data = dataset()
tables = require(data, "figures", "indicators", "programmes")
edition = current_edition()
figures = edition_figures(data)

st.title(f"IOM Kosovo at a glance — {md_text(edition_label(data.table('editions'), edition))}")
st.caption(f"Quarterly newsletter of IOM Kosovo · reporting period {edition_period(data.table('editions'), edition)} · "
           f"{len(figures):,} figures from {figures['programme'].nunique()} programmes")

counts = summarise(data.checks.loc[data.checks["edition"] == edition]) if not data.checks.empty else {}
if counts:
    total = sum(counts.values())
    colour = "orange" if counts["inconsistent"] else "green"
    badge, link = st.columns([3, 1], vertical_alignment="center")
    with badge:
        # What a donor needs first: where the newsletter contradicts itself. The rest of the tally follows as a caption.
        st.badge(f"{total} consistency checks: {counts['inconsistent']} contradictions in the newsletter · "
                 f"{counts['wording_differs']} reworded", icon=":material/fact_check:", color=colour)
        st.caption(f"{counts['consistent']} consistent · {counts['not_itemised']} with parts not itemised · "
                   f"{counts['not_comparable']} not comparable (they count different things)")
    link.page_link(PAGE_FILES["data"], label="See the checks", icon=":material/arrow_forward:")

headlines = {spec["label"]: headline(figures, spec) for spec in HEADLINES}
shown = {label: figure for label, figure in headlines.items() if figure is not None}
previous_edition, previous_figures, trend_rows, changed = edition_history(data, edition, shown)
cards = card_row()
for label, figure in headlines.items():
    metric_with_source(cards, label, figure, data, previous=previous_figures.get(label))


def show_changes(changed, previous_edition: str, edition: str) -> None:
    """The series that moved, are new, or are no longer reported, each with both sources."""
    st.caption("Figures are matched when they measure the same thing the same way: programme, indicator, breakdown, "
               "and a cumulative figure from the same start or a period of the same length.")
    indicator_labels = dict(zip(tables["indicators"]["indicator_id"], tables["indicators"]["label"]))
    programme_names = dict(zip(tables["programmes"]["programme_id"], tables["programmes"]["short_name"]))
    readable = changed.assign(
        Programme=changed["programme"].map(lambda p: programme_names.get(p, p)),
        Indicator=changed["indicator"].map(lambda i: indicator_labels.get(i, i)),
        Breakdown=changed["series"].map(lambda key: ", ".join(v for v in key[3:-1] if v)),
        Basis=changed["basis"] + " " + changed["series"].map(lambda key: key[-1]),
        Change=changed["difference"].map(lambda d: "" if d is None or d != d else trends.signed(d)),
    ).rename(columns={"before": short_edition(previous_edition), "after": short_edition(edition),
                      "before_quote": "Source before", "after_quote": "Source now"})
    columns = ["Programme", "Indicator", "Breakdown", "Basis", short_edition(previous_edition), short_edition(edition),
               "Change", "Source before", "Source now"]
    for status, title in ((trends.MOVED, "Moved"), (trends.NEW, "New"), (trends.STOPPED, "No longer reported")):
        part = readable.loc[readable["status"] == status, columns]
        if len(part):
            st.markdown(f"**{title} — {len(part)}**")
            st.dataframe(part, hide_index=True, width="stretch", height=min(400, 38 + 35 * len(part)))


if previous_edition and changed is not None:
    counts_by = changed["status"].value_counts()
    panel = st.expander(f"Changed since {md_text(edition_label(data.table('editions'), previous_edition))}: "
                        f"{counts_by.get(trends.MOVED, 0)} moved · {counts_by.get(trends.NEW, 0)} new · "
                        f"{counts_by.get(trends.STOPPED, 0)} no longer reported · {counts_by.get(trends.UNCHANGED, 0)} unchanged",
                        icon=":material/compare_arrows:", key="changed_panel", on_change="rerun")
    with panel:
        if panel.open:  # the tables are built only when a reader opens the panel
            show_changes(changed, previous_edition, edition)

def trend_basis(figure) -> str:
    """What each point of a trend is: 'each a 3-month period', 'cumulative since 1999'."""
    kind = trends.period_kind(figure)
    if figure["basis"] == "period":
        return f"each a {kind.replace(' months', '-month')} period" if kind.endswith("months") else "each edition's period"
    return basis_label(figure).split(",")[0]


# A headline's trend, where two or more editions report it comparably.
series = {label: rows for label, rows in trend_rows.items() if len(rows) >= 2}
if series:
    st.subheader("Over time")
    chosen = synced_choice("Figure", list(series), "trend", next(iter(series)))
    rows = series[chosen]
    figure = shown[chosen]
    unit = unit_of(data, figure["indicator"])
    table = rows.assign(label=rows["edition"].map(short_edition), order=range(len(rows)),
                        value_text=[format_value(r, unit) for _, r in rows.iterrows()],
                        basis_text=[basis_label(r) for _, r in rows.iterrows()])
    chart_with_data(charts.trend, table[["label", "order", "value", "value_text", "basis_text", "source_quote", "figure_id"]],
                    f"trend_{chosen}", chosen, unit or "Count", subtitle=f"{len(rows)} editions · {trend_basis(figure)}",
                    columns=["label", "value_text", "basis_text", "source_quote", "figure_id"])

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
                st.text(item["text"])  # the newsletter's words, as text
                theme = programmes["theme"].get(item["programme"], "")
                if theme in THEME_PAGES:
                    st.page_link(PAGE_FILES[THEME_PAGES[theme]], label=md_text(f"{programmes.loc[item['programme'], 'short_name']} (newsletter page {item['see_page']})"),
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

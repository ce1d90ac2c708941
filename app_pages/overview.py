"""Overview: the selected edition at a glance."""

import pandas as pd
import streamlit as st

from lib.briefs.brief import edition_brief
from lib.dataset import trends
from lib.dataset.checks import summarise
from lib.presenting import charts
from lib.presenting.formats import month_label, signed_number, unit_of
from lib.presenting.glance import GLANCES, subtitle
from lib.presenting.pages import PAGES
from lib.presenting.pages import page as registered_page
from lib.presenting.present import HEADLINES, basis_label, edition_label, format_value, headline
from lib.presenting.text import md_text
from lib.presenting.themes import THEMES
from ui.page import PageContext, start_page
from ui.state import edition_history, synced_choice
from ui.widgets import card_row, chart_spec, chart_with_data, metric_with_source


def consistency_badge(page: PageContext) -> None:
    """What a donor needs first: where the newsletter contradicts itself. The rest of the tally follows as a caption."""
    checks = page.data.checks
    counts = summarise(checks.loc[checks["edition"] == page.edition]) if not checks.empty else {}
    if not counts:
        return
    badge, link = st.columns([3, 1], vertical_alignment="center")
    with badge:
        st.badge(
            f"{sum(counts.values())} consistency checks: {counts['inconsistent']} contradictions in the newsletter · "
            f"{counts['wording_differs']} reworded",
            icon=":material/fact_check:",
            color="orange" if counts["inconsistent"] else "green",
        )
        st.caption(
            f"{counts['consistent']} consistent · {counts['not_itemised']} with parts not itemised · "
            f"{counts['not_comparable']} not comparable (they count different things)"
        )
    link.page_link(registered_page("data").file, label="See the checks", icon=":material/arrow_forward:")


def changes_panel(page: PageContext, previous_edition: str, changed: pd.DataFrame) -> None:
    """The series that moved, are new, or are no longer reported, each with both sources; built only when opened."""
    counts = changed["status"].value_counts()
    panel = st.expander(
        f"Changed since {md_text(edition_label(previous_edition))}: "
        f"{counts.get(trends.MOVED, 0)} moved · {counts.get(trends.NEW, 0)} new · "
        f"{counts.get(trends.STOPPED, 0)} no longer reported · {counts.get(trends.UNCHANGED, 0)} unchanged",
        icon=":material/compare_arrows:",
        key="changed_panel",
        on_change="rerun",
    )
    with panel:
        if not panel.open:
            return
        st.caption(
            "Figures are matched when they measure the same thing the same way: programme, indicator, breakdown, "
            "and a cumulative figure from the same start or a period of the same length."
        )
        indicator_labels = dict(zip(page.tables["indicators"]["indicator_id"], page.tables["indicators"]["label"]))
        programme_names = dict(zip(page.tables["programmes"]["programme_id"], page.tables["programmes"]["short_name"]))
        before, now = month_label(previous_edition), month_label(page.edition)
        readable = changed.assign(
            Programme=changed["programme"].map(lambda p: programme_names.get(p, p)),
            Indicator=changed["indicator"].map(lambda i: indicator_labels.get(i, i)),
            Breakdown=changed["series"].map(lambda key: ", ".join(v for v in key[3:-1] if v)),
            Basis=changed["basis"] + " " + changed["series"].map(lambda key: key[-1]),
            Change=changed["difference"].map(lambda d: "" if d is None or d != d else signed_number(d)),
        ).rename(columns={"before": before, "after": now, "before_quote": "Source before", "after_quote": "Source now"})
        columns = ["Programme", "Indicator", "Breakdown", "Basis", before, now, "Change", "Source before", "Source now"]
        for status, title in ((trends.MOVED, "Moved"), (trends.NEW, "New"), (trends.STOPPED, "No longer reported")):
            part = readable.loc[readable["status"] == status, columns]
            if len(part):
                st.markdown(f"**{title} — {len(part)}**")
                st.dataframe(part, hide_index=True, width="stretch", height=min(400, 38 + 35 * len(part)))


def trend_basis(figure: pd.Series) -> str:
    """What each point of a trend is: 'each a 3-month period', 'cumulative since 1999'."""
    kind = trends.period_kind(figure)
    if figure["basis"] == "period":
        return (
            f"each a {kind.replace(' months', '-month')} period" if kind.endswith("months") else "each edition's period"
        )
    return basis_label(figure).split(",")[0]


def over_time(page: PageContext, shown: dict[str, pd.Series], trend_rows: dict[str, pd.DataFrame]) -> None:
    """A headline's trend, where two or more editions report it comparably."""
    series = {label: rows for label, rows in trend_rows.items() if len(rows) >= 2}
    if not series:
        return
    st.subheader("Over time")
    chosen = synced_choice("Figure", list(series), "trend", next(iter(series)))
    rows, figure = series[chosen], shown[chosen]
    unit = unit_of(page.tables["indicators"], figure["indicator"])
    table = rows.assign(
        label=rows["edition"].map(month_label),
        order=range(len(rows)),
        value_text=[format_value(r, unit) for _, r in rows.iterrows()],
        basis_text=[basis_label(r) for _, r in rows.iterrows()],
    )
    chart_with_data(
        charts.trend_line,
        table[["label", "order", "value", "value_text", "basis_text", "source_quote", "figure_id"]],
        f"trend_{chosen}",
        chosen,
        unit or "Count",
        subtitle=f"{len(rows)} editions · {trend_basis(figure)}",
        columns=["label", "value_text", "basis_text", "source_quote", "figure_id"],
    )


def at_a_glance(page: PageContext) -> None:
    """One small chart per theme, each of one kind of figure, each linked to its page (lib.presenting.glance)."""
    # The tables are worked out once per dataset and edition (about 5 ms each), not on every rerun.
    tables = page.data.derive(
        ("glance", page.edition), lambda: [glance.table(page.figures, page.names) for glance in GLANCES]
    )
    drawn = [(glance, table) for glance, table in zip(GLANCES, tables) if table is not None]
    if not drawn:
        return
    st.subheader("Across the mission")
    # Two to a row: four in one row left each chart too narrow for its labels at 1280 px.
    cells = [cell for _ in range(0, len(drawn), 2) for cell in st.columns(2, gap="large")]
    for column, (glance, table) in zip(cells, drawn):
        with column:
            st.vega_lite_chart(
                chart_spec(
                    charts.horizontal_bars, table, glance.title, glance.x_title, glance.percent, subtitle(table)
                ),
                width="stretch",
            )
            spec = registered_page(glance.page)
            st.page_link(spec.file, label=spec.title, icon=":material/arrow_forward:")


def news_in_brief(page: PageContext) -> None:
    """The newsletter's short items, each linked to the page of its programme's theme."""
    st.subheader("News in brief")
    news = page.data.table("news")
    if news is None:
        st.caption("The news items could not be read (data/news.csv).")
        return
    programmes = page.tables["programmes"].set_index("programme_id")
    for _, item in news.loc[news["edition"] == page.edition].sort_values("item").iterrows():
        with st.container(border=True):
            st.text(item["text"])  # the newsletter's words, as text
            theme = programmes["theme"].get(item["programme"], "")
            if theme in THEMES:
                label = f"{programmes.loc[item['programme'], 'short_name']} (newsletter page {item['see_page']})"
                st.page_link(
                    registered_page(THEMES[theme].page).file, label=md_text(label), icon=":material/arrow_forward:"
                )


def explore() -> None:
    """A link to every page the registry lists for it, with what it shows."""
    st.subheader("Explore")
    for spec in PAGES:
        if spec.about:
            st.page_link(spec.file, label=spec.title, icon=spec.icon, help=spec.about)
            st.caption(spec.about)


page = start_page()
st.title(f"IOM Kosovo at a glance — {md_text(edition_label(page.edition))}")
st.caption(
    f"Quarterly newsletter of IOM Kosovo · reporting period {page.period} · "
    f"{len(page.figures):,} figures from {page.figures['programme'].nunique()} programmes"
)
consistency_badge(page)
st.download_button(
    "Download brief (PDF)",
    data=lambda: edition_brief(page.data.tables, page.edition, page.data.version, checks=page.data.checks),
    file_name=f"brief-{page.edition}.pdf",
    mime="application/pdf",
    key=f"download_brief_{page.edition}",
    icon=":material/picture_as_pdf:",
    on_click="ignore",
)  # made only when clicked

headlines = {spec["label"]: headline(page.figures, spec) for spec in HEADLINES}
shown = {label: figure for label, figure in headlines.items() if figure is not None}
history = edition_history(page.data, page.edition, shown)
cards = card_row()
for label, figure in headlines.items():
    metric_with_source(cards, label, figure, page.data, previous=history.before.get(label))
if history.previous_edition and history.changed is not None:
    changes_panel(page, history.previous_edition, history.changed)

at_a_glance(page)
over_time(page, shown, history.series)
left, right = st.columns([3, 2], gap="large")
with left:
    news_in_brief(page)
with right:
    explore()

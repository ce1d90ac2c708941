"""Overview: the selected edition at a glance."""

import streamlit as st

from lib.briefs.brief import edition_brief
from lib.dataset import trends
from lib.dataset.checks import CheckStatus
from lib.i18n import N_, _, current, ngettext, translated
from lib.i18n.active import data_text
from lib.i18n.languages import language_suffix
from lib.presenting import charts
from lib.presenting.formats import format_number, month_label
from lib.presenting.pages import PAGES
from lib.presenting.pages import page as registered_page
from lib.presenting.present import edition_label
from lib.presenting.text import md_text
from lib.presenting.themes import THEMES
from lib.presenting.views import trend_table
from lib.presenting.wording import (
    change_counts,
    difference_text,
    fixed_words,
    series_basis,
    tally_detail,
    tally_headline,
    trend_basis,
)
from lib.summary import CheckTally, EditionChanges, EditionSummary
from ui.glance_view import glance_charts
from ui.page import PageContext, start_page
from ui.state import edition_summary, synced_choice
from ui.widgets import card_row, chart_with_data, figure_table, metric_with_source, source_language_note

# The changes table's columns (besides the two editions'), in order: headers ``figure_table`` translates.
CHANGE_COLUMNS = (
    N_("Programme"),
    N_("Indicator"),
    N_("Breakdown"),
    N_("Basis"),
    N_("Change"),
    N_("Source before"),
    N_("Source now"),
)


def consistency_badge(tally: CheckTally) -> None:
    """What a donor needs first: where the newsletter contradicts itself. The rest of the tally follows as a caption."""
    if not tally.ran:
        return
    badge, link = st.columns([3, 1], vertical_alignment="center")
    with badge:
        # Coloured text rather than st.badge: a badge stays on one line and is cut with "…" on a phone.
        colour = "orange" if tally.counts[CheckStatus.INCONSISTENT] else "green"
        st.markdown(f":{colour}-background[:{colour}[:material/fact_check: {md_text(tally_headline(tally.counts))}]]")
        st.caption(tally_detail(tally.counts))
    link.page_link(registered_page("data").file, label=_("See the checks"), icon=":material/arrow_forward:")


def changes_panel(page: PageContext, changes: EditionChanges) -> None:
    """The series that moved, are new, or are no longer reported, each with both sources; built only when opened."""
    panel = st.expander(
        _(
            "Changed since %(edition)s: %(changes)s",
            edition=md_text(edition_label(changes.previous_edition)),
            changes=change_counts(changes.counts),
        ),
        icon=":material/compare_arrows:",
        key="changed_panel",
        on_change="rerun",
    )
    with panel:
        if not panel.open:
            return
        st.caption(
            _(
                "Figures are matched when they measure the same thing the same way: programme, indicator, "
                "breakdown, and a cumulative figure from the same start or a period of the same length."
            )
        )
        catalogue, changed, previous = page.data.catalogue, changes.table, changes.previous_edition
        before, now = month_label(previous), month_label(page.edition)
        readable = changed.assign(
            Programme=changed["programme"].map(lambda p: data_text(catalogue.programme(p))),
            Indicator=changed["indicator"].map(lambda i: data_text(catalogue.indicator(i))),
            Breakdown=changed["breakdown"].map(lambda fixed: fixed_words(fixed, page.names)),
            Basis=[
                series_basis(basis, months, since)
                for basis, months, since in zip(changed["basis"], changed["months"], changed["since"], strict=True)
            ],
            Change=changed["difference"].map(lambda d: "" if d is None or d != d else difference_text(d, previous)),
        ).rename(columns={"before": before, "after": now, "before_quote": "Source before", "after_quote": "Source now"})
        # Their headers are shown in the reader's language (``figure_table``); the names are marked in CHANGE_COLUMNS.
        columns = [*CHANGE_COLUMNS[:4], before, now, *CHANGE_COLUMNS[4:]]
        statuses = ((trends.MOVED, _("Moved")), (trends.NEW, _("New")), (trends.STOPPED, _("No longer reported")))
        for status, title in statuses:
            part = readable.loc[readable["status"] == status, columns]
            if len(part):
                st.markdown(f"**{title} — {format_number(len(part))}**")
                figure_table(part, height=min(400, 38 + 35 * len(part)), pin="Indicator")


def over_time(page: PageContext, summary: EditionSummary) -> None:
    """A headline's trend up to the edition, where two or more editions report it comparably."""
    series = {
        card.key: card
        for card in summary.headlines
        if card.trend is not None and card.figure is not None and len(card.trend.rows) >= 2
    }
    if not series:
        return
    st.subheader(_("Over time"))
    labels = {key: translated(card.label) for key, card in series.items()}
    by_label = {card.label: key for key, card in series.items()}  # old links name the English label
    if st.query_params.get("trend") in by_label:  # a link from before the headlines had keys
        st.query_params["trend"] = by_label[st.query_params["trend"]]
    chosen = synced_choice(_("Figure"), list(series), "trend", next(iter(series)), format_func=labels.__getitem__)
    card = series[chosen]
    assert card.trend is not None and card.figure is not None  # as filtered above
    trend, label = card.trend, translated(card.label)
    rows = trend.rows
    unit = page.data.catalogue.units.get(str(card.figure["indicator"]), "")
    chart_with_data(
        charts.trend_line,
        trend_table(rows, unit),
        f"trend_{chosen}",
        label,
        data_text(unit) if unit else _("Count"),
        subtitle=ngettext(
            "%(count)s edition · %(basis)s",
            "%(count)s editions · %(basis)s",
            len(rows),
            count=format_number(len(rows)),
            basis=trend_basis(trend.basis, trend.period.months, trend.period.since),
        ),
        columns=["label", "value_text", "basis_text", "source_quote", "figure_id"],
    )


def at_a_glance(page: PageContext) -> None:
    """One small chart per theme, each of one kind of figure, each linked to its page (lib.presenting.glance)."""
    drawn = glance_charts(page.data, page.edition)
    if not drawn:
        return
    st.subheader(_("Across the mission"))
    # Two to a row: four in one row left each chart too narrow for its labels at 1280 px.
    cells = [cell for _row in range(0, len(drawn), 2) for cell in st.columns(2, gap="large")]
    for column, (glance, chart) in zip(cells, drawn, strict=False):  # the last row may have a cell to spare
        with column:
            st.vega_lite_chart(chart, width="stretch")
            spec = registered_page(glance.page)
            st.page_link(spec.file, label=translated(spec.title), icon=":material/arrow_forward:")


def news_in_brief(page: PageContext) -> None:
    """The newsletter's short items, each linked to the page of its programme's theme."""
    st.subheader(_("News in brief"))
    source_language_note()
    news = page.data.table("news")
    if news is None:
        st.caption(_("The news items could not be read (data/news.csv)."))
        return
    programmes = page.tables["programmes"].set_index("programme_id")
    for _index, item in news.loc[news["edition"] == page.edition].sort_values("item").iterrows():
        with st.container(border=True):
            st.text(item["text"])  # the newsletter's words, as text
            theme = programmes["theme"].get(item["programme"], "")
            if theme in THEMES:
                label = _(
                    "%(programme)s (newsletter page %(page)s)",
                    programme=data_text(page.data.catalogue.programme(item["programme"])),
                    page=item["see_page"],
                )
                st.page_link(
                    registered_page(THEMES[theme].page).file, label=md_text(label), icon=":material/arrow_forward:"
                )


def explore() -> None:
    """A link to every page the registry lists for it, with what it shows."""
    st.subheader(_("Explore"))
    for spec in PAGES:
        if spec.about:
            st.page_link(spec.file, label=translated(spec.title), icon=spec.icon, help=translated(spec.about))
            st.caption(translated(spec.about))


page = start_page()
summary = edition_summary(page.data, page.edition)
st.title(_("IOM Kosovo at a glance — %(edition)s", edition=md_text(edition_label(page.edition))))
st.caption(
    _(
        "Quarterly newsletter of IOM Kosovo · reporting period %(period)s · %(figures)s figures from "
        "%(programmes)s programmes",
        period=page.period,
        figures=format_number(summary.figure_count),
        programmes=format_number(summary.programme_count),
    )
)
consistency_badge(summary.checks)
language = current()  # Streamlit makes a download later, on a thread of its own where this run's language is not set
st.download_button(
    _("Download brief (PDF)"),
    data=lambda: edition_brief(page.data.tables, page.edition, page.data.version, summary=summary, language=language),
    file_name=f"brief-{page.edition}{language_suffix()}.pdf",
    mime="application/pdf",
    key=f"download_brief_{page.edition}",
    icon=":material/picture_as_pdf:",
    on_click="ignore",
)  # made only when clicked, from the summary the page shows

cards = card_row()
for card in summary.headlines:
    metric_with_source(cards, translated(card.label), card.figure, page.data, change=card.change)
if summary.changes is not None:
    changes_panel(page, summary.changes)

at_a_glance(page)
over_time(page, summary)
left, right = st.columns([3, 2], gap="large")
with left:
    news_in_brief(page)
with right:
    explore()

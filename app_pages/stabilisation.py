"""Community stabilisation (CSP) and enterprise development (SEDMIN), with KPC Trust Fund, EAS and KTI."""

import pandas as pd
import streamlit as st

from lib.dataset.checks import CheckStatus
from lib.i18n import _
from lib.presenting import charts
from lib.presenting.formats import format_number
from lib.presenting.pages import page as registered_page
from lib.presenting.present import SERIES_TABLE_COLUMNS, TABLE_COLUMNS, capitalised_word, chart_table, pick, pick_one
from lib.presenting.text import md_text
from lib.presenting.views import csp_split, phase_area_checks, programmes_by_municipality, sites
from ui.map_view import map_panel
from ui.page import start_page
from ui.state import view
from ui.widgets import card_row, chart_with_data, metric_with_source, programme_panel

SECTORS = ["production", "services", "trade"]  # breakdown codes, in the stack's order


page = start_page(
    _("Community stabilisation & enterprise"), _("CSP, SEDMIN, KPC Trust Fund, employment services and KTI")
)

cards = card_row()
metric_with_source(
    cards,
    _("CSP projects implemented"),
    pick_one(page.figures, "csp", "projects", "cumulative", status="implemented"),
    page.data,
)
metric_with_source(
    cards,
    _("SEDMIN projects approved"),
    pick_one(page.figures, "sedmin", "projects", "cumulative", status="approved"),
    page.data,
)
metric_with_source(
    cards,
    _("SEDMIN approved"),
    pick_one(page.figures, "sedmin", "amount_approved", "cumulative", status="approved"),
    page.data,
)
metric_with_source(
    cards, _("SEDMIN trainees"), pick_one(page.figures, "sedmin", "training_participants", "cumulative"), page.data
)


st.subheader(_("Community Stabilisation Programme (CSP)"))
csp_check = phase_area_checks(page.data.checks_in_language(), page.figures)
for _index, check in csp_check.loc[csp_check["status"] == CheckStatus.INCONSISTENT].iterrows():
    st.warning(
        _(
            "The four phase and area totals below add up to %(parts)s; the newsletter states %(total)s projects in "
            "all. Both are shown as stated.",
            parts=format_number(check["parts_sum"]),
            total=format_number(check["total_value"]),
        ),
        icon=":material/rule:",
    )
for _index, check in csp_check.loc[csp_check["status"] == CheckStatus.NOT_COMPARABLE].iterrows():
    # The check says which totals count another kind of project, and what the others add up to.
    st.info(
        _(
            "The four phase and area totals below are not added up to the newsletter's %(total)s projects: they "
            "count different things. %(message)s.",
            total=format_number(check["total_value"]),
            message=md_text(check["message"]),
        ),
        icon=":material/info:",
    )
# Full width, one above the other: four stacked bars with labels like "CSP II southwest · approved" and a legend
# leave a half column on a 768 px screen only a few pixels of bar.
by_sector = view(csp_split, "sector")
if not by_sector.empty:
    chart_with_data(
        charts.csp_projects_by_sector,
        by_sector,
        "csp_by_sector",
        SECTORS,
        columns=SERIES_TABLE_COLUMNS,
    )
by_group = view(csp_split, "group")
if not by_group.empty:
    chart_with_data(
        charts.stacked_bars,
        by_group,
        "csp_by_kind",
        _("CSP community and individual projects"),
        _("Projects"),
        _("Kind"),
        (_("community projects"), _("individual projects")),
        subtitle=_("by phase and area, cumulative"),
        columns=SERIES_TABLE_COLUMNS,
    )
    st.caption(
        _(
            'Where the newsletter gives only one kind ("the rest were individual"), the rest is shown as not '
            "itemised rather than computed."
        )
    )

st.subheader(_("Support for Enterprise Development in Minority Regions (SEDMIN)"))
left, right = st.columns(2, gap="large")
with left:
    shares = pick(page.figures, "sedmin", "projects_share", "share", by="sector")
    if not shares.empty:
        table = chart_table(shares, [capitalised_word(s) for s in shares["sector"]], "percent")
        chart_with_data(charts.sedmin_sector_shares, table, "sedmin_sector_shares", columns=TABLE_COLUMNS)
    for _index, figure in pd.concat(
        [
            pick(page.figures, "sedmin", "projects_share", "share", by="setting"),
            pick(page.figures, "sedmin", "projects_ratio", "share", by="sector"),
        ]
    ).iterrows():
        st.caption(md_text(f"“{figure['source_quote']}”"))
with right:
    total = pick_one(page.figures, "sedmin", "projects", "cumulative", status="approved")
    phases = pick(page.figures, "sedmin", "projects", "cumulative", by="phase", status="approved")
    if not phases.empty:
        table = chart_table(phases, [_("Phase %(phase)s", phase=p) for p in phases["phase"]], "projects", total)
        chart_with_data(
            charts.horizontal_bars,
            table,
            "sedmin_phases",
            _("SEDMIN projects approved, by phase"),
            _("Projects"),
            subtitle=_("of all projects approved since inception"),
            columns=TABLE_COLUMNS,
        )
    loans = pick(page.figures, "sedmin", "amount_approved", "cumulative", by="group", status="approved", phase="III")
    if not loans.empty:
        kinds = {"grant_loan": _("grant/loan combinations"), "full_loan": _("full loans")}
        amounts = "; ".join(
            _("%(kind)s %(amount)s EUR", kind=md_text(kinds.get(g, g)), amount=format_number(v))
            for g, v in zip(loans["group"], loans["value"], strict=True)
        )
        st.caption(_("Phase III so far: %(amounts)s", amounts=amounts))

cards = card_row()
metric_with_source(
    cards,
    _("Training sessions, in all"),
    pick_one(page.figures, "sedmin", "training_sessions", "cumulative"),
    page.data,
)
metric_with_source(
    cards, _("Training sessions, quarter"), pick_one(page.figures, "sedmin", "training_sessions", "period"), page.data
)
metric_with_source(
    cards, _("Trainees, quarter"), pick_one(page.figures, "sedmin", "training_participants", "period"), page.data
)
metric_with_source(
    cards,
    _("Projects in rural areas"),
    pick_one(page.figures, "sedmin", "projects_share", "share", setting="rural"),
    page.data,
)

st.subheader(_("Where the stabilisation programmes work"))
map_panel(
    "municipality",
    view(programmes_by_municipality, "stabilisation"),
    view(sites, "stabilisation"),
    "",
    _("Stabilisation programmes active, by municipality"),
    _(
        "Counts CSP, SEDMIN and KPC Trust Fund where their figures or stated locations name a place; work stated "
        "only for northern Kosovo or a whole region is not counted in any one municipality."
    ),
    "map_stabilisation",
)
st.page_link(
    registered_page("map").file,
    label=_("Open the full map"),
    icon=":material/map:",
    query_params={"map_theme": "stabilisation"},
)

st.subheader(_("Other programmes"))
for programme in ["csp", "sedmin", "kpc_tf", "eas", "kti", "kpct"]:
    programme_panel(page.data, programme)

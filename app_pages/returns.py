"""Returns: who came back, from where, how, and the reintegration programmes."""

import pandas as pd
import streamlit as st

from lib.i18n import _, current, ngettext
from lib.i18n.active import data_text
from lib.presenting import charts
from lib.presenting.formats import format_number
from lib.presenting.pages import page as registered_page
from lib.presenting.present import (
    SERIES_TABLE_COLUMNS,
    TABLE_COLUMNS,
    chart_table,
    code_label,
    date_label,
    format_value,
    pick,
    pick_one,
)
from lib.presenting.text import md_text
from lib.presenting.views import region_values, sites
from lib.presenting.wording import mode_label, of_target_text
from lib.summary import programme_pairs
from ui.map_view import map_panel
from ui.page import start_page
from ui.state import view
from ui.widgets import card_row, chart_with_data, metric_with_source, programme_panel


def share_text(value: float) -> str:
    """'37.6': a share with one decimal, as the reader's language writes it ('37,6')."""
    return f"{value:.1f}" if current() == "en" else format_number(round(value, 1))


page = start_page(_("Returns"), _("Assisted voluntary returns and reintegration"))

total_quarter = pick_one(page.figures, "avr", "returnees", "period")
cards = card_row()
metric_with_source(cards, _("Returnees this quarter"), total_quarter, page.data)
metric_with_source(
    cards, _("Returnees since 1999"), pick_one(page.figures, "avr", "returnees", "cumulative"), page.data
)
metric_with_source(
    cards,
    _("Onward transport, quarter"),
    pick_one(page.figures, "avr", "secondary_transport_beneficiaries", "period"),
    page.data,
)
metric_with_source(
    cards,
    _("Onward transport, in all"),
    pick_one(page.figures, "avr", "secondary_transport_beneficiaries", "cumulative"),
    page.data,
)

left, right = st.columns([3, 2], gap="large")
with left:
    by_country = pick(page.figures, "avr", "returnees", "period", by="country")
    if by_country.empty:
        st.caption(_("This edition does not give returnees by country."))
    else:
        table = chart_table(
            by_country, [code_label("country", c, page.names) for c in by_country["country"]], "people", total_quarter
        )
        chart_with_data(charts.returns_by_country, table, "returnees_by_country", page.period, columns=TABLE_COLUMNS)
with right:
    by_mode = pick(page.figures, "avr", "returnees", "period", by="mode")
    if not by_mode.empty:
        labels = [mode_label(m) for m in by_mode["mode"]]
        table = chart_table(by_mode, labels, "people", total_quarter)
        chart_with_data(charts.returns_by_mode, table, "returnees_by_mode", page.period, columns=TABLE_COLUMNS)

# Full width: a share chart on a 0–100 axis needs the room; in a narrow column beside the map its bars were a
# few pixels.
shares = pick(page.figures, "avr", "returnees_settled_share", "share", by="region")
if not shares.empty:
    whole = shares.iloc[0].copy()
    whole["value"], whole["source_quote"] = 100.0, _("All returnees assisted (100%)")
    regions = [_("%(region)s region", region=code_label("region", r, page.names)) for r in shares["region"]]
    table = chart_table(shares, regions, "percent", whole)
    table.loc[table["is_remainder"], "label"] = _("Other municipalities (not itemised)")
    since = _("since %(date)s", date=shares.iloc[0]["period_start"])
    chart_with_data(charts.settled_share_by_region, table, "returnees_settled_by_region", since, columns=TABLE_COLUMNS)
settled = view(region_values, "avr", "returnees_settled_share", "share")
map_panel(
    "region",
    settled,
    view(sites, "returns"),
    "%",
    _("Where returnees settled, and returns sites"),
    _(
        "%(share)s%% settled in other municipalities, not itemised.",
        share=share_text(100 - settled["value"].sum()),
    )
    if len(settled)
    else "",
    "map_returns",
)
st.page_link(
    registered_page("map").file,
    label=_("Open the full map"),
    icon=":material/map:",
    query_params={"map_layer": "settled", "map_theme": "returns"},
)

st.subheader(_("Reintegration programmes"))
left, right = st.columns(2, gap="large")
with left:
    # Projects approved to date in each area against that area's target, as the summary pairs them (the Donors
    # page and the brief draw the same pairs); a target of a range has no tick to draw.
    paired = [
        pair
        for pair in programme_pairs(page.figures, "returns_sustainability")
        if (pair.achieved["indicator"], pair.achieved["basis"], pair.achieved["status"])
        == ("projects", "cumulative", "approved")
        and pair.achieved["area"]
        and pair.progress is not None
    ]
    if paired:
        unit = page.data.catalogue.units.get("projects", "")
        achieved = pd.DataFrame([pair.achieved for pair in paired]).assign(
            target=[float(pair.target["value"]) for pair in paired],
            target_text=[format_value(pair.target, unit) for pair in paired],
            progress_text=[of_target_text(pair.achieved, pair.target) for pair in paired],
        )
        table = chart_table(
            achieved,
            [code_label("area", a, page.names) for a in achieved["area"]],
            "projects",
            keep=("target", "target_text", "progress_text"),
        )
        chart_with_data(
            charts.against_target,
            table,
            "returns_sustainability",
            _("Returns sustainability: projects approved"),
            _("Projects"),
            subtitle=_("to date, against the target (dark tick)"),
            columns=TABLE_COLUMNS + ["target_text"],
        )
with right:
    houses = pick(page.figures, "idp_returns_peja", "houses", "point_in_time", by=("place", "status"))
    if not houses.empty:
        houses = houses.assign(series=[data_text(code_label("status", s, page.names)) for s in houses["status"]])
        table = chart_table(
            houses, [code_label("place", p, page.names) for p in houses["place"]], "houses", keep=("series",)
        )
        as_of = date_label(houses.iloc[0]["period_end"])
        chart_with_data(
            charts.stacked_bars,
            table,
            "idp_houses",
            _("IDP returns: houses per village"),
            _("Houses"),
            _("Status"),
            (data_text("completed"), data_text("under reconstruction")),
            subtitle=_("Pejë/Peć municipality, as of %(date)s", date=as_of),
            columns=SERIES_TABLE_COLUMNS,
        )
        handed = pick_one(page.figures, "idp_returns_peja", "houses", "cumulative", status="handed_over")
        if handed is not None:
            st.caption(
                md_text(
                    ngettext(
                        "%(count)s house handed over to beneficiaries — “%(quote)s”",
                        "%(count)s houses handed over to beneficiaries — “%(quote)s”",
                        int(handed["value"]),
                        count=format_number(handed["value"]),
                        quote=handed["source_quote"],
                    )
                )
            )

for programme in [
    "smr",
    "varrp",
    "vaud_avr",
    "vulnerable_cases",
    "idp_returns_peja",
    "returns_sustainability",
    "ngo_reintegration",
    "iom_transport",
]:
    programme_panel(page.data, programme)

"""Counter-trafficking: trainings, victims assisted, the NGO network."""

import pandas as pd
import streamlit as st

from lib.i18n import _, ngettext
from lib.presenting import charts
from lib.presenting.present import (
    TABLE_COLUMNS,
    basis_label,
    by_kind,
    chart_table,
    format_value,
    part_sentence,
    pick_one,
    records,
)
from lib.presenting.text import md_text
from ui.page import start_page
from ui.widgets import card_row, chart_with_data, metric_with_source, programme_panel

CT_PROGRAMMES = [
    "ct_western_balkans",
    "ct_kosovar_victims",
    "ct_measures_italy",
    "ct_prevention_finland",
    "ct_cards_policing",
    "mental_health_ct",
]

page = start_page(_("Counter-trafficking"), _("Prevention, protection and capacity building"))

foreign_total = pick_one(
    page.figures, "ct_western_balkans", "trafficking_victims_assisted", "cumulative", group="foreign"
)
cards = card_row()
metric_with_source(cards, _("Foreign victims assisted"), foreign_total, page.data)
metric_with_source(
    cards,
    _("Return & reintegration"),
    pick_one(page.figures, "ct_western_balkans", "trafficking_victims_returned", "period", group="foreign"),
    page.data,
)
metric_with_source(
    cards,
    _("Kosovar victims assisted"),
    pick_one(page.figures, "ct_kosovar_victims", "trafficking_victims_assisted", "cumulative", group="kosovar"),
    page.data,
)
metric_with_source(
    cards,
    _("Police officers trained"),
    pick_one(page.figures, "ct_western_balkans", "police_trained", "cumulative"),
    page.data,
)

left, right = st.columns(2, gap="large")
with left:
    # The running totals of victims assisted start at different dates (404 foreign victims since Dec 1999, over 40
    # Kosovar victims since their programme began): they are the cards above, not bars to compare. Return and
    # reintegration is said in words: this year's total and the quarter's part of it, as stated. A chart of it would be
    # one bar, and its rest (earlier this year) a number the newsletter does not give.
    heading = _("Return and reintegration of foreign victims")
    st.markdown(f"**{heading}**")
    returned_year = pick_one(
        page.figures, "ct_western_balkans", "trafficking_victims_returned", "year_to_date", group="foreign"
    )
    returned_quarter = pick_one(
        page.figures, "ct_western_balkans", "trafficking_victims_returned", "period", group="foreign"
    )
    stated = [f for f in (returned_year, returned_quarter) if f is not None]
    if returned_year is not None and returned_quarter is not None:
        st.markdown(
            md_text(
                part_sentence(returned_year, returned_quarter, _("foreign victims returned and reintegrated"), "people")
                + "."
            )
        )
    elif stated:
        st.markdown(
            md_text(
                ngettext(
                    "%(count)s foreign victim returned and reintegrated, %(basis)s.",
                    "%(count)s foreign victims returned and reintegrated, %(basis)s.",
                    int(stated[0]["value"]),
                    count=format_value(stated[0], "people"),
                    basis=basis_label(stated[0]),
                )
            )
        )
    else:
        st.caption(_("This edition does not report victims returned."))
    for figure in stated:
        st.caption(
            md_text(_("“%(quote)s” (figure %(figure)s)", quote=figure["source_quote"], figure=figure["figure_id"]))
        )
    st.caption(
        _(
            "Victims assisted (the cards above) are running totals from different starts, so they are given as "
            "figures, not drawn side by side."
        )
    )
with right:
    audiences = [
        (_("Police officers (KPS)"), pick_one(page.figures, "ct_western_balkans", "police_trained", "period")),
        (_("UNMIK TPIU officers observing"), pick_one(page.figures, "ct_western_balkans", "observers", "period")),
        (
            _("Anti-trafficking carers (NGOs, institutions)"),
            pick_one(page.figures, "ct_measures_italy", "training_participants", "period"),
        ),
    ]
    present = [(label, f) for label, f in audiences if f is not None]
    if present:
        # One chart per period: the carers' October training is not set beside the quarter's police trainings.
        frame = pd.DataFrame([figure for _label, figure in present])
        kinds = by_kind(chart_table(frame, [label for label, _figure in present], "people"))
        drawn = kinds[0] if len(kinds[0]) > 1 else None
        if drawn is not None:
            chart_with_data(
                charts.trainings_by_audience, drawn, "ct_trainings", drawn.iloc[0]["basis_text"], columns=TABLE_COLUMNS
            )
        for rows in kinds[1 if drawn is not None else 0 :]:
            for row in records(rows):
                st.caption(
                    md_text(
                        _(
                            "%(audience)s: %(count)s trained, %(basis)s — “%(quote)s”",
                            audience=row["label"],
                            count=row["value_text"],
                            basis=row["basis_text"],
                            quote=row["source_quote"],
                        )
                    )
                )
    police_total = pick_one(page.figures, "ct_western_balkans", "police_trained", "cumulative")
    police_quarter = pick_one(page.figures, "ct_western_balkans", "police_trained", "period")
    if police_total is not None and police_quarter is not None:
        st.caption(
            md_text(
                part_sentence(police_total, police_quarter, _("police officers trained"), "people")
                + f" — “{police_total['source_quote']}”"
            )
        )

st.subheader(_("NGO network"))
cards = card_row()
metric_with_source(
    cards,
    _("NGOs assessed as partners"),
    pick_one(page.figures, "ct_kosovar_victims", "ngos_assessed", "cumulative"),
    page.data,
)
metric_with_source(
    cards,
    _("Sub-grant agreements"),
    pick_one(page.figures, "ct_kosovar_victims", "subgrant_agreements", "cumulative"),
    page.data,
)
metric_with_source(
    cards,
    _("Trainings for NGOs"),
    pick_one(page.figures, "ct_kosovar_victims", "trainings_delivered", "cumulative"),
    page.data,
)
metric_with_source(
    cards,
    _("NGOs trained (July 2004)"),
    pick_one(page.figures, "ct_measures_italy", "organisations_trained", "period"),
    page.data,
)

st.subheader(_("Programmes"))
for programme in CT_PROGRAMMES:
    programme_panel(page.data, programme)

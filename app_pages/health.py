"""Migration health: the Swedish Medical Team, medical evacuations, health assessments."""

import pandas as pd
import streamlit as st

from lib.i18n import _
from lib.i18n.active import data_text
from lib.presenting import charts
from lib.presenting.present import (
    TABLE_COLUMNS,
    by_kind,
    capitalised_word,
    chart_table,
    code_label,
    period_label,
    pick,
    pick_one,
    records,
)
from ui.page import start_page
from ui.widgets import card_row, chart_with_data, metric_with_source, programme_panel

page = start_page(_("Migration health"), _("Swedish Medical Team, complex medical cases, health assessments"))

place = "university_clinical_centre"
cards = card_row()
metric_with_source(
    cards, _("SMT surgeries"), pick_one(page.figures, "smt", "surgeries", "period", place=place), page.data
)
metric_with_source(
    cards,
    _("SMT examinations"),
    pick_one(page.figures, "smt", "medical_examinations", "period", place=place),
    page.data,
)
metric_with_source(
    cards, _("SMT evacuations"), pick_one(page.figures, "smt", "medical_evacuations", "cumulative"), page.data
)
metric_with_source(
    cards,
    _("Complex cases evacuated"),
    pick_one(page.figures, "complex_medical", "medical_evacuations", "cumulative"),
    page.data,
)

left, right = st.columns(2, gap="large")
with left:
    total = pick_one(page.figures, "smt", "patients_operated", "period", place=place)
    patients = pick(page.figures, "smt", "patients_operated", "period", by="group", place=place)
    if not patients.empty:
        table = chart_table(patients, [capitalised_word(g) for g in patients["group"]], "people", total)
        when = period_label(patients.iloc[0]["period_start"], patients.iloc[0]["period_end"])
        chart_with_data(
            charts.horizontal_bars,
            table,
            "smt_patients",
            _("Patients operated on, by age"),
            _("Patients"),
            subtitle=when,
            columns=TABLE_COLUMNS,
        )
with right:
    # The quarter's evacuations by both programmes (SMT, complex medical cases): one indicator, one period each
    # edition; a destination given for another period would be drawn in a chart of its own.
    evacuations = pd.concat(
        [pick(page.figures, p, "medical_evacuations", "period", by="country") for p in ("smt", "complex_medical")]
    )
    if not evacuations.empty:
        catalogue = page.data.catalogue
        labels = [
            f"{code_label('country', c, page.names)} ({data_text(catalogue.programme(p))})"
            for c, p in zip(evacuations["country"], evacuations["programme"], strict=True)
        ]
        for i, table in enumerate(by_kind(chart_table(evacuations, labels, "people"))):
            chart_with_data(
                charts.horizontal_bars,
                table,
                f"medical_evacuations{i or ''}",
                _("Medical evacuations by destination"),
                _("Patients"),
                subtitle=table.iloc[0]["basis_text"],
                columns=TABLE_COLUMNS,
            )

# 2,762 from 2000 through 2003 (the running total of those years), then 296 in the first half of 2004: two periods of
# different length, so two cards, each with its period, not two bars to compare.
assessed = [
    (label, figure)
    for basis, label in (("cumulative", _("Assessed, running total")), ("period", _("Assessed, latest period")))
    for figure in records(pick(page.figures, "health_assessment", "health_assessments", basis))
]
if assessed:
    st.subheader(_("Health assessments of applicants for immigration visas"))
    cards = card_row()
    for label, figure in assessed:
        metric_with_source(cards, label, pd.Series(figure), page.data)  # its period is written under it (basis_label)

st.subheader(_("Programmes"))
for programme in ["smt", "complex_medical", "health_assessment"]:
    programme_panel(page.data, programme)

"""Migration health: the Swedish Medical Team, medical evacuations, health assessments."""

import pandas as pd
import streamlit as st

from lib import charts
from lib.present import TABLE_COLUMNS, chart_table, code_label, period_label, pick, pick_one
from ui.page import start_page
from ui.widgets import card_row, chart_with_data, metric_with_source, programme_panel


page = start_page("Migration health", "Swedish Medical Team, complex medical cases, health assessments")

place = "university_clinical_centre"
cards = card_row()
metric_with_source(cards, "SMT surgeries", pick_one(page.figures, "smt", "surgeries", "period", place=place), page.data)
metric_with_source(cards, "SMT examinations", pick_one(page.figures, "smt", "medical_examinations", "period", place=place), page.data)
metric_with_source(cards, "SMT evacuations", pick_one(page.figures, "smt", "medical_evacuations", "cumulative"), page.data)
metric_with_source(cards, "Complex cases evacuated", pick_one(page.figures, "complex_medical", "medical_evacuations", "cumulative"), page.data)

left, right = st.columns(2, gap="large")
with left:
    total = pick_one(page.figures, "smt", "patients_operated", "period", place=place)
    patients = pick(page.figures, "smt", "patients_operated", "period", by="group", place=place)
    if not patients.empty:
        table = chart_table(patients, [g.capitalize() for g in patients["group"]], "people", total)
        when = period_label(patients.iloc[0]["period_start"], patients.iloc[0]["period_end"])
        chart_with_data(charts.horizontal_bars, table, "smt_patients", "Patients operated on, by age",
                        "Patients", subtitle=when, columns=TABLE_COLUMNS)
with right:
    evacuations = page.figures.loc[(page.figures["indicator"] == "medical_evacuations") & (page.figures["basis"] == "period") & (page.figures["country"] != "")]
    if not evacuations.empty:
        programme_names = page.tables["programmes"].set_index("programme_id")["short_name"]
        labels = [f"{code_label('country', c, page.names)} ({programme_names.get(p, p)})" for c, p in zip(evacuations["country"], evacuations["programme"])]
        table = chart_table(evacuations, labels, "people")
        chart_with_data(charts.horizontal_bars, table, "medical_evacuations", "Medical evacuations by destination",
                        "Patients", subtitle=page.period, columns=TABLE_COLUMNS)

# 2,762 from 2000 through 2003 (the running total of those years), then 296 in the first half of 2004.
assessments = pd.concat([pick(page.figures, "health_assessment", "health_assessments", basis) for basis in ("cumulative", "period")])
if not assessments.empty:
    table = chart_table(assessments, [period_label(s, e) for s, e in zip(assessments["period_start"], assessments["period_end"])], "people")
    chart_with_data(charts.horizontal_bars, table, "health_assessments", "Health assessments", "People assessed",
                    subtitle="applicants for immigration visas, by period", columns=TABLE_COLUMNS)

st.subheader("Programmes")
for programme in ["smt", "complex_medical", "health_assessment"]:
    programme_panel(page.data, page.figures, programme)

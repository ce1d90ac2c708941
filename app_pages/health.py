"""Migration health: the Swedish Medical Team, medical evacuations, health assessments."""

import pandas as pd
import streamlit as st

from lib import charts
from lib.present import TABLE_COLUMNS, chart_table, code_label, code_names, edition_period, one, period_label, pick
from lib.ui import chart_with_data, current_edition, dataset, edition_figures, card_row, metric_with_source, programme_panel, require


data = dataset()
tables = require(data, "figures", "indicators", "programmes")
figures = edition_figures(data)
names = code_names(data.tables)
period = edition_period(data.table("editions"), current_edition())

st.title("Migration health")
st.caption(f"Swedish Medical Team, complex medical cases, health assessments · {period}")

place = "university_clinical_centre"
cards = card_row()
metric_with_source(cards, "SMT surgeries", one(figures, "smt", "surgeries", "period", place=place), data)
metric_with_source(cards, "SMT examinations", one(figures, "smt", "medical_examinations", "period", place=place), data)
metric_with_source(cards, "SMT evacuations", one(figures, "smt", "medical_evacuations", "cumulative"), data)
metric_with_source(cards, "Complex cases evacuated", one(figures, "complex_medical", "medical_evacuations", "cumulative"), data)

left, right = st.columns(2, gap="large")
with left:
    total = one(figures, "smt", "patients_operated", "period", place=place)
    patients = pick(figures, "smt", "patients_operated", "period", by="group", place=place)
    if not patients.empty:
        table = chart_table(patients, [g.capitalize() for g in patients["group"]], "people", total)
        when = period_label(patients.iloc[0]["period_start"], patients.iloc[0]["period_end"])
        chart_with_data(charts.horizontal_bars, table, f"smt_patients_{current_edition()}", "Patients operated on, by age",
                        "Patients", subtitle=when, columns=TABLE_COLUMNS)
with right:
    evacuations = figures.loc[(figures["indicator"] == "medical_evacuations") & (figures["basis"] == "period") & (figures["country"] != "")]
    if not evacuations.empty:
        programme_names = tables["programmes"].set_index("programme_id")["short_name"]
        labels = [f"{code_label('country', c, names)} ({programme_names.get(p, p)})" for c, p in zip(evacuations["country"], evacuations["programme"])]
        table = chart_table(evacuations, labels, "people")
        chart_with_data(charts.horizontal_bars, table, f"medical_evacuations_{current_edition()}", "Medical evacuations by destination",
                        "Patients", subtitle=period, columns=TABLE_COLUMNS)

# 2,762 from 2000 through 2003 (the running total of those years), then 296 in the first half of 2004.
assessments = pd.concat([pick(figures, "health_assessment", "health_assessments", basis) for basis in ("cumulative", "period")])
if not assessments.empty:
    table = chart_table(assessments, [period_label(s, e) for s, e in zip(assessments["period_start"], assessments["period_end"])], "people")
    chart_with_data(charts.horizontal_bars, table, f"health_assessments_{current_edition()}", "Health assessments", "People assessed",
                    subtitle="applicants for immigration visas, by period", columns=TABLE_COLUMNS)

st.subheader("Programmes")
for programme in ["smt", "complex_medical", "health_assessment"]:
    programme_panel(data, figures, programme)

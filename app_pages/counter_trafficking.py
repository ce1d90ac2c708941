"""Counter-trafficking: trainings, victims assisted, the NGO network."""

import pandas as pd
import streamlit as st

from lib import charts
from lib.present import TABLE_COLUMNS, chart_table, edition_period, one
from lib.ui import chart_with_data, current_edition, dataset, edition_figures, card_row, metric_with_source, programme_panel, require

CT_PROGRAMMES = ["ct_western_balkans", "ct_kosovar_victims", "ct_measures_italy", "ct_prevention_finland", "ct_cards_policing", "mental_health_ct"]

data = dataset()
tables = require(data, "figures", "indicators", "programmes")
figures = edition_figures(data)
period = edition_period(data.table("editions"), current_edition())

st.title("Counter-trafficking")
st.caption(f"Prevention, protection and capacity building · {period}")

foreign_total = one(figures, "ct_western_balkans", "trafficking_victims_assisted", "cumulative", group="foreign")
cards = card_row()
metric_with_source(cards, "Foreign victims assisted", foreign_total, data)
metric_with_source(cards, "Return & reintegration", one(figures, "ct_western_balkans", "trafficking_victims_returned", "period", group="foreign"), data)
metric_with_source(cards, "Kosovar victims assisted", one(figures, "ct_kosovar_victims", "trafficking_victims_assisted", "cumulative", group="kosovar"), data)
metric_with_source(cards, "Police officers trained", one(figures, "ct_western_balkans", "police_trained", "cumulative"), data)

BASIS_NAMES = {"period": "this quarter", "year_to_date": "this year", "cumulative": "in all"}
VICTIM_COUNTS = {"trafficking_victims_assisted": "assisted", "trafficking_victims_returned": "returned"}
left, right = st.columns(2, gap="large")
with left:
    # Protection and assistance (404 since 1999), and the narrower return and reintegration (24 this year): said apart.
    victims = figures.loc[figures["indicator"].isin(list(VICTIM_COUNTS)) & (figures["restates"] == "")]
    if not victims.empty:
        labels = [f"{g.capitalize()} victims {VICTIM_COUNTS[i]}, {BASIS_NAMES.get(b, b)}"
                  for g, i, b in zip(victims["group"], victims["indicator"], victims["basis"])]
        table = chart_table(victims, labels, "people")
        chart_with_data(charts.victims_assisted, table, f"victims_assisted_{current_edition()}", columns=TABLE_COLUMNS)
with right:
    audiences = [
        ("Police officers (KPS), this quarter", one(figures, "ct_western_balkans", "police_trained", "period")),
        ("Police officers (KPS), since Dec 2003", one(figures, "ct_western_balkans", "police_trained", "cumulative")),
        ("UNMIK TPIU officers observing", one(figures, "ct_western_balkans", "observers", "period")),
        ("Anti-trafficking carers (NGOs, institutions)", one(figures, "ct_measures_italy", "training_participants", "period")),
    ]
    present = [(label, f) for label, f in audiences if f is not None]
    if present:
        rows = pd.DataFrame([f for _, f in present])
        table = chart_table(rows, [label for label, _ in present], "people")
        chart_with_data(charts.trainings_by_audience, table, f"ct_trainings_{current_edition()}", columns=TABLE_COLUMNS)

st.subheader("NGO network")
cards = card_row()
metric_with_source(cards, "NGOs assessed as partners", one(figures, "ct_kosovar_victims", "ngos_assessed", "cumulative"), data)
metric_with_source(cards, "Sub-grant agreements", one(figures, "ct_kosovar_victims", "subgrant_agreements", "cumulative"), data)
metric_with_source(cards, "Trainings for NGOs", one(figures, "ct_kosovar_victims", "trainings_delivered", "cumulative"), data)
metric_with_source(cards, "NGOs trained (July 2004)", one(figures, "ct_measures_italy", "organisations_trained", "period"), data)

st.subheader("Programmes")
for programme in CT_PROGRAMMES:
    programme_panel(data, figures, programme)

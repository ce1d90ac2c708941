"""Counter-trafficking: trainings, victims assisted, the NGO network."""

import pandas as pd
import streamlit as st

from lib import charts
from lib.present import TABLE_COLUMNS, chart_table, pick_one
from ui.page import start_page
from ui.widgets import card_row, chart_with_data, metric_with_source, programme_panel

CT_PROGRAMMES = ["ct_western_balkans", "ct_kosovar_victims", "ct_measures_italy", "ct_prevention_finland", "ct_cards_policing", "mental_health_ct"]

page = start_page("Counter-trafficking", "Prevention, protection and capacity building")

foreign_total = pick_one(page.figures, "ct_western_balkans", "trafficking_victims_assisted", "cumulative", group="foreign")
cards = card_row()
metric_with_source(cards, "Foreign victims assisted", foreign_total, page.data)
metric_with_source(cards, "Return & reintegration", pick_one(page.figures, "ct_western_balkans", "trafficking_victims_returned", "period", group="foreign"), page.data)
metric_with_source(cards, "Kosovar victims assisted", pick_one(page.figures, "ct_kosovar_victims", "trafficking_victims_assisted", "cumulative", group="kosovar"), page.data)
metric_with_source(cards, "Police officers trained", pick_one(page.figures, "ct_western_balkans", "police_trained", "cumulative"), page.data)

BASIS_NAMES = {"period": "this quarter", "year_to_date": "this year", "cumulative": "in all"}
VICTIM_COUNTS = {"trafficking_victims_assisted": "assisted", "trafficking_victims_returned": "returned"}
left, right = st.columns(2, gap="large")
with left:
    # Protection and assistance (404 since 1999), and the narrower return and reintegration (24 this year): said apart.
    victims = page.figures.loc[page.figures["indicator"].isin(list(VICTIM_COUNTS)) & (page.figures["restates"] == "")]
    if not victims.empty:
        labels = [f"{g.capitalize()} victims {VICTIM_COUNTS[i]}, {BASIS_NAMES.get(b, b)}"
                  for g, i, b in zip(victims["group"], victims["indicator"], victims["basis"])]
        table = chart_table(victims, labels, "people")
        chart_with_data(charts.victims_assisted, table, "victims_assisted", columns=TABLE_COLUMNS)
with right:
    audiences = [
        ("Police officers (KPS), this quarter", pick_one(page.figures, "ct_western_balkans", "police_trained", "period")),
        ("Police officers (KPS), since Dec 2003", pick_one(page.figures, "ct_western_balkans", "police_trained", "cumulative")),
        ("UNMIK TPIU officers observing", pick_one(page.figures, "ct_western_balkans", "observers", "period")),
        ("Anti-trafficking carers (NGOs, institutions)", pick_one(page.figures, "ct_measures_italy", "training_participants", "period")),
    ]
    present = [(label, f) for label, f in audiences if f is not None]
    if present:
        rows = pd.DataFrame([f for _, f in present])
        table = chart_table(rows, [label for label, _ in present], "people")
        chart_with_data(charts.trainings_by_audience, table, "ct_trainings", columns=TABLE_COLUMNS)

st.subheader("NGO network")
cards = card_row()
metric_with_source(cards, "NGOs assessed as partners", pick_one(page.figures, "ct_kosovar_victims", "ngos_assessed", "cumulative"), page.data)
metric_with_source(cards, "Sub-grant agreements", pick_one(page.figures, "ct_kosovar_victims", "subgrant_agreements", "cumulative"), page.data)
metric_with_source(cards, "Trainings for NGOs", pick_one(page.figures, "ct_kosovar_victims", "trainings_delivered", "cumulative"), page.data)
metric_with_source(cards, "NGOs trained (July 2004)", pick_one(page.figures, "ct_measures_italy", "organisations_trained", "period"), page.data)

st.subheader("Programmes")
for programme in CT_PROGRAMMES:
    programme_panel(page.data, page.figures, programme)

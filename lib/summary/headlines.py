"""The Overview's and the edition brief's headline figures, picked by what they are, so every edition fills them.

Each has a stable ``key`` (what a card is found by, and what the URL's ``?trend=`` holds) and a ``label`` for
display: in English, marked with ``N_``, and kept in English in ``lib.summary.HeadlineCard.label``; whoever draws
it (the Overview's cards and trend picker, the edition brief) draws ``lib.i18n.translated(card.label)``.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from lib.i18n import N_
from lib.summary.picking import pick_one

HEADLINES: tuple[dict[str, Any], ...] = (
    {
        "key": "returnees_quarter",
        "label": N_("Returnees this quarter"),
        "programme": "avr",
        "indicator": "returnees",
        "basis": "period",
        "page": "returns",
    },
    {
        "key": "returnees_since_1999",
        "label": N_("Returnees since 1999"),
        "programme": "avr",
        "indicator": "returnees",
        "basis": "cumulative",
        "page": "returns",
    },
    {
        "key": "csp_projects_implemented",
        "label": N_("CSP projects implemented"),
        "programme": "csp",
        "indicator": "projects",
        "basis": "cumulative",
        "fixed": {"status": "implemented"},
        "page": "stabilisation",
    },
    {
        "key": "sedmin_projects_approved",
        "label": N_("SEDMIN projects approved"),
        "programme": "sedmin",
        "indicator": "projects",
        "basis": "cumulative",
        "fixed": {"status": "approved"},
        "page": "stabilisation",
    },
    {
        "key": "sedmin_amount_approved",
        "label": N_("SEDMIN amount approved"),
        "programme": "sedmin",
        "indicator": "amount_approved",
        "basis": "cumulative",
        "fixed": {"status": "approved"},
        "page": "stabilisation",
    },
    {
        "key": "police_trained",
        "label": N_("Police trained on trafficking"),
        "programme": "ct_western_balkans",
        "indicator": "police_trained",
        "basis": "cumulative",
        "page": "counter-trafficking",
    },
    {
        "key": "foreign_victims_assisted",
        "label": N_("Foreign victims assisted"),
        "programme": "ct_western_balkans",
        "indicator": "trafficking_victims_assisted",
        "basis": "cumulative",
        "fixed": {"group": "foreign"},
        "page": "counter-trafficking",
    },
    {
        "key": "medical_evacuations",
        "label": N_("Medical evacuations"),
        "programme": "complex_medical",
        "indicator": "medical_evacuations",
        "basis": "cumulative",
        "page": "health",
    },
)


def headline(figures: pd.DataFrame, spec: dict[str, Any]) -> pd.Series | None:
    """The figure a headline spec names, or None when the edition does not report it."""
    return pick_one(figures, spec["programme"], spec["indicator"], spec["basis"], **spec.get("fixed", {}))

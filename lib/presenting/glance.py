"""The overview's picture of the mission: one small chart per theme, each comparing like with like.

Pure functions: each picks one edition's figures of one kind (one basis, one period) and returns
the chart table ``lib.presenting.charts.horizontal_bars`` draws, or None where the edition does not report
them. The overview draws them side by side, each linked to its page.

A glance's ``title`` and ``x_title`` are in English (``title`` marked with ``N_``); the overview draws
``title_text()`` and ``x_title_text()``, in the reader's language. The tables' labels are the reader's language's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from lib.i18n import N_, _, translated
from lib.presenting.present import basis_label, capitalised_word, chart_table, code_label, pick, pick_one

# An axis title that starts with a percent sign: gettext would read '% o' as a placeholder, so its message is
# written with one ('%(percent)s of projects', ``Glance.x_title_text``).
PERCENT_OF_PROJECTS = "% of projects"


@dataclass(frozen=True)
class Glance:
    theme: str  # a key of lib.presenting.themes.THEMES
    page: str  # a key of lib.presenting.pages
    title: str  # in English: drawn as ``title_text()``
    x_title: str  # in English: drawn as ``x_title_text()``
    table: Callable[[pd.DataFrame, dict[str, dict[str, str]]], pd.DataFrame | None]
    percent: bool = False

    def title_text(self) -> str:
        """The chart's title in the reader's language."""
        return translated(self.title)

    def x_title_text(self) -> str:
        """The x axis's title in the reader's language."""
        if self.x_title == PERCENT_OF_PROJECTS:
            return _("%(percent)s of projects", percent="%")
        return translated(self.x_title)


def _returns(figures: pd.DataFrame, names: dict[str, dict[str, str]]) -> pd.DataFrame | None:
    """This quarter's returnees by country, with the part the newsletter does not itemise."""
    parts = pick(figures, "avr", "returnees", "period", by="country")
    total = pick_one(figures, "avr", "returnees", "period")
    if parts.empty:
        return None
    return chart_table(parts, [code_label("country", c, names) for c in parts["country"]], "people", total)


def _stabilisation(figures: pd.DataFrame, names: dict[str, dict[str, str]]) -> pd.DataFrame | None:
    """SEDMIN's approved projects by sector, as shares of all of them."""
    shares = pick(figures, "sedmin", "projects_share", "share", by="sector")
    return None if shares.empty else chart_table(shares, [capitalised_word(s) for s in shares["sector"]], "percent")


def _counter_trafficking(figures: pd.DataFrame, names: dict[str, dict[str, str]]) -> pd.DataFrame | None:
    """The police trainings of the quarter: officers trained and the UNMIK officers who observed, figures of one period.

    Other trainings of the quarter (the carers' course of one month) count another period: they are on the page,
    not beside these.
    """
    trained = pick_one(figures, "ct_western_balkans", "police_trained", "period")
    observers = pick_one(figures, "ct_western_balkans", "observers", "period")
    if trained is None or observers is None or basis_label(trained) != basis_label(observers):
        return None  # figures of different periods are not drawn side by side
    return chart_table(
        pd.DataFrame([trained, observers]), [_("Police officers trained"), _("UNMIK officers observing")], "people"
    )


def _health(figures: pd.DataFrame, names: dict[str, dict[str, str]]) -> pd.DataFrame | None:
    """The Swedish Medical Team's patients operated on, by age, against the stated total."""
    place = "university_clinical_centre"
    parts = pick(figures, "smt", "patients_operated", "period", by="group", place=place)
    total = pick_one(figures, "smt", "patients_operated", "period", place=place)
    return None if parts.empty else chart_table(parts, [capitalised_word(g) for g in parts["group"]], "people", total)


GLANCES: tuple[Glance, ...] = (
    Glance("returns", "returns", N_("Returnees by country"), N_("People"), _returns),
    Glance(
        "stabilisation",
        "stabilisation",
        N_("SEDMIN projects by sector"),
        PERCENT_OF_PROJECTS,
        _stabilisation,
        percent=True,
    ),
    Glance(
        "counter_trafficking",
        "counter-trafficking",
        N_("Police trafficking training"),
        N_("People"),
        _counter_trafficking,
    ),
    Glance("migration_health", "health", N_("SMT patients operated on"), N_("Patients"), _health),
)


def subtitle(table: pd.DataFrame) -> str:
    """The one basis and period the chart's figures share, e.g. 'in 1 Aug – 31 Oct 2004'."""
    kinds = [text for text, remainder in zip(table["basis_text"], table["is_remainder"], strict=True) if not remainder]
    return kinds[0] if kinds else ""

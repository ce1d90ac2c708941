"""The Overview's *Across the mission*: one small chart per theme, each of one kind of figure
(``lib.presenting.glance``), worked out once per dataset and edition. A function of its own so that a new server
process makes them before its first reader comes (``ui.warm``), as the Overview would."""

from __future__ import annotations

import pandas as pd

from lib.dataset.data import Dataset
from lib.presenting import charts
from lib.presenting.glance import GLANCES, Glance, subtitle
from ui.page import page_names
from ui.state import figures_of
from ui.widgets import chart_spec


def _chart(glance: Glance, table: pd.DataFrame) -> dict[str, object]:
    """The glance's chart, its title and axis title in the reader's language (``data.derive``'s key has it)."""
    title, x_title = glance.title_text(), glance.x_title_text()
    return chart_spec(charts.horizontal_bars, table, title, x_title, glance.percent, subtitle(table))


def glance_charts(data: Dataset, edition: str) -> list[tuple[Glance, dict[str, object]]]:
    """Each glance with a figure in ``edition`` and its chart's Vega-Lite spec, worked out once per dataset and
    edition (the tables about 5 ms each; and no table hashed on every rerun to find its chart). Worked out from the
    key alone (the dataset and the edition), so no caller can keep other charts under it."""

    def worked_out() -> list[tuple[Glance, dict[str, object]]]:
        figures, names = figures_of(data, edition), page_names(data)
        tables = [glance.table(figures, names) for glance in GLANCES]
        return [
            (glance, _chart(glance, table)) for glance, table in zip(GLANCES, tables, strict=True) if table is not None
        ]

    return data.derive(("glance charts", edition), worked_out)

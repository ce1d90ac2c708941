"""What every page starts with: the data it needs (or a clear stop), the edition, its figures, a heading."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from lib.dataset.csvtext import problem_line
from lib.dataset.data import Dataset
from lib.i18n import _
from lib.presenting.present import code_names, edition_period
from lib.presenting.text import md_text
from ui.state import current_edition, dataset, edition_figures


@dataclass(frozen=True)
class PageContext:
    data: Dataset
    tables: dict[str, pd.DataFrame]  # the tables the page asked for, all readable
    edition: str  # chosen in the sidebar
    figures: pd.DataFrame  # that edition's figures (read-only)
    period: str  # its reporting period, in words
    names: dict[str, dict[str, str]]  # readable names of breakdown codes (``lib.presenting.present.code_names``)


def page_names(data: Dataset) -> dict[str, dict[str, str]]:
    """Readable names of breakdown codes (``lib.presenting.present.code_names``), kept with the dataset."""
    return data.derive(("code names",), lambda: code_names(data.tables))


def require(data: Dataset, *tables: str) -> dict[str, pd.DataFrame]:
    """The named tables; if one is broken, say which file and how to find out, and stop this page only."""
    missing = [name for name in tables if data.table(name) is None]
    if missing:
        files = ", ".join(f"data/{md_text(data.files.get(name, name + '.csv'))}" for name in missing)
        st.error(
            _(
                "This page cannot be shown: %(files)s could not be read. The other pages still work. "
                "Run `python -m lib.validate` to see every problem, or open the Data & sources page.",
                files=files,
            )
        )
        problems = data.problems_for(*missing)
        if problems:
            st.code("\n".join(problem_line(p) for p in problems[:15]), language=None)
        st.stop()
    return {name: data.tables[name] for name in tables}


def start_page(title: str = "", subtitle: str = "", needs: tuple[str, ...] = ()) -> PageContext:
    """The page's heading and the edition's reporting period, once the tables it needs are known to be readable.

    Every page built on figures needs figures, indicators and programmes; ``needs`` names any others.
    Without a ``title`` the page writes its own heading.
    """
    data = dataset()
    required = require(data, "figures", "indicators", "programmes", *needs)
    edition = current_edition()
    context = PageContext(
        data=data,
        tables=required,
        edition=edition,
        figures=edition_figures(data),
        period=edition_period(data.table("editions"), edition),
        names=page_names(data),
    )
    if title:
        st.title(title)
        st.caption(md_text(f"{subtitle} · {context.period}" if subtitle else context.period))
    return context

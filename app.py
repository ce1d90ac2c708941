"""IOM Kosovo programme dashboard: entry point."""

from __future__ import annotations

import streamlit as st

from lib.checks import summarise
from lib.data import load

st.set_page_config(page_title="IOM Kosovo programme dashboard", page_icon=":bar_chart:", layout="wide")
st.title("IOM Kosovo programme dashboard")

dataset = load()
figures = dataset.table("figures")
programmes = dataset.table("programmes")
if figures is None or programmes is None:
    st.error("The figures could not be loaded. Run `python -m lib.validate` to see what to fix in `data/`.")
    for problem in dataset.problems[:20]:
        st.text(str(problem))
    st.stop()

counts = summarise(dataset.checks)
figure_col, programme_col, check_col = st.columns(3)
figure_col.metric("Figures", f"{len(figures):,}")
programme_col.metric("Programmes", f"{len(programmes):,}")
check_col.metric("Consistency checks", f"{len(dataset.checks):,}",
                 help=f"{counts['consistent']} consistent, {counts['not_itemised']} with a remainder not itemised, "
                      f"{counts['inconsistent']} inconsistent, {counts['wording_differs']} worded differently")

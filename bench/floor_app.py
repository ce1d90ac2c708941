"""The least a first page can do under issue 25's terms: a yardstick for the dashboard's cold start.

It imports what every dashboard page must (pandas, and Altair at the top of the module that draws a chart) and
draws four small bar charts, as the Overview does, with nothing of the app: no data read or validated, no summary.
A dashboard start cannot be faster than this page's on the same machine, so its ratio to the one-line page is the
floor of the dashboard's.
"""

import altair as alt
import pandas as pd
import streamlit as st

st.title("Floor: pandas, Altair and four bar charts")
for number in range(4):
    table = pd.DataFrame({"place": [f"place {n}" for n in range(6)], "share": [n + number for n in range(6)]})
    chart = alt.Chart(table, title=f"Chart {number + 1}").mark_bar().encode(x="share:Q", y="place:N")
    st.vega_lite_chart(chart.to_dict(), width="stretch")

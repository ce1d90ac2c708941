import streamlit as st

st.title("Baseline: a one-line Streamlit page")  # noqa: E401,E702 - the benchmark's yardstick

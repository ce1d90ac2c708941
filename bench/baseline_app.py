import streamlit as st

st.title("Baseline: a one-line Streamlit page")  # the benchmark's yardstick

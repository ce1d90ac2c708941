import pydeck as pdk
import streamlit as st

st.title("Baseline: one deck.gl layer")
st.pydeck_chart(
    pdk.Deck(
        layers=[pdk.Layer("ScatterplotLayer", data=[{"p": [20.9, 42.6]}], get_position="p", get_radius=5000)],
        initial_view_state=pdk.ViewState(latitude=42.6, longitude=20.9, zoom=7),
        map_provider=None,
    )
)  # the yardstick for map pages

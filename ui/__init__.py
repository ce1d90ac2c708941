"""The Streamlit side: state, caches, widgets and page helpers. ``lib/`` never imports Streamlit; this package does."""

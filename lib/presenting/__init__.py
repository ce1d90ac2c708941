"""What a reader sees, as pure functions: the page registry and theme table, picking figures by what they are
and saying them in words, derived tables for pages, Altair charts with their descriptions, pydeck and Vega-Lite
maps, safe CSV export and text made safe for Markdown."""

"""The data package: reading it (one CSV reader, Frictionless validation, typed tables), checking it for
consistency, the gazetteer of places, comparing figures across editions, and the data folder as one atomic
store. Nothing here knows about pages or Streamlit.
"""

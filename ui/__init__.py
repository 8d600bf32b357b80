"""Streamlit glue shared by app.py and pages/: translation, formatting, cached data, shared filters."""

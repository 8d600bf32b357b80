"""Streamlit glue shared by app.py and pages/: cached data access and the scope kept in the URL.

The only package besides app.py and pages/ that imports streamlit (docs/ARCHITECTURE.md).
"""

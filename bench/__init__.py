"""Benchmarks that print their figures: `python -m bench map`, `python -m bench ingest`, `python -m bench rerun`."""

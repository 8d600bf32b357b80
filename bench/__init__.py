"""Benchmarks that print their figures: `python -m bench map`, `ingest`, `national`, `queries`."""

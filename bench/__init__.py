"""Benchmarks that print their figures: `python -m bench` (all, one table) or one of map, ingest, national, queries, rerun."""

"""Imports of staff lists (CSV/XLSX) into the database: read, validate, commit, audit (the contract: README, "The command line").

reader (bytes -> rows, safely) · header (which table, which columns) · cells (one value each) ·
places (commune names -> codes) · figure_rows (a report figure's code -> how it is read) ·
validation (rows -> records + problems) · keys (record_id) ·
commit (one transaction) · audit (log, undo) · templates (templates and exports) · accounts
(editors) · pipeline (the steps in order, for the page and for `python -m ingest`).
"""

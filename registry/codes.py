"""Every code list: the values a coded column may hold, in the order pages and templates offer them.

Each list is written here only. data/schema.sql names a list in a CHECK as `{name}` (a key of
CODE_LISTS) and store/schema.py writes its values in, so the database refuses any other code; the
import offers a list as a column's choices and the Tables page as its filter (registry/tables.py).
The words for a code are translations (import.choice.COLUMN.CODE, tables.value.COLUMN.CODE).
"""

from __future__ import annotations

from registry.figures import FIGURE_CODES

CLUB_STATUSES = ("set_up_not_launched", "launched")
EVENT_TYPES = ("market_event", "campaign", "policy_dialogue")
# Project 8's four content areas: communication, economic empowerment, voice and participation, training.
CONTENT_AREAS = (1, 2, 3, 4)
TARGET_STATUSES = ("exceeded", "achieved", "not_achieved", "not_started")
# Funds of an earlier year carried over, the report year's plan, the next year's plan.
BUDGET_LINES = ("carryover", "plan", "planned_next")
DOC_TYPES = ("decision", "plan", "official_letter", "guidance", "circular", "decree")
UNIT_TYPES = ("commune", "ward", "township")
# How a polygon of the boundary file was tied to an official code (geo/boundaries.py).
MATCH_METHODS = ("exact", "normalized", "ascii", "alias", "merged", "unmatched")
# How a unit of the official lists was tied to the package that gives the 2025 crosswalk (geo/crosswalk.py).
CROSSWALK_MATCH_METHODS = ("code", "code_renamed", "name", "unmatched", "package_only")
IMPORT_DOORS = ("app", "cli")
IMPORT_CHANGES = ("added", "updated", "removed")

CODE_LISTS: dict[str, tuple[str, ...] | tuple[int, ...]] = {
    "club_statuses": CLUB_STATUSES,
    "event_types": EVENT_TYPES,
    "content_areas": CONTENT_AREAS,
    "target_statuses": TARGET_STATUSES,
    "budget_lines": BUDGET_LINES,
    "doc_types": DOC_TYPES,
    "unit_types": UNIT_TYPES,
    "match_methods": MATCH_METHODS,
    "crosswalk_match_methods": CROSSWALK_MATCH_METHODS,
    "import_doors": IMPORT_DOORS,
    "import_changes": IMPORT_CHANGES,
    "figure_codes": FIGURE_CODES,  # what a district report prints (registry/figures.py)
}

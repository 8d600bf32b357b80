"""What each importable table looks like in a file: its columns, their kinds, and its natural key.

One description serves the templates, the reader (which headers are known), the validator (what a
cell may hold) and the commit (which database columns to write). Column names are the database's
code names (DESIGN §2); their Vietnamese and English headers are the entries `import.column.NAME` of
the catalogues (i18n/locales), so a file may use either language or the code name.

A row's identity is `record_id`. A file may give it (an export always does); when it does not, the
row is matched to a stored row with the same natural key, and otherwise gets a key derived from the
natural key alone (see ingest/keys.py), so importing the same rows twice never adds them twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

# Kinds of cell. `commune` is the unit's name *or* code as staff write it; it is not stored, it is
# resolved to `commune_code` of the row's vintage.
KINDS = (
    "record_id", "year", "vintage", "district", "commune", "commune_code", "text", "count", "integer",
    "amount", "date", "boolean", "choice", "latitude", "longitude",
)


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    required: bool = False
    choices: tuple[str, ...] = ()       # codes; labels are import.choice.COLUMN.CODE
    past_only: bool = False             # a date of something that has happened (not a deadline)
    low: int | None = None              # bounds of an `integer`
    high: int | None = None
    default: str | None = None          # canonical value when the cell is empty
    stored: bool = True                 # False: read to resolve another column, not a database column

    def __post_init__(self):
        assert self.kind in KINDS, self.kind


@dataclass(frozen=True)
class TableSpec:
    name: str
    prefix: str                                   # of generated record_ids, as in the seed (ct-, ta-, …)
    columns: tuple[Column, ...]
    natural_key: tuple[str, ...]                  # database columns that say "the same thing"
    commune_level: bool                           # rows name a commune (else: a district)
    commune_required: bool = True
    date_column: str | None = None                # tells the vintage when the file does not
    women_pairs: tuple[tuple[str, str], ...] = () # (women, all): women may not exceed all
    defaults_by: tuple[tuple[str, str, dict], ...] = field(default=())  # (column, from column, {value: default})

    @cached_property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    @cached_property
    def stored_columns(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns if column.stored)

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)


# Columns every fact table starts and ends with.
def _head(district_required: bool = False, commune: bool = True, commune_required: bool = True) -> tuple[Column, ...]:
    columns = [
        Column("record_id", "record_id"),
        Column("year", "year", required=True),
        Column("vintage", "vintage"),
        Column("district_code", "district", required=district_required),
    ]
    if commune:
        columns += [Column("commune", "commune", stored=False), Column("commune_code", "commune_code")]
    return tuple(columns)


_TAIL = (Column("illustrative", "boolean", default="false"), Column("source", "text"))

EVENT_TYPES = ("market_event", "campaign", "policy_dialogue")
CONTENT_AREAS = ("1", "2", "3", "4")

TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec(
            "comm_team", "ct",
            _head() + (
                Column("village", "text"),
                Column("communicators", "count", required=True),
                Column("communicators_female", "count", required=True),
                Column("established_on", "date", past_only=True),
            ) + _TAIL,
            natural_key=("year", "vintage", "commune_code", "village"),
            commune_level=True, date_column="established_on",
            women_pairs=(("communicators_female", "communicators"),),
        ),
        TableSpec(
            "trusted_address", "ta",
            _head() + (
                Column("village", "text"),
                Column("name", "text"),
                Column("members", "count", required=True),
                Column("members_female", "count", required=True),
                Column("established_on", "date", past_only=True),
                Column("latitude", "latitude"),
                Column("longitude", "longitude"),
            ) + _TAIL,
            natural_key=("year", "vintage", "commune_code", "village", "name"),
            commune_level=True, date_column="established_on",
            women_pairs=(("members_female", "members"),),
        ),
        TableSpec(
            "club", "club",
            _head() + (
                Column("school", "text", required=True),
                Column("club_name", "text"),
                Column("status", "choice", required=True, choices=("set_up_not_launched", "launched")),
            ) + _TAIL,
            natural_key=("year", "vintage", "commune_code", "school", "club_name"),
            commune_level=True,
        ),
        TableSpec(
            "event", "ev",
            _head() + (
                Column("event_type", "choice", required=True, choices=EVENT_TYPES),
                Column("content_area", "choice", choices=CONTENT_AREAS),
                Column("held_on", "date", past_only=True),
                Column("villages", "text"),
                Column("villages_reached", "count"),
                Column("attendees", "count"),
                Column("attendees_lower_bound", "boolean", default="false"),
                Column("topic", "text"),
            ) + _TAIL,
            natural_key=("year", "vintage", "district_code", "commune_code", "event_type", "held_on", "topic"),
            commune_level=True, commune_required=False, date_column="held_on",
            # Content areas of DESIGN §2: market days and campaigns are communication (1), dialogues are voice (3).
            defaults_by=(("content_area", "event_type", {"market_event": "1", "campaign": "1", "policy_dialogue": "3"}),),
        ),
        TableSpec(
            "training", "tr",
            _head() + (
                Column("content_area", "choice", required=True, choices=CONTENT_AREAS),
                Column("organiser", "text", required=True),
                Column("held_on", "date", past_only=True),
                Column("participants", "count", required=True),
                Column("topic", "text"),
            ) + _TAIL,
            natural_key=("year", "vintage", "district_code", "commune_code", "organiser", "held_on", "topic"),
            commune_level=True, commune_required=False, date_column="held_on",
        ),
        TableSpec(
            "supervision", "sv",
            _head() + (
                Column("visited_on", "date", past_only=True),
                Column("supervisor", "text", required=True),
            ) + _TAIL,
            natural_key=("year", "vintage", "commune_code", "visited_on", "supervisor"),
            commune_level=True, date_column="visited_on",
        ),
        TableSpec(
            "safe_birth_support", "sb",
            _head() + (
                Column("package", "text", required=True),
                Column("mothers_paid", "count", required=True),
            ) + _TAIL,
            natural_key=("year", "vintage", "commune_code", "package"),
            commune_level=True,
        ),
        TableSpec(
            "project_commune", "pc",
            _head() + (Column("is_project", "boolean", required=True),) + _TAIL,
            natural_key=("year", "vintage", "commune_code"),
            commune_level=True,
        ),
        TableSpec(
            "target", "tgt",
            _head(district_required=True, commune=False) + (
                Column("code", "text", required=True),
                Column("name_vi", "text", required=True),
                Column("name_en", "text", required=True),
                Column("content_area", "choice", required=True, choices=CONTENT_AREAS),
                Column("period_start", "integer", required=True, low=2000, high=2100),
                Column("period_end", "integer", required=True, low=2000, high=2100),
                Column("target_value", "amount"),
                Column("actual_value", "amount"),
                Column("status", "choice", required=True, choices=("exceeded", "achieved", "not_achieved", "not_started")),
            ) + _TAIL,
            natural_key=("year", "district_code", "code"),
            commune_level=False,
        ),
        TableSpec(
            "budget", "bud",
            _head(district_required=True, commune=False) + (
                Column("allocation_year", "integer", required=True, low=2000, high=2100),
                Column("line", "choice", required=True, choices=("carryover", "plan", "planned_next")),
                Column("funding_source", "text", required=True),
                Column("implementing_unit", "text", required=True),
                Column("allocated_mvnd", "amount"),
                Column("advanced_mvnd", "amount"),
                Column("disbursed_mvnd", "amount"),
                Column("expected_disbursed_mvnd", "amount"),
                Column("expected_by", "date"),
            ) + _TAIL,
            natural_key=("year", "district_code", "allocation_year", "line", "funding_source", "implementing_unit"),
            commune_level=False,
        ),
    )
}

TABLE_NAMES = tuple(TABLES)

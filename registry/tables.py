"""The fact tables of data/schema.sql and the report's figures: one description each, read by the build, the import and the Tables page.

The build loads the seed file of each table in TABLES order, then REPORT_TABLES, and checks that every
row of a commune-level table names a unit of its vintage. The import reads a table's `columns` (the
columns of a file: kinds, checks, defaults), its `natural_key` and its record-id `prefix`; it writes
only IMPORT_TABLES: the facts that are `importable`, and the figures a district's report prints
(REPORTS: not facts, so not on the Tables page, but imported the same way for any district and year).
The Tables page reads `type_column` (its filter by kind of record)
and `geometries` (the GeoJSON it offers). Column names are the database's code names; their Vietnamese
and English headers are the entries `import.column.NAME` of the catalogues (i18n/locales), so a file may use either language or the
code name. A coded column refers to its list in registry/codes.py, which the schema enforces too.

A row's identity is `record_id`. A file may give it (an export always does); when it does not, the
row is matched to a stored row with the same natural key, and otherwise gets a key derived from the
natural key alone (ingest/keys.py), so importing the same rows twice never adds them twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from registry import codes, figures

# Kinds of cell. `commune` is the unit's name *or* code as staff write it; it is not stored, it is
# resolved to `commune_code` of the row's vintage.
KINDS = (
    "record_id",
    "year",
    "vintage",
    "district",
    "commune",
    "commune_code",
    "text",
    "count",
    "integer",
    "amount",
    "date",
    "boolean",
    "choice",
    "latitude",
    "longitude",
)


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    required: bool = False
    codes: tuple[str, ...] | tuple[int, ...] = ()  # a list of registry.codes, for a `choice`
    past_only: bool = False  # a date of something that has happened (not a deadline)
    low: int | None = None  # bounds of an `integer`
    high: int | None = None
    default: str | None = None  # canonical value when the cell is empty
    stored: bool = True  # False: read to resolve another column, not a database column

    def __post_init__(self):
        assert self.kind in KINDS, self.kind
        assert (self.kind == "choice") == bool(self.codes), self.name

    @property
    def choices(self) -> tuple[str, ...]:
        """The codes as a file's cells hold them (text); their labels are import.choice.COLUMN.CODE."""
        return tuple(str(code) for code in self.codes)


@dataclass(frozen=True)
class TableSpec:
    name: str
    prefix: str  # of generated record_ids, as in the seed (ct-, ta-, …)
    columns: tuple[Column, ...]
    commune_level: bool  # rows name a commune (else: a district)
    natural_key: tuple[str, ...] = ()  # database columns that say "the same thing"
    importable: bool = True  # staff may import files into it
    commune_required: bool = True
    date_column: str | None = None  # tells the vintage when the file does not
    women_pairs: tuple[tuple[str, str], ...] = ()  # (women, all): women may not exceed all
    defaults_by: tuple[tuple[str, str, dict], ...] = field(default=())  # (column, from column, {value: default})
    type_column: str | None = None  # the Tables page's filter by kind of record
    key_unique: bool = False  # the schema allows one row per natural key, whatever its record_id

    def __post_init__(self):
        assert not self.importable or self.natural_key, self.name
        assert self.type_column is None or self.column(self.type_column).codes, self.name

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

    @property
    def type_codes(self) -> tuple[str, ...]:
        """The choices of the Tables page's kind-of-record filter: the code list of `type_column`."""
        return self.column(self.type_column).codes if self.type_column else ()

    @property
    def geometries(self) -> tuple[str, ...]:
        """GeoJSON the Tables page offers: commune polygons with values, and points where rows have coordinates."""
        shapes = ("communes",) if self.commune_level else ()
        return shapes + (("points",) if {"latitude", "longitude"} <= set(self.column_names) else ())


# Columns every fact table starts and ends with.
def _head(district_required: bool = False, commune: bool = True) -> tuple[Column, ...]:
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

TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec(
            "comm_team",
            "ct",
            _head()
            + (
                Column("village", "text"),
                Column("communicators", "count", required=True),
                Column("communicators_female", "count", required=True),
                Column("established_on", "date", past_only=True),
            )
            + _TAIL,
            natural_key=("year", "vintage", "commune_code", "village"),
            commune_level=True,
            date_column="established_on",
            women_pairs=(("communicators_female", "communicators"),),
        ),
        TableSpec(
            "trusted_address",
            "ta",
            _head()
            + (
                Column("village", "text"),
                Column("name", "text"),
                Column("members", "count", required=True),
                Column("members_female", "count", required=True),
                Column("established_on", "date", past_only=True),
                Column("latitude", "latitude"),
                Column("longitude", "longitude"),
            )
            + _TAIL,
            natural_key=("year", "vintage", "commune_code", "village", "name"),
            commune_level=True,
            date_column="established_on",
            women_pairs=(("members_female", "members"),),
        ),
        TableSpec(
            "club",
            "club",
            _head()
            + (
                Column("school", "text", required=True),
                Column("club_name", "text"),
                Column("status", "choice", required=True, codes=codes.CLUB_STATUSES),
            )
            + _TAIL,
            natural_key=("year", "vintage", "commune_code", "school", "club_name"),
            commune_level=True,
            type_column="status",
        ),
        TableSpec(
            "event",
            "ev",
            _head()
            + (
                Column("event_type", "choice", required=True, codes=codes.EVENT_TYPES),
                Column("content_area", "choice", codes=codes.CONTENT_AREAS),
                Column("held_on", "date", past_only=True),
                Column("villages", "text"),
                Column("villages_reached", "count"),
                Column("attendees", "count"),
                Column("attendees_lower_bound", "boolean", default="false"),
                Column("topic", "text"),
            )
            + _TAIL,
            natural_key=("year", "vintage", "district_code", "commune_code", "event_type", "held_on", "topic"),
            commune_level=True,
            commune_required=False,
            date_column="held_on",
            type_column="event_type",
            # Market days and campaigns are communication (content area 1), dialogues are voice (3).
            defaults_by=(
                ("content_area", "event_type", {"market_event": "1", "campaign": "1", "policy_dialogue": "3"}),
            ),
        ),
        TableSpec(
            "training",
            "tr",
            _head()
            + (
                Column("content_area", "choice", required=True, codes=codes.CONTENT_AREAS),
                Column("organiser", "text", required=True),
                Column("held_on", "date", past_only=True),
                Column("participants", "count", required=True),
                Column("topic", "text"),
            )
            + _TAIL,
            natural_key=("year", "vintage", "district_code", "commune_code", "organiser", "held_on", "topic"),
            commune_level=True,
            commune_required=False,
            date_column="held_on",
        ),
        TableSpec(
            "supervision",
            "sv",
            _head()
            + (
                Column("visited_on", "date", past_only=True),
                Column("supervisor", "text", required=True),
            )
            + _TAIL,
            natural_key=("year", "vintage", "commune_code", "visited_on", "supervisor"),
            commune_level=True,
            date_column="visited_on",
        ),
        TableSpec(
            "safe_birth_support",
            "sb",
            _head()
            + (
                Column("package", "text", required=True),
                Column("mothers_paid", "count", required=True),
            )
            + _TAIL,
            natural_key=("year", "vintage", "commune_code", "package"),
            commune_level=True,
        ),
        TableSpec(
            "project_commune",
            "pc",
            _head() + (Column("is_project", "boolean", required=True),) + _TAIL,
            natural_key=("year", "vintage", "commune_code"),
            commune_level=True,
        ),
        TableSpec(
            "target",
            "tgt",
            _head(district_required=True, commune=False)
            + (
                Column("code", "text", required=True),
                Column("name_vi", "text", required=True),
                Column("name_en", "text", required=True),
                Column("content_area", "choice", required=True, codes=codes.CONTENT_AREAS),
                Column("period_start", "integer", required=True, low=2000, high=2100),
                Column("period_end", "integer", required=True, low=2000, high=2100),
                Column("target_value", "amount"),
                Column("actual_value", "amount"),
                Column("status", "choice", required=True, codes=codes.TARGET_STATUSES),
            )
            + _TAIL,
            natural_key=("year", "district_code", "code"),
            commune_level=False,
            type_column="status",
        ),
        TableSpec(
            "budget",
            "bud",
            _head(district_required=True, commune=False)
            + (
                Column("allocation_year", "integer", required=True, low=2000, high=2100),
                Column("line", "choice", required=True, codes=codes.BUDGET_LINES),
                Column("funding_source", "text", required=True),
                Column("implementing_unit", "text", required=True),
                Column("allocated_mvnd", "amount"),
                Column("advanced_mvnd", "amount"),
                Column("disbursed_mvnd", "amount"),
                Column("expected_disbursed_mvnd", "amount"),
                Column("expected_by", "date"),
            )
            + _TAIL,
            natural_key=("year", "district_code", "allocation_year", "line", "funding_source", "implementing_unit"),
            commune_level=False,
            type_column="line",
        ),
        # The documents a report cites: read from the seed, not imported.
        TableSpec(
            "document",
            "doc",
            (
                Column("record_id", "record_id"),
                Column("district_code", "district", required=True),
                Column("year", "year", required=True),
                Column("number", "text", required=True),
                Column("doc_type", "choice", required=True, codes=codes.DOC_TYPES),
                Column("issued_on", "date", past_only=True),
                Column("issuer", "text"),
                Column("title", "text"),
                Column("section", "text"),
                Column("source", "text"),
            ),
            commune_level=False,
            importable=False,
            type_column="doc_type",
        ),
    )
}
FACT_TABLES = tuple(TABLES)
# Loaded after the facts: what the report prints, to compare the data with.
REPORT_TABLES = ("report_figure", "report_percentage")
# The report tables that files bring in. A district's figure is one row per (year, district, code); the
# code is one of registry/figures.py, whose order and unit an empty position or unit takes.
REPORTS: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec(
            "report_figure",
            "rf",
            (
                Column("record_id", "record_id"),
                Column("position", "integer", low=1, high=10_000),
                Column("district_code", "district", required=True),
                Column("year", "year", required=True),
                Column("code", "choice", required=True, codes=figures.FIGURE_CODES),
                Column("reported", "amount", required=True),
                Column("lower_bound", "boolean", default="false"),
                Column("printed", "text"),
                Column("unit", "text"),
                Column("section", "text", default="–"),
                Column("description_vi", "text"),
                Column("description_en", "text"),
                Column("explanation", "text"),
            ),
            natural_key=("year", "district_code", "code"),
            commune_level=False,
            key_unique=True,
            defaults_by=(
                ("position", "code", {f.code: str(n) for n, f in enumerate(figures.FIGURES, start=1)}),
                ("unit", "code", {f.code: f.unit for f in figures.FIGURES}),
            ),
        ),
    )
}
IMPORT_TABLES = {name: spec for name, spec in (TABLES | REPORTS).items() if spec.importable}

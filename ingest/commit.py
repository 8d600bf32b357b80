"""Write a validated file into its table: all rows or none, and the same file twice changes nothing.

Inside one explicit transaction (ingest/transaction.py): every row gets its record_id (given,
matched on the natural key, or derived from it: ingest/keys.py); rows are classified against the
stored ones as added, updated (some value differs) or unchanged; the rows an update replaces are
kept as before-images for undo; and the file's real rows replace the *illustrative* rows of the
same table, year and place — the same commune (a 2023 commune's illustrative rows also give way to a
real list of the 2025 unit that took it over), or, for district-level rows, the same district —
and nothing else: a commune whose list has not come keeps its illustration until it does. Then the
import is logged. Any failure rolls all of it back.

Values travel as the canonical text the validator produced and are cast by DuckDB to each column's
declared type, so nothing depends on how pandas or Arrow would guess types.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import pyarrow as pa

from ingest import audit
from ingest.keys import matching_key_sql, natural_key, stored_keys
from ingest.messages import Problem
from ingest.transaction import transaction
from ingest.validation import Validated, finish
from registry.tables import TableSpec


class Rejected(Exception):
    """The rows cannot be written as they are (found only against the stored rows, e.g. duplicates)."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


@dataclass(frozen=True)
class Place:
    """A commune (or, for district-level rows, a district) whose illustrative rows an import replaces."""

    vintage: int
    code: str  # commune code, or the district code where commune is None
    name: str
    rows: int
    commune: bool = True


@dataclass(frozen=True)
class Plan:
    added: int
    updated: int
    unchanged: int
    removed: int  # illustrative rows the import replaces
    places: tuple[Place, ...] = field(default=(), compare=False)  # where they were

    @property
    def changes(self) -> int:
        return self.added + self.updated + self.removed


def _types(connection: duckdb.DuckDBPyConnection, spec: TableSpec) -> dict[str, str]:
    return {name: column_type for name, column_type, *_ in connection.execute(f"DESCRIBE {spec.name}").fetchall()}


def _arrow(spec: TableSpec, records: list[dict]) -> pa.Table:
    return pa.table(
        {name: pa.array([record.get(name) for record in records], type=pa.string()) for name in spec.stored_columns}
    )


def _typed(spec: TableSpec, types: dict[str, str]) -> str:
    casts = ", ".join(f"CAST({name} AS {types[name]}) AS {name}" for name in spec.stored_columns)
    return f"SELECT {casts} FROM incoming_text"


def _classify_sql(spec: TableSpec) -> str:
    changed = " OR ".join(f"i.{name} IS DISTINCT FROM t.{name}" for name in spec.stored_columns if name != "record_id")
    return f"""SELECT i.record_id,
                      CASE WHEN t.record_id IS NULL THEN 'added' WHEN {changed} THEN 'updated' ELSE 'unchanged' END AS action
               FROM incoming i LEFT JOIN {spec.name} t ON t.record_id = i.record_id"""


def _replaced_sql(spec: TableSpec) -> str:
    """Illustrative rows of the same table, year and place as one of the file's real rows, not in the file
    (none in a table that holds no illustrative rows, such as a report's figures). A row's place is its
    commune, seen in the incoming row's vintage through place_map; a district-level row's (no commune, or a
    table without communes such as targets) is its district."""
    columns = spec.stored_columns
    if "illustrative" not in columns:
        return f"SELECT record_id FROM {spec.name} WHERE false"
    same_district = "i.commune_code IS NULL AND t.commune_code IS NULL AND i.district_code = t.district_code"
    same_commune = """i.commune_code IS NOT NULL AND EXISTS (
                          SELECT 1 FROM place_map AS pm
                          WHERE pm.from_vintage = t.vintage AND pm.from_code = t.commune_code
                            AND pm.to_vintage = i.vintage AND pm.to_code = i.commune_code)"""
    same_place = (
        f"({same_district}) OR ({same_commune})" if "commune_code" in columns else "i.district_code = t.district_code"
    )
    return f"""SELECT t.record_id FROM {spec.name} t
               WHERE t.illustrative
                 AND EXISTS (SELECT 1 FROM incoming i WHERE NOT i.illustrative AND i.year = t.year AND ({same_place}))
                 AND NOT EXISTS (SELECT 1 FROM incoming i WHERE i.record_id = t.record_id)"""


def _places_sql(spec: TableSpec) -> str:
    """Where the replaced rows (relation `replaced`) lie, with the commune's or the district's name
    (no rows for a table that holds no illustrative rows)."""
    if "illustrative" not in spec.stored_columns:
        return "SELECT NULL, NULL, NULL, NULL, NULL WHERE false"
    commune = "t.commune_code" if "commune_code" in spec.stored_columns else "CAST(NULL AS VARCHAR)"
    return f"""SELECT vintage, coalesce(commune_code, district_code) AS code,
                      place_label(vintage, commune_code, district_code) AS name,
                      count(*) AS rows, commune_code IS NOT NULL AS commune
               FROM (SELECT t.vintage, {commune} AS commune_code, t.district_code
                     FROM {spec.name} t WHERE t.record_id IN (SELECT record_id FROM replaced))
               GROUP BY vintage, commune_code, district_code
               ORDER BY name, code"""


def _places(connection: duckdb.DuckDBPyConnection, sql: str) -> tuple[Place, ...]:
    return tuple(
        Place(int(v), code, name, int(rows), bool(commune))
        for v, code, name, rows, commune in connection.execute(sql).fetchall()
    )


def _stored_keys(connection: duckdb.DuckDBPyConnection, validated: Validated) -> dict:
    """The stored rows' natural keys, of only those rows that may share one with the file's rows: matched
    inside the database, so a table of a million rows costs no more to read than the file's few."""
    spec = validated.spec
    keys = validated.keys if len(validated.keys) == len(validated.records) else None
    keys = keys or [natural_key(spec, record) for record in validated.records]
    columns = list(zip(*keys)) if keys else [() for _ in spec.natural_key]
    connection.register(
        "file_keys",
        pa.table({name: pa.array(values, type=pa.string()) for name, values in zip(spec.natural_key, columns)}),
    )
    try:
        return stored_keys(spec, connection.execute(matching_key_sql(spec)).fetchall())
    finally:
        connection.unregister("file_keys")


def _prepare(connection: duckdb.DuckDBPyConnection, validated: Validated) -> None:
    """Ids for every row, then the file's rows as the relation `incoming` (typed like the table)."""
    spec = validated.spec
    problems = finish(validated, _stored_keys(connection, validated))
    if problems:
        raise Rejected(problems)
    connection.register("incoming_text", _arrow(spec, validated.records))


def _forget(connection: duckdb.DuckDBPyConnection) -> None:
    try:
        connection.unregister("incoming_text")
    except duckdb.Error:
        pass  # never registered (the rows were rejected first)


def preview(connection: duckdb.DuckDBPyConnection, validated: Validated) -> Plan:
    """What an import would do, read-only (the dry run, and the page's preview)."""
    _prepare(connection, validated)
    try:
        with_incoming = f"WITH incoming AS ({_typed(validated.spec, _types(connection, validated.spec))})"
        counts = dict(
            connection.execute(
                f"{with_incoming}, classified AS ({_classify_sql(validated.spec)}) SELECT action, count(*) FROM classified GROUP BY action"
            ).fetchall()
        )
        places = _places(
            connection,
            f"{with_incoming}, replaced AS ({_replaced_sql(validated.spec)}) {_places_sql(validated.spec)}",
        )
    finally:
        _forget(connection)
    removed = sum(place.rows for place in places)
    return Plan(counts.get("added", 0), counts.get("updated", 0), counts.get("unchanged", 0), removed, places)


def apply(
    connection: duckdb.DuckDBPyConnection,
    validated: Validated,
    *,
    editor: str,
    door: str,
    file_name: str,
    file_sha256: str,
) -> audit.Entry:
    """Import the rows in one transaction; returns the log entry written with them."""
    spec = validated.spec
    table = spec.name
    try:
        with transaction(connection):
            audit.ensure_tables(connection)
            _prepare(connection, validated)
            connection.execute(f"CREATE TEMP TABLE incoming AS {_typed(spec, _types(connection, spec))}")
            connection.execute(f"CREATE TEMP TABLE classified AS {_classify_sql(spec)}")
            connection.execute(f"CREATE TEMP TABLE replaced AS {_replaced_sql(spec)}")
            places = _places(connection, _places_sql(spec))
            import_id = audit.next_id(connection)
            connection.execute(
                f"""INSERT INTO import_change
                    SELECT ?, t.record_id, 'updated', CAST(to_json(t) AS VARCHAR) FROM {table} t
                    WHERE t.record_id IN (SELECT record_id FROM classified WHERE action = 'updated')
                    UNION ALL
                    SELECT ?, t.record_id, 'removed', CAST(to_json(t) AS VARCHAR) FROM {table} t
                    WHERE t.record_id IN (SELECT record_id FROM replaced)
                    UNION ALL
                    SELECT ?, record_id, 'added', NULL FROM classified WHERE action = 'added'""",
                [import_id, import_id, import_id],
            )
            connection.execute(
                f"""DELETE FROM {table} WHERE record_id IN (
                        SELECT record_id FROM classified WHERE action = 'updated' UNION ALL SELECT record_id FROM replaced)"""
            )
            connection.execute(
                f"""INSERT INTO {table} BY NAME
                    SELECT i.* FROM incoming i JOIN classified c USING (record_id) WHERE c.action IN ('added', 'updated')"""
            )
            counts = dict(connection.execute("SELECT action, count(*) FROM classified GROUP BY action").fetchall())
            entry = audit.Entry(
                import_id,
                editor,
                door,
                file_name,
                file_sha256,
                table,
                len(validated.records),
                counts.get("added", 0),
                counts.get("updated", 0),
                counts.get("unchanged", 0),
                sum(place.rows for place in places),
                audit.now(),
                places,
            )
            audit.write(connection, entry)
            for temporary in ("incoming", "classified", "replaced"):
                connection.execute(f"DROP TABLE {temporary}")
    finally:
        _forget(connection)
    connection.execute("CHECKPOINT")
    return entry

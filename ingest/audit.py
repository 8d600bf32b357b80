"""The import log: who imported which file when, what it changed, and undoing the last import.

The tables are declared in data/schema.sql (import_log, import_change). A database built before
they existed gets them on its first import (the same statements, IF NOT EXISTS). Undo restores the
rows an import replaced from their before-images and deletes the rows it added, in one transaction;
only the most recent import that is not undone yet can be undone, so imports unwind in order.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb
import pandas as pd

from ingest.transaction import transaction
from registry.tables import IMPORT_TABLES
from store.schema import SCHEMA, statements

AUDIT_TABLES = ("import_log", "import_change")


@dataclass(frozen=True)
class Entry:
    import_id: int
    editor: str
    door: str
    file_name: str
    file_sha256: str
    table_name: str
    rows_in_file: int
    rows_added: int
    rows_updated: int
    rows_unchanged: int
    rows_removed: int
    imported_at: datetime
    places: tuple = ()  # ingest.commit.Place: the communes (or districts) whose illustrative rows were replaced


@dataclass(frozen=True)
class Undone:
    import_id: int
    table_name: str
    file_name: str
    rows_deleted: int
    rows_restored: int


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def ensure_tables(connection: duckdb.DuckDBPyConnection) -> None:
    for statement in statements(SCHEMA):
        for table in AUDIT_TABLES:
            if statement.startswith(f"CREATE TABLE {table} "):
                connection.execute(statement.replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS", 1))


def _has_log(connection: duckdb.DuckDBPyConnection) -> bool:
    return bool(
        connection.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'import_log' AND database_name = current_database()"
        ).fetchall()[0][0]
    )


def next_id(connection: duckdb.DuckDBPyConnection) -> int:
    return int(connection.execute("SELECT coalesce(max(import_id), 0) + 1 FROM import_log").fetchall()[0][0])


def write(connection: duckdb.DuckDBPyConnection, entry: Entry) -> None:
    connection.execute(
        """INSERT INTO import_log (import_id, imported_at, editor, door, file_name, file_sha256, table_name,
               rows_in_file, rows_added, rows_updated, rows_unchanged, rows_removed)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [
            entry.import_id,
            entry.imported_at,
            entry.editor,
            entry.door,
            entry.file_name,
            entry.file_sha256,
            entry.table_name,
            entry.rows_in_file,
            entry.rows_added,
            entry.rows_updated,
            entry.rows_unchanged,
            entry.rows_removed,
        ],
    )


def history(connection: duckdb.DuckDBPyConnection, limit: int = 50) -> pd.DataFrame:
    """The latest imports, newest first (empty on a database that has never imported). `places_made_real`
    names the communes (or districts) whose illustrative rows each import replaced, read back from the
    before-images it logged, so the log itself is the record of which places turned real when."""
    if not _has_log(connection):
        return pd.DataFrame(
            columns=[
                "import_id",
                "imported_at",
                "editor",
                "door",
                "file_name",
                "file_sha256",
                "table_name",
                "rows_in_file",
                "rows_added",
                "rows_updated",
                "rows_unchanged",
                "rows_removed",
                "undone_at",
                "undone_by",
                "places_made_real",
            ]
        )
    return connection.execute(
        """WITH replaced AS (
               SELECT import_id,
                      CAST(json_extract_string(before_row, '$.vintage') AS INTEGER) AS vintage,
                      json_extract_string(before_row, '$.commune_code') AS commune_code,
                      json_extract_string(before_row, '$.district_code') AS district_code
               FROM import_change WHERE action = 'removed'
           ),
           places AS (
               SELECT import_id, string_agg(DISTINCT name, ', ' ORDER BY name) AS places_made_real
               FROM (SELECT import_id, place_label(vintage, commune_code, district_code) AS name FROM replaced)
               GROUP BY import_id
           )
           SELECT l.*, p.places_made_real
           FROM import_log l LEFT JOIN places p USING (import_id)
           ORDER BY l.import_id DESC LIMIT ?""",
        [limit],
    ).df()


def last_undoable(connection: duckdb.DuckDBPyConnection) -> dict | None:
    if not _has_log(connection):
        return None
    rows = connection.execute(
        "SELECT import_id, table_name, file_name, editor, imported_at FROM import_log WHERE undone_at IS NULL ORDER BY import_id DESC LIMIT 1"
    ).fetchall()
    if not rows:
        return None
    return dict(zip(("import_id", "table_name", "file_name", "editor", "imported_at"), rows[0]))


def _structure(connection: duckdb.DuckDBPyConnection, table: str) -> str:
    columns = connection.execute(f"DESCRIBE {table}").fetchall()
    return json.dumps({name: column_type for name, column_type, *_ in columns})


def undo_last(connection: duckdb.DuckDBPyConnection, editor: str, only_id: int | None = None) -> Undone | None:
    """Undo the most recent import that is not undone yet, in one transaction. None: nothing to undo,
    or (with `only_id`) the most recent import is no longer the one the person saw and chose."""
    with transaction(connection):
        ensure_tables(connection)
        last = last_undoable(connection)
        if last is None or (only_id is not None and last["import_id"] != only_id):
            return None
        table = last["table_name"]
        if table not in IMPORT_TABLES:  # the log names only tables we wrote; never format anything else into SQL
            raise ValueError(f"import {last['import_id']} names an unknown table {table!r}")
        import_id = last["import_id"]
        deleted = connection.execute(
            f"""DELETE FROM {table} WHERE record_id IN (
                    SELECT record_id FROM import_change WHERE import_id = ? AND action IN ('added', 'updated'))""",
            [import_id],
        ).fetchall()[0][0]
        restored = connection.execute(
            f"""INSERT INTO {table} BY NAME
                SELECT unnest(from_json(before_row, ?)) FROM import_change
                WHERE import_id = ? AND action IN ('updated', 'removed')""",
            [_structure(connection, table), import_id],
        ).fetchall()[0][0]
        connection.execute(
            "UPDATE import_log SET undone_at = ?, undone_by = ? WHERE import_id = ?", [now(), editor, import_id]
        )
    connection.execute("CHECKPOINT")
    return Undone(import_id, table, last["file_name"], int(deleted), int(restored))

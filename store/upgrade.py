"""Bring a database built by an older version up to this version's schema and views, keeping its data.

The file holds imported data, so it is never rebuilt behind a user's back. What a new version changes
is applied in place instead, in one transaction: a table that does not exist yet is created; a table
whose definition changed (e.g. a code list of one of its CHECKs, registry/codes.py) is made anew and
its rows copied back by column name; the `vintage` table is refilled from the registry; every view and
macro is replaced (they hold no data). Rows the new definition refuses (a code no longer listed, a new
column that may not be empty) make the upgrade fail and leave the file as it was.
"""

from __future__ import annotations

import hashlib
import re

import duckdb

from store.schema import SCHEMA, VIEWS, statements, vintage_rows, write_vintages

_CHECKED: set[str] = set()


def code_fingerprint() -> str:
    """sha256 of what a database's structure is made from: the statements of schema.sql and views.sql,
    with the registry's code lists written in, and the rows of the vintage table."""
    digest = hashlib.sha256()
    for statement in statements(SCHEMA) + statements(VIEWS):
        digest.update(statement.encode() + b";\n")
    digest.update(repr(vintage_rows()).encode())
    return digest.hexdigest()


def _stored_fingerprint(connection: duckdb.DuckDBPyConnection) -> str | None:
    row = connection.execute("SELECT value FROM build_info WHERE key = 'code_fingerprint'").fetchone()
    return row[0] if row else None


def _definitions(connection: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Each table's definition as DuckDB writes it back: the same words for the same table, however it was spelt."""
    return dict(
        connection.execute(
            """SELECT table_name, sql FROM duckdb_tables()
           WHERE database_name = current_database() AND schema_name = 'main' AND NOT temporary"""
        ).fetchall()
    )


def _remake(connection: duckdb.DuckDBPyConnection, table: str, statement: str) -> None:
    """Make `table` anew by `statement`, with its rows (columns it no longer has are dropped)."""
    kept = f"kept_{table}"
    connection.execute(f"CREATE TEMP TABLE {kept} AS SELECT * FROM {table}")
    connection.execute(f"DROP TABLE {table}")
    connection.execute(statement)
    old = {row[0] for row in connection.execute(f"DESCRIBE {kept}").fetchall()}
    common = ", ".join(row[0] for row in connection.execute(f"DESCRIBE {table}").fetchall() if row[0] in old)
    connection.execute(f"INSERT INTO {table} ({common}) SELECT {common} FROM {kept}")
    connection.execute(f"DROP TABLE {kept}")


def upgrade_tables(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """Create the tables of schema.sql that are missing and make anew those defined otherwise; the names made anew."""
    with duckdb.connect() as scratch:
        for statement in statements(SCHEMA):
            scratch.execute(statement)
        wanted = _definitions(scratch)
    stored = _definitions(connection)
    remade = []
    for statement in statements(SCHEMA):
        table = re.match(r"CREATE TABLE\s+(\w+)", statement).group(1)
        if table not in stored:
            connection.execute(statement)
        elif stored[table] != wanted[table]:
            _remake(connection, table, statement)
            remade.append(table)
    return remade


def needs_upgrade(path) -> bool:
    with duckdb.connect(str(path), read_only=True) as connection:
        return _stored_fingerprint(connection) != code_fingerprint()


def upgrade(path) -> bool:
    """Bring the database at `path` to this version's tables, vintages and views. True if anything was applied."""
    current = code_fingerprint()
    with duckdb.connect(str(path)) as connection:
        if _stored_fingerprint(connection) == current:
            return False
        connection.execute("BEGIN TRANSACTION")
        try:
            upgrade_tables(connection)
            write_vintages(connection)
            for statement in statements(VIEWS):
                connection.execute(re.sub(r"^CREATE (VIEW|MACRO)\s+", r"CREATE OR REPLACE \1 ", statement))
            connection.execute("INSERT OR REPLACE INTO build_info VALUES ('code_fingerprint', ?)", [current])
            connection.execute("COMMIT")
        except Exception:
            connection.execute("ROLLBACK")
            raise
    return True


def upgrade_once(path) -> None:
    """Check a database once per process (cheap afterwards): upgrade it if an older version built it."""
    key = str(path)
    if key in _CHECKED:
        return
    if needs_upgrade(path):
        upgrade(path)
    _CHECKED.add(key)

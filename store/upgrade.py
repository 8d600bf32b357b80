"""Bring a database built by an older version up to this version's schema and views, keeping its data.

The file holds imported data, so it is never rebuilt behind a user's back. What a new version adds
is applied in place instead, in one transaction: tables that do not exist yet (CREATE TABLE IF NOT
EXISTS) and every view and macro (CREATE OR REPLACE: they hold no data). A changed column of an
existing table is not handled here; that would need a real migration.
"""

from __future__ import annotations

import hashlib
import re

import duckdb

from store.schema import SCHEMA, VIEWS, statements

_CHECKED: set[str] = set()


def code_fingerprint() -> str:
    """sha256 of schema.sql and views.sql: what a database's structure was made from."""
    digest = hashlib.sha256()
    for path in (SCHEMA, VIEWS):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _stored_fingerprint(connection: duckdb.DuckDBPyConnection) -> str | None:
    row = connection.execute("SELECT value FROM build_info WHERE key = 'code_fingerprint'").fetchone()
    return row[0] if row else None


def upgradestatements() -> list[str]:
    tables = [re.sub(r"^CREATE TABLE\s+", "CREATE TABLE IF NOT EXISTS ", s) for s in statements(SCHEMA)]
    views = [re.sub(r"^CREATE (VIEW|MACRO)\s+", r"CREATE OR REPLACE \1 ", s) for s in statements(VIEWS)]
    return tables + views


def needs_upgrade(path) -> bool:
    with duckdb.connect(str(path), read_only=True) as connection:
        return _stored_fingerprint(connection) != code_fingerprint()


def upgrade(path) -> bool:
    """Apply this version's new tables and its views to the database at `path`. True if anything was applied."""
    current = code_fingerprint()
    with duckdb.connect(str(path)) as connection:
        if _stored_fingerprint(connection) == current:
            return False
        connection.execute("BEGIN TRANSACTION")
        try:
            for statement in upgradestatements():
                connection.execute(statement)
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

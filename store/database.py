"""Where the DuckDB file lives, and opening it (building it first when it is missing).

The path comes from, in order: an explicit argument (`--db`), the P8_DB environment variable,
then data/project8.duckdb. The file is built whole into a temporary file and renamed into place,
under a lock, so that two processes starting at once never see or make a half-built database.

Two doors, one file: DuckDB lets one process open the file read-write, or many read-only, never
both. So nobody keeps it open: the app opens a short read-only connection per batch of queries
(`opened`, ~20 ms) and an import opens it read-write only for its commit. Whoever finds it taken
retries for a few seconds (a commit or a read is short), then gets DatabaseBusy, saying what to do.
"""

from __future__ import annotations

import os
import re
import time
from contextlib import contextmanager
from pathlib import Path

import duckdb
from filelock import FileLock

from registry.paths import DATA_DIR

DEFAULT_PATH = DATA_DIR / "project8.duckdb"


class DatabaseError(Exception):
    """A database problem with a message a person can act on."""


class DatabaseBusy(DatabaseError):
    """Another process holds the file (a writer, or readers while we want to write), past our wait."""


# Seconds to keep retrying a busy file: reads are short, a commit of a large import takes a few seconds.
READ_WAIT_SECONDS = 5.0
WRITE_WAIT_SECONDS = 15.0
_BUSY = ("conflicting lock", "different configuration")


def database_path(explicit: str | os.PathLike | None = None) -> Path:
    chosen = explicit or os.environ.get("P8_DB") or DEFAULT_PATH
    return Path(chosen).expanduser().resolve()


@contextmanager
def _build_lock(path: Path):
    """Exclusive and blocking, across processes, on Windows as on Linux: `<db>.lock` beside the database."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(path.with_name(path.name + ".lock")):  # no timeout: a build is waited for, however long
        yield


def ensure_database(path: Path, rebuild: bool = False, seed_dir: Path | None = None) -> bool:
    """Build the database at `path` from data/ if it is missing (or if asked). True if it built."""
    from store.build import SEED_DIR, build_database

    if path.exists() and not rebuild:
        _upgrade_if_older(path)
        return False
    with _build_lock(path):
        if path.exists() and not rebuild:
            return False  # another process built it while we waited
        temporary = path.with_name(f"{path.name}.tmp{os.getpid()}")
        temporary.unlink(missing_ok=True)
        try:
            build_database(temporary, seed_dir or SEED_DIR)
            os.replace(temporary, path)
        finally:
            temporary.unlink(missing_ok=True)
    return True


def _upgrade_if_older(path: Path) -> None:
    """A database built by an older version gets this version's new tables and views (data kept)."""
    from store.upgrade import upgrade_once

    try:
        with _build_lock(path):
            upgrade_once(path)
    except duckdb.Error:
        pass  # busy (an import, a reader) or not a database: the next connection checks again or says why


def _wait_seconds(read_only: bool, wait: float | None) -> float:
    if wait is not None:
        return max(0.0, wait)
    configured = os.environ.get("P8_DB_WAIT", "")
    try:
        return max(0.0, float(configured))
    except ValueError:
        return READ_WAIT_SECONDS if read_only else WRITE_WAIT_SECONDS


def _busy_message(path: Path, read_only: bool, error: Exception, waited: float) -> str:
    holder = re.search(r"\(PID (\d+)\)", str(error))
    who = f" (process {holder.group(1)})" if holder else ""
    if read_only:
        return (
            f"The database {path} is open for writing by another program{who}, probably an import; "
            f"it was still busy after {waited:.0f} s. Wait for it to finish and try again."
        )
    return (
        f"The database {path} is in use by another program{who} (the dashboard reading, or another import); "
        f"it was still busy after {waited:.0f} s. Nothing was changed. Try again in a moment; "
        "if it stays busy, close the program that holds the file."
    )


def connect(path: Path, read_only: bool = True, wait: float | None = None) -> duckdb.DuckDBPyConnection:
    """Open the database, building it first if it does not exist yet.

    A busy file is retried for `wait` seconds (default: $P8_DB_WAIT, else READ/WRITE_WAIT_SECONDS)
    with a growing pause, then DatabaseBusy is raised. Close the connection soon: while it is open,
    a read-only connection keeps every writer out and a read-write one keeps everybody out.
    """
    ensure_database(path)
    waited = _wait_seconds(read_only, wait)
    deadline = time.monotonic() + waited
    pause = 0.02
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except (duckdb.IOException, duckdb.ConnectionException) as error:
            if not any(marker in str(error).lower() for marker in _BUSY):
                raise DatabaseError(f"Cannot open the database {path}: {error}") from error
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise DatabaseBusy(_busy_message(path, read_only, error, waited)) from error
            time.sleep(min(pause, remaining))
            pause = min(pause * 2, 0.25)


@contextmanager
def opened(path: Path, read_only: bool = True, wait: float | None = None):
    """A connection for one batch of work, closed afterwards so that the other door can get in."""
    connection = connect(path, read_only=read_only, wait=wait)
    try:
        yield connection
    finally:
        connection.close()

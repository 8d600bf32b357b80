"""Where the DuckDB file lives, and opening it (building it first when it is missing).

The path comes from, in order: an explicit argument (`--db`), the P8_DB environment variable,
then data/project8.duckdb. The file is built whole into a temporary file and renamed into place,
under a lock, so that two processes starting at once never see or make a half-built database.
"""

from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path

import duckdb

from geo.admin import DATA_DIR

DEFAULT_PATH = DATA_DIR / "project8.duckdb"


class DatabaseError(Exception):
    """A database problem with a message a person can act on."""


def database_path(explicit: str | os.PathLike | None = None) -> Path:
    chosen = explicit or os.environ.get("P8_DB") or DEFAULT_PATH
    return Path(chosen).expanduser().resolve()


@contextmanager
def _build_lock(path: Path):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "w") as lock_file:
        fcntl.flock(lock_file, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)


def ensure_database(path: Path, rebuild: bool = False, seed_dir: Path | None = None) -> bool:
    """Build the database at `path` from data/ if it is missing (or if asked). True if it built."""
    from store.build import SEED_DIR, build_database

    if path.exists() and not rebuild:
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


def connect(path: Path, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    """Open the database, building it first if it does not exist yet."""
    ensure_database(path)
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as error:
        if "lock" in str(error).lower():
            raise DatabaseError(
                f"The database {path} is open for writing by another program (an import?). "
                "Wait for it to finish and try again."
            ) from error
        raise DatabaseError(f"Cannot open the database {path}: {error}") from error

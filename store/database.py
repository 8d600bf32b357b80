"""Where the DuckDB file lives, and opening it (building it first when it is missing at the default place).

The path comes from, in order: an explicit argument (`--db`), the P8_DB environment variable,
then data/project8.duckdb. Only that default file is built automatically when it is missing; any
other missing path is refused with its name (a mistyped --db would otherwise become a new database
that an import then fills), and `python -m store build --db PATH` builds one on purpose. The file is
built whole into a temporary file and renamed into place, under a lock, so that two processes
starting at once never see or make a half-built database.

Two doors, one file: DuckDB lets one process open the file read-write, or many read-only, never
both. So nobody keeps it open: the app opens a short read-only connection per batch of queries
(`opened`, ~20 ms) and an import opens it read-write only for its commit. Whoever finds it taken
retries for a few seconds (a commit or a read is short), then gets DatabaseBusy, saying what to do.

Reading takes no lock file, so a database on a read-only disk can be read; a write there, a full disk,
a damaged or foreign file each raise a DatabaseError saying so (store/faults.py), never DuckDB's own.
"""

from __future__ import annotations

import errno
import os
import re
import time
from contextlib import contextmanager
from pathlib import Path

import duckdb
from filelock import FileLock

from registry.paths import DATA_DIR
from store.faults import EXIT_DATABASE, EXIT_WRITE, Fault

DEFAULT_PATH = DATA_DIR / "project8.duckdb"


class DatabaseError(Fault):
    """A database problem with a message a person can act on (store/faults.py: its text names no path)."""

    exit_code = EXIT_DATABASE


class DatabaseBusy(DatabaseError):
    """Another process holds the file (a writer, or readers while we want to write), past our wait."""


class DatabaseMissing(DatabaseError):
    """No database at a path that is not the default: a mistyped --db is refused, not built anew."""


class DatabaseUnusable(DatabaseError):
    """The file is there but is not a usable Project 8 database (damaged, truncated, someone else's)."""


class DatabaseNotWritable(DatabaseError):
    """A write the disk refused (read-only folder, full disk, size limit); nothing was changed."""

    exit_code = EXIT_WRITE


# Seconds to keep retrying a busy file: reads are short, a commit of a large import takes a few seconds.
READ_WAIT_SECONDS = 5.0
WRITE_WAIT_SECONDS = 15.0
_BUSY = ("conflicting lock", "different configuration")
# What DuckDB (and the system beneath it) says when the disk refuses a write, and when a file is not a database.
_DISK_FULL = ("no space left on device", "file too large", "disk quota exceeded")
_READ_ONLY = ("read-only file system", "permission denied", "operation not permitted")
_DAMAGED = (
    "not a valid duckdb database",
    "could not read enough bytes",
    "checksum",
    "corrupt",
    "serialization error",
    "failed to deserialize",
)
_DUCKDB_MAGIC = b"DUCK"  # bytes 8-11 of every DuckDB file


def database_path(explicit: str | os.PathLike | None = None) -> Path:
    chosen = explicit or os.environ.get("P8_DB") or DEFAULT_PATH
    return Path(chosen).expanduser().resolve()


def _build_commands(path: Path, rebuild: bool) -> dict:
    """The build command for a person in the app (no path) and on the command line (with --db if needed)."""
    command = "python -m store build" + (" --rebuild" if rebuild else "")
    where = "" if path == DEFAULT_PATH.resolve() else f" --db {path}"
    name = "rebuild" if rebuild else "build"
    return {name: command, "command_params": {name: command + where}}


def _refused_write(path: Path, error: BaseException) -> DatabaseNotWritable | None:
    """The fault of a write the disk refused, judged by errno or by DuckDB's words; None for anything else."""
    number = getattr(error, "errno", None)
    text = str(error).lower()
    if number in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT) or any(m in text for m in _DISK_FULL):
        return DatabaseNotWritable("database.disk_full", path, detail=str(error))
    if number in (errno.EROFS, errno.EACCES, errno.EPERM) or any(m in text for m in _READ_ONLY):
        return DatabaseNotWritable("database.read_only", path, detail=str(error))
    return None


def _unusable(path: Path, detail: str = "") -> DatabaseUnusable:
    return DatabaseUnusable("database.unusable", path, detail=detail, **_build_commands(path, rebuild=True))


def _fault_of(path: Path, error: BaseException) -> DatabaseError | None:
    """What a DuckDB or system error in the middle of work means to a person, if we know."""
    refused = _refused_write(path, error)
    if refused:
        return refused
    text = str(error).lower()
    if any(marker in text for marker in _DAMAGED):
        return _unusable(path, str(error))
    return None


def _check_is_duckdb(path: Path) -> None:
    """Refuse a file that is not DuckDB's before DuckDB opens it (it would try to download a reader for some)."""
    try:
        with open(path, "rb") as stream:
            head = stream.read(12)
    except FileNotFoundError:
        return
    except OSError as error:
        raise DatabaseError("database.cannot_open", path, detail=error.strerror or str(error)) from None
    if head[8:12] != _DUCKDB_MAGIC:
        raise _unusable(path, "no DuckDB header")


@contextmanager
def _build_lock(path: Path):
    """Exclusive and blocking, across processes, on Windows as on Linux: `<db>.lock` beside the database."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(path.with_name(path.name + ".lock"))
        lock.acquire()  # no timeout: a build is waited for, however long
    except OSError as error:
        raise _refused_write(path, error) or DatabaseError(
            "database.cannot_open", path, detail=error.strerror or str(error)
        ) from None
    try:
        yield
    finally:
        lock.release()


def ensure_database(path: Path, rebuild: bool = False, seed_dir: Path | None = None) -> bool:
    """Build the database at `path` from data/ if it is missing (or if asked). True if it built.

    This is the explicit build (python -m store build, the tests, the benchmarks); `connect` calls it only
    for the default location, so that a mistyped path is refused instead of built anew.
    """
    from store.build import SEED_DIR, build_database

    if path.exists() and not rebuild:
        _check_current(path)
        return False
    with _build_lock(path):
        if path.exists() and not rebuild:
            return False  # another process built it while we waited
        temporary = path.with_name(f"{path.name}.tmp{os.getpid()}")
        try:
            temporary.unlink(missing_ok=True)
            build_database(temporary, seed_dir or SEED_DIR)
            os.replace(temporary, path)
        except (OSError, duckdb.Error) as error:
            refused = _refused_write(path, error)
            if refused is None:
                raise
            raise refused from None
        finally:
            temporary.unlink(missing_ok=True)
    return True


# Databases this process has found to be ours and of this version's schema (checked once per process).
_CURRENT: set[str] = set()


def _check_current(path: Path) -> None:
    """Refuse a file that is not a Project 8 database; bring one built by an older version up to date.

    The first look is read-only and takes no lock, so a database on a read-only disk can still be read.
    """
    from store.upgrade import code_fingerprint, upgrade_once

    key = str(path)
    if key in _CURRENT:
        return
    _check_is_duckdb(path)
    try:
        with duckdb.connect(str(path), read_only=True) as connection:
            stored = connection.execute("SELECT value FROM build_info WHERE key = 'code_fingerprint'").fetchone()
    except duckdb.CatalogException as error:
        raise _unusable(path, str(error).splitlines()[0]) from None
    except duckdb.Error as error:
        if any(marker in str(error).lower() for marker in _BUSY):
            return  # a writer has it: the connection waits for it, and checks again next time
        raise _fault_of(path, error) or _unusable(path, str(error)) from None
    if stored is None or stored[0] != code_fingerprint():
        try:
            with _build_lock(path):
                upgrade_once(path)
        except (DatabaseError, duckdb.Error):
            return  # busy, or a read-only disk: read what is there; the next connection tries again
    _CURRENT.add(key)


def _wait_seconds(read_only: bool, wait: float | None) -> float:
    if wait is not None:
        return max(0.0, wait)
    configured = os.environ.get("P8_DB_WAIT", "")
    try:
        return max(0.0, float(configured))
    except ValueError:
        return READ_WAIT_SECONDS if read_only else WRITE_WAIT_SECONDS


def _busy(path: Path, read_only: bool, error: Exception, waited: float) -> DatabaseBusy:
    """The busy fault: its text (what the app shows) without path or process id; the command line adds them."""
    holder = re.search(r"\(PID (\d+)\)", str(error))
    code = "database.busy_read" if read_only else "database.busy_write"
    return DatabaseBusy(code, path, detail=f"PID {holder.group(1)}" if holder else "", seconds=f"{waited:.0f}")


def connect(path: Path, read_only: bool = True, wait: float | None = None) -> duckdb.DuckDBPyConnection:
    """Open the database; at the default location, build it first if it does not exist yet.

    Anywhere else a missing file is refused (DatabaseMissing): a mistyped --db must not quietly become a
    new, empty-of-imports database. A busy file is retried for `wait` seconds (default: $P8_DB_WAIT,
    else READ/WRITE_WAIT_SECONDS) with a growing pause, then DatabaseBusy is raised. Close the connection
    soon: while it is open, a read-only connection keeps every writer out and a read-write one keeps
    everybody out.
    """
    if not path.exists() and path != DEFAULT_PATH.resolve():
        raise DatabaseMissing("database.missing", path, **_build_commands(path, rebuild=False))
    ensure_database(path)
    waited = _wait_seconds(read_only, wait)
    deadline = time.monotonic() + waited
    pause = 0.02
    while True:
        try:
            _check_is_duckdb(path)
            return duckdb.connect(str(path), read_only=read_only)
        except (duckdb.IOException, duckdb.ConnectionException) as error:
            if not any(marker in str(error).lower() for marker in _BUSY):
                raise _fault_of(path, error) or DatabaseError("database.cannot_open", path, detail=str(error)) from None
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise _busy(path, read_only, error, waited) from None
            time.sleep(min(pause, remaining))
            pause = min(pause * 2, 0.25)


@contextmanager
def opened(path: Path, read_only: bool = True, wait: float | None = None):
    """A connection for one batch of work, closed afterwards so that the other door can get in.

    A full disk, a read-only folder or a damaged file met during the work becomes a DatabaseError that
    says so (DuckDB rolls back what it could not write, so the data stays as it was).
    """
    connection = connect(path, read_only=read_only, wait=wait)
    try:
        yield connection
    except duckdb.Error as error:
        fault = _fault_of(path, error)
        if fault is None:
            raise
        raise fault from error
    finally:
        try:
            connection.close()
        except duckdb.Error as error:
            fault = _fault_of(path, error)
            if fault is None:
                raise
            raise fault from None

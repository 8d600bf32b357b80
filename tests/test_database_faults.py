"""A database that cannot serve: read-only folder, damaged or foreign file, mistyped path, full disk.

Real files and real processes. The read-only folder is a real read-only bind mount and the small full
disk a real tmpfs, both made inside a private mount namespace (`unshare -m`, or `unshare -rm` without
root) that disappears with its process, so the machine's own mounts never change; where namespaces
are not allowed those tests are skipped. The full disk is also simulated everywhere with a file size
limit (RLIMIT_FSIZE: writes fail with EFBIG).
"""

from __future__ import annotations

import csv
import functools
import resource
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from store.database import DatabaseBusy, connect
from store.faults import EXIT_DATABASE, EXIT_WRITE
from tests.conftest import ROOT, cli_env

COMMUNES = ["queries", "run", "communes", "--param", "vintage=2023", "--param", "district_code=109"]


def run(args: list[str], database: Path, file_size_limit: int | None = None, prefix=()) -> subprocess.CompletedProcess:
    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_size_limit, file_size_limit))

    return subprocess.run(
        [*prefix, sys.executable, "-m", *args],
        cwd=ROOT,
        env=cli_env(database),
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=limit if file_size_limit else None,
    )


def said_in_one_line(result: subprocess.CompletedProcess, code: int, path: Path) -> str:
    said = result.stderr.strip()
    assert result.returncode == code, said
    assert "Traceback" not in said and len(said.splitlines()) == 1, said
    assert said.startswith(f"error: {path}: ") and " / " in said  # Vietnamese / English
    return said


@functools.cache
def unshare_command() -> tuple[str, ...] | None:
    """How this machine lets a process mount privately: as root (-m) or in a user namespace (-rm)."""
    for command in (("unshare", "-m"), ("unshare", "-rm")):
        try:
            probe = subprocess.run(
                [*command, "sh", "-c", 'd=$(mktemp -d) && mount -t tmpfs tmpfs "$d" && umount "$d" && rmdir "$d"'],
                capture_output=True,
                timeout=30,
            )
        except (FileNotFoundError, subprocess.TimeoutExpired):
            return None
        if probe.returncode == 0:
            return command
    return None


def mounted(script: str) -> tuple[str, ...]:
    """A command prefix: mount (shell, $MOUNT_DIR) in a private namespace, then run the command given after it."""
    command = unshare_command()
    if command is None:
        pytest.skip("private mount namespaces (unshare -m / -rm) are not allowed here")
    return (*command, "sh", "-c", f'{script} || exit 97; exec "$@"', "sh")


def read_only(folder: Path) -> tuple[str, ...]:
    return mounted(f"mount --bind '{folder}' '{folder}' && mount -o remount,bind,ro '{folder}' '{folder}'")


def comm_team_rows(database: Path) -> list[tuple]:
    with duckdb.connect(str(database), read_only=True) as connection:
        return connection.execute("SELECT * FROM comm_team ORDER BY record_id").fetchall()


@pytest.fixture
def db(tmp_path, database_path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    copy = folder / "p8.duckdb"
    shutil.copy(database_path, copy)
    return copy


def import_file(database: Path, folder: Path, new_rows: int) -> Path:
    """The table's own export, plus `new_rows` new teams: a real file staff could import."""
    exported = folder / "export.csv"
    assert run(["ingest", "--export", "comm_team", "--output", str(exported)], database).returncode == 0
    rows = list(csv.reader(exported.open(encoding="utf-8-sig")))
    first = rows[1]
    for number in range(new_rows):
        row = list(first)
        row[0], row[6] = "", f"Bản mới {number}"
        rows.append(row)
    path = folder / f"teams_{new_rows}.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows(rows)
    return path


# ---------------------------------------------------------------- read-only folder


def test_a_read_only_folder_is_read_and_a_write_there_is_refused_with_the_reason(db, tmp_path):
    teams = import_file(db, tmp_path, new_rows=2)
    before = comm_team_rows(db)
    locked_down = read_only(db.parent)
    read = run(COMMUNES, db, prefix=locked_down)
    assert read.returncode == 0, read.stderr
    assert len(read.stdout.strip().splitlines()) == 18
    door = "from pathlib import Path; from store.database import opened; from queries.runner import run\n"
    door += "with opened(Path(sys.argv[1])) as c: print(len(run('communes', {'vintage': 2023}, c)))"
    app_door = subprocess.run(
        [*locked_down, sys.executable, "-c", "import sys\n" + door, str(db)],
        cwd=ROOT,
        env=cli_env(db),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert app_door.returncode == 0 and app_door.stdout.strip() == "10051", app_door.stderr
    imported = run(["ingest", str(teams), "--db", str(db)], db, prefix=locked_down)
    said = said_in_one_line(imported, EXIT_WRITE, db)
    assert "read-only place" in said and "Nothing was changed" in said
    rebuilt = run(["store", "build", "--rebuild", "--db", str(db)], db, prefix=locked_down)
    assert "read-only place" in said_in_one_line(rebuilt, EXIT_WRITE, db)
    assert comm_team_rows(db) == before
    assert sorted(p.name for p in db.parent.iterdir()) == ["p8.duckdb"]


# ---------------------------------------------------------------- damaged, cut short, someone else's


def _truncated(path: Path, source: Path) -> None:
    path.write_bytes(source.read_bytes()[: source.stat().st_size // 2])


def _sqlite(path: Path, source: Path) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE t (x)")


def _other_duckdb(path: Path, source: Path) -> None:
    with duckdb.connect(str(path)) as connection:
        connection.execute("CREATE TABLE t (x INTEGER)")


NOT_OURS = {
    "truncated": _truncated,
    "header-only": lambda path, source: path.write_bytes(source.read_bytes()[:100_000]),
    "text": lambda path, source: path.write_text("hello, not a database\n"),
    "empty": lambda path, source: path.write_bytes(b""),
    "sqlite": _sqlite,
    "another-duckdb": _other_duckdb,
}


@pytest.mark.parametrize("kind", sorted(NOT_OURS))
def test_a_file_that_is_not_a_usable_database_is_named_with_how_to_rebuild(kind, tmp_path, database_path):
    path = tmp_path / "p8.duckdb"
    NOT_OURS[kind](path, database_path)
    said = said_in_one_line(run([*COMMUNES, "--db", str(path)], database_path), EXIT_DATABASE, path)
    assert "not a usable Project 8 database" in said
    assert f"python -m store build --rebuild --db {path}" in said and "restore it from a backup" in said


def test_every_command_refuses_a_foreign_file_and_only_rebuild_replaces_it(tmp_path, database_path):
    path = tmp_path / "p8.duckdb"
    _sqlite(path, database_path)
    exported = tmp_path / "out.csv"
    for args in (
        ["ingest", "--export", "comm_team", "--output", str(exported), "--db", str(path)],
        ["geo", "map", "--indicator", "comm_teams", "--district-code", "109", "--year", "2023"]
        + ["--vintage", "2023", "--output", str(tmp_path / "m.html"), "--db", str(path)],
        ["report", "draft", "--district-code", "109", "--year", "2023", "--output", str(tmp_path / "r.docx")]
        + ["--db", str(path)],
        ["store", "status", "--db", str(path)],
        ["store", "build", "--db", str(path)],
    ):
        said = said_in_one_line(run(args, database_path), EXIT_DATABASE, path)
        assert "--rebuild" in said, args
    assert not exported.exists() and not (tmp_path / "m.html").exists() and not (tmp_path / "r.docx").exists()
    assert run(["store", "build", "--rebuild", "--db", str(path)], database_path).returncode == 0
    assert run([*COMMUNES, "--db", str(path)], database_path).returncode == 0


def test_the_app_says_the_file_is_unusable_without_naming_the_server_path(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    path = tmp_path / "secret_place" / "p8.duckdb"
    path.parent.mkdir()
    path.write_text("hello, not a database\n")
    monkeypatch.setenv("P8_DB", str(path))
    for lang, words in (("vi", "python -m store build --rebuild"), ("en", "not a usable Project 8 database")):
        app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        app.query_params["lang"] = lang
        app.run()
        errors = " ".join(str(e.value) for e in app.error)
        assert words in errors and "python -m store build --rebuild" in errors, errors
        assert "secret_place" not in errors and str(tmp_path) not in errors
        assert not app.exception


# ---------------------------------------------------------------- a mistyped path


def test_an_import_into_a_mistyped_path_is_refused_and_creates_nothing(db, tmp_path):
    teams = import_file(db, tmp_path, new_rows=2)
    mistyped = tmp_path / "dta" / "p8.duckdb"
    said = said_in_one_line(run(["ingest", str(teams), "--db", str(mistyped)], db), EXIT_DATABASE, mistyped)
    assert "no database at this path" in said and f"python -m store build --db {mistyped}" in said
    assert not mistyped.parent.exists()


# ---------------------------------------------------------------- a full disk during a commit


def _assert_full_disk_changes_nothing(result, shown: Path, db: Path, before: list, teams: Path):
    said = said_in_one_line(result, EXIT_WRITE, shown)
    assert "disk is full" in said and "nothing was changed" in said
    assert comm_team_rows(db) == before
    again = run(["ingest", str(teams), "--db", str(db)], db)
    assert again.returncode == 0, again.stderr
    assert len(comm_team_rows(db)) == len(before) + 20_000


def test_a_commit_past_a_file_size_limit_is_reported_and_changes_nothing(db, tmp_path):
    teams = import_file(db, tmp_path, new_rows=20_000)
    before = comm_team_rows(db)
    result = run(["ingest", str(teams), "--db", str(db)], db, file_size_limit=1_000_000)
    _assert_full_disk_changes_nothing(result, db, db, before, teams)


def test_a_commit_on_a_full_disk_is_reported_and_changes_nothing(db, tmp_path):
    """A real tmpfs just larger than the database: the import's write-ahead log cannot fit."""
    teams = import_file(db, tmp_path, new_rows=20_000)
    before = comm_team_rows(db)
    disk = tmp_path / "small_disk"
    disk.mkdir()
    size = db.stat().st_size + 400_000
    on_disk = disk / db.name
    small = mounted(f"mount -t tmpfs -o size={size} tmpfs '{disk}' && cp '{db}' '{on_disk}'")
    script = f'"$@"; code=$?; cp "{on_disk}" "{db}"; exit $code'  # the tmpfs ends with the namespace: keep its file
    result = subprocess.run(
        [*small, "sh", "-c", script, "sh", sys.executable, "-m", "ingest", str(teams), "--db", str(on_disk)],
        cwd=ROOT,
        env=cli_env(db),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode != 97, result.stderr
    _assert_full_disk_changes_nothing(result, on_disk, db, before, teams)


# ---------------------------------------------------------------- what the app may show


def test_a_busy_message_names_no_path_or_process_but_the_command_line_does(locked_database):
    with pytest.raises(DatabaseBusy) as busy:
        connect(locked_database, read_only=True, wait=0.3)
    error = busy.value
    assert error.detail.startswith("PID ")
    for lang in ("vi", "en"):
        assert str(locked_database) not in error.message(lang) and "PID" not in error.message(lang)
        assert error.detail.split()[1] not in error.message(lang)
    assert str(locked_database) in error.command_line() and error.detail in error.command_line()

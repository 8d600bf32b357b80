"""Building the database: complete, idempotent, atomic, safe when two processes start at once."""

import shutil
import subprocess
import sys

import duckdb
import pytest

from store.build import SEED_DIR, SeedError
from store.database import connect, ensure_database
from tests.conftest import ROOT, cli_env


def test_built_database_has_both_vintages_and_the_seed(connection):
    counts = dict(connection.execute("SELECT vintage, count(*) FROM unit GROUP BY vintage").fetchall())
    assert counts == {2023: 10051, 2025: 3321}
    assert connection.execute("SELECT count(*) FROM comm_team").fetchone()[0] == 77
    fingerprint = connection.execute("SELECT value FROM build_info WHERE key = 'input_fingerprint'").fetchone()[0]
    assert len(fingerprint) == 64


def test_facts_are_keyed_by_vintage_and_code(connection):
    names = dict(connection.execute("SELECT vintage, name FROM unit WHERE code = '03562'").fetchall())
    assert names == {2023: "Xã Vàng Ma Chải", 2025: "Xã Sì Lở Lầu"}
    orphans = connection.execute(
        """SELECT count(*) FROM comm_team f LEFT JOIN unit u ON u.vintage = f.vintage AND u.code = f.commune_code
           WHERE u.code IS NULL"""
    ).fetchone()[0]
    assert orphans == 0


def test_ensure_is_idempotent(database_path):
    before = database_path.stat().st_mtime_ns
    assert ensure_database(database_path) is False
    assert database_path.stat().st_mtime_ns == before


def test_a_bad_seed_is_refused_and_leaves_nothing_behind(tmp_path):
    seed = tmp_path / "seed"
    shutil.copytree(SEED_DIR, seed)
    teams = seed / "comm_team.csv"
    teams.write_text(teams.read_text(encoding="utf-8").replace(",03391,", ",99999,", 1), encoding="utf-8")
    target = tmp_path / "bad.duckdb"
    with pytest.raises(SeedError, match="99999"):
        ensure_database(target, seed_dir=seed)
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("bad.duckdb.tmp")] == []


def test_two_processes_starting_together_build_once(tmp_path):
    target = tmp_path / "race.duckdb"
    code = "import sys; from pathlib import Path; from store.database import ensure_database; print(ensure_database(Path(sys.argv[1])))"
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(target)], cwd=ROOT, env=cli_env(target), stdout=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    outputs = sorted(run.communicate(timeout=300)[0].strip() for run in runs)
    assert outputs == ["False", "True"]
    with duckdb.connect(str(target), read_only=True) as connection:
        assert connection.execute("SELECT count(*) FROM unit").fetchone()[0] == 13372


def test_a_build_waits_for_the_build_lock_held_by_another_process(tmp_path):
    """The lock file beside the database keeps a second builder out until the first lets go."""
    from filelock import FileLock

    target = tmp_path / "waits.duckdb"
    code = "import sys; from pathlib import Path; from store.database import ensure_database; print(ensure_database(Path(sys.argv[1])))"
    with FileLock(tmp_path / "waits.duckdb.lock"):
        run = subprocess.Popen(
            [sys.executable, "-c", code, str(target)], cwd=ROOT, env=cli_env(target), stdout=subprocess.PIPE, text=True
        )
        with pytest.raises(subprocess.TimeoutExpired):
            run.wait(timeout=3)
        assert not target.exists()
    assert run.communicate(timeout=300)[0].strip() == "True"
    assert target.exists()


def test_connect_reports_a_lock_clearly(locked_database):
    from store.database import DatabaseError

    with pytest.raises(DatabaseError, match="another program"):
        connect(locked_database)


def test_a_missing_file_away_from_the_default_place_is_refused_not_built(tmp_path):
    from store.database import DatabaseMissing

    mistyped = tmp_path / "dta" / "p8.duckdb"
    with pytest.raises(DatabaseMissing) as missing:
        connect(mistyped)
    assert not mistyped.parent.exists()
    assert str(mistyped) not in str(missing.value) and str(mistyped) in missing.value.command_line()


def test_a_build_without_rebuild_never_replaces_a_file_that_is_not_a_database(tmp_path):
    from store.database import DatabaseUnusable

    foreign = tmp_path / "p8.duckdb"
    foreign.write_bytes(b"SQLite format 3\x00" + bytes(100))
    with pytest.raises(DatabaseUnusable):
        ensure_database(foreign)
    assert foreign.read_bytes().startswith(b"SQLite format 3")
    with pytest.raises(DatabaseUnusable):
        connect(foreign)

"""One database, two doors: the CLI and a running app on the same file, readers during an import,
and an import killed in the middle of its commit. Real processes throughout."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from bench.ingest import as_csv, make_rows
from tests.conftest import ROOT, cli_env
from tests.ingest_support import db  # noqa: F401

PHONG_THO = ["Xã Mù Sang", "Xã Dào San", "Xã Sì Lở Lầu", "Xã Bản Lang", "Xã Nậm Xe"]
OLD = (77, 596, 0)  # seed: teams, communicators, imports logged

READER = """
import json, sys, time
from pathlib import Path
from store.database import connect
path, stop = Path(sys.argv[1]), Path(sys.argv[2])
seen = []
while not stop.exists():
    connection = connect(path, read_only=True, wait=60)
    try:
        seen.append(connection.execute(
            "SELECT count(*), coalesce(sum(communicators), 0), (SELECT count(*) FROM import_log) FROM comm_team").fetchall()[0])
    finally:
        connection.close()
    time.sleep(0.005)
print(json.dumps(seen))
"""


def state(path: Path) -> tuple:
    with duckdb.connect(str(path), read_only=True) as connection:
        return connection.execute(
            "SELECT count(*), coalesce(sum(communicators), 0), (SELECT count(*) FROM import_log) FROM comm_team"
        ).fetchall()[0]


def kept_illustrative(database: Path) -> tuple[int, int]:
    """Teams and communicators of the communes the big files leave out: their illustration stays."""
    with duckdb.connect(str(database), read_only=True) as connection:
        return connection.execute(
            """SELECT count(*), sum(communicators) FROM comm_team t
               JOIN unit u ON u.vintage = t.vintage AND u.code = t.commune_code
               WHERE t.illustrative AND u.name NOT IN (SELECT unnest(?))""",
            [PHONG_THO],
        ).fetchall()[0]


def big_file(tmp_path: Path, rows: int, database: Path) -> tuple[Path, tuple]:
    """A file of `rows` real teams in five communes, and the state after importing it: those rows plus
    the illustrative rows of every other commune (an import replaces illustration by place only)."""
    made = make_rows(rows, PHONG_THO, seed=rows)
    path = tmp_path / f"teams_{rows}.csv"
    path.write_bytes(as_csv(made))
    kept_teams, kept_communicators = kept_illustrative(database)
    assert 0 < kept_teams < OLD[0]
    return path, (rows + kept_teams, sum(r[3] for r in made) + kept_communicators, 1)


def start_import(path: Path, database: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "ingest", str(path), "--district-code", "109"],
        cwd=ROOT,
        env=cli_env(database),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def test_a_reader_during_an_import_sees_the_old_or_the_new_data(db, tmp_path):
    path, new = big_file(tmp_path, 20_000, db)
    stop = tmp_path / "stop"
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(db), str(stop)],
        cwd=ROOT,
        env=cli_env(db),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        time.sleep(2.0)  # the reader is reading before the import starts
        importer = start_import(path, db)
        out, err = importer.communicate(timeout=300)
        assert importer.returncode == 0, err.decode()
        time.sleep(1.0)  # and goes on reading after it
    finally:
        stop.touch()
    seen, errors = reader.communicate(timeout=120)
    assert reader.returncode == 0, errors
    observed = {tuple(s) for s in json.loads(seen)}
    assert observed == {OLD, new}, observed


@pytest.mark.parametrize("moment", ["first write", 1.5, 3.0])
def test_an_import_killed_mid_way_leaves_the_old_or_the_new_data(db, tmp_path, moment):
    path, new = big_file(tmp_path, 30_000, db)
    wal = db.with_name(db.name + ".wal")
    stamp = db.stat().st_mtime_ns
    importer = start_import(path, db)
    started = time.monotonic()
    while importer.poll() is None and time.monotonic() - started < 120:
        wrote = wal.exists() or db.stat().st_mtime_ns != stamp
        if (moment == "first write" and wrote) or (moment != "first write" and time.monotonic() - started >= moment):
            os.kill(importer.pid, signal.SIGKILL)
            break
        time.sleep(0.002)
    importer.wait(timeout=60)
    assert state(db) in (OLD, new)
    with duckdb.connect(str(db)) as connection:  # and the file still opens for writing
        connection.execute("CHECKPOINT")
    assert state(db) in (OLD, new)


def _teams_card(app: AppTest) -> str:
    return {m.label: m.value for m in app.metric}["Tổ truyền thông cộng đồng"]


def test_the_cli_and_a_running_app_meet_on_the_same_file(db, tmp_path, monkeypatch):
    """The app (this process, AppTest) keeps reading while the CLI (another process) imports:
    neither fails, and the app's caches show the new data on its next run without being cleared."""
    monkeypatch.setenv("P8_DB", str(db))
    st.cache_data.clear()
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert not app.exception and _teams_card(app) == "77"
    path, new = big_file(tmp_path, 3_000, db)
    importer = start_import(path, db)
    runs = 0
    while importer.poll() is None:
        st.cache_data.clear()  # force real reads of the file while the import works on it
        app.run()
        runs += 1
        assert not app.exception, app.exception
        assert not app.error, [e.value for e in app.error]
    out, err = importer.communicate()
    assert importer.returncode == 0, err.decode()
    assert runs >= 1
    app.run()  # no cache clearing: the caches are keyed by the file's version
    assert not app.exception and _teams_card(app) == "77"  # the card is what the district reported
    assert any("3.000 trong danh sách thực tế" in caption.value for caption in app.caption)

"""Shared fixtures: one real DuckDB built from the seed data for the whole session."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from store.database import ensure_database
from ui import legacy_pages

ROOT = Path(__file__).resolve().parent.parent
NATIONAL_LOAD_RECORDS = 20_000


@pytest.fixture(scope="session")
def database_path(tmp_path_factory) -> Path:
    """A database built by the real build from data/ (the same code path as first run)."""
    path = tmp_path_factory.mktemp("db") / "project8.duckdb"
    assert ensure_database(path) is True
    return path


@pytest.fixture(scope="session")
def connection(database_path):
    with duckdb.connect(str(database_path), read_only=True) as connection:
        yield connection


@pytest.fixture
def database_env(database_path, monkeypatch):
    """Point the app and CLI at the session database (P8_DB), as a user would with --db."""
    monkeypatch.setenv("P8_DB", str(database_path))
    return database_path


@pytest.fixture
def locked_database(tmp_path, database_path):
    """A copy of the session database held open read-write by another process, as a second program would."""
    copy = tmp_path / "held.duckdb"
    shutil.copy(database_path, copy)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('ready', flush=True); time.sleep(60)",
            str(copy),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        yield copy
    finally:
        holder.kill()
        holder.wait()


def cli_env(database_path: Path) -> dict[str, str]:
    return {**os.environ, "P8_DB": str(database_path), "PYTHONPATH": str(ROOT)}


@pytest.fixture(autouse=True)
def _apptest_follows_navigation(monkeypatch):
    """AppTest re-derives Streamlit's legacy pages/ mode before every run: keep it off (ui/legacy_pages.py)."""
    legacy_pages.keep_navigation_mode(monkeypatch)


@pytest.fixture(scope="session")
def national_load(tmp_path_factory, database_path) -> Path:
    """One small synthetic national load (bench/national.py) for the benchmarks' tests, built once from the
    session database (as $P8_DB would name it)."""
    from bench import national

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("P8_DB", str(database_path))
        return national.build(
            tmp_path_factory.mktemp("bench") / "national.duckdb", records=NATIONAL_LOAD_RECORDS, seed=17
        )

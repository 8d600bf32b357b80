"""Shared fixtures: one real DuckDB built from the seed data for the whole session."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from streamlit.runtime.pages_manager import PagesManager

from store.database import ensure_database

ROOT = Path(__file__).resolve().parent.parent


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
        [sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('ready', flush=True); time.sleep(60)", str(copy)],
        stdout=subprocess.PIPE, text=True,
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
    """Work around an AppTest bug in Streamlit 1.67 (real servers are not affected).

    Before every run AppTest sets PagesManager.uses_pages_directory = None and builds a new
    PagesManager, which re-derives the flag as True because a pages/ folder exists. Every run
    after the first then takes the legacy pages/ path and renders nothing (upstream PR #14217
    fixed only the first run). A server derives the flag once and st.navigation clears it.
    """
    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)

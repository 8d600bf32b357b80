"""A database built by an older version is brought up to date in place: new tables and views, data kept."""

import shutil

import duckdb

from store.database import connect, ensure_database
from store.upgrade import code_fingerprint


def test_an_older_database_gets_new_views_and_tables_and_keeps_its_rows(tmp_path, database_path):
    old = tmp_path / "old.duckdb"
    shutil.copy(database_path, old)
    with duckdb.connect(str(old)) as connection:  # make it look like an earlier version built it
        connection.execute("DROP MACRO TABLE listed_facts")
        connection.execute("DROP VIEW figure_value")
        connection.execute("INSERT INTO comm_team SELECT * REPLACE ('imported-1' AS record_id) FROM comm_team LIMIT 1")
        connection.execute("UPDATE build_info SET value = 'older' WHERE key = 'code_fingerprint'")
    assert ensure_database(old) is False  # not rebuilt
    with connect(old) as connection:
        assert connection.execute("SELECT count(*) FROM comm_team WHERE record_id = 'imported-1'").fetchone()[0] == 1
        assert connection.execute("SELECT count(*) FROM listed_facts('comm_team', 2023, NULL, '109', 2023, NULL)").fetchone()[0] == 78  # 77 + the kept row
        assert connection.execute("SELECT count(*) FROM figure_value").fetchone()[0] > 30
        assert connection.execute("SELECT value FROM build_info WHERE key = 'code_fingerprint'").fetchone()[0] == code_fingerprint()


def test_a_fresh_build_needs_no_upgrade(database_path):
    with duckdb.connect(str(database_path), read_only=True) as connection:
        stored = connection.execute("SELECT value FROM build_info WHERE key = 'code_fingerprint'").fetchone()[0]
    assert stored == code_fingerprint()

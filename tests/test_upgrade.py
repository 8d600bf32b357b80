"""A database built by an older version is brought up to date in place: new tables, code lists and views, data kept."""

import shutil

import duckdb
import pytest

from registry import codes
from registry.vintages import VINTAGES
from store import schema
from store.database import connect, ensure_database
from store.upgrade import code_fingerprint, needs_upgrade, upgrade, upgrade_tables


def as_built_before(connection, table: str, columns: str = "*") -> None:
    """The table with the same rows but none of its constraints (as an older build wrote it)."""
    connection.execute(f"CREATE TEMP TABLE rows AS SELECT {columns} FROM {table}")
    connection.execute(f"DROP TABLE {table}")
    connection.execute(f"CREATE TABLE {table} AS SELECT * FROM rows")


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
        assert (
            connection.execute(
                "SELECT count(*) FROM listed_facts('comm_team', 2023, NULL, '109', 2023, NULL)"
            ).fetchone()[0]
            == 78
        )  # 77 + the kept row
        assert connection.execute("SELECT count(*) FROM figure_value").fetchone()[0] > 30
        assert (
            connection.execute("SELECT value FROM build_info WHERE key = 'code_fingerprint'").fetchone()[0]
            == code_fingerprint()
        )


def test_an_older_report_figure_table_gets_record_ids_and_takes_imports(tmp_path, database_path):
    from ingest import pipeline
    from tests.ingest_support import csv_bytes

    old = tmp_path / "old.duckdb"
    shutil.copy(database_path, old)
    with duckdb.connect(str(old)) as connection:  # as built before report figures were imported: no record_id
        as_built_before(connection, "report_figure", "* EXCLUDE (record_id)")
        figures = connection.execute("SELECT * FROM report_figure ORDER BY ALL").fetchall()
        connection.execute("UPDATE build_info SET value = 'older' WHERE key = 'code_fingerprint'")
    assert upgrade(old) is True
    with duckdb.connect(str(old)) as connection:
        assert connection.execute("SELECT * EXCLUDE (record_id) FROM report_figure ORDER BY ALL").fetchall() == figures
        ids = [row[0] for row in connection.execute("SELECT record_id FROM report_figure").fetchall()]
    assert len(set(ids)) == len(ids) == len(figures) and all(i.startswith("rf-") for i in ids)
    rows = [["Mã huyện", "Năm báo cáo", "Mã số liệu", "Số liệu báo cáo"], ["109", 2023, "comm_teams", 78]]
    prepared = pipeline.prepare(csv_bytes(rows), "so_lieu.csv", old)
    assert prepared.ok and (prepared.plan.added, prepared.plan.updated) == (0, 1)  # matched on its natural key
    pipeline.commit(prepared, old, "lan", "cli")
    with duckdb.connect(str(old)) as connection:
        assert connection.execute(
            "SELECT count(*), sum(reported) FILTER (code = 'comm_teams') FROM report_figure"
        ).fetchone() == (
            len(figures),
            78,
        )


def test_a_fresh_build_needs_no_upgrade(database_path):
    with duckdb.connect(str(database_path), read_only=True) as connection:
        stored = connection.execute("SELECT value FROM build_info WHERE key = 'code_fingerprint'").fetchone()[0]
    assert stored == code_fingerprint()


def test_an_older_database_gets_the_vintage_table_and_its_tables_refuse_unknown_codes(tmp_path, database_path):
    old = tmp_path / "old.duckdb"
    shutil.copy(database_path, old)
    with duckdb.connect(str(old)) as connection:  # as built before the registry: no vintage table, no code CHECKs
        connection.execute("DROP TABLE vintage")
        as_built_before(connection, "club")
        clubs = connection.execute("SELECT * FROM club ORDER BY record_id").fetchall()
        connection.execute("UPDATE build_info SET value = 'older' WHERE key = 'code_fingerprint'")
    assert upgrade(old) is True
    with duckdb.connect(str(old)) as connection:
        assert connection.execute("SELECT * FROM club ORDER BY record_id").fetchall() == clubs
        assert connection.execute("SELECT vintage FROM vintage ORDER BY vintage").fetchall() == [(v,) for v in VINTAGES]
        with pytest.raises(duckdb.InvalidInputException, match="vintage must be 2023 or 2025"):
            connection.execute("SELECT * FROM listed_facts('club', 2024, NULL, NULL, NULL, NULL)").fetchall()
        with pytest.raises(duckdb.ConstraintException):
            connection.execute(
                "INSERT INTO club SELECT * REPLACE ('new' AS record_id, 'closed' AS status) FROM club LIMIT 1"
            )
        with pytest.raises(duckdb.ConstraintException):  # the primary key came back too
            connection.execute("INSERT INTO club SELECT * FROM club LIMIT 1")


def test_a_changed_code_list_upgrades_the_tables_that_hold_it(tmp_path, database_path, monkeypatch):
    copy = tmp_path / "copy.duckdb"
    shutil.copy(database_path, copy)
    with duckdb.connect(str(copy)) as connection:
        documents = connection.execute("SELECT count(*) FROM document").fetchone()[0]
    monkeypatch.setitem(schema.LISTS, "doc_types", (*codes.DOC_TYPES, "memo"))
    assert needs_upgrade(copy)
    assert upgrade(copy) is True and not needs_upgrade(copy)
    with duckdb.connect(str(copy)) as connection:
        connection.execute(
            "INSERT INTO document SELECT * REPLACE ('doc-memo' AS record_id, 'memo' AS doc_type) FROM document LIMIT 1"
        )
        assert connection.execute("SELECT count(*) FROM document").fetchone()[0] == documents + 1


def test_only_tables_defined_otherwise_are_made_anew(tmp_path, database_path):
    copy = tmp_path / "copy.duckdb"
    shutil.copy(database_path, copy)
    with duckdb.connect(str(copy)) as connection:
        assert upgrade_tables(connection) == []
        as_built_before(connection, "budget")
        assert upgrade_tables(connection) == ["budget"]
        assert upgrade_tables(connection) == []


def test_an_older_database_gets_the_changed_scoped_fact_rows_macro(tmp_path, database_path):
    """views.sql changed how `years` and `data_scopes` place rows (no subquery per row): an existing file gets it."""
    old = tmp_path / "old.duckdb"
    shutil.copy(database_path, old)
    with duckdb.connect(str(old)) as connection:  # an older definition, answering something else
        connection.execute(
            """CREATE OR REPLACE MACRO scoped_fact_rows(v, p, d) AS TABLE
               SELECT 1999 AS year, 2023 AS recorded_vintage, 2023 AS vintage, '03580' AS code,
                      '12' AS province_code, '109' AS district_code"""
        )
        connection.execute("UPDATE build_info SET value = 'older' WHERE key = 'code_fingerprint'")
    assert needs_upgrade(old)
    assert ensure_database(old) is False  # upgraded in place, not rebuilt
    with connect(old) as connection:
        definition = connection.execute(
            "SELECT macro_definition FROM duckdb_functions() WHERE function_name = 'scoped_fact_rows'"
        ).fetchone()[0]
        assert "successors_in_d" in definition and "scope_units" not in definition
        years = connection.execute("SELECT DISTINCT year FROM scoped_fact_rows(2025, '12', '109')").fetchall()
        assert years == [(2023,)]
    assert not needs_upgrade(old)

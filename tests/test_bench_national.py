"""The synthetic national load of the benchmarks: made in a separate file, labelled, deterministic, reused."""

import duckdb
import pytest

from bench import national
from store.database import DEFAULT_PATH
from tests.conftest import NATIONAL_LOAD_RECORDS

RECORDS = NATIONAL_LOAD_RECORDS


def test_the_load_adds_exactly_the_records_all_illustrative_and_labelled(national_load):
    counts = national.counts(national_load)
    assert sum(synthetic for table, (_, synthetic) in counts.items() if table != "project_commune") == RECORDS
    with duckdb.connect(str(national_load), read_only=True) as connection:
        for table in national.LIST_TABLES:
            labelled, unlabelled_illustrative = connection.execute(
                f"SELECT count(*) FILTER (source = $s), count(*) FILTER (source = $s AND NOT illustrative) FROM {table}",
                {"s": national.SOURCE},
            ).fetchone()
            assert labelled > 0 and unlabelled_illustrative == 0, table
        assert "synthetic benchmark load (illustrative)" in national.SOURCE
        spread = connection.execute(
            """SELECT count(DISTINCT u.province_code), count(DISTINCT f.commune_code), min(f.year), max(f.year)
               FROM fact_row AS f JOIN unit AS u ON u.vintage = 2023 AND u.code = f.commune_code"""
        ).fetchone()
        assert spread[0] == 63 and spread[1] > 3000 and (spread[2], spread[3]) == (2022, 2025)
        # The shipped Phong Thổ rows are still there, untouched.
        assert connection.execute("SELECT count(*) FROM comm_team WHERE record_id LIKE 'ct-2023-%'").fetchone() == (77,)


def test_the_same_records_and_seed_give_the_same_rows_and_reuse_the_file(national_load, database_path, monkeypatch):
    monkeypatch.setenv("P8_DB", str(database_path))
    modified = national_load.stat().st_mtime_ns
    assert national.build(national_load, records=RECORDS, seed=17) == national_load
    assert national_load.stat().st_mtime_ns == modified  # reused, not rebuilt
    other = national_load.with_name("again.duckdb")
    national.build(other, records=RECORDS, seed=17)
    query = "SELECT record_id, commune_code, year, communicators FROM comm_team ORDER BY record_id"
    with duckdb.connect(str(national_load), read_only=True) as a, duckdb.connect(str(other), read_only=True) as b:
        assert a.execute(query).fetchall() == b.execute(query).fetchall()


def test_the_shipped_database_is_refused(database_path, monkeypatch):
    monkeypatch.setenv("P8_DB", str(database_path))
    for shipped in (DEFAULT_PATH, database_path):
        with pytest.raises(ValueError, match="shipped"):
            national.build(shipped, records=10)


def test_the_query_benchmark_runs_on_a_small_load_and_gives_sane_figures(national_load):
    from bench.queries import figures

    found = figures(national_load, runs=3)
    assert [(f.goal, f.unit) for f in found] == [(50.0, "ms"), (100.0, "ms"), (300.0, "ms")]
    assert all(0 < f.measured < 60_000 for f in found), found
    assert all(f"{RECORDS:,} records" in f.what for f in found)
    assert "5 queries on one connection" in found[0].detail and "2 queries" in found[2].detail

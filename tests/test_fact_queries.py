"""One named query per fact table (queries/<table>.sql): every row once, filters done in SQL, places by vintage."""

import re
import shutil

import duckdb
import pandas as pd
import pytest

from queries.runner import QueryError, catalog, run
from registry.tables import FACT_TABLES, TABLES
from tests.conftest import ROOT


def schema_fact_tables() -> dict[str, list[str]]:
    """The fact tables of data/schema.sql (between the "facts" and "what the report says" rulers) and their columns."""
    schema = (ROOT / "data" / "schema.sql").read_text(encoding="utf-8")
    facts = schema.split("-- facts", 1)[1].split("-- what the report says", 1)[0]
    tables = {}
    for name, body in re.findall(r"CREATE TABLE (\w+) \((.*?)\n\);", facts, flags=re.S):
        tables[name] = [line.split()[0] for line in body.splitlines() if re.match(r"\s+[a-z_]+\s+[A-Z]", line)]
    return tables


SCHEMA = schema_fact_tables()
COMMUNE_TABLES = [name for name, columns in SCHEMA.items() if "commune_code" in columns]


def test_every_fact_table_has_a_query_of_its_name_and_a_page_entry():
    assert len(SCHEMA) == 11 and "comm_team" in SCHEMA and "document" in SCHEMA
    assert sorted(SCHEMA) == sorted(FACT_TABLES)
    assert set(SCHEMA) <= set(catalog())


@pytest.mark.parametrize("table", sorted(SCHEMA))
def test_each_query_takes_the_filters_its_table_can_answer(table):
    params = {p.name: p for p in catalog()[table].params}
    assert {"province_code", "district_code", "year", "illustrative"} <= set(params)
    assert not any(p.required for p in params.values())  # no filter: the whole table
    if table in COMMUNE_TABLES:
        assert {"vintage", "commune_code"} <= set(params)
    assert ("content_area" in params) == ("content_area" in SCHEMA[table])
    if TABLES[table].type_column:
        assert TABLES[table].type_column in params and TABLES[table].type_column in SCHEMA[table]


@pytest.mark.parametrize("table", sorted(SCHEMA))
def test_unfiltered_query_lists_every_row_once_with_illustrative_and_source(connection, table):
    rows = run(table, {}, connection)
    stored = connection.execute(f"SELECT record_id FROM {table}").df()["record_id"]
    assert len(stored) > 0
    assert sorted(rows["record_id"]) == sorted(stored) and rows["record_id"].is_unique
    assert {"illustrative", "source", "year"} <= set(rows.columns)
    if table in COMMUNE_TABLES:
        assert {"vintage", "commune_code", "commune_name", "recorded_commune_code"} <= set(rows.columns)
        placed = rows[rows["commune_code"].notna()]
        assert placed["commune_name"].notna().all()


@pytest.mark.parametrize("table", sorted(SCHEMA))
def test_illustrative_filter_splits_the_table_in_sql(connection, table):
    everything = run(table, {}, connection)
    illustrative = run(table, {"illustrative": "true"}, connection)
    reported = run(table, {"illustrative": "false"}, connection)
    assert illustrative["illustrative"].all() and not reported["illustrative"].any()
    assert sorted([*illustrative["record_id"], *reported["record_id"]]) == sorted(everything["record_id"])


def test_reported_events_are_the_policy_dialogue(connection):
    reported = run("event", {"illustrative": False, "district_code": "109", "year": 2023}, connection)
    assert reported["record_id"].tolist() == ["ev-2023-dialogue-01"]
    assert reported.iloc[0]["commune_name"] == "Xã Lả Nhì Thàng"


@pytest.mark.parametrize(
    "table, params, column, allowed",
    [
        ("event", {"event_type": "campaign"}, "event_type", {"campaign"}),
        ("event", {"content_area": 3}, "content_area", {3}),
        ("training", {"content_area": 1}, "content_area", {1}),
        ("club", {"status": "set_up_not_launched"}, "status", {"set_up_not_launched"}),
        ("target", {"status": "achieved"}, "status", {"achieved"}),
        ("target", {"content_area": 2}, "content_area", {2}),
        ("budget", {"line": "plan"}, "line", {"plan"}),
        ("document", {"doc_type": "plan"}, "doc_type", {"plan"}),
    ],
)
def test_type_and_content_filters_select_exactly_their_rows(connection, table, params, column, allowed):
    everything = run(table, {}, connection)
    chosen = run(table, params, connection)
    assert len(chosen) > 0 and set(chosen[column]) == allowed
    assert len(chosen) == everything[column].isin(allowed).sum()


def test_report_totals_come_out_of_the_filtered_tables(connection):
    """The 2023 report's figures (data/seed/report_figure.csv) are what the Tables page lists for Phong Thổ 2023."""
    scope = {"district_code": "109", "year": 2023}
    assert len(run("comm_team", scope, connection)) == 77
    assert run("comm_team", scope, connection)["communicators"].sum() == 596
    assert run("trusted_address", scope, connection)["members_female"].sum() == 37
    assert run("event", {**scope, "event_type": "market_event"}, connection)["attendees"].sum() == 2000
    assert run("training", scope, connection)["participants"].sum() == 334
    assert run("supervision", scope, connection)["commune_code"].nunique() == 7


def test_scope_filters(connection):
    assert len(run("comm_team", {"province_code": "12"}, connection)) == 77
    assert run("comm_team", {"district_code": "108"}, connection).empty  # another Lai Châu district: no data
    assert run("comm_team", {"province_code": "01"}, connection).empty
    assert run("comm_team", {"year": 2022}, connection).empty
    # District-wide training (no commune) belongs to its district and province, and to no commune.
    assert len(run("training", {"district_code": "109"}, connection)) == 9
    assert len(run("training", {"province_code": "12"}, connection)) == 9
    assert run("training", {"province_code": "01"}, connection).empty
    assert run("training", {"vintage": 2023, "commune_code": "03562"}, connection).empty


def test_2025_vintage_lists_each_2023_row_under_its_successor(connection):
    old = run("comm_team", {"vintage": 2023, "district_code": "109"}, connection)
    new = run("comm_team", {"vintage": 2025, "district_code": "109"}, connection)
    assert sorted(new["record_id"]) == sorted(old["record_id"])  # listed, not summed: nothing lost, nothing doubled
    assert (new["vintage"] == 2025).all() and (new["recorded_vintage"] == 2023).all()
    crosswalk = connection.execute(
        "SELECT from_code, to_code FROM crosswalk WHERE from_vintage = 2023 AND to_vintage = 2025"
    ).df()
    successor = dict(zip(crosswalk["from_code"], crosswalk["to_code"]))
    assert (new["recorded_commune_code"].map(successor) == new["commune_code"]).all()
    assert new["commune_code"].nunique() == 6
    si_lo_lau = run("comm_team", {"vintage": 2025, "commune_code": "03562"}, connection)
    assert set(si_lo_lau["commune_name"]) == {"Xã Sì Lở Lầu"}
    assert set(si_lo_lau["recorded_commune_code"]) == {k for k, v in successor.items() if v == "03562"}
    # The same code in 2023 is another commune (Vàng Ma Chải): the vintage decides.
    assert set(run("comm_team", {"vintage": 2023, "commune_code": "03562"}, connection)["commune_name"]) == {
        "Xã Vàng Ma Chải"
    }


@pytest.fixture(scope="module")
def with_2025_fact(database_path, tmp_path_factory):
    """A copy of the database holding one team recorded against a 2025 commune (as imports from 2025 will)."""
    path = tmp_path_factory.mktemp("facts") / "copy.duckdb"
    shutil.copy(database_path, path)
    with duckdb.connect(str(path)) as writable:
        writable.execute(
            "INSERT INTO comm_team VALUES ('ct-2025-new', 2025, 2025, NULL, '03562', 'Bản Mới', 10, 4, NULL, false, 'test')"
        )
    with duckdb.connect(str(path), read_only=True) as connection:
        yield connection


def test_a_row_without_a_commune_in_the_vintage_shown_is_still_listed(with_2025_fact):
    shown_2023 = run("comm_team", {"vintage": 2023, "district_code": "109", "year": 2025}, with_2025_fact)
    assert shown_2023["record_id"].tolist() == ["ct-2025-new"]
    row = shown_2023.iloc[0]
    assert pd.isna(row["commune_code"]) and pd.isna(row["commune_name"])  # a 2025 commune has no single 2023 one
    assert row["recorded_commune_name"] == "Xã Sì Lở Lầu" and row["recorded_vintage"] == 2025
    shown_2025 = run("comm_team", {"vintage": 2025, "commune_code": "03562", "year": 2025}, with_2025_fact)
    assert shown_2025["commune_name"].tolist() == ["Xã Sì Lở Lầu"]
    as_recorded = run("comm_team", {"illustrative": False}, with_2025_fact)
    assert as_recorded["record_id"].tolist() == ["ct-2025-new"] and as_recorded.iloc[0]["vintage"] == 2025


@pytest.mark.parametrize(
    "table, params, message",
    [
        ("comm_team", {"vintage": 2024}, "vintage must be 2023 or 2025"),
        ("comm_team", {"district_code": "109' OR '1'='1"}, "code of up to 3 digits"),
        ("event", {"content_area": "one"}, "must be integer"),
        ("target", {"vintage": 2023}, "no parameter vintage"),
    ],
)
def test_bad_filters_are_refused(connection, table, params, message):
    with pytest.raises(QueryError, match=re.escape(message)):
        run(table, params, connection)


def test_text_filters_are_bound_not_pasted(connection):
    assert run("event", {"event_type": "campaign' OR '1'='1"}, connection).empty
    assert run("document", {"doc_type": "x'); DROP TABLE document; --"}, connection).empty
    assert len(run("document", {}, connection)) > 0

"""Commit: all rows or none, idempotent re-import, lossless round trip, audit log, undo."""

from __future__ import annotations

import hashlib
import re

import duckdb
import pytest

from ingest import commit as committing
from ingest import pipeline, templates
from ingest.keys import generated_id
from registry.tables import IMPORT_TABLES
from store.database import opened
from tests.ingest_support import csv_bytes, db, prepare, scalar, snapshot, teams  # noqa: F401

REAL_TEAMS = teams(
    ["Mù Sang", "Bản Hồ Sì Pan", 8, 3, 2023, "15/10/2023"],
    ["Dào San", "Bản Tả Phìn", 6, 2, 2023, ""],
    ["Sì Lở Lầu", "Bản Sì Choang", 9, 5, 2023, "01/09/2023"],
)
REAL_TEAM_COMMUNES = ("Xã Dào San", "Xã Mù Sang", "Xã Sì Lở Lầu")


def illustrative_teams(db, communes=REAL_TEAM_COMMUNES, inside=True) -> tuple[int, int]:
    """Illustrative teams and communicators stored for these communes (or, inside=False, all the others)."""
    return tuple(
        int(v)
        for v in duckdb.connect(str(db), read_only=True)
        .execute(
            f"""SELECT count(*), coalesce(sum(communicators), 0) FROM comm_team t
                JOIN unit u ON u.vintage = t.vintage AND u.code = t.commune_code
                WHERE t.illustrative AND u.name {"" if inside else "NOT"} IN (SELECT unnest(?))""",
            [list(communes)],
        )
        .fetchall()[0]
    )


def commit(prepared, db, editor="lan", door="app"):
    assert prepared.ok, [p.as_dict() for p in prepared.errors]
    return pipeline.commit(prepared, db, editor, door)


def log(db) -> list[dict]:
    with duckdb.connect(str(db), read_only=True) as connection:
        frame = connection.execute("SELECT * FROM import_log ORDER BY import_id").df()
    return frame.to_dict("records")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("table", list(IMPORT_TABLES))
def test_an_export_imports_back_with_no_change(db, table, fmt):
    before = snapshot(db, table)
    assert before, f"the seed has rows in {table}"
    with opened(db) as connection:
        data, count = templates.export(connection, table, fmt, district_code=None)
    prepared = prepare(data, db, name=f"export.{fmt}", default_district=None)
    assert prepared.problems == [] and prepared.table == table
    assert prepared.plan == committing.Plan(added=0, updated=0, unchanged=count, removed=0)
    entry = commit(prepared, db)
    assert (entry.rows_added, entry.rows_updated, entry.rows_removed, entry.rows_unchanged) == (0, 0, 0, len(before))
    assert snapshot(db, table) == before


def test_real_rows_replace_the_illustrative_ones_of_their_communes_only_and_the_import_is_logged(db):
    replaced, _ = illustrative_teams(db)
    kept_teams, kept_communicators = illustrative_teams(db, inside=False)
    assert replaced > 0 and kept_teams > 0 and replaced + kept_teams == 77
    data = csv_bytes(REAL_TEAMS, delimiter=";")
    prepared = prepare(data, db, name="to_truyen_thong.csv")
    assert prepared.plan == committing.Plan(added=3, updated=0, unchanged=0, removed=replaced)
    assert [place.name for place in prepared.plan.places] == list(REAL_TEAM_COMMUNES)
    assert sum(place.rows for place in prepared.plan.places) == replaced
    entry = commit(prepared, db, editor="lan")
    assert entry.places == prepared.plan.places
    assert scalar(db, "SELECT count(*) FROM comm_team") == 3 + kept_teams
    assert scalar(db, "SELECT sum(communicators) FILTER (NOT illustrative) FROM comm_team") == 23
    assert illustrative_teams(db, inside=False) == (kept_teams, kept_communicators)  # other communes untouched
    assert illustrative_teams(db) == (0, 0)
    (row,) = log(db)
    assert row["editor"] == "lan" and row["door"] == "app" and row["file_name"] == "to_truyen_thong.csv"
    assert row["file_sha256"] == hashlib.sha256(data).hexdigest() and row["table_name"] == "comm_team"
    assert (row["rows_in_file"], row["rows_added"], row["rows_updated"], row["rows_removed"]) == (3, 3, 0, replaced)
    assert pipeline.history(db).loc[0, "places_made_real"] == ", ".join(REAL_TEAM_COMMUNES)
    assert row["imported_at"] is not None and entry.import_id == row["import_id"] == 1
    assert (
        scalar(
            db,
            "SELECT count(*) FROM import_change WHERE import_id = 1 AND action = 'removed' AND before_row IS NOT NULL",
        )
        == replaced
    )


def test_re_importing_the_same_file_changes_nothing(db):
    replaced, _ = illustrative_teams(db)
    data = csv_bytes(REAL_TEAMS)
    commit(prepare(data, db), db)
    after_first = snapshot(db, "comm_team")
    again = prepare(data, db)
    assert again.plan == committing.Plan(added=0, updated=0, unchanged=3, removed=0)
    commit(again, db)
    assert snapshot(db, "comm_team") == after_first
    assert [r["rows_added"] + r["rows_updated"] + r["rows_removed"] for r in log(db)] == [3 + replaced, 0]


def test_a_row_without_record_id_is_matched_on_its_natural_key_and_updated(db):
    commit(prepare(csv_bytes(REAL_TEAMS), db), db)
    ids = {r[0] for r in snapshot(db, "comm_team")}
    changed = teams(
        ["Xã Mù Sang", "bản hồ sì pan", 10, 4, 2023, "15/10/2023"]
    )  # same team: name and case written differently
    prepared = prepare(csv_bytes(changed), db)
    assert prepared.plan == committing.Plan(added=0, updated=1, unchanged=0, removed=0)
    commit(prepared, db)
    assert {r[0] for r in snapshot(db, "comm_team")} == ids
    assert scalar(db, "SELECT communicators FROM comm_team WHERE commune_code = '03568'") == 10


def test_generated_record_ids_are_derived_from_the_natural_key_only(db):
    commit(prepare(csv_bytes(REAL_TEAMS), db), db)
    record_id = scalar(db, "SELECT record_id FROM comm_team WHERE commune_code = '03568'")
    assert re.fullmatch(r"ct-2023-03568-[0-9a-f]{12}", record_id)
    spec = IMPORT_TABLES["comm_team"]
    key = {"year": "2023", "vintage": "2023", "commune_code": "03568", "village": "Bản Hồ Sì Pan"}
    assert generated_id(spec, key) == record_id
    assert generated_id(spec, {**key, "village": "  BẢN HỒ SÌ PAN "}) == record_id
    assert generated_id(spec, {**key, "village": "Bản khác"}) != record_id


def test_seed_targets_are_upserted_on_code_district_and_year(db):
    header = [
        "Mã huyện",
        "Năm báo cáo",
        "Mã chỉ tiêu",
        "Tên chỉ tiêu tiếng Việt",
        "Tên chỉ tiêu tiếng Anh",
        "Nội dung Dự án 8",
        "Năm bắt đầu",
        "Năm kết thúc",
        "Giá trị chỉ tiêu",
        "Kết quả thực hiện",
        "Tình trạng",
    ]
    row = [
        "109",
        2023,
        "comm_teams",
        "Thành lập và duy trì tổ truyền thông cộng đồng",
        "Set up and maintain community communication teams",
        1,
        2022,
        2025,
        75,
        80,
        "Vượt chỉ tiêu",
    ]
    before = scalar(db, "SELECT count(*) FROM target")
    prepared = prepare(csv_bytes([header, row]), db, table="target")
    assert prepared.plan == committing.Plan(added=0, updated=1, unchanged=0, removed=0)
    commit(prepared, db)
    assert scalar(db, "SELECT count(*) FROM target") == before
    assert scalar(db, "SELECT actual_value FROM target WHERE record_id = 'tgt-109-2023-comm-teams'") == 80


def test_a_failure_inside_the_transaction_leaves_everything_as_it_was(db):
    """A row the database itself refuses (women > members, which the validator would have caught)
    arrives last: the rows before it, the removals and the log entry are all rolled back."""
    prepared = prepare(csv_bytes(REAL_TEAMS), db)
    before_teams, before_log = snapshot(db, "comm_team"), scalar(db, "SELECT count(*) FROM import_log")
    bad = dict(
        prepared.validated.records[-1], record_id=None, village="Bản lỗi", communicators="1", communicators_female="9"
    )
    prepared.validated.records.append(bad)
    prepared.validated.row_numbers.append(99)
    prepared.validated.given_ids.append(False)
    prepared.validated.keys.append(("2023", "2023", "03550", "bản lỗi"))
    with pytest.raises(duckdb.ConstraintException):
        pipeline.commit(prepared, db, "lan", "app")
    assert snapshot(db, "comm_team") == before_teams
    assert scalar(db, "SELECT count(*) FROM import_log") == before_log
    assert scalar(db, "SELECT count(*) FROM import_change") == 0


def test_undo_restores_the_table_exactly_and_unwinds_imports_in_order(db):
    original = snapshot(db, "comm_team")
    replaced, _ = illustrative_teams(db)
    commit(prepare(csv_bytes(REAL_TEAMS), db), db)
    after_first = snapshot(db, "comm_team")
    commit(prepare(csv_bytes(teams(["Mù Sang", "Bản Hồ Sì Pan", 12, 6, 2023, "15/10/2023"])), db), db)
    undone = pipeline.undo_last(db, "lan")
    assert (undone.import_id, undone.rows_deleted, undone.rows_restored) == (2, 1, 1)
    assert snapshot(db, "comm_team") == after_first
    undone = pipeline.undo_last(db, "lan")
    assert (undone.import_id, undone.rows_deleted, undone.rows_restored) == (1, 3, replaced)
    assert snapshot(db, "comm_team") == original
    assert pipeline.undo_last(db, "lan") is None
    assert [(r["undone_by"] is not None) for r in log(db)] == [True, True]


def test_undo_refuses_when_a_newer_import_arrived_meanwhile(db):
    commit(prepare(csv_bytes(REAL_TEAMS), db), db)
    commit(prepare(csv_bytes(teams(["Mù Sang", "Bản Mới", 1, 0, 2023, ""])), db), db)
    assert pipeline.undo_last(db, "lan", only_id=1) is None
    assert scalar(db, "SELECT count(*) FROM import_log WHERE undone_at IS NOT NULL") == 0


def test_a_database_built_before_the_import_log_gets_it_on_first_import(db):
    with duckdb.connect(str(db)) as connection:
        connection.execute("DROP TABLE import_change")
        connection.execute("DROP TABLE import_log")
    assert pipeline.history(db).empty and pipeline.last_undoable(db) is None
    commit(prepare(csv_bytes(REAL_TEAMS), db), db)
    assert len(pipeline.history(db)) == 1


def test_the_figures_follow_an_import(db):
    """Real data feeds the dashboard's own questions (report_figures recomputes from the facts)."""
    from queries.runner import run

    kept_teams, kept_communicators = illustrative_teams(db, inside=False)
    commit(prepare(csv_bytes(REAL_TEAMS), db), db)
    with opened(db) as connection:
        figures = run("report_figures", {"district_code": "109", "year": 2023}, connection).set_index("code")
    teams_row, communicators_row = figures.loc["comm_teams"], figures.loc["communicators"]
    assert (teams_row["reported"], communicators_row["reported"]) == (77, 596)  # what the district reported stays
    assert (teams_row["listed_real"], teams_row["listed_illustrative"]) == (3, kept_teams)
    assert teams_row["value"] == 3 + kept_teams and communicators_row["value"] == 23 + kept_communicators
    assert (teams_row["communes_real"], teams_row["communes_illustrative"], teams_row["communes_listed"]) == (3, 12, 15)
    assert not teams_row["matches"] and teams_row["cause"] == "illustrative"


def test_a_village_written_otherwise_is_the_same_team_whether_duckdb_can_fold_it_or_not(db):
    """Stored keys are matched inside DuckDB (ingest/keys.py); "Bản Mới" folds there, "Straße" only in
    Python (casefold: strasse): both must find their stored row again, never add a second team."""
    commit(
        prepare(csv_bytes(teams(["Mù Sang", "Bản Mới", 5, 1, 2023, ""], ["Mù Sang", "Straße", 6, 2, 2023, ""])), db), db
    )
    count = scalar(db, "SELECT count(*) FROM comm_team")
    again = prepare(
        csv_bytes(teams(["Mù Sang", "BẢN  MỚI ", 5, 1, 2023, ""], ["Mù Sang", "STRASSE", 6, 2, 2023, ""])), db
    )
    assert (again.plan.added, again.plan.updated, again.plan.unchanged) == (0, 2, 0)
    commit(again, db)
    assert scalar(db, "SELECT count(*) FROM comm_team") == count

"""python -m ingest as scripts call it: real processes, real files, exit codes 0/1/2 (and 3: busy)."""

from __future__ import annotations

import json

import openpyxl
import pytest

from tests.ingest_support import csv_bytes, db, run_cli, scalar, snapshot, teams  # noqa: F401

REAL = teams(["Mù Sang", "Bản Hồ Sì Pan", 8, 3, 2023, "15/10/2023"], ["Dào San", "Bản Tả Phìn", 6, 2, 2023, ""])


def test_template_xlsx_has_vietnamese_headers_drop_downs_and_instructions(db, tmp_path):
    target = tmp_path / "mau.xlsx"
    result = run_cli("--template", "club", "--output", target, "--district-code", "109", db=db)
    assert result.returncode == 0, result.stderr
    workbook = openpyxl.load_workbook(target)
    assert workbook.sheetnames == ["club", "Hướng dẫn", "Danh mục"]
    sheet = workbook["club"]
    headers = [c.value for c in sheet[2]]
    assert "Trường THCS * (school)" in headers and "Tên xã (commune)" in headers and "Tình trạng * (status)" in headers
    assert sheet.freeze_panes == "A3"
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    commune_column = "ABCDEFGHIJ"[headers.index("Tên xã (commune)")]
    assert any(ref.startswith(f"{commune_column}3") for ref in lists), lists
    listed = [c.value for c in workbook["Danh mục"]["A"]][1:]
    assert "Xã Mù Sang" in listed and "Xã Sì Lở Lầu" in listed  # 2023 and 2025 units of Phong Thổ
    status = [
        c.value
        for c in workbook["Danh mục"][
            next(c.column_letter for c in workbook["Danh mục"][1] if "(status)" in str(c.value))
        ]
    ][1:]
    assert [v for v in status if v] == ["Đã thành lập, chưa ra mắt", "Đã ra mắt"]
    instructions = "\n".join(str(c.value) for row in workbook["Hướng dẫn"].iter_rows() for c in row if c.value)
    assert "school" in instructions and "Record ID" in instructions and "bắt buộc" in instructions


def test_csv_template_and_an_empty_template_is_not_importable(db, tmp_path):
    result = run_cli("--template", "comm_team", "--format", "csv", db=db)
    assert result.returncode == 0
    header = result.stdout.decode("utf-8-sig").splitlines()[0]
    assert header.startswith("Mã bản ghi (record_id),Năm báo cáo * (year)")
    path = tmp_path / "empty.csv"
    path.write_bytes(result.stdout)
    empty = run_cli(path, db=db)
    assert empty.returncode == 2 and "no data rows" in empty.stderr.decode()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_changes_nothing(db, tmp_path, fmt):
    target = tmp_path / f"event.{fmt}"
    exported = run_cli("--export", "event", "--output", target, db=db)
    assert exported.returncode == 0 and target.exists()
    before = snapshot(db, "event")
    result = run_cli(target, db=db)
    assert result.returncode == 0, result.stderr
    assert "added 0, updated 0, unchanged 9" in result.stdout.decode()
    assert snapshot(db, "event") == before


def test_a_rejected_file_exits_1_lists_every_problem_as_json_and_writes_nothing(db, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(
        csv_bytes(
            teams(
                ["Mù Sangg", "A", 5, 1, 2023, ""], ["Mù Sang", "B", 5, 6, 2023, ""], ["Mù Sang", "C", -2, 0, 2023, ""]
            )
        )
    )
    before = snapshot(db, "comm_team")
    result = run_cli(path, "--json", db=db)
    assert result.returncode == 1
    problems = json.loads(result.stdout)
    assert {(p["row"], p["column"], p["value"]) for p in problems} == {
        (2, "Tên xã", "Mù Sangg"),
        (3, "Số truyền thông viên nữ", "6"),
        (4, "Số truyền thông viên", "-2"),
    }
    for problem in problems:
        assert {"row", "column", "value", "message"} <= set(problem)
        assert problem["message_vi"] in problem["message"] and problem["message_en"] in problem["message"]
    assert snapshot(db, "comm_team") == before
    assert scalar(db, "SELECT count(*) FROM import_log") == 0


def test_an_unusable_file_exits_2_with_a_message(db, tmp_path):
    path = tmp_path / "damaged.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    result = run_cli(path, "--json", db=db)
    assert result.returncode == 2
    (problem,) = json.loads(result.stdout)
    assert problem["code"] == "file_corrupt_xls" and ".xls" in problem["message"]
    assert b"Traceback" not in result.stderr
    missing = run_cli(tmp_path / "nowhere.csv", db=db)
    assert missing.returncode == 2 and b"Traceback" not in missing.stderr


def test_dry_run_writes_nothing_then_the_import_does(db, tmp_path):
    path = tmp_path / "teams.csv"
    path.write_bytes(csv_bytes(REAL, delimiter=";", encoding="cp1258"))
    before = snapshot(db, "comm_team")
    dry = run_cli(path, "--dry-run", db=db)
    assert (
        dry.returncode == 0
        and "would be added 2, updated 0, unchanged 0, illustrative rows replaced 10 "
        "in Xã Dào San (03571, 6 rows), Xã Mù Sang (03568, 4 rows)"
        in dry.stdout.decode()
    )
    assert snapshot(db, "comm_team") == before
    done = run_cli(path, "--editor", "lan", db=db)
    assert done.returncode == 0 and "import #1" in done.stdout.decode()
    assert scalar(db, "SELECT count(*) FROM comm_team") == 77 - 10 + 2  # the other 13 communes keep theirs
    assert scalar(db, "SELECT editor || '/' || door FROM import_log") == "lan/cli"
    history = run_cli("--history", "--json", db=db)
    assert json.loads(history.stdout)[0]["file_name"] == "teams.csv"
    assert json.loads(history.stdout)[0]["places_made_real"] == "Xã Dào San, Xã Mù Sang"
    undo = run_cli("--undo-last", db=db)
    assert undo.returncode == 0 and "undid import #1" in undo.stdout.decode()
    assert snapshot(db, "comm_team") == before


def test_a_busy_database_is_waited_for_then_refused_with_advice(locked_database, tmp_path):
    path = tmp_path / "teams.csv"
    path.write_bytes(csv_bytes(REAL))
    result = run_cli(path, "--wait", "1", db=locked_database)
    assert result.returncode == 3
    message = result.stderr.decode()
    assert "another program" in message and "Nothing was changed" in message and "Traceback" not in message

"""A second report year for Phong Thổ (2024), written as staff would: the 2023 export of targets and budget
lines, edited, and imported through the import path. Shared by the trajectory, budget-by-year and Tables tests."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from tests.ingest_support import run_cli

# 2024 actuals (targets are cumulative over 2022–2025).
ACTUALS_2024 = {"comm_teams": 80, "trusted_addresses": 9, "livelihood_groups_4_0": 3}
# The 2024 report's budget: 2023 funds carried over, the 2024 plan, and the plan for 2025 (million VND).
BUDGET_2024 = {
    "carryover": {"allocation_year": 2023, "allocated": 1791, "advanced": "", "disbursed": 1500, "expected": 1791},
    "plan": {"allocation_year": 2024, "allocated": 3859, "advanced": 500, "disbursed": 2000, "expected": 3500},
    "planned_next": {"allocation_year": 2025, "allocated": 4000, "advanced": "", "disbursed": "", "expected": ""},
}
LINE_WORDS = {
    "carryover": "Vốn năm trước chuyển sang",
    "plan": "Kế hoạch vốn năm báo cáo",
    "planned_next": "Dự kiến năm sau",
}


def _exported(db: Path, tmp_path: Path, table: str) -> list[list[str]]:
    path = tmp_path / f"{table}_2023.csv"
    done = run_cli("--export", table, "--district-code", "109", "--year", 2023, "--output", path, db=db)
    assert done.returncode == 0, done.stderr.decode()
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def _write(tmp_path: Path, name: str, rows: list[list[str]]) -> Path:
    path = tmp_path / name
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(rows)
    return path


def import_report_2024(db: Path, tmp_path: Path) -> None:
    header, *targets = _exported(db, tmp_path, "target")
    column = {name.split("(")[-1].rstrip(")"): index for index, name in enumerate(header)}
    rows_2024 = []
    for row in targets:
        row = list(row)
        row[column["record_id"]] = row[column["record_id"]].replace("-2023-", "-2024-")
        row[column["year"]] = "2024"
        if row[column["code"]] in ACTUALS_2024:
            row[column["actual_value"]] = str(ACTUALS_2024[row[column["code"]]])
        rows_2024.append(row)
    done = run_cli(_write(tmp_path, "target_2024.csv", [header, *rows_2024]), db=db)
    assert done.returncode == 0, done.stderr.decode() + done.stdout.decode()

    header, *lines = _exported(db, tmp_path, "budget")
    column = {name.split("(")[-1].rstrip(")"): index for index, name in enumerate(header)}
    template = lines[0]
    rows_2024 = []
    for line, amounts in BUDGET_2024.items():
        row = list(template)
        row[column["record_id"]] = f"bud-109-2024-{line}-{amounts['allocation_year']}"
        row[column["year"]] = "2024"
        row[column["allocation_year"]] = str(amounts["allocation_year"])
        row[column["line"]] = LINE_WORDS[line]
        row[column["allocated_mvnd"]] = str(amounts["allocated"])
        row[column["advanced_mvnd"]] = str(amounts["advanced"])
        row[column["disbursed_mvnd"]] = str(amounts["disbursed"])
        row[column["expected_disbursed_mvnd"]] = str(amounts["expected"])
        row[column["expected_by"]] = "2024-12-31" if line != "planned_next" else ""
        row[column["source"]] = "Báo cáo 2024 (thử nghiệm)"
        rows_2024.append(row)
    done = run_cli(_write(tmp_path, "budget_2024.csv", [header, *rows_2024]), db=db)
    assert done.returncode == 0, done.stderr.decode() + done.stdout.decode()

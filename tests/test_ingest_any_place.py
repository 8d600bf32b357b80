"""The whole country, every year: lists and report figures of any district, province, vintage and year go
in through `python -m ingest` and come out of the named queries the pages and exports use."""

from __future__ import annotations

import json
import subprocess
import sys

import duckdb
import pandas as pd
import pytest

from queries.runner import run
from tests.conftest import ROOT, cli_env
from tests.ingest_support import csv_bytes, db, prepare, run_cli, scalar, snapshot, teams  # noqa: F401

THAN_UYEN = "110"  # Huyện Than Uyên, Lai Châu (2023 code)
THAN_UYEN_2024 = teams(
    ["Xã Mường Kim", "Bản Nà Khương", 9, 4, 2024, ""],
    ["Tà Hừa", "Bản Khá", 7, 3, 2024, ""],
    ["mường than", "Bản Mé", 8, 5, 2024, ""],
)
FIGURE_HEADER = ["Mã huyện", "Năm báo cáo", "Mã số liệu", "Số liệu báo cáo", "Cách ghi trong báo cáo"]
THAN_UYEN_2024_FIGURES = [
    FIGURE_HEADER,
    [THAN_UYEN, 2024, "comm_teams", 3, "03 tổ truyền thông cộng đồng"],
    [THAN_UYEN, 2024, "Số xã có tổ truyền thông cộng đồng", 3, ""],  # the figure's words stand for its code
    [THAN_UYEN, 2024, "communicators", 24, ""],
    [THAN_UYEN, 2024, "communicators_female", 12, ""],
    [THAN_UYEN, 2024, "targets_total", 2, "02 chỉ tiêu"],
    [THAN_UYEN, 2024, "targets_achieved", 1, ""],
    [THAN_UYEN, 2024, "budget_2023_mvnd", "500,5", "500,5 triệu đồng"],  # the report year's plan
]


def _file(tmp_path, name: str, rows: list[list]):
    path = tmp_path / name
    path.write_bytes(csv_bytes(rows))
    return path


def _imported(result) -> str:
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout.decode()


def _query(db, name: str, **params):
    with duckdb.connect(str(db), read_only=True) as connection:
        return run(name, params, connection)


def _queries_cli(db, name: str, **params) -> list[dict]:
    """`python -m queries run NAME --param … --format json`, as a script would call it."""
    args = [arg for key, value in params.items() for arg in ("--param", f"{key}={value}")]
    result = subprocess.run(
        [sys.executable, "-m", "queries", "run", name, *args, "--format", "json"],
        cwd=ROOT,
        env=cli_env(db),
        capture_output=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr.decode()
    return json.loads(result.stdout)


def _than_uyen_2024(db, tmp_path) -> None:
    """The district's team list, its targets and its budget for 2024, as its staff would import them."""
    assert "added 3" in _imported(
        run_cli(_file(tmp_path, "to_tt.csv", THAN_UYEN_2024), "--district-code", THAN_UYEN, db=db)
    )
    targets = [
        ["Mã huyện", "Năm báo cáo", "Mã chỉ tiêu", "Tên chỉ tiêu tiếng Việt", "Tên chỉ tiêu tiếng Anh"]
        + ["Nội dung Dự án 8", "Năm bắt đầu", "Năm kết thúc", "Giá trị chỉ tiêu", "Kết quả thực hiện", "Tình trạng"],
        [THAN_UYEN, 2024, "comm_teams", "Thành lập tổ truyền thông", "Set up teams", 1, 2022, 2025, 3, 3, "achieved"],
        [THAN_UYEN, 2024, "trusted_addresses", "Thành lập địa chỉ tin cậy", "Set up addresses", 2, 2022, 2025, 4, 1]
        + ["not_achieved"],
    ]
    assert "added 2" in _imported(run_cli(_file(tmp_path, "chi_tieu.csv", targets), "--table", "target", db=db))
    budget = [
        ["district_code", "year", "allocation_year", "line", "funding_source", "implementing_unit", "allocated_mvnd"],
        [THAN_UYEN, 2024, 2024, "plan", "Vốn sự nghiệp ngân sách Trung ương", "Hội LHPN huyện", "500,5"],
    ]
    assert "added 1" in _imported(run_cli(_file(tmp_path, "kinh_phi.csv", budget), "--table", "budget", db=db))


# ---------------------------------------------------------------- lists of any district, province and vintage
def test_a_team_list_of_another_district_and_year_is_on_the_map_and_in_the_tables(db, tmp_path):
    _imported(run_cli(_file(tmp_path, "to_tt.csv", THAN_UYEN_2024), "--district-code", THAN_UYEN, db=db))
    units = _query(db, "commune_indicators", vintage=2023, year=2024, province_code="12", district_code=THAN_UYEN)
    with_teams = units[units["comm_teams"] > 0].set_index("code")
    assert with_teams["comm_teams"].to_dict() == {"03619": 1, "03634": 1, "03637": 1}  # Mường Than, Tà Hừa, Mường Kim
    assert with_teams["communicators"].sum() == 24 and not with_teams["illustrative"].any()
    assert units["covered"].sum() == 3  # no report for Than Uyên 2024: only the communes with facts are covered
    listed = _query(db, "comm_team", district_code=THAN_UYEN, year=2024)
    assert sorted(listed["commune_code"]) == ["03619", "03634", "03637"] and set(listed["vintage"]) == {2023}
    in_2025 = _query(db, "commune_indicators", vintage=2025, year=2024, province_code="12")
    assert in_2025["comm_teams"].sum() == 3  # the same teams in the new communes, through the crosswalk


def test_a_2026_list_on_2025_communes_of_two_provinces(db, tmp_path):
    rows = teams(["Xã Mường Kim", "Bản Nà Khương", 9, 4, 2026, ""], ["Xã Sóc Sơn", "Thôn Đông", 6, 6, 2026, ""])
    assert "added 2" in _imported(run_cli(_file(tmp_path, "to_tt_2026.csv", rows), db=db))
    for province, code in (("01", "00376"), ("12", "03637")):  # Hà Nội: Xã Sóc Sơn; Lai Châu: Xã Mường Kim
        units = _query(db, "commune_indicators", vintage=2025, year=2026, province_code=province).set_index("code")
        assert units["comm_teams"].sum() == 1 and units.at[code, "comm_teams"] == 1
        listed = _query(db, "comm_team", vintage=2025, province_code=province, year=2026)
        assert listed["commune_code"].tolist() == [code] and listed["district_code"].isna().all()


def test_a_commune_code_settles_an_ambiguous_name_and_the_name_alone_is_refused(db, tmp_path):
    header = ["Tên xã", "Mã xã", "Thôn, bản", "Số truyền thông viên", "Số truyền thông viên nữ", "Năm báo cáo"]
    coded = [header, ["Xã Đông Khê", "16387", "Thôn 1", 5, 2, 2024], ["Xã Đông Khê", "16408", "Thôn 1", 4, 1, 2024]]
    assert "added 2" in _imported(run_cli(_file(tmp_path, "dong_khe.csv", coded), db=db))
    assert scalar(
        db, "SELECT string_agg(commune_code, ' ' ORDER BY commune_code) FROM comm_team WHERE year = 2024"
    ) == ("16387 16408")
    named = [header, ["Xã Đông Khê", "", "Thôn 2", 5, 2, 2024]]
    refused = run_cli(_file(tmp_path, "dong_khe_ten.csv", named), "--json", db=db)
    assert refused.returncode == 1
    (problem,) = json.loads(refused.stdout)
    assert problem["code"] == "ambiguous_commune" and problem["column"] == "Tên xã"
    assert "16387" in problem["message_en"] and "16408" in problem["message_en"]


# ---------------------------------------------------------------- report figures of any district and year
def test_report_figures_of_than_uyen_2024_import_reconcile_and_round_trip(db, tmp_path):
    _than_uyen_2024(db, tmp_path)
    done = _imported(run_cli(_file(tmp_path, "so_lieu.csv", THAN_UYEN_2024_FIGURES), db=db))
    assert "-> report_figure: 7 rows imported" in done and "added 7" in done
    reconciled = _queries_cli(db, "report_figures", district_code=THAN_UYEN, year=2024)
    assert [row["code"] for row in reconciled] == [
        "comm_teams",
        "comm_team_communes",
        "communicators",
        "communicators_female",
        "targets_total",
        "targets_achieved",
        "budget_2023_mvnd",
    ]  # in the order of registry/figures.py
    assert all(row["matches"] for row in reconciled), reconciled
    by_code = {row["code"]: row for row in reconciled}
    assert by_code["budget_2023_mvnd"]["value"] == pytest.approx(500.5)
    assert (
        by_code["comm_teams"]["printed"] == "03 tổ truyền thông cộng đồng"
        and by_code["communicators"]["printed"] == "24"
    )
    assert by_code["comm_team_communes"]["description_en"] == "Communes with communication teams"
    assert by_code["targets_total"]["additive"] is False and by_code["comm_teams"]["additive"] is True

    exported = tmp_path / "export.csv"
    _imported(
        run_cli("--export", "report_figure", "--district-code", THAN_UYEN, "--year", 2024, "--output", exported, db=db)
    )
    before = snapshot(db, "report_figure")
    again = _imported(run_cli(exported, db=db))
    assert "added 0, updated 0, unchanged 7" in again
    assert snapshot(db, "report_figure") == before
    assert scalar(db, "SELECT count(*) FROM import_log WHERE table_name = 'report_figure'") == 2


def test_a_refused_report_figure_file_changes_nothing(db, tmp_path):
    rows = [
        FIGURE_HEADER + ["Đơn vị tính"],
        [THAN_UYEN, 2024, "comm_teams", 3, "", ""],
        [THAN_UYEN, 2024, "comm_team", 3, "", ""],  # not a figure code
        [THAN_UYEN, 2024, "communicators", "2,5", "", ""],  # people are whole
        [THAN_UYEN, 2024, "budget_2023_mvnd", 500, "", "người"],  # money is in million VND
        ["999", 2024, "clubs", 2, "", ""],  # no such district
    ]
    before, log = snapshot(db, "report_figure"), scalar(db, "SELECT count(*) FROM import_log")
    refused = run_cli(_file(tmp_path, "so_lieu_sai.csv", rows), "--json", db=db)
    assert refused.returncode == 1
    problems = {(p["row"], p["code"]) for p in json.loads(refused.stdout)}
    assert problems == {(3, "bad_choice"), (4, "fractional"), (5, "figure_unit"), (6, "unknown_district")}
    assert snapshot(db, "report_figure") == before and scalar(db, "SELECT count(*) FROM import_log") == log


def test_a_record_id_may_not_make_a_second_row_of_a_stored_figure(db):
    rows = [["Mã bản ghi", *FIGURE_HEADER], ["rf-new", "109", 2023, "comm_teams", 77, ""]]
    prepared = prepare(csv_bytes(rows), db)
    (problem,) = prepared.problems
    assert problem.code == "key_taken" and "rf-109-2023-comm-teams" in problem.message("en")


# ---------------------------------------------------------------- a province's figures
def test_a_provinces_figures_sum_its_districts_where_they_add_up(db, tmp_path):
    rows = teams(["Xã Mường Kim", "Bản Nà Khương", 9, 4, 2023, ""], ["Tà Hừa", "Bản Khá", 7, 3, 2023, ""])
    _imported(run_cli(_file(tmp_path, "to_tt_2023.csv", rows), "--district-code", THAN_UYEN, db=db))
    figures = [
        FIGURE_HEADER,
        *[
            [THAN_UYEN, 2023, code, value, ""]
            for code, value in (("comm_teams", 2), ("communicators", 16), ("targets_total", 4), ("market_events", 1))
        ],
    ]
    _imported(run_cli(_file(tmp_path, "so_lieu_2023.csv", figures), db=db))

    province = _query(db, "report_figures", province_code="12", year=2023).set_index("code")
    phong_tho = _query(db, "report_figures", district_code="109", year=2023).set_index("code")
    assert (province.at["comm_teams", "reported"], province.at["comm_teams", "value"]) == (79, 79)
    assert province.at["communicators", "reported"] == 596 + 16 and province.at["communicators", "matches"]
    assert province.at["comm_teams", "districts"] == 2 and province.at["clubs", "districts"] == 1
    assert province.at["clubs", "reported"] == phong_tho.at["clubs", "reported"]
    assert not province.at["market_events", "matches"]  # Than Uyên reports one, its data has none
    assert "no data" in province.at["market_events", "explanation"]
    targets = province.loc["targets_total"]
    assert not targets["additive"] and pd.isna(targets["reported"]) and pd.isna(targets["value"])
    assert not targets["matches"] and "Not summed" in targets["explanation"]
    assert set(province.index[~province["additive"]]) == {"targets_total", "targets_achieved"}
    assert list(province.index[:3]) == ["training_classes", "training_participants", "comm_teams"]

"""Row-level checks: every refusal names the row, the column, the value and a reason in both languages."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from ingest import cells
from ingest.cells import Invalid
from tests.ingest_support import by_code, codes, csv_bytes, db, prepare, teams, xlsx_bytes  # noqa: F401

TA_HEADER = ["Tên xã", "Tên địa chỉ tin cậy", "Số thành viên", "Số thành viên nữ", "Năm báo cáo", "Vĩ độ", "Kinh độ"]
MU_SANG_INSIDE = (22.6563, 103.2836)  # a point inside Xã Mù Sang (2023)
DAO_SAN_INSIDE = (22.6527, 103.3969)  # a point inside Xã Dào San, next door


def problems_of(db, *rows, header=None, **options):
    data = csv_bytes([header, *rows] if header else teams(*rows))
    return prepare(data, db, **options)


def test_a_clean_file_has_no_problems_and_resolves_names_to_codes(db):
    prepared = problems_of(
        db,
        ["Xã Mù Sang", "Bản A", 8, 3, 2023, "15/10/2023"],
        ["dao san", "Bản B", "6", "2", "2023", "2023-10-01"],
        ["Lản Nhì Thàng", "Bản C", 5, 1, 2023, ""],
        ["03577", "Bản D", 4, 4, 2023, ""],
    )
    assert prepared.problems == []
    records = prepared.validated.records
    assert [r["commune_code"] for r in records] == ["03568", "03571", "03391", "03577"]
    assert {r["vintage"] for r in records} == {"2023"} and {r["district_code"] for r in records} == {"109"}
    assert records[0]["established_on"] == "2023-10-15" and records[2]["established_on"] is None


def _one(prepared, code):
    problem = by_code(prepared.problems, code)
    vi, en = problem.message("vi"), problem.message("en")
    assert vi and en and vi != en
    return problem


def test_unknown_commune_names_the_row_column_and_value(db):
    prepared = problems_of(db, ["Mù Sang", "Bản A", 8, 3, 2023, ""], ["Mù Sangg", "Bản B", 8, 3, 2023, ""])
    problem = _one(prepared, "unknown_commune")
    assert (problem.row, problem.column, problem.value) == (3, "Tên xã", "Mù Sangg")
    assert not prepared.ok and prepared.plan is None


def test_an_ambiguous_name_nationwide_lists_the_candidates(db):
    prepared = problems_of(db, ["Tân Lập", "Bản A", 8, 3, 2023, ""], default_district=None)
    problem = _one(prepared, "ambiguous_commune")
    assert "Tân Lập" in problem.message("en") and problem.message("en").count("(") >= 2


def test_a_commune_of_another_district_is_refused_when_the_district_is_given(db):
    header = ["Mã huyện", "Tên xã", "Số truyền thông viên", "Số truyền thông viên nữ", "Năm báo cáo"]
    prepared = problems_of(db, ["109", "Xã Bình Lư", 5, 1, 2023], header=header)  # Bình Lư is in Tam Đường
    problem = _one(prepared, "commune_not_in_district")
    assert "Phong Thổ" in problem.message("en") and "Tam Đường" in problem.message("en")


def test_unknown_commune_code_and_district(db):
    header = ["Mã huyện", "Mã xã", "Số truyền thông viên", "Số truyền thông viên nữ", "Năm báo cáo"]
    prepared = problems_of(db, ["109", "99999", 5, 1, 2023], ["999", "03568", 5, 1, 2023], header=header)
    assert _one(prepared, "unknown_commune_code").row == 2
    assert _one(prepared, "unknown_district").row == 3


def test_name_and_code_must_agree(db):
    header = ["Tên xã", "Mã xã", "Số truyền thông viên", "Số truyền thông viên nữ", "Năm báo cáo"]
    prepared = problems_of(db, ["Mù Sang", "03571", 5, 1, 2023], header=header)
    assert _one(prepared, "commune_mismatch").column == "Mã xã"


# Thành phố Thanh Hóa (380) has two communes named "Xã Đông Khê" in the official 2023 list.
DONG_KHE = ("16387", "16408")
PLACE_HEADER = ["Mã huyện", "Tên xã", "Mã xã", "Số truyền thông viên", "Số truyền thông viên nữ", "Năm báo cáo"]


@pytest.mark.parametrize(
    "district, name, code",
    [
        ("380", "Xã Đông Khê", "16408"),
        ("", "Xã Đông Khê", "16408"),
        ("", "dong khe", "16408"),  # letters without accents: the code has chosen the unit already
        ("", "", "16408"),
        ("", "16408", ""),  # a code written in the commune column
        ("", "16408", "16408"),
    ],
)
def test_a_commune_code_wins_over_an_ambiguous_name(db, district, name, code):
    prepared = problems_of(db, [district, name, code, 5, 1, 2023], header=PLACE_HEADER, default_district=None)
    assert prepared.problems == []
    (record,) = prepared.validated.records
    assert (record["commune_code"], record["district_code"], record["vintage"]) == ("16408", "380", "2023")


def test_an_ambiguous_name_without_a_code_names_both_candidates(db):
    for district in ("380", ""):
        prepared = problems_of(
            db, [district, "Xã Đông Khê", "", 5, 1, 2023], header=PLACE_HEADER, default_district=None
        )
        problem = _one(prepared, "ambiguous_commune")
        assert problem.column == "Tên xã" and all(code in problem.message("en") for code in DONG_KHE)


def test_a_name_that_is_not_the_codes_unit_is_refused_naming_both(db):
    prepared = problems_of(db, ["380", "Xã Đông Tiến", "16387", 5, 1, 2023], header=PLACE_HEADER, default_district=None)
    problem = _one(prepared, "commune_mismatch")
    assert (problem.row, problem.column, problem.value) == (2, "Mã xã", "16387")
    for lang in ("vi", "en"):
        assert all(part in problem.message(lang) for part in ("16387", "Xã Đông Khê", "Xã Đông Tiến"))
    two_codes = problems_of(db, ["", "16387", "16408", 5, 1, 2023], header=PLACE_HEADER, default_district=None)
    assert _one(two_codes, "commune_mismatch").column == "Mã xã"


def test_targets_after_the_reform_are_still_district_level_with_a_warning(db):
    header = ["Mã huyện", "Năm báo cáo", "Bộ mã đơn vị", "Mã chỉ tiêu", "Tên chỉ tiêu tiếng Việt"]
    header += ["Tên chỉ tiêu tiếng Anh", "Nội dung Dự án 8", "Năm bắt đầu", "Năm kết thúc", "Tình trạng"]
    row = ["Kế hoạch mới", "New plan", 1, 2026, 2030, "not_started"]
    later = prepare(csv_bytes([header, ["110", 2026, "", "plan_2026", *row]]), db, table="target")
    assert later.ok and [p.code for p in later.problems] == ["district_after_reform"]
    new_units = prepare(csv_bytes([header, ["110", 2026, 2025, "plan_2026", *row]]), db, table="target")
    assert [p.code for p in new_units.errors] == ["district_vintage"]


def test_vintage_is_inferred_from_the_date_and_the_year(db):
    header = ["Mã xã", "Thôn, bản", "Số truyền thông viên", "Số truyền thông viên nữ", "Năm báo cáo", "Ngày thành lập"]
    today = date.today()
    if today < date(2025, 8, 1):
        pytest.skip("needs a date after 1 July 2025")
    prepared = problems_of(
        db, ["03562", "A", 5, 1, 2025, "15/06/2025"], ["03562", "B", 5, 1, 2025, "15/07/2025"], header=header
    )
    first, second = prepared.validated.records
    assert (first["vintage"], second["vintage"]) == ("2023", "2025")  # 03562: Vàng Ma Chải, then Sì Lở Lầu
    assert first["district_code"] == "109" and second["district_code"] is None


def test_a_code_in_both_vintages_in_2025_without_a_date_is_ambiguous(db):
    header = ["Mã xã", "Thôn, bản", "Số truyền thông viên", "Số truyền thông viên nữ", "Năm báo cáo"]
    if date.today().year < 2025:
        pytest.skip("2025 must not be a future year")
    prepared = problems_of(db, ["03571", "A", 5, 1, 2025], header=header)
    assert _one(prepared, "vintage_ambiguous").row == 2
    named = problems_of(db, ["03571", "A", 5, 1, 2025], header=header + ["Bộ mã đơn vị"])
    assert "vintage_ambiguous" in codes(named.problems)  # the column is there but empty
    given = prepare(csv_bytes([header + ["Bộ mã đơn vị"], ["03571", "A", 5, 1, 2025, 2025]]), db)
    assert given.ok and given.validated.records[0]["vintage"] == "2025"


@pytest.mark.parametrize(
    "value, code",
    [
        ("31/02/2023", "bad_date"),
        ("2023-13-01", "bad_date"),
        ("hôm qua", "bad_date"),
        ("15/10/23", "bad_date"),
        ("01/01/1900", "bad_date"),
        ((date.today() + timedelta(days=2)).strftime("%d/%m/%Y"), "future_date"),
    ],
)
def test_bad_and_future_dates(db, value, code):
    prepared = problems_of(db, ["Mù Sang", "Bản A", 8, 3, 2023, value])
    problem = _one(prepared, code)
    assert (problem.row, problem.column, problem.value) == (2, "Ngày thành lập", value)


@pytest.mark.parametrize(
    "value, code",
    [
        ("-1", "negative"),
        ("2.5", "fractional"),
        ("2,5", "fractional"),
        ("mười", "not_integer"),
        ("3000000000", "too_large"),
        ("", "required"),
    ],
)
def test_negative_fractional_and_missing_counts(db, value, code):
    prepared = problems_of(db, ["Mù Sang", "Bản A", value, 0, 2023, ""])
    problem = _one(prepared, code)
    assert (problem.row, problem.column) == (2, "Số truyền thông viên")


def test_women_more_than_members(db):
    prepared = problems_of(db, ["Mù Sang", "Bản A", 5, 6, 2023, ""])
    problem = _one(prepared, "women_exceed")
    assert problem.column == "Số truyền thông viên nữ" and problem.value == "6" and "(5)" in problem.message("en")


def test_duplicate_rows_point_at_the_first(db):
    prepared = problems_of(
        db,
        ["Mù Sang", "Bản A", 5, 1, 2023, ""],
        ["Dào San", "Bản B", 5, 1, 2023, ""],
        ["Xã Mù Sang", "bản  a", 7, 2, 2023, ""],
    )
    problem = _one(prepared, "duplicate_row")
    assert problem.row == 4 and "2" in problem.message("en")


def test_missing_required_column_and_unknown_columns(db):
    data = csv_bytes(
        [["Tên xã", "Thôn, bản", "Số truyền thông viên", "Năm báo cáo", "Ghi chú"], ["Mù Sang", "A", 5, 2023, "x"]]
    )
    prepared = prepare(data, db, table="comm_team")
    missing = _one(prepared, "missing_column")
    assert "communicators_female" in missing.column and missing.row == 1
    unknown = _one(prepared, "unknown_column")
    assert (unknown.row, unknown.column, unknown.value) == (1, "Ghi chú", "Ghi chú")


def test_values_under_a_column_without_header(db):
    data = csv_bytes(
        [
            ["Tên xã", "", "Số truyền thông viên", "Số truyền thông viên nữ", "Năm báo cáo"],
            ["Mù Sang", "lạc", 5, 1, 2023],
        ]
    )
    problem = _one(prepare(data, db), "unnamed_column")
    assert (problem.row, problem.column, problem.value) == (2, "B", "lạc")


def test_future_report_year(db):
    problem = _one(problems_of(db, ["Mù Sang", "A", 5, 1, date.today().year + 1, ""]), "bad_year")
    assert problem.column == "Năm báo cáo"


def test_points_outside_viet_nam_are_errors_and_outside_the_commune_warnings(db):
    rows = [
        ["Mù Sang", "Inside", 10, 4, 2023, *MU_SANG_INSIDE],
        ["Mù Sang", "Next door", 10, 4, 2023, *DAO_SAN_INSIDE],
        ["Mù Sang", "Bangkok", 10, 4, 2023, 13.75, 100.5],
        ["Mù Sang", "Swapped", 10, 4, 2023, MU_SANG_INSIDE[1], MU_SANG_INSIDE[0]],
        ["Mù Sang", "Vientiane (in the box)", 10, 4, 2023, 17.97, 102.6],
        ["Mù Sang", "Half", 10, 4, 2023, 22.6, ""],
    ]
    prepared = prepare(csv_bytes([TA_HEADER, *rows]), db, table="trusted_address")
    found = {(p.row, p.code, p.severity) for p in prepared.problems}
    assert (3, "outside_commune", "warning") in found
    assert (4, "outside_vietnam", "error") in found
    assert (5, "swapped_coordinates", "error") in found
    assert (6, "outside_vietnam", "error") in found
    assert (7, "coordinate_pair", "error") in found
    assert not any(p.row == 2 for p in prepared.problems)
    warning = by_code(prepared.problems, "outside_commune")
    assert "Mù Sang" in warning.message("vi") and "km" in warning.message("en")


def test_warnings_alone_do_not_block_an_import(db):
    prepared = prepare(
        csv_bytes([TA_HEADER, ["Mù Sang", "Next door", 10, 4, 2023, *DAO_SAN_INSIDE]]), db, table="trusted_address"
    )
    assert prepared.ok and prepared.plan is not None and [p.severity for p in prepared.problems] == ["warning"]


def test_choices_accept_labels_codes_and_plain_letters(db):
    header = ["Mã huyện", "Tên xã", "Loại hoạt động", "Ngày tổ chức", "Số người tham dự", "Năm báo cáo", "Chủ đề"]
    prepared = prepare(
        csv_bytes(
            [
                header,
                ["109", "Mù Sang", "Sân khấu hóa tại phiên chợ", "20/10/2023", 300, 2023, "a"],
                ["109", "", "policy_dialogue", "21/10/2023", 80, 2023, "b"],
                ["109", "Dào San", "Doi thoai chinh sach", "22/10/2023", 50, 2023, "c"],
                ["109", "Dào San", "hội chợ", "23/10/2023", 50, 2023, "d"],
            ]
        ),
        db,
        table="event",
    )
    records = prepared.validated.records
    assert [r["event_type"] for r in records] == ["market_event", "policy_dialogue", "policy_dialogue"]
    assert [r["content_area"] for r in records] == ["1", "3", "3"]  # default per type
    assert records[1]["commune_code"] is None and records[1]["district_code"] == "109"
    assert by_code(prepared.problems, "bad_choice").row == 5


def test_district_level_tables_need_a_known_district(db):
    header = [
        "Mã huyện",
        "Năm báo cáo",
        "Năm giao vốn",
        "Dòng kinh phí",
        "Nguồn vốn",
        "Đơn vị thực hiện",
        "Kế hoạch vốn, triệu đồng",
    ]
    prepared = prepare(
        csv_bytes(
            [
                header,
                ["109", 2023, 2023, "plan", "NSTW", "Hội LHPN", "1.234,5"],
                ["", 2023, 2023, "plan", "NSTW", "Hội LHPN", "-5"],
                ["109", 2023, 2023, "plan", "NSTW", "UBND", "1,2345"],
            ]
        ),
        db,
        table="budget",
    )
    assert prepared.validated.records[0]["allocated_mvnd"] == "1234.5"
    found = {(p.row, p.code) for p in prepared.problems}
    assert {(3, "required"), (3, "negative"), (4, "too_many_decimals")} <= found


# ---------------------------------------------------------------- single cells
@pytest.mark.parametrize(
    "written, expected",
    [
        ("12", "12"),
        (12, "12"),
        (12.0, "12"),
        ("12.0", "12"),
        ("2.000", "2000"),
        ("2,000", "2000"),
        ("2 000", "2000"),
        ("+3", "3"),
    ],
)
def test_counts_written_the_usual_ways(written, expected):
    assert cells.count(written) == expected


@pytest.mark.parametrize(
    "written, expected",
    [
        ("318,36", "318.36"),
        ("318.36", "318.36"),
        ("1.222,5", "1222.5"),
        ("1,222.5", "1222.5"),
        ("1.234.567", "1234567"),
        (318.36, "318.36"),
        (0.1 + 0.2, "0.3"),
        ("0", "0"),
        (1222, "1222"),
    ],
)
def test_amounts_written_the_usual_ways(written, expected):
    assert cells.amount(written) == expected


@pytest.mark.parametrize("written", ["1e5", "1,2,3.4.5", "abc", "1.2.3,4,5", float("nan")])
def test_amounts_that_are_not_numbers(written):
    with pytest.raises(Invalid):
        cells.amount(written)


@pytest.mark.parametrize(
    "written, expected",
    [
        ("28/11/2023", "2023-11-28"),
        ("28-11-2023", "2023-11-28"),
        ("28.11.2023", "2023-11-28"),
        ("2023-11-28", "2023-11-28"),
        ("2023/11/28", "2023-11-28"),
        ("2023-11-28 00:00:00", "2023-11-28"),
        (date(2023, 11, 28), "2023-11-28"),
    ],
)
def test_dates_day_first_or_iso(written, expected):
    assert cells.day(written, date(2024, 1, 1)) == expected


def test_an_excel_serial_date_is_read_only_from_a_workbook():
    assert cells.day(45258, date(2024, 1, 1), from_workbook=True) == "2023-11-28"
    with pytest.raises(Invalid):
        cells.day("45258", date(2024, 1, 1))


def test_xlsx_numbers_and_dates_are_checked_like_text(db):
    from datetime import datetime

    rows = teams(
        ["Mù Sang", "A", 8.0, 3, 2023, datetime(2023, 10, 15)], ["Mù Sang", "B", 8.5, 3, 2023, datetime(2099, 1, 1)]
    )
    prepared = prepare(xlsx_bytes(rows, sheet="comm_team"), db, name="f.xlsx")
    assert (
        prepared.validated.records[0]["communicators"] == "8"
        and prepared.validated.records[0]["established_on"] == "2023-10-15"
    )
    assert {(p.row, p.code) for p in prepared.problems} == {(3, "fractional"), (3, "future_date")}

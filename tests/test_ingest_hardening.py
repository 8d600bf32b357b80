"""Files that once slipped through the reader, one class each: every one is now refused, or reaches its
row as an error, with its real cause in Vietnamese and English (the attack run's findings)."""

from __future__ import annotations

import io
import os
import re
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from ingest.header import find_layout, sheet_picker
from ingest.messages import UnusableFile
from ingest.reader import MAX_CELL_CHARS, PREVIEW_ROWS, read, read_path
from tests.ingest_support import TEAM_HEADER, by_code, codes, csv_bytes, db, prepare, run_cli, teams  # noqa: F401


def refused(data: bytes, **options) -> UnusableFile:
    with pytest.raises(UnusableFile) as caught:
        read(data, **options)
    assert caught.value.message("vi") != caught.value.message("en")
    return caught.value


def team_lines(count: int) -> list[str]:
    return [",".join(TEAM_HEADER)] + [f"Mù Sang,Bản {index},5,2,2023," for index in range(count)]


def workbook_bytes(sheets: dict[str, list[list]], states: dict[str, str] | None = None) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        sheet.sheet_state = (states or {}).get(name, "visible")
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------- CSV parsed strictly
@pytest.mark.parametrize("opened_on", [2, 5, 11])
def test_a_quote_left_open_refuses_the_file_naming_the_line_it_opened_on(opened_on):
    lines = team_lines(10)
    lines[opened_on - 1] = 'Mù Sang,"Bản mở ngoặc,5,2,2023,'
    problem = refused("\r\n".join(lines).encode())
    assert problem.code == "file_csv_unclosed_quote" and problem.params["line"] == opened_on
    assert f"line {opened_on}" in problem.message("en") and f"dòng {opened_on}" in problem.message("vi")


def test_the_open_quote_is_found_after_a_closed_multi_line_cell():
    lines = team_lines(6)
    lines[2] = 'Mù Sang,"Bản hai\r\ndòng",5,2,2023,'  # lines 3-4, closed
    lines[5] = 'Mù Sang,Bản 5,"5,2,2023,'  # line 7 of the file
    assert refused("\r\n".join(lines).encode()).params["line"] == 7


def test_a_quote_inside_an_unquoted_cell_is_refused_as_such():
    lines = team_lines(4)
    lines[3] = 'Mù Sang,"Bản" A,5,2,2023,'
    problem = refused("\n".join(lines).encode())
    assert problem.code == "file_csv_stray_quote" and problem.params["line"] == 4


def test_a_long_quoted_cell_is_a_row_error_not_a_broken_file():
    long_cell = "x" * 200_000  # above the csv module's own field limit
    sheet = read(csv_bytes(teams(["Mù Sang", long_cell, 5, 2, 2023, ""])))
    cell = sheet.rows[1][1]
    assert cell.code == "cell_too_long" and cell.params["length"] == ("200.000", "200,000")


def test_a_nul_byte_is_named_not_taken_for_utf16_or_a_missing_header():
    lines = team_lines(3) + ["Mù Sang,Bản\x00 lỗi,5,2,2023,"]
    problem = refused("\n".join(lines).encode())
    assert problem.code == "file_nul_byte" and problem.params["line"] == 5


# ---------------------------------------------------------------- the encoding is said, or the file refused
def test_latin1_text_is_refused_rather_than_read_as_vietnamese():
    problem = refused("Tên xã,Thôn\nMuñoz,Ban\n".encode("latin-1"))
    assert problem.code == "file_encoding_ambiguous" and problem.params == {"line": 2, "character": "ñ"}


def test_a_windows_1258_file_is_read_with_a_warning_that_says_so(db):
    data = csv_bytes(teams(["Mù Sang", "Bản Hồ", 5, 2, 2023, ""]), encoding="cp1258")
    prepared = prepare(data, db)
    assert prepared.ok and prepared.details["encoding"] == "cp1258"
    warning = by_code(prepared.problems, "encoding_assumed")
    assert warning.severity == "warning" and "Windows-1258" in warning.message("en")


# ---------------------------------------------------------------- invisible characters
@pytest.mark.parametrize("invisible", ["\u200b", "\u200c", "\u200d", "\u00ad", "\u2060", "\ufeff"])
def test_invisible_characters_do_not_make_a_second_row_or_an_unknown_commune(db, invisible):
    rows = teams(
        ["Mù Sang", "Bản Hồ Sì Pan", 5, 2, 2023, ""],
        [f"Mù{invisible} Sang", f"Bản Hồ{invisible} Sì Pan{invisible}", 6, 3, 2023, ""],
    )
    prepared = prepare(csv_bytes(rows), db)
    assert codes(prepared.errors) == {"duplicate_row"}
    assert by_code(prepared.errors, "duplicate_row").row == 3


# ---------------------------------------------------------------- over-long cells
def test_an_over_long_count_is_rejected_with_the_limit_never_cut(db):
    count = "5" + " " * 9_996 + "000"  # 10,000 characters: once cut to "5"
    too_long = "5" + " " * MAX_CELL_CHARS + "000"
    prepared = prepare(
        csv_bytes(teams(["Mù Sang", "Bản A", count, 2, 2023, ""], ["Dào San", "Bản B", too_long, 2, 2023, ""])), db
    )
    assert not prepared.ok and prepared.validated.records == []
    assert by_code(prepared.errors, "not_integer").row == 2
    problem = by_code(prepared.errors, "cell_too_long")
    assert problem.row == 3 and "10.004" in problem.message("vi") and "10,000" in problem.message("en")


# ---------------------------------------------------------------- sheets
def test_a_hidden_sheet_named_like_the_table_is_not_read_and_the_sheet_read_is_said(db):
    data = workbook_bytes(
        {
            "Danh sách": teams(["Mù Sang", "Bản hiện", 5, 2, 2023, ""]),
            "comm_team": teams(["Dào San", "Bản ẩn", 7, 2, 2023, ""]),
            "lists": teams(["Dào San", "Bản ẩn sâu", 7, 2, 2023, ""]),
        },
        {"comm_team": "hidden", "lists": "veryHidden"},
    )
    prepared = prepare(data, db, name="ds.xlsx", table=None)
    assert prepared.details["sheet"] == "Danh sách" and prepared.details["sheets"] == [
        "Danh sách",
        "comm_team",
        "lists",
    ]
    assert [record["village"] for record in prepared.validated.records] == ["Bản hiện"]
    assert "“comm_team”" in by_code(prepared.problems, "hidden_sheets_skipped").message("en")
    named = prepare(data, db, name="ds.xlsx", table=None, sheet_name="comm_team")
    assert [record["village"] for record in named.validated.records] == ["Bản ẩn"]


def test_an_unknown_sheet_name_lists_the_sheets_and_a_workbook_of_hidden_sheets_is_refused():
    data = workbook_bytes({"A": [["x"]], "B": [["y"]]}, {"B": "hidden"})
    problem = refused(data, sheet_name="C")
    assert problem.code == "file_unknown_sheet"
    assert "“A”, “B” (hidden)" in problem.message("en") and "“A”, “B” (ẩn)" in problem.message("vi")
    only_hidden = workbook_bytes({"A": [["x"]], "B": [["y"]], "C": [["z"]]}, {"A": "hidden", "B": "veryHidden"})
    with zipfile.ZipFile(io.BytesIO(only_hidden)) as archive:  # openpyxl refuses to save one: edit its XML
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b'state="visible"', b'state="hidden"')
    assert refused(_zip(parts)).code == "file_only_hidden_sheets"


def test_the_command_line_says_which_sheet_it_read_and_takes_sheet(db, tmp_path):
    path = tmp_path / "ds.xlsx"
    path.write_bytes(
        workbook_bytes(
            {
                "Ghi chú": teams(["Mù Sang", "Bản hiện", 5, 2, 2023, ""]),
                "Nháp": teams(["Dào San", "Bản B", 7, 2, 2023, ""]),
            }
        )
    )
    result = run_cli(path, "--dry-run", "--table", "comm_team", db=db)
    assert result.returncode == 0, result.stderr.decode()
    assert "read sheet 'Ghi chú' of the XLSX workbook (sheets: 'Ghi chú', 'Nháp')" in result.stdout.decode()
    chosen = run_cli(path, "--dry-run", "--table", "comm_team", "--sheet", "Nháp", db=db)
    assert chosen.returncode == 0 and "read sheet 'Nháp'" in chosen.stdout.decode()
    unknown = run_cli(path, "--dry-run", "--sheet", "Không có", db=db)
    assert unknown.returncode == 2 and "“Ghi chú”, “Nháp”" in unknown.stderr.decode()


# ---------------------------------------------------------------- formulas without a computed value
def test_a_formula_without_a_cached_value_is_a_row_error_in_any_column(db):
    rows = teams(["Mù Sang", "Bản A", 5, 2, 2023, ""], ["Mù Sang", '=A2&" mới"', "=C2+1", 2, 2023, ""])
    prepared = prepare(workbook_bytes({"comm_team": rows}), db, name="f.xlsx")  # openpyxl stores no value
    found = [p for p in prepared.errors if p.code == "formula_without_value"]
    assert [(p.row, p.value) for p in found] == [(3, '=A2&" mới"'), (3, "=C2+1")]
    assert "open and save the file in Excel" in found[0].message("en")
    assert [record["village"] for record in prepared.validated.records] == ["Bản A"]


# ---------------------------------------------------------------- special files
def test_only_regular_files_are_read(tmp_path):
    (tmp_path / "zero.csv").symlink_to("/dev/zero")
    os.mkfifo(tmp_path / "pipe.csv")
    for name in ("zero.csv", "pipe.csv", "."):
        with pytest.raises(UnusableFile) as caught:
            read_path(tmp_path / name)
        assert caught.value.code == "file_not_regular"
    (tmp_path / "real.csv").write_bytes(b"a,b\n")
    (tmp_path / "link.csv").symlink_to(tmp_path / "real.csv")
    assert read_path(tmp_path / "link.csv") == b"a,b\n"


def test_the_command_line_refuses_a_fifo_at_once(db, tmp_path):
    os.mkfifo(tmp_path / "pipe.csv")
    result = run_cli(tmp_path / "pipe.csv", "--dry-run", db=db, timeout=60)  # once: hung for ever
    assert result.returncode == 2 and "not a regular file" in result.stderr.decode()


# ---------------------------------------------------------------- the header before the rows
def test_a_wrong_header_is_refused_before_the_rows_are_read(db):
    header = [*TEAM_HEADER, *(f"Cột lạ {index}" for index in range(150))]
    rows = [header] + [["Mù Sang", f"Bản {i}", 5, 2, 2023, ""] for i in range(PREVIEW_ROWS + 50)]
    data = csv_bytes(rows) + 'Mù Sang,"never closed\r\n'.encode()  # reading this far would refuse the file
    prepared = prepare(data, db)
    assert codes(prepared.errors) == {"unknown_column"} and len(prepared.errors) == 150
    assert prepared.validated.rows_read == 0


def test_a_wrong_workbook_header_is_refused_before_the_rows_are_checked(db):
    rows = [[*TEAM_HEADER, "Cột lạ"]] + [["Mù Sang", f"Bản {i}", 5, 2, 2023, ""] for i in range(PREVIEW_ROWS + 10)]
    rows.append(["Mù Sang", "=B2", 5, 2, 2023, ""])
    prepared = prepare(workbook_bytes({"comm_team": rows}), db, name="w.xlsx")
    assert codes(prepared.errors) == {"unknown_column"} and prepared.validated.rows_read == 0


# ---------------------------------------------------------------- messages that name the real cause
def _zip(members: dict[str, bytes], stored_first: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if stored_first:
            archive.writestr(stored_first, members.pop(stored_first), compress_type=zipfile.ZIP_STORED)
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_a_zip_bomb_names_its_part_and_ratio_not_a_total_under_the_limit():
    data = _zip({"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": b" " * (60 * 1024 * 1024)})
    problem = refused(data)
    assert problem.code == "file_zip_ratio"
    assert "xl/worksheets/sheet1.xml" in problem.message("en") and "60 MB" in problem.message("en")


def test_other_opendocument_files_are_named_and_an_ods_is_no_damaged_xlsx():
    text = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}, "mimetype")
    problem = refused(text)
    assert problem.code == "file_other_document" and "opendocument.text" in problem.message("en")
    ods = _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<broken"}, "mimetype")
    assert refused(ods).code == "file_corrupt_ods"


def test_the_header_of_a_nul_free_utf16_file_is_still_found():
    data = "\r\n".join(",".join(map(str, row)) for row in teams(["Mù Sang", "Bản", 5, 2, 2023, ""])).encode("utf-16-le")
    sheet = read(data, pick=sheet_picker("comm_team"))
    assert sheet.encoding == "utf-16-le" and find_layout(sheet, "comm_team").header_row == 1


# ---------------------------------------------------------------- ODS: the same protections
def _ods_cell(value) -> str:
    if isinstance(value, (int, float)):
        return f'<table:table-cell office:value-type="float" office:value="{value}"/>'
    if str(value).startswith("="):  # a formula saved without its result: no office:value-type
        return f'<table:table-cell table:formula="of:{value}"/>'
    return f'<table:table-cell office:value-type="string"><text:p>{value}</text:p></table:table-cell>'


def ods_bytes(tables: dict[str, list[list]], hidden: set[str] = frozenset()) -> bytes:
    """A minimal ODS written by hand as the ODF 1.2 spec shapes it (no ODS writer is installed):
    a hidden table is one whose table style says table:display="false", as LibreOffice saves it."""
    hide = ' table:style-name="hide"'
    body = "".join(
        f'<table:table table:name="{name}"{hide if name in hidden else ""}>'
        + "".join("<table:table-row>" + "".join(map(_ods_cell, row)) + "</table:table-row>" for row in rows)
        + "</table:table>"
        for name, rows in tables.items()
    )
    namespaces = " ".join(
        f'xmlns:{prefix}="urn:oasis:names:tc:opendocument:xmlns:{name}:1.0"'
        for prefix, name in (("office", "office"), ("style", "style"), ("text", "text"), ("table", "table"))
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {namespaces} office:version="1.2">'
        '<office:automatic-styles><style:style style:name="hide" style:family="table">'
        '<style:table-properties table:display="false"/></style:style></office:automatic-styles>'
        f"<office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        mimetype = "application/vnd.oasis.opendocument.spreadsheet"
        archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr(
            "META-INF/manifest.xml",
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
            f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{mimetype}"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>",
        )
        archive.writestr("content.xml", content)
    return buffer.getvalue()


def test_an_ods_skips_its_hidden_sheet_and_refuses_a_formula_without_its_result(db):
    visible = teams(["Mù Sang", "Bản A", 5, 2, 2023, ""], ["Mù Sang", "=B2", 5, 2, 2023, ""])
    data = ods_bytes({"Danh sách": visible, "comm_team": teams(["Dào San", "Bản ẩn", 7, 2, 2023, ""])}, {"comm_team"})
    prepared = prepare(data, db, name="ds.ods", table=None)
    assert prepared.kind == "ods" and prepared.details["sheet"] == "Danh sách"
    assert [record["village"] for record in prepared.validated.records] == ["Bản A"]
    assert [(p.row, p.code, p.value) for p in prepared.errors] == [(3, "formula_without_value", "=B2")]
    assert "“comm_team”" in by_code(prepared.problems, "hidden_sheets_skipped").message("vi")


def test_a_formula_whose_computed_value_is_empty_text_is_not_refused():
    """Excel writes a formula that returned "" as <c t="str"><f>…</f><v></v></c>: that is a value."""
    data = workbook_bytes({"comm_team": teams(["Mù Sang", "=B9", 5, 2, 2023, ""])})
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    assert re.search(rb'<c r="B2"><f>B9</f><v ?/?>(</v>)?</c>', sheet)  # openpyxl: a formula it never computed
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(b'<c r="B2">', b'<c r="B2" t="str">')
    assert read(_zip(parts)).rows[1][:3] == ["Mù Sang", None, 5]
    assert read(data).rows[1][1].code == "formula_without_value"


# ---------------------------------------------------------------- calamine never lets a damaged file through as a traceback
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["ods", "xls"]), st.binary(min_size=1, max_size=2000), st.integers(min_value=0, max_value=4000))
def test_a_damaged_ods_or_xls_is_refused_never_raised(kind, noise, position):
    if kind == "ods":
        base = bytearray(ods_bytes({"S": teams(["Mù Sang", "Bản A", 5, 2, 2023, ""])}))
        position = position % len(base)
        base[position : position + len(noise)] = noise
    else:
        base = bytearray(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + noise)
    try:
        read(bytes(base), pick=sheet_picker(None))
    except UnusableFile as problem:
        assert problem.message("vi") and problem.message("en")


def test_the_command_line_says_the_encoding_it_assumed_and_refuses_an_open_quote(db, tmp_path):
    path = tmp_path / "cp1258.csv"
    path.write_bytes(csv_bytes(teams(["Mù Sang", "Bản Hồ", 5, 2, 2023, ""]), encoding="cp1258", delimiter=";"))
    result = run_cli(path, "--dry-run", db=db)
    said = result.stderr.decode() + result.stdout.decode()
    assert result.returncode == 0, said
    assert "read as CSV, encoding cp1258, separator ';', header on line 1" in said
    assert "warning: file: " in said and "it was read as Windows-1258" in said
    lines = team_lines(10)
    lines[2] = 'Mù Sang,"Bản mở,5,2,2023,'
    path.write_text("\r\n".join(lines), encoding="utf-8")
    refused_file = run_cli(path, "--dry-run", db=db)  # once: 2 of 10 rows, exit 0
    assert refused_file.returncode == 2 and "quote opened on line 3" in refused_file.stderr.decode()

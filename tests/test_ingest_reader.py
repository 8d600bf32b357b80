"""Reading staff files: encodings, separators, header below a title, XLSX safety (zip bombs, XML entities)."""

from __future__ import annotations

import io
import unicodedata
import zipfile

import pytest

from ingest.header import choose_table, find_layout, recognise, sheet_picker
from ingest.messages import UnusableFile
from ingest.reader import MAX_UNCOMPRESSED_BYTES, read
from tests.ingest_support import TEAM_HEADER, cp1258, csv_bytes, teams, xlsx_bytes

ROWS = teams(["Mù Sang", "Bản Hồ Sì Pan", 8, 3, 2023, "15/10/2023"], ["Dào San", "Bản Tả Phìn", 6, 2, 2023, ""])


def cells(data: bytes, table: str | None = "comm_team"):
    sheet = read(data, pick=sheet_picker(table))
    layout = find_layout(sheet, table)
    return sheet, layout, [row for row in sheet.rows[layout.header_index + 1 :]]


@pytest.mark.parametrize(
    "encoding, bom, expected",
    [
        ("utf-8", False, "utf-8"),
        ("utf-8", True, "utf-8-sig"),
        ("utf-16", False, "utf-16"),
        ("utf-16-le", False, "utf-16-le"),
        ("utf-16-be", False, "utf-16-be"),
        ("cp1258", False, "cp1258"),
    ],
)
def test_every_encoding_staff_use_reads_the_same_nfc_text(encoding, bom, expected):
    sheet, layout, rows = cells(csv_bytes(ROWS, encoding=encoding, bom=bom))
    assert sheet.encoding == expected
    assert rows[0][:2] == ["Mù Sang", "Bản Hồ Sì Pan"]
    assert all(unicodedata.is_normalized("NFC", c) for row in sheet.rows for c in row if isinstance(c, str))


def test_windows_1258_tone_marks_are_recombined():
    data = cp1258("Tên xã,Thôn, bản\n")  # the code page stores "ổ" as "ô" + a combining hook
    assert "\u0309".encode("cp1258") in data
    text = read(cp1258('"Tên xã","Thôn, bản"\n"Phong Thổ","x"\n')).rows[1][0]
    assert text == "Phong Thổ" and unicodedata.is_normalized("NFC", text)


def test_decomposed_input_is_normalised_to_nfc():
    nfd = [[unicodedata.normalize("NFD", c) if isinstance(c, str) else c for c in row] for row in ROWS]
    _, _, rows = cells(csv_bytes(nfd))
    assert rows[0][0] == "Mù Sang" and unicodedata.is_normalized("NFC", rows[0][0])


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_comma_semicolon_and_tab_are_told_apart(delimiter):
    sheet, layout, rows = cells(csv_bytes(ROWS, delimiter=delimiter))
    assert sheet.delimiter == delimiter
    assert [layout.names[i] for i in range(6)] == [
        "commune",
        "village",
        "communicators",
        "communicators_female",
        "year",
        "established_on",
    ]
    assert rows[1][:3] == ["Dào San", "Bản Tả Phìn", "6"]


def test_excel_sep_line_is_obeyed():
    data = ("sep=;\n" + csv_bytes(ROWS, delimiter=";").decode()).encode()
    sheet, layout, _ = cells(data)
    assert sheet.delimiter == ";" and layout.header_row == 2


def test_header_is_found_below_a_title_and_blank_lines_with_file_row_numbers():
    data = csv_bytes([["Danh sách tổ truyền thông cộng đồng năm 2023"], [], *ROWS])
    sheet, layout, rows = cells(data)
    assert layout.header_row == 3
    assert sheet.row_numbers[layout.header_index + 1] == 4


def test_headers_in_english_code_names_or_without_accents_are_recognised():
    for header in (
        ["Commune name", "Village", "Communicators", "Women communicators", "Report year"],
        ["commune", "village", "communicators", "communicators_female", "year"],
        ["TEN XA", "thon ban", "So truyen thong vien", "so truyen thong vien nu", "Nam bao cao"],
        [
            "Tên xã * (commune)",
            "Thôn, bản (village)",
            "x (communicators)",
            "y (communicators_female)",
            "Năm báo cáo * (year)",
        ],
    ):
        assert [recognise(h, "comm_team") for h in header] == [
            "commune",
            "village",
            "communicators",
            "communicators_female",
            "year",
        ], header


def test_table_is_told_by_the_headers_or_the_sheet_name():
    assert choose_table(ROWS, None) == "comm_team"
    members = [["Tên xã", "Số thành viên", "Số thành viên nữ", "Năm báo cáo"]]
    assert choose_table(members, None) == "trusted_address"
    assert choose_table([["Tên xã", "Năm báo cáo"]], "supervision") == "supervision"
    with pytest.raises(UnusableFile) as refused:
        choose_table([["Tên xã", "Năm báo cáo"]], None)
    assert refused.value.code == "file_which_table"


def test_xlsx_data_sheet_is_chosen_and_cells_keep_their_types():
    from datetime import date, datetime

    rows = [["Danh sách tổ (tiêu đề)"], TEAM_HEADER, ["Mù Sang", "Bản A", 8, 3, 2023, datetime(2023, 10, 15)]]
    data = xlsx_bytes([["Ghi chú", "không phải dữ liệu"]], sheet="Ghi chú", extra_sheets={"comm_team": rows})
    sheet, layout, body = cells(data, None)
    assert sheet.name == "comm_team" and layout.table.name == "comm_team" and layout.header_row == 2
    assert body[0][2] == 8 and isinstance(body[0][5], date)


def test_export_apostrophe_before_a_formula_is_taken_off():
    data = csv_bytes(
        [TEAM_HEADER, ["Mù Sang", '\'=HYPERLINK("x")', 8, 3, 2023, ""], ["Mù Sang", "'Bản có nháy", 1, 0, 2023, ""]]
    )
    _, _, rows = cells(data)
    assert rows[0][1] == '=HYPERLINK("x")' and rows[1][1] == "'Bản có nháy"


# ---------------------------------------------------------------- refused before anything is parsed
def _zip(members: dict[str, bytes], declared: dict[str, int] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    data = bytearray(buffer.getvalue())
    for name, size in (declared or {}).items():
        # Lie about the unpacked size in the central directory entry (what zipfile reports as file_size).
        start = 0
        while True:
            position = data.find(b"PK\x01\x02", start)
            assert position >= 0, name
            length = int.from_bytes(data[position + 28 : position + 30], "little")
            if data[position + 46 : position + 46 + length] == name.encode():
                data[position + 24 : position + 28] = size.to_bytes(4, "little")
                break
            start = position + 4
    return bytes(data)


MINIMAL = {
    "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    "xl/workbook.xml": b'<?xml version="1.0"?><workbook/>',
}


def test_a_zip_declaring_an_absurd_unpacked_size_is_refused_before_opening():
    data = _zip(MINIMAL, declared={"xl/workbook.xml": MAX_UNCOMPRESSED_BYTES + 1})
    with pytest.raises(UnusableFile) as refused:
        read(data)
    assert refused.value.code == "file_zip_bomb"
    assert "MB" in refused.value.message("vi") and "MB" in refused.value.message("en")


def test_a_highly_compressed_part_is_refused_as_a_bomb():
    data = _zip({**MINIMAL, "xl/worksheets/sheet1.xml": b"<a>" + b" " * (50 * 1024 * 1024) + b"</a>"})
    assert len(data) < 1024 * 1024
    with pytest.raises(UnusableFile) as refused:
        read(data)
    assert refused.value.code == "file_zip_ratio"
    message = refused.value.message("en")
    assert "xl/worksheets/sheet1.xml" in message and "50 MB" in message and "limit 200 times" in message


@pytest.mark.parametrize(
    "payload",
    [
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><workbook>&lol2;</workbook>',
        b'<?xml version="1.0"?><!doctype x [<!entity xxe SYSTEM "file:///etc/passwd">]><workbook>&xxe;</workbook>',
        '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "b">]><workbook/>'.encode("utf-16-le"),
    ],
)
def test_xml_entity_attacks_are_refused(payload):
    with pytest.raises(UnusableFile) as refused:
        read(_zip({**MINIMAL, "xl/workbook.xml": payload}))
    assert refused.value.code == "file_xml_entities"


def test_a_real_workbook_with_an_entity_in_its_sheet_is_refused(tmp_path):
    """A genuine XLSX whose sheet XML was edited to expand entities: openpyxl is never reached."""
    original = xlsx_bytes(ROWS)
    source = zipfile.ZipFile(io.BytesIO(original))
    members = {name: source.read(name) for name in source.namelist()}
    sheet = members["xl/worksheets/sheet1.xml"]
    doctype = b'<!DOCTYPE w [<!ENTITY e "x">]>'
    members["xl/worksheets/sheet1.xml"] = (
        sheet.replace(b"?>", b"?>" + doctype, 1) if sheet.startswith(b"<?xml") else doctype + sheet
    )
    assert doctype in members["xl/worksheets/sheet1.xml"]
    with pytest.raises(UnusableFile) as refused:
        read(_zip(members))
    assert refused.value.code == "file_xml_entities"


@pytest.mark.parametrize(
    "data, code",
    [
        (b"", "file_empty"),
        (b"   \r\n\r\n", "file_empty"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "file_corrupt_xls"),
        (b"%PDF-1.7 binary", "file_not_table"),
        (b"PK\x03\x04 broken zip", "file_corrupt_zip"),
        (b"ab,cd\n\x01\x02\x03\x04\n", "file_not_table"),
        (b'"unclosed,quote\n' + b"x" * 200_000, "file_csv_unclosed_quote"),
    ],
)
def test_unusable_files_are_refused_with_a_reason_in_both_languages(data, code):
    with pytest.raises(UnusableFile) as refused:
        read(data)
    assert refused.value.code == code
    assert refused.value.message("vi") != refused.value.message("en")


def test_a_zip_that_is_not_a_workbook_is_refused():
    with pytest.raises(UnusableFile) as refused:
        read(_zip({"readme.txt": b"hello"}))
    assert refused.value.code == "file_zip_not_workbook"


def test_no_header_row_is_unusable():
    with pytest.raises(UnusableFile) as refused:
        find_layout(read(b"a,b,c\n1,2,3\n"), "comm_team")
    assert refused.value.code == "file_no_header"

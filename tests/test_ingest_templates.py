"""Templates filled in as staff would (Excel and CSV) import cleanly; exports keep codes as text and dates as dates."""

from __future__ import annotations

import io

import openpyxl

from ingest import pipeline, templates
from ingest.header import header_text
from registry.tables import IMPORT_TABLES
from store.database import opened
from tests.ingest_support import db, prepare  # noqa: F401


def test_a_filled_excel_template_imports(db):
    places = pipeline.load_places(db)
    workbook = openpyxl.load_workbook(io.BytesIO(templates.template("trusted_address", "xlsx", places, "109")))
    sheet = workbook["trusted_address"]
    headers = [c.value for c in sheet[2]]
    row = {
        "Tên xã (commune)": "Xã Mù Sang",
        "Tên địa chỉ tin cậy (name)": "Nhà văn hóa bản Hồ Sì Pan",
        "Số thành viên * (members)": 12,
        "Số thành viên nữ * (members_female)": 7,
        "Năm báo cáo * (year)": 2023,
        "Dữ liệu minh họa (illustrative)": "Không",
        "Vĩ độ (latitude)": 22.6563,
        "Kinh độ (longitude)": 103.2836,
    }
    sheet.append([row.get(h) for h in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    prepared = prepare(buffer.getvalue(), db, name="dia_chi.xlsx")
    assert prepared.table == "trusted_address" and prepared.details["header_row"] == 2
    assert prepared.problems == [] and prepared.plan.added == 1 and prepared.plan.removed == 0
    assert prepared.plan.places == ()  # Mù Sang had no illustrative address: the other 9 stay
    record = prepared.validated.records[0]
    assert (record["commune_code"], record["members"], record["illustrative"], record["latitude"]) == (
        "03568",
        "12",
        "false",
        "22.6563",
    )


def test_a_filled_csv_template_imports(db):
    import csv

    spec = IMPORT_TABLES["supervision"]
    text = templates.template("supervision", "csv").decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(text)))
    assert header == [header_text(spec, name) for name in spec.column_names]
    values = {
        "Tên xã (commune)": "Nậm Xe",
        "Năm báo cáo * (year)": "2023",
        "Ngày kiểm tra, giám sát (visited_on)": "12/09/2023",
        "Đơn vị kiểm tra, giám sát * (supervisor)": "Ban Chỉ đạo huyện",
    }
    filled = text + ",".join(f'"{values.get(h, "")}"' for h in header) + "\r\n"
    prepared = prepare(("\ufeff" + filled).encode("utf-8"), db, name="giam_sat.csv")
    assert prepared.problems == [] and prepared.plan.added == 1
    assert (
        prepared.validated.records[0]["commune_code"] == "03586"
        and prepared.validated.records[0]["visited_on"] == "2023-09-12"
    )


def test_exports_write_codes_as_text_dates_as_dates_and_neutralise_formulas(db):
    import duckdb

    with duckdb.connect(str(db)) as connection:
        connection.execute(
            "UPDATE comm_team SET village = '=HYPERLINK(\"http://x\")' WHERE record_id = 'ct-2023-03391-01'"
        )
    with opened(db) as connection:
        data, count = templates.export(connection, "comm_team", "xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(data))["comm_team"]
    headers = [c.value for c in sheet[2]]
    first = {h: c for h, c in zip(headers, sheet[3])}
    assert (
        count == 77
        and first["Mã xã (commune_code)"].value == "03391"
        and first["Mã xã (commune_code)"].data_type == "s"
    )
    assert (
        first["Ngày thành lập (established_on)"].is_date
        and first["Ngày thành lập (established_on)"].number_format == "DD/MM/YYYY"
    )
    assert first["Thôn, bản (village)"].value == '\'=HYPERLINK("http://x")'  # text, never a formula
    assert first["Dữ liệu minh họa (illustrative)"].value == "Có"
    reimported = prepare(data, db, name="export.xlsx", default_district=None)
    assert reimported.ok and reimported.plan.changes == 0
    assert any(r["village"] == '=HYPERLINK("http://x")' for r in reimported.validated.records)

"""The Tables page in a real browser: the files its download buttons hand out hold exactly the rows shown."""

from __future__ import annotations

import io
import json
import re

import duckdb
import openpyxl
import pandas as pd

from queries.runner import run
from tests.browser.conftest import screenshot
from views.table_view import query_params, view

PHONG_THO = {"province_code": "12", "district_code": "109", "year": 2023}


def open_tables(page, url: str, query: str = ""):
    page.goto(f"{url}/tables{query}")
    page.wait_for_selector("[data-testid='stDataFrame']", timeout=90_000)
    page.wait_for_timeout(1000)


def download(page, label: str) -> tuple[str, bytes]:
    with page.expect_download(timeout=60_000) as event:
        page.get_by_role("button", name=label).click()
    path = event.value.path()
    with open(path, "rb") as stream:
        return event.value.suggested_filename, stream.read()


def expected_rows(database_path, table: str, **filters) -> pd.DataFrame:
    with duckdb.connect(str(database_path), read_only=True) as connection:
        return run(table, query_params(table, **PHONG_THO, **filters), connection)


def test_downloads_hold_the_rows_shown(page, app_url, database_path):
    open_tables(page, app_url)
    body = page.locator("body").inner_text()
    assert "Bảng số liệu" in body and "77 dòng" in body and "MINH HỌA" in body
    assert not re.search(r"Traceback|Exception", body)
    page.locator("[data-testid='stDataFrame']").hover()
    page.wait_for_timeout(300)
    toolbar = page.locator("[data-testid='stElementToolbar'] button")
    labels = [toolbar.nth(i).get_attribute("aria-label") for i in range(toolbar.count())]
    assert labels and "Download as CSV" not in labels  # the grid's own CSV skips neutralisation: switched off
    shown = view(expected_rows(database_path, "comm_team", vintage=2023), "vi")

    name, data = download(page, "Excel (XLSX)")
    assert name == "comm_team_109_2023_v2023.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(data))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0] == tuple(shown.columns) and len(rows) == len(shown) + 1
    assert [r[shown.columns.get_loc("Mã bản ghi")] for r in rows[1:]] == shown["Mã bản ghi"].tolist()
    assert dict(book["About"].iter_rows(values_only=True))["Bộ lọc — Huyện"] == "Huyện Phong Thổ (109)"

    name, data = download(page, "CSV (UTF-8)")
    assert name.endswith(".csv") and data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str)
    assert back.columns.tolist() == shown.columns.tolist() and back["Xã"].tolist() == shown["Xã"].tolist()

    name, data = download(page, "GeoJSON — vùng xã")
    document = json.loads(data)
    assert sum(f["properties"]["records"] for f in document["features"]) == len(shown)
    assert "censusVN2009" in document["metadata"]["attribution"]
    screenshot(page, "tables_vi")

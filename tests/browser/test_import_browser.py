"""The import page on a real server in a real browser: sign in, upload, confirm; the CLI importing into the
same file while the app runs; and a file over the upload limit of .streamlit/config.toml."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import duckdb
import pytest

from ingest.accounts import hash_password
from tests.browser.conftest import ROOT, screenshot, serve
from tests.ingest_support import csv_bytes, teams

PASSWORD = "mat-khau-trinh-duyet"


@pytest.fixture(scope="module")
def import_server(database_path, tmp_path_factory):
    """Its own server, database copy and secrets file: this test writes, the shared server only reads."""
    folder = tmp_path_factory.mktemp("import_server")
    database = folder / "p8.duckdb"
    shutil.copy(database_path, database)
    secrets = folder / "secrets.toml"
    secrets.write_text(
        f'[editors.lan]\nname = "Nguyễn Thị Lan"\npassword_hash = "{hash_password(PASSWORD)}"\n', encoding="utf-8"
    )
    with serve(database, folder, ("--secrets.files", str(secrets))) as url:
        yield url, database, folder


def _count(database) -> int:
    with duckdb.connect(str(database), read_only=True) as connection:
        return connection.execute("SELECT count(*) FROM comm_team").fetchall()[0][0]


def _sign_in(page, url):
    page.goto(f"{url}/import_data")
    page.get_by_label("Tên đăng nhập").fill("lan")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_text("Đã đăng nhập: Nguyễn Thị Lan").wait_for(timeout=60_000)


def test_an_editor_uploads_previews_and_confirms_in_the_browser(page, import_server):
    url, database, folder = import_server
    _sign_in(page, url)
    path = folder / "to_truyen_thong.csv"
    path.write_bytes(
        csv_bytes(
            teams(["Mù Sang", "Bản Hồ Sì Pan", 8, 3, 2023, "15/10/2023"], ["Dào San", "Bản Tả Phìn", 6, 2, 2023, ""])
        )
    )
    page.locator("input[type=file]").set_input_files(str(path))
    confirm = page.get_by_role("button", name="Xác nhận nhập 2 dòng")
    confirm.wait_for(timeout=60_000)
    body = page.locator("body").inner_text()
    assert "10 dòng MINH HỌA" in body and "Xã Dào San (03571), Xã Mù Sang (03568)" in body
    screenshot(page, "import_preview_vi")
    confirm.click()
    page.get_by_text(re.compile(r"Đã nhập to_truyen_thong\.csv")).wait_for(timeout=60_000)
    assert _count(database) == 77 - 10 + 2  # the other communes keep their illustration
    assert not re.search(r"Traceback|Exception", page.locator("body").inner_text())


def test_the_cli_imports_while_the_app_is_open_and_the_app_shows_it(page, import_server):
    url, database, folder = import_server
    page.goto(f"{url}/overview")
    page.wait_for_selector("[data-testid='stMetric']", timeout=90_000)
    path = folder / "cli.csv"
    path.write_bytes(csv_bytes(teams(*[["Nậm Xe", f"Bản {i}", 5, 2, 2023, ""] for i in range(5)])))
    result = subprocess.run(
        [sys.executable, "-m", "ingest", str(path), "--db", str(database)], cwd=ROOT, capture_output=True, timeout=300
    )
    assert result.returncode == 0, result.stderr.decode()
    page.reload()
    card = page.locator("[data-testid='stMetric']").filter(has_text="Tổ truyền thông cộng đồng")
    card.wait_for(timeout=90_000)
    page.wait_for_timeout(1000)
    assert re.search(r"Tổ truyền thông cộng đồng\s*77\b", card.inner_text()), card.inner_text()  # as reported
    # 2 from the page + 5 from the CLI, in Mù Sang, Dào San and Nậm Xe
    page.get_by_text("7 trong danh sách thực tế (3/15 xã)").wait_for(timeout=30_000)
    assert not re.search(r"Traceback|Exception", page.locator("body").inner_text())


def test_a_file_over_the_upload_limit_is_refused_with_the_limit_shown(page, import_server):
    url, database, folder = import_server
    _sign_in(page, url)
    before = _count(database)
    big = folder / "qua_lon.csv"
    with big.open("wb") as stream:
        stream.write("Tên xã,Thôn, bản,Số truyền thông viên,Số truyền thông viên nữ,Năm báo cáo\n".encode())
        stream.write(b"Mu Sang,Ban,1,0,2023\n" * (21 * 1024 * 1024 // 20))
    assert big.stat().st_size > 20 * 1024 * 1024
    page.locator("input[type=file]").set_input_files(str(big))
    refused = page.locator("[data-testid='stFileChip'][aria-invalid='true']")
    refused.wait_for(timeout=30_000)  # the browser refuses it before sending: the server never sees the file
    assert "20.0MB" in page.locator("[data-testid='stFileUploader']").inner_html()
    body = page.locator("body").inner_text()
    assert "Tối đa 20 MB" in body and "python -m ingest" in body  # the limit and what to do, in the reader's language
    assert not page.get_by_role("button", name=re.compile("Xác nhận nhập")).count()
    screenshot(page, "import_too_big_vi")
    assert _count(database) == before

"""The import page in AppTest: viewers get templates only; editors sign in, upload, see problems, preview, confirm, undo."""

from __future__ import annotations

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from ingest.accounts import hash_password
from tests.conftest import ROOT
from tests.ingest_support import csv_bytes, db, scalar, snapshot, teams  # noqa: F401

PAGE = "pages/import_data.py"
PASSWORD = "mat-khau-cua-lan"
HASH = hash_password(PASSWORD)


@pytest.fixture
def page(db, monkeypatch):
    monkeypatch.setenv("P8_DB", str(db))
    st.cache_resource.clear()  # the sign-in throttle lives for the server's life: start each test without failures

    def open_page(accounts: bool = True, lang: str = "vi") -> AppTest:
        app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        if accounts:
            app.secrets["editors"] = {"lan": {"name": "Nguyễn Thị Lan", "password_hash": HASH}}
        app.query_params["lang"] = lang
        app.run()
        app.switch_page(PAGE).run()
        assert not app.exception, app.exception
        return app

    return open_page


def sign_in(app: AppTest, username: str = "lan", password: str = PASSWORD) -> AppTest:
    app.text_input(key="auth_username").input(username)
    app.text_input(key="auth_password").input(password)
    next(b for b in app.button if b.key and b.key.startswith("FormSubmitter:sign_in")).click().run()
    assert not app.exception, app.exception
    return app


def upload(app: AppTest, name: str, data: bytes, mime: str = "text/csv") -> AppTest:
    uploader = app.get("file_uploader")[0]
    uploader.set_value((name, data, mime)).run()
    assert not app.exception, app.exception
    return app


def texts(elements) -> str:
    return "\n".join(str(e.value) for e in elements)


def test_viewers_get_templates_but_no_upload(page):
    app = page(accounts=False)
    assert app.title[0].value == "Nhập dữ liệu"
    labels = [b.label for b in app.get("download_button")]
    assert "Tải mẫu Excel (.xlsx)" in labels and "Tải mẫu CSV" in labels
    assert not app.get("file_uploader")
    warning = texts(app.warning)
    assert "Chưa có tài khoản biên tập viên" in warning and ".toml" not in warning  # no file name of ours on screen


def test_wrong_passwords_get_a_clear_message_then_must_wait(page):
    app = page()
    sign_in(app, password="sai")
    assert texts(app.error) == "Sai tên đăng nhập hoặc mật khẩu."
    for _ in range(5):
        sign_in(app, password="sai")
    assert "chờ" in texts(app.error) and "giây" in texts(app.error)
    sign_in(app)  # the right password, too soon
    assert not app.get("file_uploader")


def test_an_editor_imports_a_list_and_can_undo_it(page, db):
    app = sign_in(page())
    assert "Đã đăng nhập: Nguyễn Thị Lan" in texts(app.success)
    assert "20 MB" in texts(app.caption)  # the limit set in .streamlit/config.toml, with what to do beyond it
    original = snapshot(db, "comm_team")
    data = csv_bytes(
        teams(["Mù Sang", "Bản Hồ Sì Pan", 8, 3, 2023, "15/10/2023"], ["Dào San", "Bản Tả Phìn", 6, 2, 2023, ""]),
        delimiter=";",
    )
    upload(app, "to.csv", data)
    assert "thêm 2 dòng" in texts(app.info) and "10 dòng MINH HỌA" in texts(app.warning)
    assert "minh họa sang danh sách thực tế: Xã Dào San (03571), Xã Mù Sang (03568)." in texts(app.warning)
    assert len(app.dataframe[0].value) == 2  # the preview
    assert snapshot(db, "comm_team") == original  # nothing written before the confirmation
    app.button(key="import_confirm").click().run()
    assert not app.exception, app.exception
    assert "Đã nhập to.csv (lần nhập số 1)" in texts(app.success)
    assert scalar(db, "SELECT count(*) FROM comm_team") == 77 - 10 + 2  # the other communes keep their illustration
    assert scalar(db, "SELECT editor || '/' || door FROM import_log") == "lan/app"
    assert app.get("file_uploader")[0].key.endswith("_1")  # a fresh uploader: the file is not offered twice
    app.checkbox(key="undo_sure").check().run()
    app.button(key="undo_button").click().run()
    assert "Đã hoàn tác lần nhập số 1" in texts(app.success)
    assert snapshot(db, "comm_team") == original


def test_a_file_with_errors_shows_them_and_cannot_be_confirmed(page, db):
    app = sign_in(page(lang="en"))
    before = snapshot(db, "comm_team")
    upload(app, "bad.csv", csv_bytes(teams(["Mù Sangg", "A", 5, 1, 2023, ""], ["Mù Sang", "B", 5, 9, 2023, ""])))
    problems = app.dataframe[0].value
    assert list(problems.columns) == ["Row", "Column", "Value", "Severity", "Reason"]
    assert problems["Row"].tolist() == [2, 3] and problems["Value"].tolist() == ["Mù Sangg", "9"]
    assert "nothing was imported" in texts(app.error)
    assert not [b for b in app.button if b.key == "import_confirm"]
    assert any(b.label == "Download the list of problems (CSV)" for b in app.get("download_button"))
    assert snapshot(db, "comm_team") == before


def test_an_unusable_file_is_refused_with_its_reason(page):
    app = sign_in(page())
    upload(app, "cu.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "application/vnd.ms-excel")
    assert "Không đọc được tệp" in texts(app.error) and ".xlsx" in texts(app.error)

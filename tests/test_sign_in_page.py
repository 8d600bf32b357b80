"""Signing in on the import page (AppTest): the browser is told how long it keeps the editor signed in, the
cookie script carries only the signed value, and a password changed on the server signs the session out."""

from __future__ import annotations

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from ingest.accounts import hash_password
from ingest.session_cookie import COOKIE_NAME, key_path
from tests.conftest import ROOT
from tests.ingest_support import db  # noqa: F401

PASSWORD = "mat-khau-cua-lan"


def _editors(password: str) -> dict:
    return {"lan": {"name": "Nguyễn Thị Lan", "password_hash": hash_password(password)}}


@pytest.fixture
def signed_in(db, monkeypatch):
    monkeypatch.setenv("P8_DB", str(db))
    st.cache_resource.clear()

    def open_and_sign_in(**sign_in_settings) -> AppTest:
        app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        app.secrets["editors"] = _editors(PASSWORD)
        if sign_in_settings:
            app.secrets["sign_in"] = sign_in_settings
        app.query_params["lang"] = "en"
        app.run()
        app.switch_page("pages/import_data.py").run()
        app.text_input(key="auth_username").input("lan")
        app.text_input(key="auth_password").input(PASSWORD)
        next(b for b in app.button if b.key and b.key.startswith("FormSubmitter:sign_in")).click().run()
        assert not app.exception, app.exception
        assert any("Signed in as Nguyễn Thị Lan" in str(e.value) for e in app.success)
        return app

    return open_and_sign_in


def _scripts(app: AppTest) -> list[str]:
    return [str(element.proto.body) for element in app.get("html")]


def test_the_browser_keeps_the_editor_signed_in_with_a_signed_value_only(signed_in, db):
    app = signed_in()
    assert any("keeps you signed in for 8 hours" in str(e.value) for e in app.caption)
    scripts = [body for body in _scripts(app) if COOKIE_NAME in body]
    assert len(scripts) == 1 and "SameSite=Strict" in scripts[0] and "Max-Age=28800" in scripts[0]
    key = key_path(db).read_bytes()
    assert PASSWORD not in scripts[0] and key.hex() not in scripts[0] and "scrypt" not in scripts[0]
    app.button(key="sign_out").click().run()
    cleared = [body for body in _scripts(app) if COOKIE_NAME in body]
    assert len(cleared) == 1 and f"{COOKIE_NAME}=; Max-Age=0" in cleared[0]
    assert app.text_input(key="auth_username") is not None


def test_keeping_can_be_turned_off(signed_in, db):
    app = signed_in(keep_signed_in_hours=0)
    assert not any("keeps you signed in" in str(e.value) for e in app.caption)
    assert not [body for body in _scripts(app) if COOKIE_NAME in body]
    assert not key_path(db).exists()


def test_a_password_changed_on_the_server_signs_the_session_out(signed_in):
    app = signed_in()
    assert app.get("file_uploader")
    app.secrets["editors"] = _editors("a-new-password-for-lan")
    app.run()
    assert not app.exception, app.exception
    assert not app.get("file_uploader") and not any("Signed in as" in str(e.value) for e in app.success)

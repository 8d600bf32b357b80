"""An editor stays signed in across a reload of the page, until signing out; the cookie that does it is
SameSite=Strict, expires, and carries neither the password nor the server's key; a forged one is ignored.
A crafted editor name is shown as the text it is."""

from __future__ import annotations

import re
import shutil
import time

import pytest

from ingest.accounts import hash_password
from ingest.session_cookie import COOKIE_NAME, DEFAULT_HOURS, key_path
from tests.browser.conftest import screenshot, serve

PASSWORD = "mat-khau-giu-dang-nhap"
SIGNED_IN = "Đã đăng nhập: Nguyễn Thị Lan"
CRAFTED_NAME = (
    "**Lan** ![x](http://evil.example/x.png) <img src=http://evil.example/y.png> [a](javascript:alert(1)) :red[x]"
)


@pytest.fixture(scope="module")
def sign_in_server(database_path, tmp_path_factory):
    """Its own server, database folder (where the cookie key is made) and secrets file."""
    folder = tmp_path_factory.mktemp("sign_in_server")
    database = folder / "p8.duckdb"
    shutil.copy(database_path, database)
    secrets = folder / "secrets.toml"
    secrets.write_text(
        f'[editors.lan]\nname = "Nguyễn Thị Lan"\npassword_hash = "{hash_password(PASSWORD)}"\n'
        f"[editors.crafted]\nname = '{CRAFTED_NAME}'\npassword_hash = \"{hash_password(PASSWORD)}\"\n",
        encoding="utf-8",
    )
    with serve(database, folder, ("--secrets.files", str(secrets))) as url:
        yield url, database


def _editor_cookie(page) -> dict | None:
    return next((c for c in page.context.cookies() if c["name"] == COOKIE_NAME and c["value"]), None)


def _wait_for_cookie(page, present: bool) -> dict | None:
    deadline = time.monotonic() + 30
    while (_editor_cookie(page) is not None) != present and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    return _editor_cookie(page)


def _signed_out(page) -> None:
    page.get_by_label("Tên đăng nhập").wait_for(timeout=60_000)
    assert SIGNED_IN not in page.locator("body").inner_text()


def test_an_editor_stays_signed_in_across_a_reload_until_signing_out(page, sign_in_server):
    url, database = sign_in_server
    page.goto(f"{url}/import_data")
    page.get_by_label("Tên đăng nhập").fill("lan")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_text(SIGNED_IN).wait_for(timeout=60_000)

    cookie = _wait_for_cookie(page, present=True)
    assert cookie is not None, "no cookie was written"
    assert cookie["sameSite"] == "Strict" and cookie["path"] == "/" and not cookie["secure"]  # http here
    assert 0 < cookie["expires"] - time.time() <= DEFAULT_HOURS * 3600 + 5
    key = key_path(database).read_bytes()
    assert PASSWORD not in cookie["value"] and key.hex() not in cookie["value"]
    assert key.hex() not in page.content() and PASSWORD not in page.content()

    page.reload()
    page.get_by_text(SIGNED_IN).wait_for(timeout=60_000)
    page.locator("input[type=file]").wait_for(state="attached", timeout=60_000)  # signed in: the upload is offered
    assert not page.get_by_label("Tên đăng nhập").count()
    screenshot(page, "sign_in_kept_after_reload")

    page.get_by_role("button", name="Đăng xuất").click()
    _signed_out(page)
    assert _wait_for_cookie(page, present=False) is None
    page.reload()
    _signed_out(page)
    assert not re.search(r"Traceback|Exception", page.locator("body").inner_text())


def test_a_forged_or_expired_cookie_is_ignored_without_an_error(page, sign_in_server):
    url, _ = sign_in_server
    page.goto(f"{url}/import_data")
    page.get_by_label("Tên đăng nhập").wait_for(timeout=60_000)
    host = url.split("//", 1)[1].split(":")[0]
    far = str(int(time.time()) + 3600)
    for forged in (f"v1.bGFu.{far}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "v1.bGFu.1000.AAAA", "not-a-cookie"):
        page.context.add_cookies([{"name": COOKIE_NAME, "value": forged, "domain": host, "path": "/"}])
        page.reload()
        _signed_out(page)
        assert not page.locator("input[type=file]").count()
        assert not re.search(r"Traceback|Exception|Error", page.locator("body").inner_text())


def test_a_crafted_editor_name_is_shown_as_the_literal_text(page, sign_in_server):
    url, _ = sign_in_server
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{url}/import_data")
    page.get_by_label("Tên đăng nhập").fill("crafted")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    alert = page.locator("[data-testid^='stAlertContent']").filter(has_text="Đã đăng nhập")
    alert.wait_for(timeout=60_000)
    shown = alert.inner_text().replace("\u200b", "").strip()  # the invisible break that keeps an address unlinked
    assert shown == f"Đã đăng nhập: {CRAFTED_NAME}"
    assert not alert.locator("img, a, strong, span[style]").count(), alert.inner_html()
    assert not [address for address in requested if "evil.example" in address]
    page.get_by_role("button", name="Đăng xuất").click()
    _signed_out(page)

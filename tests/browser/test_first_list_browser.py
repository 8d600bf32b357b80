"""The walk of a new user, in a real browser: the overview, then sign in and import the first real list
(Mù Sang, 2 teams), then the overview again. The headline keeps what the district reported and the
banner says how far the real lists have come; screenshots before and after, in both languages."""

from __future__ import annotations

import re

from tests.browser.conftest import screenshot
from tests.browser.test_import_browser import _sign_in, import_server  # noqa: F401  (its own server and database)
from tests.ingest_support import csv_bytes, teams

TEAMS = {"vi": "Tổ truyền thông cộng đồng", "en": "Community communication teams"}


def _overview(page, url: str, lang: str) -> str:
    page.goto(f"{url}/?lang={lang}")  # the default page lives at the root (/overview shows "page not found")
    card = page.locator("[data-testid='stMetric']").filter(has_text=TEAMS[lang])
    card.wait_for(timeout=90_000)
    page.locator("iframe[src*='streamlit_folium']").first.wait_for(timeout=60_000)
    page.wait_for_timeout(2500)  # the map draws inside its frame
    assert re.search(rf"{TEAMS[lang]}\s*77\b", card.inner_text()), card.inner_text()
    return page.locator("body").inner_text()


def test_the_first_communes_list_leaves_the_headline_and_the_banner_true(page, import_server):
    url, database, folder = import_server
    before = {lang: _overview(page, url, lang) for lang in ("vi", "en")}
    screenshot(page, "first_list_overview_before_en")
    assert "77 reported · 0 in real lists (0 of 15 communes) · 77 illustrative" in before["en"]
    assert "communication teams 0 of 15 communes" in before["en"]
    assert "tổ truyền thông 0/15 xã" in before["vi"]

    _sign_in(page, url)
    path = folder / "mu_sang.csv"
    path.write_bytes(
        csv_bytes(
            teams(["Mù Sang", "Bản Hồ Sì Pan", 12, 6, 2023, "15/10/2023"], ["Mù Sang", "Bản Mới", 8, 2, 2023, ""])
        )
    )
    page.locator("input[type=file]").set_input_files(str(path))
    confirm = page.get_by_role("button", name="Xác nhận nhập 2 dòng")
    confirm.wait_for(timeout=60_000)
    body = page.locator("body").inner_text()
    assert "minh họa sang danh sách thực tế: Xã Mù Sang (03568)" in body
    screenshot(page, "first_list_import_preview_vi")
    confirm.click()
    page.get_by_text(re.compile(r"Đã nhập mu_sang\.csv")).wait_for(timeout=60_000)

    after = _overview(page, url, "vi")
    screenshot(page, "first_list_overview_after_vi")
    assert "77 theo báo cáo · 2 trong danh sách thực tế (1/15 xã) · 73 minh họa" in after
    assert "tổ truyền thông 1/15 xã" in after and "chỉ vì còn xã minh họa" in after
    assert "Tổng số khớp báo cáo" not in after  # the old fixed sentence, true only for the pristine data
    after_en = _overview(page, url, "en")
    screenshot(page, "first_list_overview_after_en")
    assert "77 reported · 2 in real lists (1 of 15 communes) · 73 illustrative" in after_en
    assert "communication teams 1 of 15 communes" in after_en
    assert "differ only because communes are still illustrative" in after_en
    assert not re.search(r"Traceback|Exception", after + after_en)

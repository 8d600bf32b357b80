"""The targets, budget, reconciliation and document pages in a real browser: the Plotly charts are drawn (AppTest
only sees their specs), with no request leaving the app, and screenshots for the slide deck go to artifacts/."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import screenshot

PAGES = [
    # url path, charts on the page, words the drawn charts must show, screenshot name
    ("targets", 4, ["77/75", "Chưa có báo cáo", "MINH HỌA", "lộ trình đến 2025"], "targets_vi"),
    ("budget", 3, ["9,7 %", "45,6 %", "63,4 %", "1.222", "Kinh phí theo năm"], "budget_vi"),
    ("reconciliation", 1, ["+0,67"], "reconciliation_vi"),
    ("documents", 1, ["970/QĐ-UBND", "2810/QĐ-UBND"], "documents_vi"),
    ("budget?lang=en", 3, ["9.7 %", "45.6 %", "1,222", "Budget by year", "3,859"], "budget_en"),
]


def open_report(page, url: str, path: str, charts: int) -> list[str]:
    """Load a page tall enough to hold it whole, wait for its charts to draw; returns the URLs it requested."""
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.set_viewport_size({"width": 1400, "height": 3200})
    page.goto(f"{url}/{path}")
    page.wait_for_selector("h1", timeout=90_000)
    page.wait_for_function(
        f"document.querySelectorAll('.js-plotly-plot .main-svg').length >= {2 * charts}", timeout=60_000
    )
    page.wait_for_timeout(800)  # let the last chart finish its layout before the picture
    return requested


@pytest.mark.parametrize("path,charts,words,name", PAGES)
def test_report_pages_draw_their_charts_offline(page, app_url, path, charts, words, name):
    requested = open_report(page, app_url, path, charts)
    assert page.locator(".js-plotly-plot").count() == charts
    drawn = " ".join(page.locator(".js-plotly-plot").all_inner_texts())
    for word in words:
        assert word in drawn, word
    body = page.locator("body").inner_text()
    assert "Phong Thổ" in body and not re.search(r"Traceback|Exception", body)
    outside = [u for u in requested if not u.startswith(app_url) and not u.startswith(("data:", "blob:", "about:"))]
    assert outside == [], outside
    assert screenshot(page, name).stat().st_size > 20_000

"""The whole country in a real browser: the province map draws every province offline, and a click opens one."""

from __future__ import annotations

import re

from tests.browser.conftest import screenshot
from tests.browser.test_map_browser import labels_overlap
from tests.browser.test_overview_browser import open_overview


def test_the_country_overview_draws_every_province(page, app_url):
    frame, requests_out = open_overview(page, app_url, "?province=all&vintage=2023")
    page.wait_for_timeout(500)
    assert frame.locator("path.leaflet-interactive").count() == 63
    assert "Toàn quốc" in page.locator("h1").first.inner_text()
    assert "Tỉnh Lai Châu" in frame.content()  # tooltips name the provinces
    names = frame.locator(".p8-label span")
    shown = frame.locator(".p8-label span:not([style*='hidden'])")
    assert names.count() == 63 and 0 < shown.count() < 63  # names that would cover others wait for a zoom
    assert not labels_overlap(frame)
    outside = [u for u in requests_out if not u.startswith(app_url) and not u.startswith(("data:", "blob:", "about:"))]
    assert outside == [], outside
    assert not re.search(r"Traceback|Exception", page.locator("body").inner_text())
    screenshot(page, "country_vi")


def test_the_country_map_of_2025_in_english(page, app_url):
    frame, _ = open_overview(page, app_url, "?province=all&vintage=2025&lang=en")
    page.wait_for_timeout(500)
    assert frame.locator("path.leaflet-interactive").count() == 34
    assert "Whole country" in page.locator("h1").first.inner_text()
    screenshot(page, "country_en")


def test_clicking_a_province_opens_its_communes(page, app_url):
    frame, _ = open_overview(page, app_url, "?province=all&vintage=2023")
    frame.locator("path.leaflet-interactive.p8-code-12").dispatch_event("click")
    page.wait_for_function(
        "() => document.querySelector('h1') && document.querySelector('h1').innerText.includes('Lai Châu')",
        timeout=60_000,
    )
    assert "province=12" in page.url
    shapes = 0
    for _ in range(120):  # the province's map replaces the country's in a new frame
        page.wait_for_timeout(500)
        frame = page.wait_for_selector("iframe[src*='streamlit_folium']", timeout=60_000).content_frame()
        shapes = frame.locator("path.leaflet-interactive").count()
        if shapes >= 100:
            break
    assert shapes >= 100  # Lai Châu's 2023 communes with a boundary

"""The overview in a real browser: what AppTest cannot see (the st_folium map in its iframe)."""

from __future__ import annotations

import re

from tests.browser.conftest import screenshot


def open_overview(page, url: str, query: str = ""):
    """Load the page and wait until the map's iframe has drawn its shapes; returns that frame."""
    requests_out = []
    page.on("request", lambda request: requests_out.append(request.url))
    page.goto(f"{url}/{query}")
    page.wait_for_selector("h1", timeout=90_000)
    frame_element = page.wait_for_selector("iframe[src*='streamlit_folium']", timeout=90_000)
    frame = frame_element.content_frame()
    frame.wait_for_selector("path.leaflet-interactive", timeout=60_000)
    return frame, requests_out


def test_overview_draws_every_commune_of_phong_tho_offline(page, app_url):
    frame, requests_out = open_overview(page, app_url)
    page.wait_for_timeout(500)
    assert frame.locator("path.leaflet-interactive").count() == 17
    legend = frame.locator(".p8-legend")
    assert legend.is_visible() and "Minh họa ở 15/15 xã (danh sách thực tế: 0)" in legend.inner_text()
    assert "censusVN2009" in frame.locator(".leaflet-control-attribution").inner_text()
    body = page.locator("body").inner_text()
    assert "Phong Thổ" in body and "MINH HỌA" in body
    assert not re.search(r"Traceback|Exception", body)
    outside = [u for u in requests_out if not u.startswith(app_url) and not u.startswith(("data:", "blob:", "about:"))]
    assert outside == [], outside
    screenshot(page, "overview_vi")


def test_overview_in_english_from_the_url(page, app_url):
    frame, _ = open_overview(page, app_url, "?lang=en")
    assert frame.locator("path.leaflet-interactive").count() == 17
    assert "illustrative" in frame.locator(".p8-legend").inner_text().lower()
    assert "Project 8 overview" in page.locator("h1").first.inner_text()
    screenshot(page, "overview_en")


def test_hovering_a_commune_shows_its_name(page, app_url):
    frame, _ = open_overview(page, app_url)
    frame.locator("path.leaflet-interactive").nth(0).hover(force=True)
    tooltip = frame.wait_for_selector(".leaflet-tooltip", timeout=10_000)
    assert tooltip.inner_text().strip()


def test_the_document_says_its_language_and_names_the_map_frame(page, app_url):
    open_overview(page, app_url, "?lang=en")
    page.wait_for_function("document.documentElement.lang === 'en'", timeout=30_000)
    frame = page.locator("iframe[title^='Interactive map']")
    frame.first.wait_for(timeout=30_000)
    assert page.locator("iframe[title='streamlit_folium.st_folium']").count() == 0  # every map frame titled
    icons = page.locator("[data-testid='stSidebarNav'] [data-testid='stIconMaterial']")
    assert icons.count() >= 10 and icons.evaluate_all("els => els.every(e => e.getAttribute('aria-hidden') === 'true')")
    open_overview(page, app_url, "?lang=vi")
    page.wait_for_function("document.documentElement.lang === 'vi'", timeout=30_000)
    assert page.locator("iframe[title^='Bản đồ tương tác']").count() >= 1

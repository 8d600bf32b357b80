"""The underserved-communes page in a real browser: the ranking, its map with hatched units that are not
ranked (an SVG pattern only a browser draws), offline, and a view shared through the URL."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

from queries.runner import run
from tests.browser.conftest import screenshot
from views import gap_analysis as ga


def open_page(page, url: str, query: str = ""):
    outside = []
    page.on(
        "request", lambda r: outside.append(r.url) if not r.url.startswith((url, "data:", "blob:", "about:")) else None
    )
    page.goto(f"{url}/underserved{query}")
    page.wait_for_selector("[data-testid='stTable'] tbody tr", timeout=90_000)
    page.wait_for_timeout(500)
    return outside


def table_rows(page) -> list[list[str]]:
    rows = page.locator("[data-testid='stTable'] tbody tr")
    return [[cell.strip() for cell in rows.nth(i).locator("td, th").all_inner_texts()] for i in range(rows.count())]


def url_settings(page) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlparse(page.url).query).items()}


def test_the_ranking_and_its_map_hatch_the_units_not_ranked_offline(page, app_url, connection):
    outside = open_page(page, app_url)
    where = {"vintage": 2023, "year": 2023, "province_code": "12", "district_code": "109"}
    expected = run("underserved", where, connection)
    rows = table_rows(page)
    assert [row[1] for row in rows] == expected["name"].tolist()
    assert rows[0][4].endswith(".")  # reasons are sentences

    page.get_by_role("tab", name="Bản đồ").click()
    frame = page.wait_for_selector("iframe[src*='streamlit_folium']", timeout=60_000).content_frame()
    frame.wait_for_selector("path.p8-unit", timeout=60_000)
    page.wait_for_timeout(500)
    units = run("commune_indicators", where, connection)
    assert frame.locator("path.p8-unit").count() == len(units)
    hatched = frame.locator("path.p8-unit[fill='url(#p8-no-data-hatch)']")
    assert hatched.count() == len(units) - len(expected) > 0
    assert frame.locator("svg pattern#p8-no-data-hatch line").count() == 1  # defined once, where the paths are
    box = frame.locator("path.p8-unit").first.bounding_box()
    assert box and box["width"] > 20  # drawn at a real size (the map tab was open when it was drawn)
    legend = frame.locator(".p8-legend").inner_text()
    assert "Số khoảng trống" in legend and "Không xếp hạng" in legend
    first = expected.iloc[0]
    frame.locator(f"path.p8-unit.p8-code-{first['code']}").dispatch_event("mouseover")
    tooltip = frame.wait_for_selector(".leaflet-tooltip", timeout=10_000)
    assert first["name"] in tooltip.inner_text() and f"1/{len(expected)}" in tooltip.inner_text()
    assert tooltip.bounding_box()["width"] < 520  # the reasons wrap instead of running off the map
    assert outside == [], outside
    assert not re.search(r"Traceback|Exception", page.locator("body").inner_text())
    screenshot(page, "underserved_map_vi")


def test_a_view_changed_on_the_page_is_reproduced_by_its_url(page, app_url, browser):
    open_page(page, app_url, "?lang=en&weight_no_trusted_address=0")
    assert url_settings(page)["weight_no_trusted_address"] == "0"
    page.get_by_text("Criteria, thresholds and weights").click()
    thumb = page.get_by_role("slider", name=re.compile("Weight: Not supervised"))
    thumb.focus()
    for _ in range(4):  # four steps of 0.5 from the default 1
        page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "() => new URLSearchParams(location.search).get('weight_not_supervised') === '3'", timeout=30_000
    )
    page.wait_for_timeout(1000)
    changed = table_rows(page)
    settings = url_settings(page)
    assert settings["weight_not_supervised"] == "3" and settings["weight_no_trusted_address"] == "0"
    assert set(ga.to_url(ga.View())) <= set(settings)
    screenshot(page, "underserved_en")

    other = browser.new_context(viewport={"width": 1400, "height": 950}).new_page()
    try:
        other.set_default_timeout(60_000)
        open_page(other, app_url, "?" + urlparse(page.url).query)
        assert table_rows(other) == changed
    finally:
        other.context.close()

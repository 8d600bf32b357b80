"""Meeting mode on a 1366×768 projector: no sidebar, four figures and the whole map on one screen."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot


def test_meeting_mode_fits_a_projector_screen(browser, app_url):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        page.goto(f"{app_url}/?meeting=1")
        frame = page.wait_for_selector("iframe[src*='streamlit_folium']", timeout=90_000).content_frame()
        frame.wait_for_selector("path.p8-unit", timeout=60_000)
        page.wait_for_timeout(800)
        assert not page.locator("section[data-testid='stSidebar']").is_visible()
        metrics = page.locator("[data-testid='stMetric']")
        assert metrics.count() == 4
        assert frame.locator("path.p8-unit").count() == 17
        legend = frame.locator(".p8-legend")
        assert "17px" in legend.get_attribute("style")
        # Everything a meeting needs is above the fold: the figures and the map's bottom edge.
        map_box = page.locator("iframe[src*='streamlit_folium']").bounding_box()
        screenshot(page, "meeting_1366x768")
        assert map_box["y"] + map_box["height"] <= 768 + 2, map_box
        assert all(metrics.nth(i).bounding_box()["y"] < 300 for i in range(4))
        title_px = float(page.locator("h1").first.evaluate("e => getComputedStyle(e).fontSize").removesuffix("px"))
        assert title_px >= 36
        screenshot(page, "meeting_1366x768")
    finally:
        context.close()


@pytest.mark.parametrize("width,height", [(1920, 1080), (1366, 768)])
def test_the_meeting_map_fills_the_screen_below_the_figures(browser, app_url, width, height):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
    page = context.new_page()
    try:
        page.goto(f"{app_url}/meeting")
        element = page.wait_for_selector("iframe[src*='streamlit_folium']", timeout=90_000)
        frame = element.content_frame()
        frame.wait_for_selector("path.p8-unit", timeout=60_000)
        page.wait_for_function(
            f"document.querySelector(\"iframe[src*='streamlit_folium']\").getBoundingClientRect().height >= {0.6 * height}",
            timeout=30_000,
        )
        box = element.bounding_box()
        assert box["height"] >= 0.6 * height and box["y"] + box["height"] <= height, box
        inner = frame.evaluate("document.getElementById('map_div').getBoundingClientRect().height")
        assert abs(inner - box["height"]) < 2  # the map inside grew with its frame
        units = frame.locator("path.p8-unit")
        boxes = [units.nth(i).bounding_box() for i in range(units.count())]
        tallest = max(b["y"] + b["height"] for b in boxes) - min(b["y"] for b in boxes)
        assert tallest > 0.7 * box["height"]  # refitted: the district fills the taller map
        screenshot(page, f"meeting_fill_{width}x{height}")
    finally:
        context.close()

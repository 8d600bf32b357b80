"""Meeting mode on a 1366×768 projector: no sidebar, four figures and the whole map on one screen."""

from __future__ import annotations

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

"""The map at a desk, on a projector and on a phone: no commune under the legend, the legend folded on a phone,
and the bubbles of a scope drawn as one circle per commune and kind."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot
from tests.browser.test_map_browser import open_map

UNITS_UNDER_LEGEND = """() => {
    const legend = document.querySelector('.p8-legend');
    if (!legend || !legend.open) return [];
    const l = legend.getBoundingClientRect();
    return [...document.querySelectorAll('path.p8-unit')].map(p => p.getBoundingClientRect())
        .filter(u => !(u.right <= l.left || u.left >= l.right || u.bottom <= l.top || u.top >= l.bottom))
        .map(u => [Math.round(u.left), Math.round(u.top)]);
}"""

UNITS_OUTSIDE_MAP = """() => {
    const box = document.querySelector('.leaflet-container').getBoundingClientRect();
    return [...document.querySelectorAll('path.p8-unit')].map(p => p.getBoundingClientRect())
        .filter(u => u.left < box.left - 1 || u.right > box.right + 1 || u.top < box.top - 1 || u.bottom > box.bottom + 1)
        .length;
}"""


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_no_commune_is_under_the_legend_at_the_first_view(browser, app_url, size):
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    try:
        frame, _ = open_map(page, app_url)
        assert frame.evaluate("() => document.querySelector('.p8-legend').open")
        assert frame.evaluate(UNITS_UNDER_LEGEND) == []
        assert frame.evaluate(UNITS_OUTSIDE_MAP) == 0
        if size == (1366, 768):
            screenshot(page, "map_legend_clear_1366x768")
    finally:
        page.close()


def test_on_a_phone_the_map_shows_the_whole_district_with_the_legend_folded(browser, app_url):
    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        frame, _ = open_map(page, app_url, "?lang=en")
        width = page.evaluate(
            "() => document.querySelector(\"iframe[src*='streamlit_folium']\").getBoundingClientRect().width"
        )
        assert width >= 340  # the map takes the phone's width, not a column of it
        legend = frame.locator(".p8-legend")
        assert not legend.evaluate("e => e.open") and legend.bounding_box()["height"] < 40
        control = frame.locator(".leaflet-control-layers")
        assert "leaflet-control-layers-expanded" not in (control.get_attribute("class") or "")
        assert frame.evaluate(UNITS_OUTSIDE_MAP) == 0
        units = frame.evaluate("() => document.querySelectorAll('path.p8-unit').length")
        assert units == 17
        legend.locator("summary").click()  # a tap opens it, and the map does not jump away from what is shown
        assert legend.evaluate("e => e.open") and "No data" in legend.inner_text()
        frame.locator(".leaflet-container").scroll_into_view_if_needed()
        page.locator("iframe[src*='streamlit_folium']").first.screenshot(
            path=str(screenshot(page, "map_phone_390x844"))
        )
    finally:
        page.close()


def test_bubbles_are_one_circle_per_commune_and_kind(page, app_url):
    frame, _ = open_map(page, app_url, "?lang=en")
    page.get_by_text("Number per unit (bubbles)").click()
    page.wait_for_timeout(500)
    frame = page.wait_for_selector("iframe[src*='streamlit_folium']", timeout=60_000).content_frame()
    frame.wait_for_selector("path.p8-bubble", timeout=60_000)
    bubbles = frame.locator("path.p8-bubble.p8-comm_team").count()
    assert 10 <= bubbles <= 17  # a circle per commune with teams, never one per team
    assert frame.locator("path.p8-point").count() == 0  # no commune picked yet: no single records
    assert "Circle area in proportion to the number" in frame.locator(".p8-legend").inner_text()
    screenshot(page, "map_bubbles_en")

"""Printing a page (Ctrl+P) gives its title, figures and map on A4 landscape, without sidebar, menu or controls."""

from __future__ import annotations

from tests.browser.conftest import ARTIFACTS


def test_a_printed_map_page_has_the_map_and_no_controls(page, app_url):
    page.goto(f"{app_url}/map?lang=en")
    frame = page.wait_for_selector("iframe[src*='streamlit_folium']", timeout=90_000)
    frame.content_frame().wait_for_selector("path.p8-unit", timeout=60_000)
    page.wait_for_timeout(1500)
    page.emulate_media(media="print")
    assert not page.locator("section[data-testid='stSidebar']").is_visible()
    for control in ("stSelectbox", "stRadio", "stDownloadButton", "stSlider"):
        assert not page.locator(f"[data-testid='stMain'] [data-testid='{control}']").first.is_visible(), control
    assert frame.is_visible() and page.locator("h1").first.is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = page.pdf(path=str(ARTIFACTS / "map_print_en.pdf"), format="A4", landscape=True, print_background=True)
    assert len(pdf) > 150_000  # the map is drawn on paper (an empty frame gives a far smaller file)
    page.emulate_media(media="screen")
    assert page.locator("section[data-testid='stSidebar']").is_visible()

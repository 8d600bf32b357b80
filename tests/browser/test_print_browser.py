"""Printing a page (Ctrl+P) gives its title, figures and map on A4 landscape, without sidebar, menu or controls:
the map page's first sheet holds the title, the banner and the whole map; the meeting view is one sheet."""

from __future__ import annotations

import re

from tests.browser.conftest import ARTIFACTS

# An A4 landscape sheet less the stylesheet's 10 mm margins, in CSS pixels (96 per inch).
SHEET_PX = {"width": round(277 / 25.4 * 96), "height": round(190 / 25.4 * 96)}


def open_map(page, url: str):
    page.goto(url)
    frame = page.wait_for_selector("iframe[src*='streamlit_folium']", timeout=90_000)
    frame.content_frame().wait_for_selector("path.p8-unit", timeout=60_000)
    page.wait_for_timeout(1500)
    return frame


def sheets(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def test_a_printed_map_page_has_the_map_and_no_controls(page, app_url):
    frame = open_map(page, f"{app_url}/map?lang=en")
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


def test_the_map_fits_on_the_first_sheet_with_its_legend_open_and_no_buttons(page, app_url):
    page.set_viewport_size(SHEET_PX)
    frame = open_map(page, f"{app_url}/map?lang=vi")
    inside = frame.content_frame()
    legend_open = "document.querySelector('.p8-legend').open"
    for _ in range(2 if not inside.evaluate(legend_open) else 1):  # the reader folds the legend by hand
        inside.locator(".p8-legend summary").click()
        page.wait_for_timeout(300)
    assert not inside.evaluate(legend_open)
    page.emulate_media(media="print")
    page.wait_for_timeout(800)
    box = frame.bounding_box()
    top = page.locator("h1").first.bounding_box()["y"]
    assert box["y"] + box["height"] - top <= SHEET_PX["height"], box  # title, banner and map: one sheet
    assert box["width"] >= 0.9 * SHEET_PX["width"]  # no empty detail column beside it on paper
    assert not page.locator("[data-testid='stMain']").get_by_text("Chi tiết xã").is_visible()
    assert inside.evaluate(legend_open)
    assert not inside.locator(".leaflet-control-zoom").is_visible()
    assert not inside.locator(".leaflet-control-layers").is_visible()
    page.emulate_media(media="screen")
    page.wait_for_timeout(500)
    assert not inside.evaluate(legend_open)  # the screen gets its state back
    assert inside.locator(".leaflet-control-zoom").is_visible()


def test_the_meeting_view_prints_on_one_sheet(page, app_url):
    page.set_viewport_size({"width": 1366, "height": 768})
    open_map(page, f"{app_url}/meeting?lang=vi")
    page.emulate_media(media="print")
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = page.pdf(path=str(ARTIFACTS / "meeting_print_vi.pdf"), format="A4", landscape=True, print_background=True)
    assert sheets(pdf) == 1
    assert page.locator("[data-testid='stMetric']").first.is_visible()  # the key figures are on it

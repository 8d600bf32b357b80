"""Two years side by side in a real browser: the timeline, the change cards and the change map (which AppTest
cannot see), on the overview and on the map page, in both languages; screenshots for the closing note."""

from __future__ import annotations

import re
import shutil

import pytest
from playwright.sync_api import Error as PlaywrightError

from geo.classify import DIVERGING
from geo.layers import HATCH_FILL
from ingest import pipeline
from tests.browser.conftest import screenshot, serve
from tests.ingest_support import csv_bytes, prepare, teams

# 2024 lists: Mù Sang 2 teams, Dào San 9 (the 2023 illustration gave them 4 and 6): −2 and +3.
LISTS_2024 = [["Mù Sang", f"Bản {n}", 5, 2, 2024, ""] for n in range(2)] + [
    ["Dào San", f"Bản {n}", 6, 3, 2024, ""] for n in range(9)
]
WORDS = {
    "en": {"compare": "Compare with", "legend": "Communication teams: change 2023 → 2024", "mode": "Change in %"},
    "vi": {
        "compare": "So sánh với năm",
        "legend": "Số tổ truyền thông: thay đổi 2023 → 2024",
        "mode": "Thay đổi theo %",
    },
}


@pytest.fixture(scope="module")
def two_year_server(database_path, tmp_path_factory):
    folder = tmp_path_factory.mktemp("two_years")
    database = folder / "p8.duckdb"
    shutil.copy(database_path, database)
    pipeline.commit(prepare(csv_bytes(teams(*LISTS_2024)), database, name="2024.csv"), database, "lan", "app")
    with serve(database, folder) as url:
        yield url


def _compare_with_2023(page, lang: str) -> None:
    box = page.locator("[data-testid='stSelectbox']").filter(has_text=WORDS[lang]["compare"])
    box.scroll_into_view_if_needed()
    box.click()
    page.get_by_role("option", name="2023", exact=True).click()


def _change_frame(page, count: int):
    """The change map: the last of `count` map frames, once it has drawn its communes."""
    page.wait_for_function(
        f"document.querySelectorAll(\"iframe[src*='streamlit_folium']\").length >= {count}", timeout=90_000
    )
    for attempt in range(3):  # a rerun may replace the frame while it is looked at: look again
        try:
            element = page.locator("iframe[src*='streamlit_folium']").nth(count - 1)
            element.scroll_into_view_if_needed()
            frame = element.element_handle().content_frame()
            frame.wait_for_selector("path.leaflet-interactive", timeout=60_000)
            page.wait_for_timeout(800)
            frame.locator("path.leaflet-interactive").count()
            return frame
        except PlaywrightError:
            if attempt == 2:
                raise
            page.wait_for_timeout(1500)


def _fills(frame) -> list[str]:
    return [path.get_attribute("fill") for path in frame.locator("path.leaflet-interactive").all()]


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_overview_shows_the_timeline_and_the_change_map(page, two_year_server, lang):
    page.goto(f"{two_year_server}/?lang={lang}&year=2024")
    timeline = page.locator(".js-plotly-plot").filter(has_text="2024").first
    timeline.wait_for(timeout=90_000)
    timeline.scroll_into_view_if_needed()
    assert "2023" in timeline.inner_text() and "2024" in timeline.inner_text()
    screenshot(page, f"years_timeline_{lang}")
    _compare_with_2023(page, lang)
    frame = _change_frame(page, 2)
    fills = _fills(frame)
    assert fills.count(DIVERGING[1]) == 1 and fills.count(DIVERGING[4]) == 1  # Mù Sang −2, Dào San +3
    assert fills.count(HATCH_FILL) == 15  # no 2024 list: no change, never a zero (hatched)
    legend = frame.locator(".p8-legend").inner_text()
    assert WORDS[lang]["legend"] in legend
    assert ("ILLUSTRATIVE in one of the years" if lang == "en" else "MINH HỌA ở một trong hai năm") in legend
    body = page.locator("body").inner_text()
    assert ("-66 since 2023" if lang == "en" else "-66 so với 2023") in body
    assert not re.search(r"Traceback|Exception", body)
    screenshot(page, f"years_change_map_{lang}")


def test_the_map_page_colours_the_change_in_per_cent(page, two_year_server):
    page.goto(f"{two_year_server}/map?lang=en&year=2024")
    page.wait_for_selector("iframe[src*='streamlit_folium']", timeout=90_000)
    _compare_with_2023(page, "en")
    _change_frame(page, 2)
    page.get_by_text(WORDS["en"]["mode"]).click()
    page.wait_for_timeout(3000)
    frame = _change_frame(page, 2)
    fills = _fills(frame)
    assert fills.count(DIVERGING[0]) == 1 and fills.count(DIVERGING[4]) == 1  # −50 % and +50 %
    assert "(%)" in frame.locator(".p8-legend").inner_text()
    screenshot(page, "years_change_map_percent_en")

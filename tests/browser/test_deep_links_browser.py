"""Every page opens at its own address, bookmarked or typed, without "Page not found": /overview, /meeting
(the meeting view, kept out of the menu) and the rest; Exit leaves the meeting view for the overview."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot

HEADINGS = {
    "overview": "Project 8 overview",
    "map": "Coverage map",
    "underserved": "Underserved communes",
    "targets": "Target progress",
    "budget": "Project 8 budget",
    "tables": "Tables",
    "meeting": "Project 8 — Huyện Phong Thổ",
}


@pytest.mark.parametrize("path", list(HEADINGS))
def test_a_page_opens_at_its_own_address(page, app_url, path):
    page.goto(f"{app_url}/{path}?lang=en")
    heading = page.locator("h1").first
    heading.wait_for(timeout=90_000)
    page.wait_for_timeout(2500)  # a "page not found" dialog would have come by now
    assert heading.inner_text().startswith(HEADINGS[path]), heading.inner_text()
    assert "Page not found" not in page.locator("body").inner_text()
    if path == "meeting":
        assert "meeting=1" in page.url and page.locator("[data-testid='stSidebarNav']").count() == 0
        screenshot(page, "deep_link_meeting_en")
        page.get_by_role("button", name="Exit").click()
        page.locator("h1", has_text=HEADINGS["overview"]).wait_for(timeout=60_000)
        page.wait_for_timeout(1500)
        assert "meeting" not in page.url and "Page not found" not in page.locator("body").inner_text()

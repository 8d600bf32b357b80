"""One click on the other language redraws the whole page in it: the menu, every label, and each select box
and radio with its choice kept (the browser keeps a choice as the words it showed, so they must be resent)."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import screenshot

MENU = {"vi": ("Tổng quan", "Bản đồ"), "en": ("Overview", "Map")}
SWITCH = {"vi": "English", "en": "Tiếng Việt"}


def _every_radio_group_has_a_choice(page) -> bool:
    return page.evaluate(
        """() => [...document.querySelectorAll("[role='radiogroup']")].every(
               group => group.querySelector("input[type='radio']:checked") !== null)"""
    )


@pytest.mark.parametrize("path", ["map", "underserved", "tables", ""])
def test_one_click_switches_the_whole_page(page, app_url, path):
    page.goto(f"{app_url}/{path}?lang=vi")
    nav = page.locator("[data-testid='stSidebarNav']")
    nav.get_by_text(MENU["vi"][0], exact=True).wait_for(timeout=90_000)
    page.wait_for_timeout(2500)
    for now, then in (("vi", "en"), ("en", "vi")):
        page.get_by_text(SWITCH[now], exact=True).click()
        nav.get_by_text(MENU[then][0], exact=True).wait_for(timeout=30_000)
        page.wait_for_timeout(2500)
        assert nav.get_by_text(MENU[then][1], exact=True).count() == 1
        assert nav.get_by_text(MENU[now][0], exact=True).count() == 0
        assert page.evaluate("document.documentElement.lang") == then
        assert _every_radio_group_has_a_choice(page), f"a radio lost its choice on /{path} ({then})"
        body = page.locator("[data-testid='stMain']").inner_text()
        assert not re.search(r"Traceback|Session State|widget with key", body)
        placeholders = set(page.eval_on_selector_all("input[placeholder]", "els => els.map(e => e.placeholder)"))
        assert ("Choose an option" in placeholders) == (then == "en") or not placeholders, placeholders
        skip_link = page.locator("[data-testid='stSkipToContent']").text_content()
        assert skip_link == ("Skip to main content" if then == "en" else "Chuyển đến nội dung chính"), skip_link
        if path == "map":
            indicator = page.locator("[data-testid='stMain'] [data-testid='stSelectbox'] input").first.input_value()
            assert ("Communication teams" if then == "en" else "Số tổ truyền thông") in indicator
    screenshot(page, f"language_switch_{path or 'overview'}")

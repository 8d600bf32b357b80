"""The map page in a real browser: shapes, layers, legend, and a click that opens a commune's detail."""

from __future__ import annotations

import re

from tests.browser.conftest import screenshot


def open_map(page, url: str, query: str = ""):
    outside = []
    page.on(
        "request", lambda r: outside.append(r.url) if not r.url.startswith((url, "data:", "blob:", "about:")) else None
    )
    page.goto(f"{url}/map{query}")
    frame = page.wait_for_selector("iframe[src*='streamlit_folium']", timeout=90_000).content_frame()
    frame.wait_for_selector("path.p8-unit", timeout=60_000)
    page.wait_for_timeout(500)
    return frame, outside


def layer_list(frame) -> str:
    """The layer control's list: collapsed at first (it must not hide communes), opened by hovering it."""
    control = frame.locator(".leaflet-control-layers")
    assert "leaflet-control-layers-expanded" not in (control.get_attribute("class") or "")
    control.hover()
    frame.locator(".leaflet-control-layers-expanded").wait_for(timeout=10_000)
    return control.inner_text()


def labels_overlap(frame) -> bool:
    """True if two shown commune names cover each other (a name that would is hidden until zoomed in)."""
    return frame.evaluate(
        """() => {
            const boxes = [...document.querySelectorAll('.p8-label span')]
                .filter(s => s.style.visibility !== 'hidden').map(s => s.getBoundingClientRect());
            return boxes.some((a, i) => boxes.slice(i + 1).some(b =>
                !(a.right < b.left || a.left > b.right || a.bottom < b.top || a.top > b.bottom)));
        }"""
    )


def test_map_draws_every_commune_its_layers_and_legend_offline(page, app_url):
    frame, outside = open_map(page, app_url)
    assert frame.locator("path.p8-unit").count() == 17
    assert frame.locator("path.p8-outline").count() == 7  # supervised communes of the 2023 report
    assert frame.locator("path.p8-trusted_address").count() == 9
    assert frame.locator(".marker-cluster").count() + frame.locator("path.p8-comm_team").count() > 0
    legend = frame.locator(".p8-legend").inner_text()
    assert (
        "Số tổ truyền thông (tổ)" in legend
        and "Không có số liệu" in legend
        and "Minh họa ở 15/15 xã (danh sách thực tế: 0)" in legend
    )
    layers = layer_list(frame)
    assert "Địa chỉ tin cậy (9)" in layers and "Tên xã" in layers
    assert "censusVN2009" in frame.locator(".leaflet-control-attribution").inner_text()
    names = frame.locator(".p8-label span")
    assert names.count() == 17 and "Vàng Ma Chải" in names.all_text_contents()  # written without "Xã"
    assert not labels_overlap(frame)
    assert outside == [], outside
    body = page.locator("body").inner_text()
    assert not re.search(r"Traceback|Exception|Error", body)


def test_clicking_a_commune_opens_its_detail(page, app_url):
    frame, _ = open_map(page, app_url)
    frame.locator("path.p8-unit.p8-code-03562").dispatch_event("click")
    page.locator("strong", has_text="Xã Vàng Ma Chải").first.wait_for(timeout=30_000)
    page.wait_for_selector("[data-testid='stMetric']", timeout=30_000)
    assert page.locator("[data-testid='stMetric']").count() >= 6
    assert page.get_by_text("Tổ truyền thông (theo bản) (").count() >= 1
    # The map was not rebuilt by the click: it keeps its shapes.
    assert frame.locator("path.p8-unit").count() == 17
    screenshot(page, "map_detail_vi")


def test_a_deep_link_to_the_map_works_on_a_fresh_server(page, fresh_app_url):
    """The first request after a start used to run pages/map.py without app.py (Streamlit's legacy pages/ mode)."""
    frame, _ = open_map(page, fresh_app_url, "?lang=en")
    assert frame.locator("path.p8-unit").count() == 17
    assert page.locator("h1").first.inner_text().startswith("Coverage map")
    assert "Trusted addresses (9)" in layer_list(frame)
    screenshot(page, "map_en")


def test_hovering_a_point_names_the_record_and_says_its_position_is_approximate(page, app_url):
    frame, _ = open_map(page, app_url)
    frame.locator("path.p8-trusted_address").first.dispatch_event("mouseover")
    tooltip = frame.wait_for_selector(".leaflet-tooltip", timeout=10_000).inner_text()
    assert "Địa chỉ tin cậy" in tooltip and "thành viên" not in tooltip.lower() or "người" in tooltip
    assert "Vị trí gần đúng" in tooltip and "Số liệu minh họa" in tooltip

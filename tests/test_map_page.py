"""AppTest of the widgets around the map (the st_folium map itself is checked in tests/browser)."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")


@pytest.fixture
def map_page(database_env):
    app = AppTest.from_file(APP, default_timeout=90).run()
    app.switch_page("pages/map.py").run()
    assert not app.exception, app.exception
    return app


def metrics(app) -> dict[str, str]:
    return {m.label: m.value for m in app.metric}


def test_opens_on_phong_tho_with_the_illustrative_label(map_page):
    assert map_page.title[0].value == "Bản đồ độ bao phủ — Huyện Phong Thổ, 2023"
    assert any("MINH HỌA" in w.value for w in map_page.warning)
    assert "17 đơn vị hành chính; 17 có số liệu năm 2023" in map_page.caption[0].value
    assert map_page.selectbox(key="map_commune").value is None


def test_picking_a_commune_shows_its_figures_and_records(map_page):
    map_page.selectbox(key="map_commune").set_value("03562").run()
    assert not map_page.exception
    assert any(m.value == "**Xã Vàng Ma Chải**" for m in map_page.markdown)
    shown = metrics(map_page)
    assert shown["Tổ truyền thông"].isdigit() and shown["Được giám sát trong năm"] in ("Có", "Không")
    assert any(e.label.startswith("Tổ truyền thông (theo bản) (") for e in map_page.expander)
    assert map_page.dataframe  # the commune's team list


def test_every_indicator_and_classification_renders(map_page):
    from geo.indicators import INDICATORS

    for code in INDICATORS:
        map_page.selectbox(key="map_indicator").set_value(code).run()
        assert not map_page.exception and not map_page.error, code
    for method in ["quantiles", "equal_interval", "fixed", "natural_breaks"]:
        map_page.selectbox(key="map_method").set_value(method).run()
        assert not map_page.exception, method
        assert map_page.slider(key="map_classes").disabled == (method == "fixed")


def test_2025_boundaries_and_the_whole_province(map_page):
    map_page.radio(key="map_vintage").set_value(2025).run()
    assert "6 đơn vị hành chính" in map_page.caption[0].value
    assert "1670/NQ-UBTVQH15" in map_page.caption[1].value
    map_page.selectbox(key="map_commune").set_value("03388").run()
    assert any("ngoài huyện" in c.value for c in map_page.caption)
    map_page.radio(key="map_extent").set_value("province").run()
    assert map_page.title[0].value.startswith("Bản đồ độ bao phủ — Tỉnh Lai Châu")
    assert "38 đơn vị hành chính; 6 có số liệu" in map_page.caption[0].value


def test_a_commune_outside_the_report_says_it_has_no_data(map_page):
    map_page.radio(key="map_extent").set_value("province").run()
    map_page.selectbox(key="map_commune").set_value("03386").run()  # Phường Quyết Thắng, Thành phố Lai Châu: no report
    assert any("Không có số liệu" in i.value for i in map_page.info)


def test_in_english(database_env):
    app = AppTest.from_file(APP, default_timeout=90)
    app.query_params["lang"] = "en"
    app.run()
    app.switch_page("pages/map.py").run()
    assert not app.exception
    assert app.title[0].value == "Coverage map — Huyện Phong Thổ, 2023"
    assert app.selectbox(key="map_basemap").options[0] == "None (works offline)"


def test_bubbles_then_a_picked_commune_draws_its_own_records(map_page):
    assert map_page.radio(key="map_records").value == "each"  # 107 records in Phong Thổ: drawn one by one
    map_page.radio(key="map_records").set_value("bubbles").run()
    assert not map_page.exception
    assert not any("Các điểm trên bản đồ" in c.value for c in map_page.caption)
    map_page.selectbox(key="map_commune").set_value("03562").run()
    assert any("Các điểm trên bản đồ là hồ sơ của Xã Vàng Ma Chải" in c.value for c in map_page.caption)
    assert any(e.label.startswith("Tổ truyền thông (theo bản) (") for e in map_page.expander)


def test_too_many_records_to_draw_falls_back_to_bubbles(database_env, monkeypatch):
    monkeypatch.setattr("views.map_view.RECORDS_AT_MOST", 20)
    app = AppTest.from_file(APP, default_timeout=90)
    app.query_params["lang"] = "en"
    app.run()
    app.switch_page("pages/map.py").run()
    assert app.radio(key="map_records").value == "bubbles"  # the default follows the number of records
    app.radio(key="map_records").set_value("each").run()
    assert any("too many to draw one by one" in i.value for i in app.info)
    assert not app.exception


def map_script(app: AppTest) -> str:
    """The map's script as the page sends it to the browser (st_folium's component arguments)."""
    import json

    frames = [e.proto for e in app.main if type(e).__name__ == "UnknownElement" and hasattr(e.proto, "json_args")]
    assert len(frames) == 1, frames
    return json.loads(frames[0].json_args)["script"]


def test_the_countrys_communes_get_no_count_circles_the_provinces_do(database_env, monkeypatch):
    monkeypatch.setattr("views.map_view.RECORDS_AT_MOST", 20)  # as if the country held more records than a map shows
    app = AppTest.from_file(APP, default_timeout=180).run()
    app.switch_page("pages/map.py").run()
    app.radio(key="map_extent").set_value("country").run()
    assert "p8-bubble" in map_script(app)  # by province: one circle per province and kind
    app.toggle(key="map_country_communes").set_value(True).run()
    script = map_script(app)
    assert not app.exception and "p8-bubble" not in script and "p8-point" not in script
    assert "p8-outline" in script  # the supervised communes' outlines, drawn from the units layer's own shapes

"""AppTest of app.py and every page it routes to (AppTest cannot see the st_folium map itself)."""

import ast
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from queries.runner import run

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")


def routed_pages() -> list[str]:
    """The pages app.py passes to st.Page, read from its source, so a new page is tested automatically."""
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    return [
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "attr", "") == "Page"
        and isinstance(node.args[0], ast.Constant)
    ]


def open_app(**query) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        app.query_params[key] = value
    return app.run()


def visible_text(app: AppTest) -> str:
    parts = [e.value for e in app.markdown] + [e.value for e in app.title] + [e.value for e in app.subheader]
    parts += (
        [e.value for e in app.caption]
        + [e.value for e in app.warning]
        + [e.value for e in app.info]
        + [e.value for e in app.error]
    )
    return "\n".join(str(p) for p in parts)


def test_app_routes_at_least_the_overview():
    assert "pages/overview.py" in routed_pages()


@pytest.mark.parametrize("page", routed_pages())
def test_every_page_renders_without_error(database_env, page):
    app = AppTest.from_file(APP, default_timeout=60)
    if page == "pages/meeting.py":  # routed only in meeting mode
        app.query_params["meeting"] = "1"
        app.run()
    else:
        app.run()
        app.switch_page(page).run()
    assert not app.exception, app.exception
    assert not app.error, [e.value for e in app.error]


def test_overview_defaults_to_phong_tho_2023_in_vietnamese(database_env):
    app = open_app()
    assert not app.exception
    assert "Phong Thổ" in app.title[0].value and "2023" in app.title[0].value
    assert app.sidebar.selectbox(key="district").value == "109"
    assert app.query_params["lang"] == "vi" and app.query_params["district"] == "109"
    labels = [m.label for m in app.metric]
    assert len(labels) == 6 and "Tổ truyền thông cộng đồng" in labels
    values = {m.label: m.value for m in app.metric}
    assert values["Tổ truyền thông cộng đồng"] == "77"
    assert values["Truyền thông viên"] == "596"
    assert values["Giải ngân vốn 2023"] == "9,7 %"
    assert values["Chỉ tiêu đạt"] == "2/9"


def test_illustrative_data_is_labelled(database_env):
    app = open_app()
    assert any("MINH HỌA" in w.value for w in app.warning)


def test_english_from_the_url_keeps_the_scope(database_env):
    app = open_app(lang="en", district="109")
    assert not app.exception
    assert app.title[0].value.startswith("Project 8 overview")
    values = {m.label: m.value for m in app.metric}
    assert values["2023 disbursement"] == "9.7 %"
    assert any("ILLUSTRATIVE" in w.value for w in app.warning)
    app.sidebar.radio(key="lang").set_value("vi").run()
    assert app.title[0].value.startswith("Tổng quan") and app.sidebar.selectbox(key="district").value == "109"


def test_a_district_without_data_says_so(database_env):
    app = open_app(district="105")  # Thành phố Lai Châu: boundaries, no Project 8 report
    assert not app.exception and not app.error
    assert any("Chưa có dữ liệu" in i.value for i in app.info)
    assert len(app.metric) == 0


def test_a_bad_url_falls_back_to_defaults(database_env):
    app = open_app(lang="xx", district="<script>", province="99", year="abc")
    assert not app.exception and not app.error
    assert app.query_params["lang"] == "vi" and app.query_params["province"] == "12"


def test_a_broken_database_shows_a_message_not_a_traceback(tmp_path, monkeypatch):
    broken = tmp_path / "broken.duckdb"
    broken.write_bytes(b"this is not a database")
    monkeypatch.setenv("P8_DB", str(broken))
    app = AppTest.from_file(APP, default_timeout=60).run()
    assert not app.exception
    assert app.error and ("cơ sở dữ liệu" in app.error[0].value or "Đã xảy ra lỗi" in app.error[0].value)


@pytest.mark.parametrize("vintage, province", [("2025", "46"), ("2023", "48")])  # Huế, Đà Nẵng: units undrawn
def test_the_overview_names_the_units_its_map_cannot_draw(database_env, connection, vintage, province):
    undrawn = run("units_without_boundary", {"vintage": vintage, "province_code": province}, connection)
    assert not undrawn.empty
    app = open_app(lang="en", vintage=vintage, province=province)
    assert not app.exception and not app.error
    note = next(c.value for c in app.caption if "no boundary" in c.value)
    assert note.startswith(f"{len(undrawn)} units have no boundary")
    assert all(name in note for name in undrawn["name"])

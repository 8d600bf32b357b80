"""Meeting mode: ?meeting=1 or the sidebar toggle gives one projector screen, and Exit leaves it."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

from views.meeting import MEETING_KPIS, meeting_style

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def open_app(**query) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=90)
    for key, value in query.items():
        app.query_params[key] = value
    return app.run()


def test_meeting_url_shows_four_key_figures_and_hides_the_sidebar(database_env):
    app = open_app(meeting="1")
    assert not app.exception and not app.error
    assert app.title[0].value == "Dự án 8 — Huyện Phong Thổ, 2023"
    values = {m.label: m.value for m in app.metric}
    assert len(values) == len(MEETING_KPIS) == 4
    assert values["Tổ truyền thông cộng đồng"] == "77" and values["Chỉ tiêu đạt"] == "2/9"
    css = " ".join(m.value for m in app.markdown)
    assert 'section[data-testid="stSidebar"]' in css and "display: none" in css
    line = next(m.value for m in app.markdown if m.value.startswith("<p class='p8-meeting-kind'>"))
    assert "Số lớn: số huyện báo cáo. MINH HỌA một phần" in line and "tổ truyền thông 0/15 xã" in line


def test_meeting_mode_keeps_the_scope_and_language_of_the_url(database_env):
    app = open_app(meeting="1", lang="en", district="109", year="2023")
    assert app.title[0].value == "Project 8 — Huyện Phong Thổ, 2023"
    from i18n import translator

    assert [m.label for m in app.metric][0] == translator("en")("kpi.comm_teams")
    assert app.query_params["district"] == "109" and app.query_params["meeting"] == "1"


def test_the_toggle_enters_and_exit_leaves(database_env):
    app = open_app()
    assert app.title[0].value.startswith("Tổng quan")
    app.sidebar.toggle(key="meeting_toggle").set_value(True).run()
    app.run()  # the URL changed: the next run routes to the meeting view
    assert app.query_params["meeting"] == "1" and app.title[0].value.startswith("Dự án 8 —")
    app.button[0].click().run()
    app.run()
    assert "meeting" not in app.query_params and app.title[0].value.startswith("Tổng quan")


def test_the_style_is_large_type():
    style = meeting_style()
    assert "font-size: 19px" in style and "stMetricValue" in style

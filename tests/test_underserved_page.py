"""AppTest of the underserved-communes page: the ranking, its settings kept in the URL (both ways), bad URL
values, English, other scopes. The st_folium map itself is checked in tests/browser."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from i18n import translator
from queries.runner import run
from tests.test_app import APP
from views import gap_analysis as ga

PAGE = "pages/underserved.py"


def open_page(**query) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=90)
    for key, value in query.items():
        app.query_params[key] = value
    app.run()
    app.switch_page(PAGE).run()
    assert not app.exception, app.exception
    assert not app.error, [e.value for e in app.error]
    return app


def ranking_shown(app: AppTest) -> pd.DataFrame:
    assert len(app.table) == 1
    return app.table[0].value


def query_rows(connection, view: ga.View) -> pd.DataFrame:
    district = "109" if view.extent == "district" else None
    return run(
        "underserved",
        {
            "vintage": view.vintage,
            "year": 2023,
            "province_code": "12",
            "district_code": district,
            **view.query_params(),
        },
        connection,
    )


def test_opens_on_phong_tho_2023_with_the_default_ranking_and_the_illustrative_label(database_env, connection):
    app = open_page()
    assert app.title[0].value == "Xã bị bỏ lại phía sau — Huyện Phong Thổ, 2023"
    assert any("MINH HỌA" in w.value for w in app.warning)
    shown = ranking_shown(app)
    expected = query_rows(connection, ga.View())
    assert shown["Xã"].tolist() == expected["name"].tolist()
    assert shown["Hạng"].tolist() == expected["rank"].tolist()
    first_reasons = shown["Lý do"].iloc[0]
    assert first_reasons.endswith(".") and "địa chỉ tin cậy" in first_reasons
    # the whole view is written to the URL, defaults included
    assert {k: app.query_params[k] for k in ga.to_url(ga.View())} == ga.to_url(ga.View())
    assert app.select_slider(key="gap_weight_no_trusted_address").value == 3


def test_a_shared_url_opens_exactly_that_view(database_env, connection):
    wanted = {
        "weight_no_trusted_address": "0",
        "weight_few_women_communicators": "6.5",
        "min_communicators_per_1000": "13",
        "colour": "score",
    }
    app = open_page(**wanted)
    assert app.select_slider(key="gap_weight_no_trusted_address").value == 0
    assert app.select_slider(key="gap_weight_few_women_communicators").value == 6.5
    assert app.select_slider(key="gap_min_communicators_per_1000").value == 13
    assert app.radio(key="gap_colour").value == "score"
    view, _ = ga.from_url(wanted)
    expected = query_rows(connection, view)
    shown = ranking_shown(app)
    assert shown["Xã"].tolist() == expected["name"].tolist()
    assert shown["Xã"].tolist() != query_rows(connection, ga.View())["name"].tolist()  # not the default ranking
    assert all(app.query_params[k] == v for k, v in wanted.items())


def test_moving_a_slider_rewrites_the_url_and_that_url_reproduces_the_view(database_env):
    app = open_page()
    app.select_slider(key="gap_weight_not_supervised").set_value(7.5).run()
    app.sidebar.radio(key="vintage").set_value(2025).run()  # the sidebar's vintage
    assert not app.exception
    assert app.query_params["weight_not_supervised"] == "7.5" and app.query_params["vintage"] == "2025"
    shared = {key: app.query_params[key] for key in ga.to_url(ga.View())}
    again = open_page(**shared)
    pd.testing.assert_frame_equal(ranking_shown(again), ranking_shown(app))
    assert again.select_slider(key="gap_weight_not_supervised").value == 7.5


def test_bad_url_values_are_named_in_a_warning_and_replaced_by_defaults(database_env):
    app = open_page(weight_no_club="lots", min_female_pct="250", vintage="2024")
    warning = next(_read(w.value) for w in app.warning if "weight_no_club=lots" in _read(w.value))
    assert "min_female_pct=250" in warning and "mặc định" in warning
    assert any("vintage=2024" in _read(w.value) for w in app.sidebar.warning)  # the scope is the sidebar's
    assert app.select_slider(key="gap_weight_no_club").value == 2 and app.sidebar.radio(key="vintage").value == 2023
    assert app.query_params["weight_no_club"] == "2" and app.query_params["vintage"] == "2023"
    english = open_page(lang="en", weight_no_club="-3")
    assert any("weight_no_club=-3" in _read(w.value) and "defaults" in w.value for w in english.warning)


def _read(markdown: str) -> str:
    """The text a reader sees: the URL values are escaped in the warning's Markdown."""
    return re.sub(r"\\(.)", r"\1", markdown)


def test_restore_defaults_puts_every_weight_and_threshold_back(database_env):
    app = open_page(weight_no_club="9", min_female_pct="40", extent="province")
    app.button(key="gap_reset").click().run()
    assert (
        app.select_slider(key="gap_weight_no_club").value == 2
        and app.select_slider(key="gap_min_female_pct").value == 27
    )
    assert app.radio(key="gap_extent").value == "province"  # the scope is not a setting
    assert app.query_params["weight_no_club"] == "2"


def test_settings_survive_a_visit_to_another_page(database_env):
    app = open_page(weight_no_policy_dialogue="4")
    app.switch_page("pages/overview.py").run()
    app.switch_page(PAGE).run()
    assert not app.exception
    assert app.select_slider(key="gap_weight_no_policy_dialogue").value == 4


def test_in_english_the_reasons_are_english_sentences(database_env):
    app = open_page(lang="en")
    assert app.title[0].value == "Underserved communes — Huyện Phong Thổ, 2023"
    shown = ranking_shown(app)
    assert list(shown.columns) == ["Rank", "Commune", "Score", "Gaps", "Reasons", "Data"]
    assert "The commune has no trusted address." in " ".join(shown["Reasons"])
    assert any(c.value.startswith("Thresholds: 10 communicators per 1,000 residents") for c in app.caption)


def test_2025_boundaries_for_the_whole_province_and_a_partly_covered_unit(database_env, connection):
    app = open_page(vintage="2025", extent="province")
    assert app.title[0].value.startswith("Xã bị bỏ lại phía sau — Lai Châu")  # the 2025 province
    shown = ranking_shown(app)
    expected = query_rows(connection, ga.View(vintage=2025, extent="province"))
    assert shown["Xã"].tolist() == expected["name"].tolist()
    assert any("xã cũ hợp thành đơn vị này có số liệu" in reasons for reasons in shown["Lý do"])
    assert any(translator("vi")("map.vintage_note_2025") in c.value for c in app.caption)


def test_the_export_buttons_are_there(database_env):
    app = open_page()
    labels = [b.proto.label for b in app.get("download_button")]
    assert labels == [translator("vi")("export.csv"), translator("vi")("export.xlsx")]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_method_is_explained_with_every_default(database_env, lang):
    app = open_page(lang=lang)
    method = "\n".join(m.value for m in app.markdown)
    for criterion in ga.CRITERIA:
        assert translator(lang)(f"criterion.{criterion}") in method


def test_sliders_show_numbers_as_the_reader_writes_them_and_keep_a_value_between_steps(database_env):
    app = open_page(weight_no_club="2.25")
    weight = app.select_slider(key="gap_weight_no_club")
    assert weight.value == 2.25  # a link's value between two steps is kept, not snapped
    assert "2,25" in weight.options and "7,5" in weight.options and "10" in weight.options
    threshold = app.select_slider(key="gap_min_communicators_per_1000")
    assert "0,5" in threshold.options and all("." not in option for option in threshold.options)
    english = open_page(lang="en")
    assert "7.5" in english.select_slider(key="gap_weight_no_club").options

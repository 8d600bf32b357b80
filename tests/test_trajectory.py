"""Targets as trajectories: the pace so far against the period's target, from reported actuals of two years."""

from __future__ import annotations

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from queries.runner import run
from store.database import opened
from tests.conftest import ROOT
from tests.ingest_support import db  # noqa: F401
from tests.report_years import ACTUALS_2024, import_report_2024
from views.trajectory import pace_table, paces, trajectory_chart


@pytest.fixture
def progress_2024(db, tmp_path):
    import_report_2024(db, tmp_path)
    with opened(db) as connection:
        return run("target_progress", {"district_code": "109"}, connection)


def test_the_2023_report_alone_puts_livelihood_groups_behind_pace(connection):
    items = {item.code: item for item in paces(run("target_progress", {"district_code": "109"}, connection))}
    assert set(items) == {"comm_teams", "trusted_addresses", "livelihood_groups_4_0"}  # the targets with a value
    livelihood = items["livelihood_groups_4_0"]
    assert (livelihood.year, livelihood.actual, livelihood.target) == (2023, 0, 4)
    assert livelihood.status == "off_track" and livelihood.needed_per_year == 2  # 4 more in 2024–2025
    assert livelihood.needed_by_now == 2  # half of the period (2022–2023 of 2022–2025) has passed
    assert items["comm_teams"].status == "achieved"  # 77 of 75


def test_a_second_reported_year_moves_the_pace(progress_2024):
    items = {item.code: item for item in paces(progress_2024)}
    livelihood = items["livelihood_groups_4_0"]
    assert (livelihood.year, livelihood.actual) == (2024, ACTUALS_2024["livelihood_groups_4_0"])
    assert livelihood.projected == pytest.approx(3 / 3 * 4)  # 3 in three years: 4 by 2025
    assert livelihood.status == "on_track" and livelihood.needed_per_year == 1
    table = pace_table(list(items.values()), "en").set_index("Target")
    row = table.loc["Women-led livelihood groups, cooperatives using 4.0 technology"]
    assert (row["Actual (report year)"], row["Outlook"], row["Projected at the end"]) == ("3 (2024)", "On track", "4")
    assert table.loc["Set up and maintain community communication teams", "Projected at the end"] == "–"
    vietnamese = pace_table(list(items.values()), "vi")
    assert set(vietnamese["Đánh giá"]) == {"Đã đạt", "Đúng tiến độ"}


def test_the_trajectory_draws_the_steady_path_the_actuals_and_the_projection(progress_2024):
    item = next(i for i in paces(progress_2024) if i.code == "livelihood_groups_4_0")
    figure = trajectory_chart(progress_2024, item, "en")
    needed, actual, projected = figure.data
    assert (list(needed.x), list(needed.y)) == ([2021, 2025], [0, 4])
    assert (list(actual.x), list(actual.y)) == ([2023, 2024], [0, 3])  # reported years only
    assert (list(projected.x), list(projected.y)) == ([2024, 2025], [3, pytest.approx(4)])
    assert "trajectory to 2025" in figure.layout.title.text and "ILLUSTRATIVE" not in figure.layout.title.text


def test_a_target_reached_has_no_projection_line(progress_2024):
    item = next(i for i in paces(progress_2024) if i.code == "comm_teams")
    figure = trajectory_chart(progress_2024, item, "vi")
    assert [trace.name for trace in figure.data][:2] == ["Lộ trình đều từ 0 đến chỉ tiêu", "Thực hiện (báo cáo)"]
    assert len(figure.data) == 2 and list(figure.data[1].y) == [77, 80]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_targets_page_shows_the_pace_of_the_latest_report(progress_2024, db, monkeypatch, lang):
    monkeypatch.setenv("P8_DB", str(db))
    st.cache_data.clear()
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    app.query_params["lang"] = lang
    app.query_params["year"] = "2024"
    app.run()
    app.switch_page("pages/targets.py").run()
    assert not app.exception, app.exception
    heading = (
        "Tiến độ đến năm 2025: có đạt chỉ tiêu không?"
        if lang == "vi"
        else "Pace towards 2025: will the targets be reached?"
    )
    assert heading in [s.value for s in app.subheader]
    pace = next(frame.value for frame in app.dataframe if len(frame.value) == 3)
    outlook = "Đánh giá" if lang == "vi" else "Outlook"
    assert list(pace[outlook]) == [pace_table(paces(progress_2024), lang)[outlook][i] for i in range(3)]
    app.selectbox(key="targets_pace_pick").select("livelihood_groups_4_0").run()
    assert not app.exception, app.exception

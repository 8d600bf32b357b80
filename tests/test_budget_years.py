"""The budget year by year and the carry-over chain, over two reports (2023 shipped, 2024 imported)."""

from __future__ import annotations

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from queries.runner import run
from store.database import opened
from tests.conftest import ROOT
from tests.ingest_support import db  # noqa: F401
from tests.report_years import BUDGET_2024, import_report_2024
from views.budget_years import budget_by_year, budget_years_chart, by_year_table, carryover_chain, chain_table


@pytest.fixture
def lines_2023_2024(db, tmp_path):
    import_report_2024(db, tmp_path)
    with opened(db) as connection:
        return run("budget", {"district_code": "109"}, connection)


def test_the_shipped_report_gives_one_year_and_the_next_years_plan(connection):
    lines = run("budget", {"district_code": "109"}, connection)
    by_year = budget_by_year(lines).set_index("year")
    assert list(by_year.index) == [2023, 2024]
    assert (by_year.at[2023, "plan"], by_year.at[2023, "carried_in"]) == (3291, 1222)
    assert by_year.at[2023, "disbursed_mvnd"] == pytest.approx(318.36)  # only the plan line states one
    assert by_year.at[2023, "advanced_mvnd"] == pytest.approx(407.319)
    assert by_year.at[2024, "planned"] == 3859 and not by_year.at[2024, "reported"]
    chain = chain_table(carryover_chain(lines), "en").set_index("Funds of")
    assert (
        chain.at["2022", "Allocated"] == "no 2022 report yet"
        and chain.at["2022", "Carried into the next year"] == "1,222"
    )
    assert (
        chain.at["2023", "Allocated"] == "3,291"
        and chain.at["2023", "Carried into the next year"] == "no 2024 report yet"
    )


def test_a_second_report_completes_the_chain(lines_2023_2024):
    chain = carryover_chain(lines_2023_2024).set_index("funds_year")
    carried = BUDGET_2024["carryover"]
    assert chain.at[2023, "allocated"] == 3291 and chain.at[2023, "carried"] == carried["allocated"]
    assert chain.at[2023, "carried_disbursed"] == carried["disbursed"] and chain.at[2023, "next_reported"]
    assert chain.at[2024, "allocated"] == BUDGET_2024["plan"]["allocated"] and not chain.at[2024, "next_reported"]
    by_year = budget_by_year(lines_2023_2024).set_index("year")
    assert list(by_year.index) == [2023, 2024, 2025]
    assert by_year.at[2024, "plan"] == 3859 and by_year.at[2024, "carried_in"] == 1791
    assert by_year.at[2024, "disbursed_mvnd"] == 2000 + 1500  # the plan's and the carried funds'
    assert by_year.at[2024, "planned"] == 3859  # the 2023 report had planned it
    assert by_year.at[2025, "planned"] == 4000 and not by_year.at[2025, "reported"]
    table = by_year_table(by_year.reset_index(), "vi").set_index("Năm")
    assert table.at["2025", "Đã có báo cáo của năm"] == "chưa có báo cáo 2025"
    assert table.at["2024", "Vốn năm trước kéo dài sang"] == "1.791"


def test_the_chart_stacks_carried_funds_on_the_plan_and_draws_planned_years_hollow(lines_2023_2024):
    figure = budget_years_chart(budget_by_year(lines_2023_2024), "en")
    traces = {trace.name: trace for trace in figure.data}
    plan, carried, planned = (
        traces[n]
        for n in ("The year's plan", "Carried over from the year before", "Planned (in the year before's report)")
    )
    assert list(plan.x) == ["2023", "2024", "2025"]
    assert list(plan.y) == [3291, 3859, None] and list(carried.y) == [1222, 1791, None]
    assert list(carried.base) == [3291, 3859, 0]  # stacked on the plan
    assert list(planned.y) == [None, None, 4000]  # only a year whose own report is missing
    assert list(traces["Disbursed"].y) == [pytest.approx(318.36), 3500, None]
    assert "ILLUSTRATIVE" not in figure.layout.title.text


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_budget_page_shows_every_year_and_the_chain(lines_2023_2024, db, monkeypatch, lang):
    monkeypatch.setenv("P8_DB", str(db))
    st.cache_data.clear()
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    app.query_params["lang"] = lang
    app.query_params["year"] = "2024"
    app.run()
    app.switch_page("pages/budget.py").run()
    assert not app.exception, app.exception
    assert ("Kinh phí qua các năm" if lang == "vi" else "Budget year by year") in [s.value for s in app.subheader]
    *_, by_year, chain = (frame.value for frame in app.dataframe)  # the year-by-year table, then the chain
    expected = by_year_table(budget_by_year(lines_2023_2024), lang)
    pd.testing.assert_frame_equal(by_year.reset_index(drop=True), expected, check_dtype=False)
    assert len(chain) == 3  # funds of 2022, 2023 and 2024

"""AppTest of the targets, budget, reconciliation and document pages: each renders in both languages, and the data
behind each chart (the Plotly spec the browser receives) equals the query result it claims to show."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from i18n import translator
from queries.runner import run
from tests.test_app import APP

PAGES = ("pages/targets.py", "pages/budget.py", "pages/reconciliation.py", "pages/documents.py")
SCOPE = {"district_code": "109", "year": 2023}


def open_page(page: str, **query) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        app.query_params[key] = value
    app.run()
    app.switch_page(page).run()
    assert not app.exception, app.exception
    assert not app.error, [e.value for e in app.error]
    return app


def chart(app: AppTest, key: str) -> dict:
    """The figure a st.plotly_chart element sends to the browser, found by its widget key."""
    found = [json.loads(e.proto.spec) for e in app.get("plotly_chart") if e.proto.id.endswith(f"-{key}")]
    assert len(found) == 1, [e.proto.id for e in app.get("plotly_chart")]
    return found[0]


def trace(figure: dict, name: str) -> dict:
    found = [t for t in figure["data"] if t.get("name") == name]
    assert len(found) == 1, [t.get("name") for t in figure["data"]]
    return found[0]


def same(drawn, expected) -> bool:
    drawn, expected = list(drawn), list(expected)
    return len(drawn) == len(expected) and all(
        (a is None and pd.isna(b)) or (a is not None and not pd.isna(b) and math.isclose(a, float(b), rel_tol=1e-9))
        for a, b in zip(drawn, expected)
    )


def metrics(app: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in app.metric}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_each_page_renders_in_both_languages(database_env, page, lang):
    app = open_page(page, lang=lang)
    assert app.title and "Phong Thổ" in app.title[0].value
    assert app.title[0].value.startswith(
        {
            "vi": ("Tiến độ", "Kinh phí", "Đối chiếu", "Sổ văn bản"),
            "en": ("Target", "Project 8 budget", "Report", "Document"),
        }[lang]
    )


@pytest.mark.parametrize("page", PAGES)
def test_a_district_without_a_report_says_so(database_env, page):
    app = open_page(page, district="105")  # Thành phố Lai Châu: boundaries, no Project 8 report
    assert app.info and not app.get("plotly_chart")


# ---------------------------------------------------------------- targets


def test_targets_charts_are_the_target_queries(database_env, connection):
    app = open_page("pages/targets.py")
    targets = run("targets", SCOPE, connection)
    measurable = targets[targets["target_value"].notna() & targets["actual_value"].notna()]
    actual = trace(chart(app, "targets_progress"), translator("vi")("chart.actual"))
    assert actual["customdata"] == measurable["code"].tolist()
    assert [y.replace("<br>", " ") for y in actual["y"]] == measurable["name_vi"].tolist()
    assert same(actual["x"], 100 * measurable["actual_value"] / measurable["target_value"])

    progress = run("target_progress", {"district_code": "109"}, connection)
    grid = chart(app, "targets_by_year")
    drawn = {}
    for t in grid["data"]:
        for x, (code, year) in zip(t["x"], t["customdata"]):
            assert x == str(year)
            drawn[(code, year)] = t["name"]
    expected = {
        (r.code, r.year): translator("vi")(f"chart.status.{r.status if r.reported else 'no_report'}")
        for r in progress.itertuples()
    }
    assert drawn == expected


def test_targets_cards_and_tables_by_content_area(database_env, connection):
    app = open_page("pages/targets.py")
    targets = run("targets", SCOPE, connection)
    achieved = int(targets["status"].isin(["achieved", "exceeded"]).sum())
    shown = metrics(app)
    assert shown[translator("vi")("targets.card.named")] == str(len(targets))
    assert shown[translator("vi")("targets.card.achieved")] == f"{achieved}/{len(targets)}"
    assert shown[translator("vi")("targets.card.as_reported")] == "2/9"  # the report: "02/9 chỉ tiêu"
    areas = sorted(targets["content_area"].unique())
    pace, *tables = [d.value for d in app.dataframe]  # the pace towards the period's end, then one per area
    assert len(pace) == len(targets[targets["target_value"].notna()])
    assert len(tables) == len(areas)
    for area, table in zip(areas, tables):
        names = targets.loc[targets["content_area"] == area, "name_vi"].tolist()
        assert table[translator("vi")("column.target")].tolist() == names


def test_commune_breakdown_follows_the_chosen_target_and_is_labelled_illustrative(database_env, connection):
    app = open_page("pages/targets.py")
    communes = run("target_communes", SCOPE, connection)
    for code in communes["code"].unique():
        app.selectbox(key="targets_commune_target").set_value(code).run()
        rows = communes[communes["code"] == code]
        (bars,) = chart(app, "targets_by_commune")["data"]
        assert bars["x"] == rows["commune_name"].tolist() and bars["y"] == rows["actual"].tolist()
        illustrative = bool(rows["illustrative"].any())
        assert any("MINH HỌA" in w.value for w in app.warning) == illustrative
        assert ("MINH HỌA" in chart(app, "targets_by_commune")["layout"]["title"]["text"]) == illustrative


# ---------------------------------------------------------------- budget


def test_budget_charts_are_the_budget_lines(database_env, connection):
    app = open_page("pages/budget.py")
    lines = run("budget_lines", SCOPE, connection)
    amounts = chart(app, "budget_amounts")
    for column in ("allocated_mvnd", "advanced_mvnd", "disbursed_mvnd", "expected_disbursed_mvnd"):
        assert same(trace(amounts, translator("vi")(f"chart.amount.{column}"))["y"], lines[column])
    rates = chart(app, "budget_rates")
    rated = lines[lines[["advanced_rate", "disbursed_rate", "expected_disbursed_rate"]].notna().any(axis=1)]
    for column in ("advanced_rate", "disbursed_rate", "expected_disbursed_rate"):
        assert same(trace(rates, translator("vi")(f"chart.rate.{column}"))["x"], 100 * rated[column])
    assert amounts["layout"]["separators"] == ",."


def test_budget_cards_show_the_computed_rates_in_vietnamese_formats(database_env):
    shown = set(metrics(open_page("pages/budget.py")).values())
    assert {"63,4 %", "9,7 %", "45,6 %", "4.513 triệu đồng", "3.859 triệu đồng"} <= shown
    english = set(metrics(open_page("pages/budget.py", lang="en")).values())
    assert {"63.4 %", "9.7 %", "45.6 %", "4,513 million VND"} <= english


def test_budget_table_lists_every_line(database_env, connection):
    app = open_page("pages/budget.py")
    lines = run("budget_lines", SCOPE, connection)
    table, by_year, chain = [d.value for d in app.dataframe]  # this report's lines, then every year's
    assert list(by_year[translator("vi")("timeline.year")]) == ["2023", "2024"]  # 2024: the plan for it
    assert len(chain) == 2  # funds of 2022 (carried into 2023) and of 2023
    assert len(table) == len(lines)
    assert table[translator("vi")("column.implementing_unit")].tolist() == lines["implementing_unit"].tolist()


# ---------------------------------------------------------------- reconciliation


def test_reconciliation_lists_every_figure_and_flags_the_reports_inconsistencies(database_env, connection):
    app = open_page("pages/reconciliation.py")
    figures = run("report_figures", SCOPE, connection)
    percentages = run("report_percentages", SCOPE, connection)
    tables = [d.value for d in app.dataframe]
    assert tables[0][translator("vi")("reconciliation.col.what")].tolist() == figures["description_vi"].tolist()
    assert not tables[0].isin(figures["code"].tolist()).any().any()  # no code of ours on screen
    assert len(tables[1]) == len(percentages)
    warnings = "\n".join(w.value for w in app.warning)
    assert "09 chỉ tiêu" in warnings and "đạt 9%" in warnings and "chiếm 77%" in warnings
    assert "9,67 %" in warnings and "77,78 %" in warnings
    assert any("hơn 2.000 người" in i.value for i in app.info)  # a lower bound, said as such
    shown = metrics(app)
    assert shown[translator("vi")("reconciliation.card.figures")] == f"{int(figures['matches'].sum())}/{len(figures)}"


def test_reconciliation_chart_is_the_percentage_query(database_env, connection):
    app = open_page("pages/reconciliation.py", lang="en")
    percentages = run("report_percentages", SCOPE, connection)
    figure = chart(app, "reconciliation_percentage_check")
    for column in ("pct_from_report", "pct_from_data"):
        bars = trace(figure, translator("en")(f"chart.check.{column}"))
        assert same(bars["x"], percentages[column].astype(float) - percentages["reported_pct"].astype(float))


# ---------------------------------------------------------------- documents


def test_document_register_and_timeline_are_the_register_query(database_env, connection):
    app = open_page("pages/documents.py")
    register = run("document_register", {**SCOPE, "section": "I.1"}, connection)
    (table,) = [d.value for d in app.dataframe]
    assert table[translator("vi")("column.number")].tolist() == register["number"].tolist()
    drawn = sorted(rid for t in chart(app, "documents_timeline")["data"] for rid in t["customdata"])
    assert drawn == sorted(register.loc[register["issued_on"].notna(), "record_id"])

    app.toggle(key="documents_only_section").set_value(False).run()
    everything = run("document_register", SCOPE, connection)
    (table,) = [d.value for d in app.dataframe]
    assert len(table) == len(everything) > len(register)

"""Cards, tables and findings of views/report_views.py on the real seed: counted from the query rows, in both languages."""

from __future__ import annotations

import pandas as pd
import pytest

from i18n import translator
from i18n.formatting import number, percent
from queries.runner import run
from registry.codes import TARGET_STATUSES
from views import report_views as rv

SCOPE = {"district_code": "109", "year": 2023}


@pytest.fixture(scope="module")
def targets(connection):
    return run("targets", SCOPE, connection)


@pytest.fixture(scope="module")
def figures(connection):
    return run("report_figures", SCOPE, connection)


@pytest.fixture(scope="module")
def percentages(connection):
    return run("report_percentages", SCOPE, connection)


@pytest.fixture(scope="module")
def lines(connection):
    return run("budget_lines", SCOPE, connection)


def test_explanations_are_shown_in_the_language_asked_for():
    both = "Báo cáo nêu 9 / The report announces 9"
    assert rv.in_language(both, "vi") == "Báo cáo nêu 9"
    assert rv.in_language(both, "en") == "The report announces 9"
    assert rv.in_language("only one", "en") == "only one"
    assert rv.in_language(None, "vi") == rv.in_language(float("nan"), "en") == ""


def test_target_cards_count_the_named_targets_and_the_reports_own_count(targets, figures):
    cards = {c.code: c for c in rv.target_cards(targets, figures, "vi")}
    achieved = int(targets["status"].isin(["achieved", "exceeded"]).sum())
    assert cards["named"].value == str(len(targets))
    assert cards["achieved"].value == f"{achieved}/{len(targets)}"
    assert cards["achieved"].delta == percent(achieved / len(targets), "vi")
    reported = figures.set_index("code")["reported"]
    assert cards["as_reported"].value == f"{int(reported['targets_achieved'])}/{int(reported['targets_total'])}"
    assert cards["as_reported"].delta == "22,2 %"  # the report's "đạt 22,2%"
    assert cards["behind"].value == str(len(targets) - achieved)


def test_targets_table_writes_missing_numbers_as_a_dash_and_statuses_in_words(targets):
    table = rv.targets_table(targets, "en")
    assert len(table) == len(targets)
    target_column = table[translator("en")("column.target_value")]
    assert (target_column == "–").sum() == targets["target_value"].isna().sum()
    assert set(table[translator("en")("column.status")]) <= {translator("en")(f"status.{s}") for s in TARGET_STATUSES}
    share = table[translator("en")("targets.col.share")].tolist()
    assert "102.7 %" in share  # 77 of 75


def test_budget_cards_add_up_the_assigned_lines_and_show_computed_rates(lines, figures):
    cards = rv.budget_cards(lines, "vi")
    assigned = cards[0]
    total = figures.set_index("code").at["budget_2022_2023_mvnd", "value"]
    assert assigned.value == f"{number(total, 'vi', 3)} triệu đồng"
    values = [c.value for c in cards]
    for row in lines.itertuples():
        if pd.notna(row.disbursed_rate):
            assert percent(row.disbursed_rate, "vi") in values
        if pd.notna(row.expected_disbursed_rate):
            assert percent(row.expected_disbursed_rate, "vi") in values
    planned = lines[lines["line"] == "planned_next"]
    assert f"{number(planned['allocated_mvnd'].iloc[0], 'vi', 3)} triệu đồng" in values


def test_budget_table_has_every_line_with_vietnamese_amounts(lines):
    table = rv.budget_table(lines, "vi")
    assert len(table) == len(lines)
    allocated = table[translator("vi")("column.allocated_mvnd")].tolist()
    assert allocated == [number(v, "vi", 3) for v in lines["allocated_mvnd"]]
    assert "1.222" in allocated


def test_reconciliation_table_has_every_figure_and_marks_each_mismatch(figures):
    styler = rv.reconciliation_table(figures, "vi")
    table = styler.data
    assert table[translator("vi")("reconciliation.col.what")].tolist() == figures["description_vi"].tolist()
    assert not table.isin(figures["code"].tolist()).any().any()  # no code of ours on screen
    match = table[translator("vi")("reconciliation.col.match")]
    assert (match == translator("vi")("reconciliation.match.no")).sum() == (~figures["matches"]).sum()
    html = styler.to_html()
    assert html.count("background-color: #fbe3dc") >= (~figures["matches"]).sum()


def test_findings_flag_exactly_what_the_queries_find(figures, percentages):
    found = rv.findings(figures, percentages, "vi")
    by_kind = {
        kind: {f.code for f in found if f.kind == kind} for kind in ("figure", "arithmetic", "data", "lower_bound")
    }
    assert by_kind["figure"] == set(figures.loc[~figures["matches"], "code"])
    assert by_kind["arithmetic"] == set(percentages.loc[~percentages["matches"], "code"])
    differs = (percentages["pct_from_data"] - percentages["pct_from_report"]).abs() >= 0.005
    assert by_kind["data"] == set(percentages.loc[differs, "code"])
    assert by_kind["lower_bound"] == set(figures.loc[figures["lower_bound"], "code"])
    # the report: 9 announced but 10 named; "9 %" is 9,67 %; "77 %" is 77,78 %
    assert by_kind["figure"] == {"targets_total"}
    assert {"disbursed_2023_pct", "targets_not_achieved_pct"} <= by_kind["arithmetic"]
    detail = {f.code: f.detail for f in found if f.kind == "arithmetic"}
    assert "9,67 %" in detail["disbursed_2023_pct"] and "77,78 %" in detail["targets_not_achieved_pct"]


def test_findings_in_english_are_in_english(figures, percentages):
    found = rv.findings(figures, percentages, "en")
    total = next(f for f in found if f.code == "targets_total")
    assert "announces 9" in total.detail and "Báo cáo" not in total.detail
    assert any("9.67 %" in f.detail for f in found)


def test_a_report_that_agrees_with_itself_has_no_findings(figures, percentages):
    clean = figures.assign(matches=True, lower_bound=False)
    consistent = percentages.assign(matches=True, pct_from_data=percentages["pct_from_report"])
    assert rv.findings(clean, consistent, "vi") == []


def test_document_table_keeps_dates_as_dates(connection):
    documents = run("document_register", {**SCOPE, "section": "I.1"}, connection)
    table = rv.documents_table(documents, "vi")
    assert pd.api.types.is_datetime64_any_dtype(table[translator("vi")("column.issued_on")])
    assert len(table) == len(documents) and (documents["section"] == "I.1").all()
    assert "–" in table[translator("vi")("column.title")].tolist()  # 245/QĐ-UBND is cited without its subject

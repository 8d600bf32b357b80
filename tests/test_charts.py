"""The chart builders of views/charts.py on the real seed database: what each figure draws is the query's rows."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from i18n import translator
from queries.runner import run
from views import charts

SCOPE = {"district_code": "109", "year": 2023}


@pytest.fixture(scope="module")
def targets(connection):
    return run("targets", SCOPE, connection)


@pytest.fixture(scope="module")
def progress(connection):
    return run("target_progress", {"district_code": "109"}, connection)


@pytest.fixture(scope="module")
def communes(connection):
    return run("target_communes", SCOPE, connection)


@pytest.fixture(scope="module")
def lines(connection):
    return run("budget_lines", SCOPE, connection)


@pytest.fixture(scope="module")
def percentages(connection):
    return run("report_percentages", SCOPE, connection)


@pytest.fixture(scope="module")
def documents(connection):
    return run("document_register", SCOPE, connection)


@pytest.fixture(scope="module")
def figure_values(connection):
    return run("report_figures", SCOPE, connection).set_index("code")["value"].astype(float)


def trace(fig, name):
    found = [t for t in fig.data if t.name == name]
    assert len(found) == 1, [t.name for t in fig.data]
    return found[0]


def unwrapped(label: str) -> str:
    """An axis label as plain text (charts wrap long names with <br>)."""
    return label.replace("<br>", " ")


def same(drawn, expected) -> bool:
    """Equal lists of numbers, None standing for a missing value on either side."""
    drawn, expected = list(drawn), list(expected)
    if len(drawn) != len(expected):
        return False
    for a, b in zip(drawn, expected):
        a_missing = a is None or (isinstance(a, float) and math.isnan(a))
        b_missing = b is None or pd.isna(b)
        if a_missing != b_missing or (not a_missing and not math.isclose(float(a), float(b), rel_tol=1e-9)):
            return False
    return True


# ---------------------------------------------------------------- targets


def test_progress_bars_are_actual_over_target_of_every_measurable_target(targets):
    fig = charts.target_progress(targets, "vi")
    actual = trace(fig, translator("vi")("chart.actual"))
    measurable = targets[targets["target_value"].notna() & targets["actual_value"].notna()]
    assert list(actual.customdata) == measurable["code"].tolist()
    assert [unwrapped(y) for y in actual.y] == measurable["name_vi"].tolist()
    assert same(actual.x, 100 * measurable["actual_value"] / measurable["target_value"])
    assert len(measurable) < len(targets)  # targets without numbers are left to the grid, not drawn as zero
    assert "77/75" in " ".join(actual.text)  # the report: 77 teams against a target of 75
    assert fig.layout.separators == ",."
    assert fig.layout.xaxis.title.text == translator("vi")("chart.share_of_target")


def test_status_grid_draws_every_target_year_once_in_its_status(progress):
    fig = charts.target_status_grid(progress, "en")
    names = dict(zip(progress["code"], progress["name_en"]))
    drawn = {}
    for tr in fig.data:
        for x, y, (code, year) in zip(tr.x, tr.y, tr.customdata):
            assert x == str(year) and unwrapped(y).endswith(names[code])  # drawn where it says it is
            assert (code, year) not in drawn
            drawn[(code, year)] = tr.name
    assert len(drawn) == len(progress)
    for row in progress.itertuples():
        kind = row.status if row.reported else "no_report"
        assert drawn[(row.code, row.year)] == translator("en")(f"chart.status.{kind}")
    assert list(fig.layout.xaxis.categoryarray) == [str(y) for y in sorted(progress["year"].unique())]


def test_status_grid_lists_targets_grouped_by_content_area(progress):
    fig = charts.target_status_grid(progress, "vi")
    order = list(fig.layout.yaxis.categoryarray)
    areas = [int(label.split(" · ")[0].removeprefix("ND")) for label in order]
    assert areas == sorted(areas) and set(areas) == set(progress["content_area"])
    assert len(order) == progress["code"].nunique()


def test_a_year_without_a_report_is_never_given_a_status(progress):
    no_report = progress[~progress["reported"]]
    assert not no_report.empty and no_report["status"].isna().all()
    fig = charts.target_status_grid(progress, "vi")
    grey = trace(fig, translator("vi")("chart.status.no_report"))
    assert sorted(map(tuple, grey.customdata)) == sorted(zip(no_report["code"], no_report["year"]))


def test_commune_bars_are_the_query_rows_and_add_up_to_the_report(communes, figure_values):
    for code in communes["code"].unique():
        rows = communes[communes["code"] == code]
        fig = charts.target_by_commune(rows, "vi")
        (bars,) = fig.data
        assert list(bars.x) == rows["commune_name"].tolist()
        assert list(bars.y) == rows["actual"].tolist()
        assert sum(bars.y) == figure_values[code]
        illustrative = bool(rows["illustrative"].any())
        assert (translator("vi")("chart.illustrative") in fig.layout.title.text) == illustrative
        assert all((shape == "/") == flag for shape, flag in zip(bars.marker.pattern.shape, rows["illustrative"]))


def test_commune_chart_of_the_reported_dialogue_is_not_called_illustrative(communes):
    dialogue = communes[communes["code"] == "policy_dialogues"]
    assert not dialogue.empty and not dialogue["illustrative"].any()
    assert "MINH HỌA" not in charts.target_by_commune(dialogue, "vi").layout.title.text


def test_every_commune_of_the_district_is_listed_with_zeros(connection, communes):
    district = run("communes", {"vintage": 2023, "district_code": "109"}, connection)
    teams = communes[communes["code"] == "comm_teams"]
    assert set(teams["commune_code"]) == set(district["code"])
    assert (teams["actual"] == 0).any()


# ---------------------------------------------------------------- budget


def test_budget_bars_are_the_amounts_of_each_line(lines):
    fig = charts.budget_amounts(lines, "vi")
    for column in charts.AMOUNTS:
        bars = trace(fig, translator("vi")(f"chart.amount.{column}"))
        assert same(bars.y, lines[column])
        assert list(bars.customdata) == lines["record_id"].tolist()
    assert fig.layout.yaxis.title.text == "Triệu đồng"
    assert fig.layout.separators == ",." and "1.222" in trace(fig, translator("vi")("chart.amount.allocated_mvnd")).text


def test_rates_are_computed_from_the_amounts_not_typed_in(lines):
    allocated = lines["allocated_mvnd"]
    assert same(lines["disbursed_rate"], lines["disbursed_mvnd"] / allocated)
    assert same(lines["expected_disbursed_rate"], lines["expected_disbursed_mvnd"] / allocated)
    assert same(lines["advanced_rate"], lines["advanced_mvnd"] / allocated)


def test_rate_bars_are_the_query_rates_and_read_as_the_issue_expects(lines):
    fig = charts.budget_rates(lines, "vi")
    rated = charts.rated_lines(lines)
    assert "planned_next" not in set(rated["line"])  # next year's plan has no rate yet
    for column in charts.RATES:
        bars = trace(fig, translator("vi")(f"chart.rate.{column}"))
        assert same(bars.x, 100 * rated[column])
    labels = " ".join(t for tr in fig.data for t in tr.text)
    for shown in ("63,4 %", "9,7 %", "45,6 %"):  # the issue's 63 %, 9.7 %, 45.6 %
        assert shown in labels
    english = " ".join(t for tr in charts.budget_rates(lines, "en").data for t in tr.text)
    assert "9.7 %" in english and charts.budget_rates(lines, "en").layout.separators == ".,"


def test_illustrative_budget_lines_are_labelled_in_the_title(lines):
    invented = lines.assign(illustrative=True)
    assert "MINH HỌA" in charts.budget_amounts(invented, "vi").layout.title.text
    assert "ILLUSTRATIVE" in charts.budget_rates(invented, "en").layout.title.text
    assert "MINH HỌA" not in charts.budget_amounts(lines, "vi").layout.title.text


# ---------------------------------------------------------------- reconciliation and documents


def test_percentage_gaps_are_recomputed_minus_printed(percentages):
    fig = charts.percentage_check(percentages, "vi")
    for column in ("pct_from_report", "pct_from_data"):
        bars = trace(fig, translator("vi")(f"chart.check.{column}"))
        assert same(bars.x, percentages[column].astype(float) - percentages["reported_pct"].astype(float))
        assert list(bars.customdata) == percentages["code"].tolist()
    report = trace(fig, translator("vi")("chart.check.pct_from_report"))
    gap = dict(zip(report.customdata, report.x))
    assert gap["disbursed_2023_pct"] == pytest.approx(318.36 / 3291 * 100 - 9, abs=0.01)  # the report's "9 %" is 9.7 %


def test_timeline_shows_every_dated_document_once_on_its_date(documents):
    fig = charts.document_timeline(documents, "vi")
    drawn = {rid: x for tr in fig.data for rid, x in zip(tr.customdata, tr.x)}
    dated = documents[documents["issued_on"].notna()]
    assert set(drawn) == set(dated["record_id"]) and sum(len(tr.x) for tr in fig.data) == len(dated)
    for row in dated.itertuples():
        assert pd.Timestamp(drawn[row.record_id]) == pd.Timestamp(row.issued_on)
    assert {tr.name for tr in fig.data} == {charts.doc_type_label(d, "vi") for d in dated["doc_type"]}


def test_two_documents_with_the_same_number_stay_two_rows(documents):
    twins = pd.concat(
        [documents.head(1), documents.head(1).assign(record_id="copy", issued_on=pd.Timestamp("2023-12-01"))]
    )
    fig = charts.document_timeline(twins, "vi")
    assert len(fig.layout.yaxis.categoryarray) == 2


@pytest.mark.parametrize(
    "builder,query",
    [
        (charts.target_progress, "targets"),
        (charts.target_status_grid, "target_progress"),
        (charts.target_by_commune, "target_communes"),
        (charts.budget_amounts, "budget_lines"),
        (charts.budget_rates, "budget_lines"),
        (charts.percentage_check, "report_percentages"),
        (charts.document_timeline, "document_register"),
    ],
)
def test_an_empty_result_draws_a_message_not_an_error(connection, builder, query):
    params = {"district_code": "105"} if query == "target_progress" else {"district_code": "105", "year": 2023}
    empty = run(query, params, connection)  # Thành phố Lai Châu: no Project 8 report
    assert empty.empty
    fig = builder(empty, "vi")
    assert len(fig.data) == 0
    assert fig.layout.annotations[0].text == translator("vi")("chart.no_data")

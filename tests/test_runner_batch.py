"""A page's several named questions on one connection: the same answers as one by one, and no connection unless asked."""

import pandas as pd
import pytest

from queries.runner import QueryError, batch, get, run, run_all
from views.kpis import overview_questions


def test_run_all_answers_like_run_one_by_one(database_path, connection):
    questions = overview_questions(2023, "12", "109", 2023)
    assert set(questions) == {"activity", "coverage", "figures", "targets", "percentages"}
    answers = run_all(database_path, questions)
    for key, (name, params) in questions.items():
        pd.testing.assert_frame_equal(answers[key], run(name, params, connection))


def test_a_batch_opens_the_database_only_when_asked(tmp_path, database_path):
    missing = tmp_path / "never.duckdb"
    with batch(missing):
        pass
    assert not missing.exists()  # opening would have built it
    with batch(database_path) as ask:
        assert ask._connection is None
        first = ask.run("targets", district_code="109", year=2023)
        opened = ask._connection
        ask.run("targets", {"district_code": "109"}, year=2023)
        assert ask._connection is opened and len(first) == 10
    assert ask._connection is None


def test_the_overview_asks_for_provinces_over_the_country_and_no_report_above_a_district():
    assert overview_questions(2023, None, None, 2023)["activity"][0] == "province_indicators"
    assert set(overview_questions(2025, "12", None, 2023)) == {"activity", "coverage"}
    assert set(overview_questions(2023, "12", "109", None)) == {"activity", "coverage"}


def test_the_overview_recomputes_a_districts_figures_from_the_lists_once():
    """figure_kinds is the costly pass over every list: one question of the overview's set may make it."""
    questions = overview_questions(2023, "12", "109", 2023)
    recomputing = [name for name, _ in questions.values() if "figure_kinds" in get(name).sql]
    assert recomputing == ["report_figures"]


def test_the_overview_quotes_the_percentages_report_percentages_checks(database_path, connection):
    answers = run_all(database_path, overview_questions(2023, "12", "109", 2023))
    checked = run("report_percentages", {"district_code": "109", "year": 2023}, connection)
    printed = answers["percentages"]
    assert len(printed) == len(checked) == 5
    for column in ("code", "printed", "reported_pct", "section"):
        assert printed[column].tolist() == checked[column].tolist()


def test_a_bad_question_among_several_is_reported_as_such(database_path):
    questions = overview_questions(2023, "12", "109", 2023)
    questions["targets"] = ("targets", {"district_code": "not a code", "year": 2023})
    with pytest.raises(QueryError, match="district_code"):
        run_all(database_path, questions)
    assert len(run_all(database_path, overview_questions(2023, "12", "109", 2023))["targets"]) == 10

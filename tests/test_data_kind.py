"""The words on each kind of figure (views/data_kind.py), before and after one commune's real list arrives,
and the overview that shows them (AppTest on a database with the import)."""

from __future__ import annotations

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from ingest import pipeline
from queries.runner import run
from store.database import opened
from tests.conftest import ROOT
from tests.ingest_support import csv_bytes, db, prepare, teams  # noqa: F401
from views import data_kind
from views.kpis import overview_kpis
from views.report_views import findings

SCOPE = {"vintage": 2023, "province_code": "12", "district_code": "109", "year": 2023}
MU_SANG = teams(["Mù Sang", "Bản Hồ Sì Pan", 12, 6, 2023, "15/10/2023"], ["Mù Sang", "Bản Mới", 8, 2, 2023, ""])


def questions(database):
    with opened(database) as connection:
        figures = run("report_figures", {"district_code": "109", "year": 2023}, connection)
        coverage = run("list_coverage", SCOPE, connection)
        units = run("commune_indicators", SCOPE, connection)
        targets = run("targets", {"district_code": "109", "year": 2023}, connection)
        percentages = run("report_percentages", {"district_code": "109", "year": 2023}, connection)
    return figures, coverage, units, targets, percentages


@pytest.fixture
def mu_sang_first(db):
    """A database where Mù Sang's 2-team list is the first real list that came."""
    pipeline.commit(prepare(csv_bytes(MU_SANG), db, name="mu_sang.csv"), db, "lan", "app")
    return db


def test_the_pristine_database_is_all_illustration_and_its_totals_equal_the_report(database_path):
    figures, coverage, units, *_ = questions(database_path)
    detail = data_kind.figure_detail(figures.set_index("code").loc["comm_teams"], "en")
    assert detail == "77 reported · 0 in real lists (0 of 15 communes) · 77 illustrative"
    text = data_kind.banner(coverage, figures, "en")
    assert "communication teams 0 of 15 communes" in text and "supervision 7 of 7 communes" in text
    listed = int(figures["communes_listed"].notna().sum())
    matching = int((figures[figures["communes_listed"].notna()]["cause"] == "match").sum())
    assert f"equal the report for {matching} of {listed} figures" in text and matching == listed
    assert "differ" not in text
    assert data_kind.map_note(units, "comm_teams", "en") == "Illustrative in 15 of 15 communes (real lists: 0)"


def test_one_communes_list_changes_the_words_not_the_headline(mu_sang_first):
    figures, coverage, units, targets, percentages = questions(mu_sang_first)
    cards = {card.code: card for card in overview_kpis(figures, targets, percentages, 2023, "en")}
    assert cards["comm_teams"].value == "77" and cards["comm_teams"].delta.startswith("+2 ")  # 77 against 75
    assert cards["comm_teams"].detail == "77 reported · 2 in real lists (1 of 15 communes) · 73 illustrative"
    assert cards["communicators"].value == "596"
    text = data_kind.banner(coverage, figures, "en")
    assert "communication teams 1 of 15 communes" in text
    assert "differ only because communes are still illustrative" in text and "real lists disagree" not in text
    vi = data_kind.banner(coverage, figures, "vi")
    assert "tổ truyền thông 1/15 xã" in vi and "chỉ vì còn xã minh họa" in vi
    assert data_kind.map_note(units, "comm_teams", "vi") == "Minh họa ở 14/15 xã (danh sách thực tế: 1)"
    by_name = dict(zip(units["name"], data_kind.unit_kinds(units, "comm_teams", "en")))
    assert by_name["Xã Mù Sang"] == "real list" and by_name["Xã Dào San"] == "illustrative"
    cause = data_kind.figure_cause(figures.set_index("code").loc["comm_teams"], "en")
    assert "the real list of 1 commune holds 2" in cause and "other 14 holds 73" in cause
    found = {finding.code: finding for finding in findings(figures, percentages, "en")}
    assert found["comm_teams"].kind == "lists" and found["comm_teams"].headline.endswith("the lists give 75")
    assert found["targets_total"].kind == "figure"  # the report's own contradiction stays the report's


def test_a_real_list_above_the_report_is_said_to_disagree(db):
    many = teams(*[["Mù Sang", f"Bản {n}", 5, 1, 2023, ""] for n in range(80)])
    pipeline.commit(prepare(csv_bytes(many), db, name="mu_sang.csv"), db, "lan", "app")
    figures, coverage, *_ = questions(db)
    row = figures.set_index("code").loc["comm_teams"]
    assert row["listed_real"] == 80 > row["reported"] and row["cause"] == "real_lists"
    assert "real lists disagree with the report" in data_kind.banner(coverage, figures, "en")


def test_with_every_list_real_there_is_no_illustrative_banner(db):
    with opened(db) as connection:
        codes = [c for (c,) in connection.execute("SELECT DISTINCT commune_code FROM comm_team").fetchall()]
        names = dict(connection.execute("SELECT code, name FROM unit WHERE vintage = 2023").fetchall())
    one_each = teams(*[[names[c], "Bản thật", 5, 2, 2023, ""] for c in codes])
    pipeline.commit(prepare(csv_bytes(one_each), db, name="all.csv"), db, "lan", "app")
    figures, coverage, units, *_ = questions(db)
    assert data_kind.map_note(units, "comm_teams", "en") is None
    assert data_kind.banner(coverage[coverage["fact_table"] == "comm_team"], figures, "en") is None
    assert data_kind.disagreement(figures, "en").startswith("3 differ because real lists disagree")
    assert "communication teams 15 of 15 communes" in " ".join(data_kind.coverage_parts(coverage, "en"))


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_overview_after_the_first_list_tells_the_truth(mu_sang_first, monkeypatch, lang):
    monkeypatch.setenv("P8_DB", str(mu_sang_first))
    st.cache_data.clear()
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    app.query_params["lang"] = lang
    app.run()
    assert not app.exception, app.exception
    label = "Tổ truyền thông cộng đồng" if lang == "vi" else "Community communication teams"
    assert {m.label: m.value for m in app.metric}[label] == "77"
    captions = " ".join(c.value for c in app.caption)
    warnings = " ".join(w.value for w in app.warning)
    if lang == "vi":
        assert "77 theo báo cáo · 2 trong danh sách thực tế (1/15 xã) · 73 minh họa" in captions
        assert "tổ truyền thông 1/15 xã" in warnings and "khớp với báo cáo" in warnings
    else:
        assert "77 reported · 2 in real lists (1 of 15 communes) · 73 illustrative" in captions
        assert "communication teams 1 of 15 communes" in warnings and "still illustrative" in warnings
    assert "Totals equal the report" not in warnings and "Tổng số khớp báo cáo" not in warnings


def test_every_commune_level_list_is_named_in_the_banner():
    """A new commune-level table with illustrative rows must say how far its real lists have come."""
    from registry.tables import TABLES

    lists = {name for name, spec in TABLES.items() if spec.commune_level and "illustrative" in spec.stored_columns}
    assert lists - {"project_commune"} == set(data_kind.LIST_TABLES)

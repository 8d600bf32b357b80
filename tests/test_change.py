"""Two years side by side: diverging classes, change by commune, change cards, and the overview that shows them."""

from __future__ import annotations

import pandas as pd
import pytest
import streamlit as st
from streamlit.proto.Metric_pb2 import Metric
from streamlit.testing.v1 import AppTest

from geo.classify import DIVERGING, diverging_classes
from geo.layers import HATCH_FILL
from geo.shapes import for_display, from_wkb
from ingest import pipeline
from queries.runner import run
from store.database import opened
from tests.conftest import ROOT
from tests.ingest_support import csv_bytes, db, prepare, teams  # noqa: F401
from tests.test_mapping import geojson_features
from views.change import change_cards, change_map, change_values, moves_table, ranking_moves

SCOPE = {"vintage": 2023, "province_code": "12", "district_code": "109"}
# 2024: Mù Sang sends 2 teams, Dào San 9 (in 2023 the illustration gave them 4 and 6).
LISTS_2024 = [["Mù Sang", f"Bản {n}", 5, 2, 2024, ""] for n in range(2)] + [
    ["Dào San", f"Bản {n}", 6, 3, 2024, ""] for n in range(9)
]


def test_classes_of_a_change_are_centred_on_zero_and_symmetric():
    bins = diverging_classes(pd.Series([-3, 0, 2, 5, None]))
    assert [(b.lower, b.upper) for b in bins] == [(-5, -4), (-3, -1), (0, 0), (1, 3), (4, 5)]
    assert [b.colour for b in bins] == list(DIVERGING)
    assert [b.count for b in bins] == [0, 1, 1, 1, 1]
    assert [(b.lower, b.upper) for b in diverging_classes(pd.Series([1, -1]))] == [(-1, -1), (0, 0), (1, 1)]
    assert diverging_classes(pd.Series([None], dtype=float)) == []


@pytest.fixture
def two_years(db):
    pipeline.commit(prepare(csv_bytes(teams(*LISTS_2024)), db, name="2024.csv"), db, "lan", "app")
    with opened(db) as connection:
        before = run("commune_indicators", SCOPE | {"year": 2023}, connection)
        after = run("commune_indicators", SCOPE | {"year": 2024}, connection)
        timeline = run("timeline", SCOPE, connection)
        shapes = for_display(from_wkb(run("boundaries", SCOPE, connection)))
    return db, before, after, timeline, shapes


def test_the_change_by_commune_is_missing_where_one_year_has_no_data(two_years):
    _, before, after, _, _ = two_years
    values = change_values(before, after, "comm_teams").set_index("name")
    assert values.at["Xã Mù Sang", "change"] == 2 - 4 and values.at["Xã Dào San", "change"] == 9 - 6
    assert values["change"].notna().sum() == 2  # the other 15 communes have no 2024 data: no change, not zero
    assert not values.at["Xã Nậm Xe", "both_years"] and pd.isna(values.at["Xã Nậm Xe", "change"])


def test_the_change_map_colours_falls_red_rises_blue_and_greys_missing_years(two_years):
    _, before, after, _, shapes = two_years
    values = change_values(before, after, "comm_teams")
    html = change_map(shapes, values, "comm_teams", 2024, 2023, "en").get_root().render()
    by_name = {f["properties"]["name"]: f["properties"] for f in geojson_features(html) if "fill" in f["properties"]}
    bins = diverging_classes(values["change"])  # changes −2 and +3: classes −3…−3, −2…−1, 0, 1…2, 3…3
    assert by_name["Xã Mù Sang"]["fill"] == DIVERGING[1] and by_name["Xã Mù Sang"]["change_text"] == "−2"
    assert by_name["Xã Dào San"]["fill"] == DIVERGING[4] and by_name["Xã Dào San"]["change_text"] == "+3"
    assert (
        by_name["Xã Nậm Xe"]["fill"] == HATCH_FILL
        and by_name["Xã Nậm Xe"]["change_text"] == "No data in one of the years"
    )
    assert [(b.lower, b.upper) for b in bins] == [(-3, -3), (-2, -1), (0, 0), (1, 2), (3, 3)]
    assert "ILLUSTRATIVE in one of the years: 2 of 2 units" in html  # 2023 rests on the illustrative allocation
    assert by_name["Xã Mù Sang"]["data_kind"] == "illustrative"
    assert "Communication teams: change 2023 → 2024" in html and "+3" in html and "−3" in html


def test_change_cards_give_the_years_total_and_its_change(two_years):
    _, _, _, timeline, _ = two_years
    cards = {card.code: card for card in change_cards(timeline, 2024, 2023, "vi")}
    assert cards["comm_teams"].value == "11" and cards["comm_teams"].delta == "-66 so với 2023"
    assert cards["communicators"].value == "64" and cards["communicators"].delta == "-532 so với 2023"
    assert cards["trusted_addresses"].value == "–" and cards["trusted_addresses"].delta is None  # none listed in 2024
    assert cards["comm_teams"].detail == "MINH HỌA: năm 2023"  # 2024 comes from real lists


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_overview_compares_the_chosen_year_with_an_earlier_one(two_years, monkeypatch, lang):
    database = two_years[0]
    monkeypatch.setenv("P8_DB", str(database))
    st.cache_data.clear()
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    app.query_params["lang"] = lang
    app.query_params["year"] = "2024"
    app.run()
    assert not app.exception, app.exception
    app.selectbox(key="overview_compare_with").select(2023).run()
    assert not app.exception, app.exception
    deltas = {m.proto.delta: m.proto for m in app.metric if m.proto.delta}  # an ASCII "-": drawn as a fall
    fall = deltas["-66 so với 2023" if lang == "vi" else "-66 since 2023"]
    assert fall.direction == Metric.MetricDirection.DOWN and fall.color == Metric.MetricColor.RED
    heading = "Thay đổi từ năm 2023 đến năm 2024" if lang == "vi" else "Change from 2023 to 2024"
    assert heading in [s.value for s in app.subheader]


def test_a_change_in_per_cent_is_coloured_in_whole_per_cent_classes(two_years):
    _, before, after, _, shapes = two_years
    values = change_values(before, after, "comm_teams").set_index("name")
    assert values.at["Xã Mù Sang", "percent"] == pytest.approx(-50.0)  # 4 → 2
    assert values.at["Xã Dào San", "percent"] == pytest.approx(50.0)  # 6 → 9
    html = change_map(shapes, values.reset_index(), "comm_teams", 2024, 2023, "en", mode="percent").get_root().render()
    by_name = {f["properties"]["name"]: f["properties"] for f in geojson_features(html) if "fill" in f["properties"]}
    assert by_name["Xã Mù Sang"]["fill"] == DIVERGING[0] and by_name["Xã Mù Sang"]["change_text"] == "−50 %"
    assert by_name["Xã Dào San"]["fill"] == DIVERGING[4] and by_name["Xã Dào San"]["change_text"] == "+50 %"
    assert by_name["Xã Nậm Xe"]["fill"] == HATCH_FILL
    assert "Communication teams: change 2023 → 2024" in html and "(%)" in html
    with pytest.raises(ValueError, match="unknown change mode"):
        change_map(shapes, values.reset_index(), "comm_teams", 2024, 2023, "en", mode="ratio")


def test_no_percentage_is_made_of_a_year_that_had_none():
    """A unit that had nothing in the earlier year has a change but no percentage: it is said, not infinite."""
    rows = lambda *values: pd.DataFrame(  # noqa: E731
        {"code": ["a", "b"], "name": ["A", "B"], "clubs": list(values), "covered": True, "approximate": False}
    )
    values = change_values(rows(0, 2), rows(3, 1), "clubs").set_index("code")
    assert values.at["a", "change"] == 3 and pd.isna(values.at["a", "percent"])
    assert values.at["b", "percent"] == -50


SPLIT_SCOPE = {"vintage": 2025, "province_code": "01"}


@pytest.fixture
def across_vintages(db):
    """A 2023 list of Phường Cống Vị (split in 2025; its default successor is Phường Ngọc Hà) and a 2026 list
    keyed by the 2025 Phường Ngọc Hà: compared on the 2025 units, as the crosswalk places them."""
    lists_2023 = teams(*[["Phường Cống Vị", f"Tổ {n}", 8, 4, 2023, ""] for n in range(2)])
    prepared = prepare(csv_bytes(lists_2023), db, name="2023.csv", default_district="001")
    assert prepared.ok, [p.as_dict() for p in prepared.errors]
    pipeline.commit(prepared, db, "lan", "app")
    lists_2026 = teams(*[["Phường Ngọc Hà", f"Tổ {n}", 8, 4, 2026, ""] for n in range(3)])
    prepared = prepare(csv_bytes(lists_2026), db, name="2026.csv", default_district=None)
    assert prepared.ok, [p.as_dict() for p in prepared.errors]
    assert {r["vintage"] for r in prepared.validated.records} == {"2025"}
    pipeline.commit(prepared, db, "lan", "app")
    with opened(db) as connection:
        before = run("commune_indicators", SPLIT_SCOPE | {"year": 2023}, connection)
        after = run("commune_indicators", SPLIT_SCOPE | {"year": 2026}, connection)
        timeline = run("timeline", SPLIT_SCOPE | {"indicator": "comm_teams"}, connection)
        shapes = for_display(from_wkb(run("boundaries", SPLIT_SCOPE, connection)))
    return before, after, timeline, shapes


def test_a_2023_year_and_a_2025_keyed_year_meet_on_the_2025_units_flagged_where_split(across_vintages):
    before, after, timeline, shapes = across_vintages
    assert timeline.set_index("year")["value"].to_dict() == {2023: 2.0, 2026: 3.0}
    values = change_values(before, after, "comm_teams").set_index("name")
    ngoc_ha = values.loc["Phường Ngọc Hà"]
    assert (ngoc_ha["before"], ngoc_ha["after"], ngoc_ha["change"]) == (2, 3, 1)
    assert ngoc_ha["approximate"]  # its 2023 figure comes from a split commune
    assert values["change"].notna().sum() == 1  # no other unit of Hà Nội has data in both years
    html = change_map(shapes, values.reset_index(), "comm_teams", 2026, 2023, "en").get_root().render()
    by_name = {f["properties"]["name"]: f["properties"] for f in geojson_features(html) if "fill" in f["properties"]}
    assert by_name["Phường Ngọc Hà"]["change_text"] == "+1 (approximate: a split commune)"
    assert by_name["Phường Ngọc Hà"]["fill"] == DIVERGING[3]  # the only change, +1: classes −1, 0, +1


def test_the_underserved_rankings_of_two_years_show_who_moved(two_years):
    database = two_years[0]
    where = SCOPE | {"province_code": "12"}
    with opened(database) as connection:
        ranked_2023 = run("underserved", where | {"year": 2023}, connection)
        ranked_2024 = run("underserved", where | {"year": 2024}, connection)
    moves = ranking_moves(ranked_2023, ranked_2024).set_index("code")
    assert set(moves.index) == set(ranked_2023["code"]) | set(ranked_2024["code"])
    for row in ranked_2024.itertuples():
        before = ranked_2023.set_index("code")["rank"].get(row.code)
        expected = None if before is None else before - row.rank
        assert (pd.isna(moves.at[row.code, "moved"]) and expected is None) or moves.at[row.code, "moved"] == expected
    gone = set(ranked_2023["code"]) - set(ranked_2024["code"])
    assert gone and all(pd.isna(moves.at[code, "rank"]) for code in gone)
    table = moves_table(moves.reset_index(), 2024, 2023, "en")
    assert list(table.columns) == ["Commune", "Rank 2023", "Rank 2024", "Movement", "Score 2023", "Score 2024"]
    assert table["Movement"].tail(len(gone)).eq("no longer ranked").all()


def test_movement_words_say_which_way_a_commune_moved():
    before = pd.DataFrame({"code": ["a", "b", "c"], "name": ["A", "B", "C"], "rank": [3, 1, 2], "score": [1, 5, 3]})
    after = pd.DataFrame({"code": ["a", "b", "d"], "name": ["A", "B", "D"], "rank": [1, 2, 3], "score": [6, 4, 1]})
    table = moves_table(ranking_moves(before, after), 2024, 2023, "vi").set_index("Xã")
    assert table.at["A", "Thay đổi thứ hạng"] == "▲ lên 2 bậc (bị bỏ lại nhiều hơn)"
    assert table.at["B", "Thay đổi thứ hạng"] == "▼ xuống 1 bậc (ít bị bỏ lại hơn)"
    assert table.at["D", "Thay đổi thứ hạng"] == "mới vào danh sách xếp hạng"
    assert table.at["C", "Hạng 2024"] == "–"
    english = moves_table(ranking_moves(before, after), 2024, 2023, "en").set_index("Commune")
    assert english.at["B", "Movement"] == "▼ 1 place down (less underserved)"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_map_and_underserved_pages_compare_two_years(two_years, monkeypatch, lang):
    monkeypatch.setenv("P8_DB", str(two_years[0]))
    st.cache_data.clear()
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    app.query_params["lang"] = lang
    app.query_params["year"] = "2024"
    app.run()
    app.switch_page("pages/map.py").run()
    assert not app.exception, app.exception
    app.selectbox(key="map_compare_with").select(2023).run()
    app.radio(key="map_change_mode").set_value("percent").run()
    assert not app.exception, app.exception
    heading = "Thay đổi theo thời gian" if lang == "vi" else "Change over time"
    assert heading in [s.value for s in app.subheader]
    app.switch_page("pages/underserved.py").run()
    app.selectbox(key="gap_compare_with").select(2023).run()
    assert not app.exception, app.exception
    heading = "Xếp hạng 2023 và 2024" if lang == "vi" else "Ranking 2023 and 2024"
    assert heading in [s.value for s in app.subheader]
    with opened(two_years[0]) as connection:
        ranked = {
            code for year in (2023, 2024) for code in run("underserved", SCOPE | {"year": year}, connection)["code"]
        }
    assert len(app.table[-1].value) == len(ranked)  # every commune ranked in either year, once

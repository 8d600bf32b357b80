"""Two years side by side: diverging classes, change by commune, change cards, and the overview that shows them."""

from __future__ import annotations

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from geo.classify import DIVERGING, NO_DATA, diverging_classes
from geo.shapes import for_display, from_wkb
from ingest import pipeline
from queries.runner import run
from store.database import opened
from tests.conftest import ROOT
from tests.ingest_support import csv_bytes, db, prepare, teams  # noqa: F401
from tests.test_mapping import geojson_features
from views.change import change_cards, change_map, change_values

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
        by_name["Xã Nậm Xe"]["fill"] == NO_DATA and by_name["Xã Nậm Xe"]["change_text"] == "No data in one of the years"
    )
    assert [(b.lower, b.upper) for b in bins] == [(-3, -3), (-2, -1), (0, 0), (1, 2), (3, 3)]
    assert "Communication teams: change 2023 → 2024" in html and "+3" in html and "−3" in html


def test_change_cards_give_the_years_total_and_its_change(two_years):
    _, _, _, timeline, _ = two_years
    cards = {card.code: card for card in change_cards(timeline, 2024, 2023, "vi")}
    assert cards["comm_teams"].value == "11" and cards["comm_teams"].delta == "-66 so với 2023"
    assert cards["communicators"].value == "64" and cards["communicators"].delta == "-532 so với 2023"
    assert cards["trusted_addresses"].value == "–" and cards["trusted_addresses"].delta is None  # none listed in 2024


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
    deltas = [m.proto.delta for m in app.metric if m.proto.delta]  # an ASCII "-": st.metric draws it as a fall
    assert ("-66 so với 2023" if lang == "vi" else "-66 since 2023") in deltas
    heading = "Thay đổi từ năm 2023 đến năm 2024" if lang == "vi" else "Change from 2023 to 2024"
    assert heading in [s.value for s in app.subheader]

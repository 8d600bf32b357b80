"""The Tables page and its exports: the rows shown are the query's rows, and every download holds exactly them."""

import io
import json
from datetime import UTC, datetime

import geopandas as gpd
import openpyxl
import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from i18n import LANGUAGES
from ingest import pipeline
from queries.runner import run
from registry.tables import FACT_TABLES
from store.database import opened
from tests.conftest import ROOT
from tests.ingest_support import csv_bytes, db, prepare, teams  # noqa: F401
from views import table_view as tv

APP = str(ROOT / "app.py")
PHONG_THO = {"province_code": "12", "district_code": "109", "year": 2023}
WHEN = tv.exported_at(datetime(2025, 7, 1, 3, 4, 5, tzinfo=UTC))


def plain(value):
    """A cell as openpyxl reads it back: None for missing, datetimes for dates."""
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value.item() if hasattr(value, "item") else value


def frame_cells(frame: pd.DataFrame) -> list[tuple]:
    return [tuple(frame.columns)] + [tuple(plain(v) for v in row) for row in frame.itertuples(index=False)]


@pytest.fixture(scope="module")
def tables(connection):
    return {name: run(name, tv.query_params(name, **PHONG_THO, vintage=2023), connection) for name in FACT_TABLES}


# ---------------------------------------------------------------- words and formats


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("table", FACT_TABLES)
def test_every_column_has_a_header_of_its_own_in_both_languages(tables, table, lang):
    rows = tables[table]
    headers = [tv.header(column, lang) for column in rows.columns]
    untranslated = [c for c, h in zip(rows.columns, headers) if h == c]
    assert untranslated == []
    assert len(set(headers)) == len(headers)


def test_view_keeps_rows_and_numbers_and_puts_codes_in_words(tables):
    rows = tables["event"]
    shown = tv.view(rows, "vi")
    assert len(shown) == len(rows) and shown.shape[1] == rows.shape[1]
    assert shown["Số người tham dự"].tolist() == rows["attendees"].tolist()
    assert pd.api.types.is_integer_dtype(shown["Số người tham dự"])
    assert set(shown["Loại sự kiện"]) == {
        "Sân khấu hóa tại phiên chợ",
        "Chiến dịch truyền thông",
        "Đối thoại chính sách",
    }
    assert set(shown["Loại số liệu"]) == {"minh họa", "thực tế"}
    english = tv.view(rows, "en")
    assert set(english["Data"]) == {"illustrative", "real"} and "Event type" in english.columns


def test_unknown_codes_are_shown_not_dropped():
    rows = pd.DataFrame({"event_type": ["market_event", "new_kind", None]})
    assert tv.view(rows, "en")["Event type"].tolist()[:2] == ["Market-day event", "new_kind"]


def test_screen_formats_numbers_as_the_language_writes_them(tables):
    budget = tables["budget"]
    vi_html, en_html = tv.styled(budget, "vi").to_html(), tv.styled(budget, "en").to_html()
    assert "1.222" in vi_html and "407,319" in vi_html and "31/12/2023" in vi_html
    assert "1,222" in en_html and "407.319" in en_html
    assert ">2023<" in vi_html and "2.023" not in vi_html  # years are labels, not amounts
    assert tv.styled(budget, "vi").data.equals(tv.view(budget, "vi"))  # formatting only: the same frame underneath


# ---------------------------------------------------------------- downloads of the same frame


@pytest.mark.parametrize("table", FACT_TABLES)
def test_xlsx_export_reads_back_equal_to_the_frame_shown(tables, table):
    rows = tables[table]
    lines = tv.filter_lines(
        tv.query_params(table, **PHONG_THO, vintage=2023), "vi", {"district_code": "Huyện Phong Thổ"}
    )
    book = openpyxl.load_workbook(io.BytesIO(tv.xlsx_bytes(table, rows, "vi", lines, WHEN)))
    sheet = book.active
    assert book.sheetnames == [table, "About"]
    assert list(sheet.iter_rows(values_only=True)) == frame_cells(tv.view(rows, "vi"))
    assert all(cell.font.bold for cell in sheet[1]) and sheet.freeze_panes == "A2"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_xlsx_has_number_formats_widths_and_an_about_sheet(tables):
    rows = tables["budget"]
    lines = tv.filter_lines(
        {"district_code": "109", "year": 2023, "line": None, "illustrative": False},
        "vi",
        {"district_code": "Huyện Phong Thổ"},
    )
    book = openpyxl.load_workbook(io.BytesIO(tv.xlsx_bytes("budget", rows, "vi", lines, WHEN)))
    sheet = book.active
    formats = {sheet.cell(1, c).value: sheet.cell(2, c).number_format for c in range(1, sheet.max_column + 1)}
    assert formats["Kinh phí giao (triệu đồng)"] == "#,##0"
    assert formats["Tạm ứng (triệu đồng)"] == "#,##0.000"
    assert formats["Ước đến ngày"] == "dd/mm/yyyy" and formats["Năm"] == "0"
    assert sheet.column_dimensions["A"].width >= 8 and sheet.column_dimensions["N"].width == 60
    about = dict(book["About"].iter_rows(values_only=True))
    assert about["Bảng"] == "Kinh phí (budget)" and about["Số dòng"] == "3"
    assert about["Bộ lọc — Huyện"] == "Huyện Phong Thổ (109)" and about["Bộ lọc — Khoản kinh phí"] == "Tất cả"
    assert about["Bộ lọc — Loại số liệu"] == "Chỉ số liệu thực tế"
    assert about["Thời điểm xuất"] == "01/07/2025 10:04:05 (giờ Việt Nam, UTC+7)"
    sources = [value for label, value in book["About"].iter_rows(values_only=True) if label == "Nguồn"]
    assert sorted(sources) == sorted(rows["source"].unique())


def test_about_sheet_labels_illustrative_rows(tables):
    lines = dict(tv.about_lines("x", [], tables["comm_team"], "en", WHEN))
    assert lines["Illustrative data"].startswith("77 of 77 rows are ILLUSTRATIVE")


def test_csv_export_is_the_frame_shown_with_vietnamese_intact(tables):
    rows = tables["club"]
    data = tv.csv_bytes(rows, "vi")
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    shown = tv.view(rows, "vi").astype(str)
    assert back.columns.tolist() == shown.columns.tolist() == [tv.header(c, "vi") for c in rows.columns]
    assert back["Trường"].tolist() == shown["Trường"].tolist()
    assert "Trường THCS Mù Sang (minh họa)" in back["Trường"].tolist()
    assert set(back["Tình trạng"]) == {"Đã thành lập, chưa ra mắt"}


def test_formula_like_text_in_a_table_is_neutralised_in_both_spreadsheets(tables):
    rows = tables["comm_team"].head(3).copy()
    rows["village"] = ['=HYPERLINK("http://evil","x")', "-Bản Dưới", "@Bản"]
    book = openpyxl.load_workbook(io.BytesIO(tv.xlsx_bytes("comm_team", rows, "vi", [], WHEN)))
    villages = [row[5] for row in book.active.iter_rows(min_row=2, values_only=True)]
    assert villages == ['\'=HYPERLINK("http://evil","x")', "'-Bản Dưới", "'@Bản"]
    back = pd.read_csv(io.BytesIO(tv.csv_bytes(rows, "vi")), encoding="utf-8-sig")
    assert back["Thôn, bản"].tolist() == villages
    assert back["Truyền thông viên"].tolist() == rows["communicators"].tolist()  # numbers stay numbers


def test_geojson_of_communes_sums_exactly_the_rows_shown(connection, tables):
    rows = run("comm_team", {"vintage": 2025, "district_code": "109", "year": 2023}, connection)
    boundary_rows = run("boundaries", {"vintage": 2025, "province_code": "12", "district_code": "109"}, connection)
    document = json.loads(tv.geojson_bytes("comm_team", rows, "communes", {"vintage": 2025}, boundary_rows, WHEN))
    features = document["features"]
    assert len(features) == rows["commune_code"].nunique() == 6
    assert sum(f["properties"]["records"] for f in features) == len(rows)
    assert sum(f["properties"]["communicators"] for f in features) == rows["communicators"].sum() == 596
    assert all(f["geometry"]["type"] in {"Polygon", "MultiPolygon"} for f in features)
    assert document["metadata"]["attribution"].startswith("Boundaries: censusVN2009")
    assert document["metadata"]["filters"] == {"vintage": 2025} and document["metadata"]["exported_at"].endswith(
        "+07:00"
    )
    read = gpd.read_file(io.BytesIO(json.dumps(document).encode()))
    assert "Xã Sì Lở Lầu" in set(read["commune_name"]) and read.geometry.is_valid.all()


def test_geojson_points_place_every_trusted_address_inside_its_commune(tables, connection):
    import shapely

    from geo.shapes import from_wkb

    rows = tables["trusted_address"].copy()
    boundaries = run("boundaries", {"vintage": 2023, "district_code": "109"}, connection)
    rows.loc[rows.index[0], "commune_code"] = "99999"  # a commune without a boundary: no place to put it
    document = json.loads(tv.geojson_bytes("trusted_address", rows, "points", {}, boundaries, when=WHEN))
    features = document["features"]
    assert [f["properties"]["record_id"] for f in features] == rows["record_id"].tolist()
    # The seed records no coordinates: each row is placed inside its commune, as on the map, and flagged.
    shapes = dict(zip(*from_wkb(boundaries)[["code", "geometry"]].T.values))
    for feature in features[1:]:
        assert feature["properties"]["approximate_position"] is True
        point = shapely.Point(feature["geometry"]["coordinates"])
        assert shapes[feature["properties"]["commune_code"]].buffer(1e-5).contains(point)
    assert features[0]["geometry"] is None and features[0]["properties"]["approximate_position"] is False
    assert document["metadata"]["features_without_coordinates"] == 1
    assert {f["properties"]["name"] for f in features} == set(rows["name"])


def test_file_names_say_what_is_inside():
    assert (
        tv.file_name(
            "comm_team", {"province_code": "12", "district_code": "109", "year": 2023, "vintage": 2025}, "xlsx"
        )
        == "comm_team_109_2023_v2025.xlsx"
    )
    assert (
        tv.file_name("target", {"province_code": "12", "district_code": None, "year": None}, "csv") == "target_12.csv"
    )
    assert (
        tv.file_name("comm_team", {"district_code": "109", "year": None, "year_from": 2023, "year_to": 2024}, "csv")
        == "comm_team_109_2023-2024.csv"
    )


def test_a_range_of_years_is_one_year_or_two_ends():
    assert tv.year_filters((2023, 2023)) == {"year": 2023}
    assert tv.year_filters((2024, 2022)) == {"year": None, "year_from": 2022, "year_to": 2024}
    assert tv.year_filters(None) == {"year": None}
    assert tv.year_range([2022, 2024], None) == (2024, 2024) and tv.year_range([2022], 2023) == (2023, 2023)
    assert tv.years_text((2022, 2024)) == "2022–2024" and tv.years_text((2023, 2023)) == "2023"
    lines = tv.filter_lines({"district_code": "109", "year": None, "year_from": 2022, "year_to": 2024}, "en")
    assert [label for label, _ in lines] == ["District", "From year", "To year"]


def test_a_query_takes_a_range_of_years(db):
    """Rows of a second year (imported) are in a range that holds it and out of one that does not."""
    two = teams(["Mù Sang", "Bản Hồ Sì Pan", 9, 4, 2024, ""], ["Dào San", "Bản Tả Phìn", 7, 3, 2024, ""])
    pipeline.commit(prepare(csv_bytes(two), db, name="2024.csv"), db, "lan", "app")
    with opened(db) as connection:
        for name in FACT_TABLES:
            assert {"year_from", "year_to"} <= set(tv.parameters(name)), name
        both = run("comm_team", {"district_code": "109", "year_from": 2023, "year_to": 2024}, connection)
        later = run("comm_team", {"district_code": "109", "year_from": 2024}, connection)
        earlier = run("comm_team", {"district_code": "109", "year_to": 2023}, connection)
        budget = run("budget", {"district_code": "109", "year_from": 2024, "year_to": 2025}, connection)
    assert len(both) == 79 and set(both["year"]) == {2023, 2024}
    assert len(later) == 2 and len(earlier) == 77
    assert budget.empty  # the only budget lines are the 2023 report's


def test_the_page_shows_and_exports_the_years_chosen(db, monkeypatch):
    two = teams(["Mù Sang", "Bản Hồ Sì Pan", 9, 4, 2024, ""], ["Dào San", "Bản Tả Phìn", 7, 3, 2024, ""])
    pipeline.commit(prepare(csv_bytes(two), db, name="2024.csv"), db, "lan", "app")
    monkeypatch.setenv("P8_DB", str(db))
    st.cache_data.clear()
    app = open_tables(lang="en", year="2024")
    assert len(app.dataframe[0].value) == 2
    app.select_slider(key="tables_years_district").set_value((2023, 2024)).run()
    assert not app.exception, app.exception
    assert len(app.dataframe[0].value) == 79 and "2023–2024" in app.title[0].value
    assert "79 rows" in [c.value for c in app.caption]


# ---------------------------------------------------------------- the page


def open_tables(**query) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        app.query_params[key] = value
    app.run()
    app.switch_page("pages/tables.py").run()
    assert not app.exception, app.exception
    return app


def test_page_shows_exactly_the_querys_rows_in_vietnamese(database_env, connection):
    app = open_tables()
    assert "Bảng số liệu" in app.title[0].value and "Phong Thổ" in app.title[0].value
    expected = tv.view(run("comm_team", {**PHONG_THO, "vintage": 2023}, connection), "vi")
    pd.testing.assert_frame_equal(app.dataframe[0].value.reset_index(drop=True), expected, check_dtype=False)
    assert "77 dòng" in [c.value for c in app.caption]
    assert any("MINH HỌA" in w.value for w in app.warning)
    assert app.selectbox(key="tables_table").options[0] == "Tổ truyền thông cộng đồng (77)"


def test_page_filters_reach_the_query(database_env, connection):
    app = open_tables(lang="en")
    app.selectbox(key="tables_table").set_value("event").run()
    app.selectbox(key="tables_type_event").set_value("campaign").run()
    app.radio(key="tables_vintage").set_value(2025).run()
    params = {
        **PHONG_THO,
        "vintage": 2025,
        "event_type": "campaign",
        "commune_code": None,
        "content_area": None,
        "illustrative": None,
    }
    expected = tv.view(run("event", params, connection), "en")
    shown = app.dataframe[0].value.reset_index(drop=True)
    pd.testing.assert_frame_equal(shown, expected, check_dtype=False)
    assert len(shown) == 4 and set(shown["Event type"]) == {"Communication campaign"}
    assert any("Resolution 1670" in c.value for c in app.caption)
    app.radio(key="tables_data_kind").set_value("real").run()
    assert app.dataframe[0].value.empty and any("No rows" in i.value for i in app.info)


def test_page_commune_filter_uses_the_vintage_shown(database_env):
    app = open_tables()
    app.radio(key="tables_vintage").set_value(2025).run()
    app.selectbox(key="tables_commune_2025_district").set_value("03562").run()
    shown = app.dataframe[0].value
    assert set(shown["Xã"]) == {"Xã Sì Lở Lầu"} and len(shown) == 19
    assert set(shown["Xã khi ghi nhận"]) >= {"Xã Vàng Ma Chải", "Xã Sì Lở Lầu"}


def test_district_level_tables_have_no_commune_filter(database_env, connection):
    app = open_tables()
    app.selectbox(key="tables_table").set_value("target").run()
    keys = {getattr(w, "key", None) for w in [*app.selectbox, *app.radio]}
    assert "tables_vintage" not in keys and not any(str(k).startswith("tables_commune") for k in keys)
    assert len(app.dataframe[0].value) == 10
    app.selectbox(key="tables_type_target").set_value("achieved").run()
    achieved = (run("target", PHONG_THO, connection)["status"] == "achieved").sum()
    assert set(app.dataframe[0].value["Tình trạng"]) == {"Đạt"} and len(app.dataframe[0].value) == achieved


@pytest.mark.parametrize(
    "scope",
    [
        PHONG_THO,
        {"province_code": "12", "district_code": None, "year": None, "year_from": 2022, "year_to": 2025},
        {"province_code": None, "district_code": None, "year": None},
        {**PHONG_THO, "vintage": 2025},  # the units that took over its communes: some reach beyond it
    ],
)
def test_the_count_question_counts_what_each_tables_question_lists(connection, scope):
    """The page names every table with its count without fetching its rows: fact_counts must agree with them all."""
    counts = run("fact_counts", scope, connection).set_index("fact_table")["rows"]
    assert list(counts.index) == list(FACT_TABLES)
    listed = {name: len(run(name, tv.query_params(name, **scope), connection)) for name in FACT_TABLES}
    assert counts.to_dict() == listed
    assert sum(listed.values()) > 0


def test_the_count_question_sees_an_import(db):
    two = teams(["Mù Sang", "Bản Hồ Sì Pan", 9, 4, 2024, ""], ["Dào San", "Bản Tả Phìn", 7, 3, 2024, ""])
    with opened(db) as connection:
        before = run("fact_counts", {"district_code": "109", "year": 2024}, connection).set_index("fact_table")
    pipeline.commit(prepare(csv_bytes(two), db, name="2024.csv"), db, "lan", "app")
    with opened(db) as connection:
        after = run("fact_counts", {"district_code": "109", "year": 2024}, connection).set_index("fact_table")
    assert after.loc["comm_team", "rows"] == before.loc["comm_team", "rows"] + 2

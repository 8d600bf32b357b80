"""The writers behind every export: formulas never run, Vietnamese survives, numbers stay numbers."""

import io
import json
import zipfile

import geopandas as gpd
import openpyxl
import pandas as pd
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from queries.export import (
    BOUNDARY_ATTRIBUTION,
    ExportError,
    excel_format,
    neutralise,
    to_csv,
    to_geojson_communes,
    to_geojson_points,
    to_json,
    to_xlsx,
)

NASTY = pd.DataFrame(
    {
        "name": ['=HYPERLINK("http://x","y")', "+1+1", "-2", "@SUM(A1)", "\tTab", "Xã Vàng Ma Chải", "ordinary"],
        "count": [1, -2, 3, 4, 5, 6, 7],
        "share": [0.5, None, 1.25, 0.0, 2.0, 3.5, 4.0],
    }
)
FORMULA_STARTS = ["=", "+", "-", "@", "\t", "\r"]


def xlsx_rows(data: bytes, sheet: str | None = None) -> list[tuple]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return list((book[sheet] if sheet else book.active).iter_rows(values_only=True))


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@x", "\tx", "\rx"])
def test_formula_like_text_is_neutralised(text):
    assert neutralise(text) == "'" + text


def test_numbers_and_ordinary_text_are_untouched():
    assert neutralise(-2) == -2 and neutralise("Mù Sang") == "Mù Sang"


def test_csv_neutralises_text_keeps_numbers_and_vietnamese():
    data = to_csv(NASTY)
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert back["name"].tolist()[:5] == ["'" + v for v in NASTY["name"][:5]]
    assert back["name"][5] == "Xã Vàng Ma Chải"
    assert back["count"].tolist() == NASTY["count"].tolist()


def test_xlsx_has_no_formula_cells_and_reads_back():
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(NASTY)))
    sheet = book.active
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    values = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [v[0] for v in values][:2] == ['\'=HYPERLINK("http://x","y")', "'+1+1"]
    assert values[5][0] == "Xã Vàng Ma Chải"
    assert [v[1] for v in values] == NASTY["count"].tolist()
    assert values[1][2] is None and values[2][2] == 1.25
    assert sheet["A1"].font.bold and sheet.freeze_panes == "A2"


def test_xlsx_file_holds_no_formula_element_at_all():
    """Read the sheet's XML itself: a formula is an <f> element, whatever a reader makes of it."""
    with zipfile.ZipFile(io.BytesIO(to_xlsx(NASTY, about=[("=label", "-value")]))) as archive:
        sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/")]
        assert len(sheets) == 2
        assert all(b"<f>" not in archive.read(name) and b"<f " not in archive.read(name) for name in sheets)


def test_json_is_plain_numbers_and_nulls():
    rows = json.loads(to_json(NASTY))
    assert rows[1] == {"name": "+1+1", "count": -2, "share": None}
    assert rows[5]["name"] == "Xã Vàng Ma Chải"


TYPED = pd.DataFrame(
    {
        "year": pd.array([2023, 2023, 2024], dtype="int32"),
        "attendees": pd.array([1200, None, 35], dtype="Int32"),
        "allocated_mvnd": [1222.0, 407.319, None],
        "held_on": pd.to_datetime(["2023-10-26", None, "2024-01-02"]),
        "illustrative": [True, False, True],
        "topic": ["Bình đẳng giới", None, "-giảm tảo hôn"],
    }
)


def test_xlsx_keeps_types_and_gives_number_formats():
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(TYPED)))
    sheet = book.active
    header, first, second, third = list(sheet.iter_rows(values_only=True))
    assert header == tuple(TYPED.columns)
    assert first[:5] == (2023, 1200, 1222.0, pd.Timestamp("2023-10-26").to_pydatetime(), True)
    assert second[1] is None and second[3] is None and second[5] is None
    assert third[5] == "'-giảm tảo hôn"
    formats = {cell.column_letter: cell.number_format for cell in sheet[2]}
    assert formats["A"] == "0"  # a year is never written 2.023
    assert formats["B"] == "#,##0" and formats["C"] == "#,##0.000" and formats["D"] == "dd/mm/yyyy"
    assert sheet.auto_filter.ref == "A1:F4"


def test_excel_formats_follow_the_values():
    assert excel_format("period_start", pd.Series([2022])) == "0"
    assert excel_format("target_value", pd.Series([75.0, 9.0])) == "#,##0"
    assert excel_format("share", pd.Series([0.5, 1.25])) == "#,##0.00"
    assert excel_format("topic", pd.Series(["x"])) is None and excel_format("flag", pd.Series([True])) is None


def test_xlsx_about_sheet_is_written_as_text():
    about = [("Bộ lọc — Xã", "Tất cả"), ("Nguồn", "=cmd|' /C calc'!A0"), ("Số dòng", "3")]
    rows = xlsx_rows(to_xlsx(TYPED, sheet="comm_team", about=about), "About")
    assert rows == [("Bộ lọc — Xã", "Tất cả"), ("Nguồn", "'=cmd|' /C calc'!A0"), ("Số dòng", "3")]
    assert openpyxl.load_workbook(io.BytesIO(to_xlsx(TYPED, sheet="comm_team"))).sheetnames == ["comm_team"]


def test_control_characters_cannot_break_an_xlsx():
    frame = pd.DataFrame({"note": ["a\x00b\x0bc", "tab\tand\nnewline"]})
    rows = xlsx_rows(to_xlsx(frame))
    assert rows[1][0] == "a\ufffdb\ufffdc" and rows[2][0] == "tab\tand\nnewline"


# Text as staff type it: Vietnamese letters, separators, quotes, and every formula start.
TEXT = st.text(alphabet=st.sampled_from(list("aăâđêôơưáàảãạ ỹ,;\"'\n=+-@\t\r0123456789ÀẠĐ")), max_size=12)


@settings(max_examples=80, deadline=None)
@given(st.lists(TEXT, min_size=1, max_size=5), st.lists(st.integers(-(10**9), 10**9), min_size=5, max_size=5))
def test_any_text_round_trips_neutralised_and_numbers_stay_numbers(texts, numbers):
    """Whatever staff typed: same rows back, formula starts neutralised, numbers still numbers."""
    frame = pd.DataFrame({"text": texts, "number": numbers[: len(texts)]})
    expected = [("'" + t if t.startswith(tuple(FORMULA_STARTS)) else t) for t in texts]

    back = pd.read_csv(io.BytesIO(to_csv(frame)), encoding="utf-8-sig", keep_default_na=False, dtype={"text": str})
    assert back["text"].tolist() == expected
    assert back["number"].tolist() == frame["number"].tolist()

    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(frame)))
    cells = [row for row in book.active.iter_rows(min_row=2)]
    assert all(cell.data_type != "f" for row in cells for cell in row)
    # XML keeps no carriage returns: the writer stores them as line feeds, and an empty text as an empty cell.
    assert [row[0].value or "" for row in cells] == [e.replace("\r\n", "\n").replace("\r", "\n") for e in expected]
    assert [row[1].value for row in cells] == frame["number"].tolist()
    assert all(isinstance(row[1].value, int) for row in cells)


def test_a_carriage_return_inside_text_never_splits_a_csv_row():
    frame = pd.DataFrame({"note": ["a\rb", "c"], "n": [1, 2]})
    back = pd.read_csv(io.BytesIO(to_csv(frame)), encoding="utf-8-sig")
    assert len(back) == 2 and back["note"].tolist() == ["a\rb", "c"]


# ---------------------------------------------------------------- GeoJSON

SQUARE = shapely.box(103.3, 22.5, 103.4, 22.6)
SHAPES = gpd.GeoDataFrame(
    {"vintage": [2023, 2023], "code": ["03391", "03562"]},
    geometry=[SQUARE, shapely.box(103.4, 22.5, 103.5, 22.6)],
    crs="EPSG:4326",
)
FACTS = pd.DataFrame(
    {
        "vintage": [2023, 2023, 2023, 2023],
        "commune_code": ["03391", "03391", "03562", None],
        "commune_name": ["Xã Lả Nhì Thàng", "Xã Lả Nhì Thàng", "Xã Vàng Ma Chải", None],
        "communicators": [7, 9, 8, 5],
        "illustrative": [True, False, False, True],
        "record_id": ["a", "b", "c", "district-wide"],
        "latitude": [22.55, None, 91.0, 22.51],
        "longitude": [103.35, None, 103.45, 103.41],
    }
)


def test_commune_polygons_carry_the_rows_values_and_the_attribution():
    document = json.loads(to_geojson_communes(FACTS, SHAPES, {"name": "comm_team"}))
    assert document["type"] == "FeatureCollection"
    assert (
        document["metadata"]["attribution"]
        == BOUNDARY_ATTRIBUTION
        == "Boundaries: censusVN2009 (M. Choisy, L. Contamin), MIT licence"
    )
    by_code = {f["properties"]["commune_code"]: f for f in document["features"]}
    assert set(by_code) == {"03391", "03562"}
    first = by_code["03391"]["properties"]
    assert (first["records"], first["communicators"], first["illustrative"], first["record_ids"]) == (
        2,
        16,
        True,
        ["a", "b"],
    )
    assert by_code["03562"]["properties"]["illustrative"] is False
    assert shapely.geometry.shape(by_code["03391"]["geometry"]).equals(SQUARE)
    # The district-wide row cannot be drawn in a commune: it is counted and named, not silently dropped.
    assert document["metadata"]["unplaced_records"] == 1 and document["metadata"]["unplaced_record_ids"] == [
        "district-wide"
    ]
    assert sum(f["properties"]["records"] for f in document["features"]) + 1 == len(FACTS)


def test_points_keep_every_row_with_null_geometry_where_no_valid_coordinates():
    document = json.loads(to_geojson_points(FACTS))
    features = document["features"]
    assert [f["properties"]["record_id"] for f in features] == FACTS["record_id"].tolist()
    assert features[0]["geometry"] == {"type": "Point", "coordinates": [103.35, 22.55]}  # GeoJSON is lon, lat
    assert features[1]["geometry"] is None and features[2]["geometry"] is None  # missing; latitude 91 is impossible
    assert document["metadata"]["features_without_coordinates"] == 2
    assert "latitude" not in features[0]["properties"]


def test_geojson_is_utf8_and_vietnamese_survives_a_gis_reader():
    data = to_geojson_communes(FACTS, SHAPES)
    assert "Xã Vàng Ma Chải".encode() in data and not data.startswith(b"\xef\xbb\xbf")
    read = gpd.read_file(io.BytesIO(data))
    assert sorted(read["commune_name"]) == ["Xã Lả Nhì Thàng", "Xã Vàng Ma Chải"]
    assert read.geometry.is_valid.all()


def test_geojson_needs_places():
    with pytest.raises(ExportError):
        to_geojson_points(FACTS.drop(columns=["latitude"]))
    with pytest.raises(ExportError):
        to_geojson_communes(FACTS.drop(columns=["vintage"]), SHAPES)

"""The map page's map and drill-down as pure functions: rendered to HTML and read back."""

import json

import pytest

from geo.indicators import INDICATORS
from geo.layers import HATCH_FILL, place_points
from geo.shapes import for_display, from_wkb
from queries.runner import run
from tests.test_mapping import geojson_features, outline_codes
from views.map_view import MapChoice, clicked_code, commune_records, coverage_map, indicator_values


@pytest.fixture(scope="module")
def scope_data(connection):
    def load(vintage=2023, **scope):
        shapes = for_display(from_wkb(run("boundaries", {"vintage": vintage, **scope}, connection)))
        indicators = run("commune_indicators", {"vintage": vintage, "year": 2023, **scope}, connection)
        points = place_points(run("map_points", {"vintage": vintage, "year": 2023, **scope}, connection), shapes)
        return shapes, indicators, points

    return load


def shows(html: str, label: str) -> bool:
    """Text is in the page as HTML or inside a JavaScript string (folium's layer control escapes to \\uXXXX)."""
    return label in html or json.dumps(label)[1:-1] in html


def page(shapes, indicators, points, lang="vi", **choice):
    options = dict(indicator="comm_teams", method="natural_breaks", classes=5, vintage=2023, basemap="none") | choice
    return coverage_map(shapes, indicators, points, MapChoice(**options), lang).get_root().render()


def test_the_district_map_has_every_commune_every_layer_and_a_legend_for_each(scope_data):
    shapes, indicators, points = scope_data(district_code="109")
    html = page(shapes, indicators, points)
    features = geojson_features(html)
    assert len(features) == 17 and all("fill" in f["properties"] for f in features)  # the units, sent once
    assert sorted(outline_codes(html)) == sorted(indicators.loc[indicators["supervised"], "code"])
    for label in [
        "Tổ truyền thông (theo bản) (77)",
        "Địa chỉ tin cậy (9)",
        "CLB Thủ lĩnh của sự thay đổi (trường THCS) (12)",
        "Xã được giám sát (viền đỏ)",
    ]:
        assert shows(html, label), label
    assert html.count("L.markerClusterGroup(") == 1  # only the dense team layer clusters
    teams_listed = int(indicators["comm_team_kind"].notna().sum())
    assert f"Minh họa ở {teams_listed}/{teams_listed} xã (danh sách thực tế: 0)" in html and "L.control.layers" in html


def test_tooltips_carry_value_unit_and_illustrative_label(scope_data):
    shapes, indicators, points = scope_data(district_code="109")
    units = [f for f in geojson_features(page(shapes, indicators, points)) if "fill" in f["properties"]]
    by_code = {f["properties"]["code"]: f["properties"] for f in units}
    row = indicators.iloc[0]
    assert by_code[row["code"]]["value_text"] == f"{row['comm_teams']} tổ"
    assert by_code[row["code"]]["data_kind"] == "minh họa"


def test_share_indicators_are_percent_and_missing_where_nobody_is_counted(scope_data):
    shapes, indicators, points = scope_data(district_code="109")
    values = indicator_values(indicators, INDICATORS["trusted_address_members_female_pct"], "vi")
    no_address = values["trusted_addresses"] == 0
    assert no_address.any() and values.loc[no_address, "value"].isna().all()
    assert values.loc[~no_address, "value_text"].str.endswith(" %").all()
    assert "," in values.loc[~no_address, "value_text"].iloc[0]  # Vietnamese decimal comma


def test_units_outside_the_reporting_district_are_no_data_not_zero(scope_data):
    shapes, indicators, points = scope_data(vintage=2025, province_code="12")
    values = indicator_values(indicators, INDICATORS["comm_teams"], "en")
    assert values["value"].notna().sum() == 6 and len(values) == 38
    assert values["note"].isna().all()  # a whole province has no parts outside it
    html = page(shapes, indicators, points, lang="en", vintage=2025)
    fills = {f["properties"]["fill"] for f in geojson_features(html) if "fill" in f["properties"]}
    assert HATCH_FILL in fills and "#d9d9d9" not in fills and "No data" in html  # hatched, never background grey


def test_a_district_in_2025_boundaries_notes_units_reaching_beyond_it(scope_data):
    shapes, indicators, points = scope_data(vintage=2025, district_code="109")
    values = indicator_values(indicators, INDICATORS["comm_teams"], "vi")
    assert sorted(values.loc[values["note"].notna(), "name"]) == ["Phường Đoàn Kết", "Xã Sin Suối Hồ"]
    assert values["value"].sum() == 77


def test_english_labels_everywhere(scope_data):
    shapes, indicators, points = scope_data(district_code="109")
    html = page(shapes, indicators, points, lang="en", indicator="communicators_per_1000")
    assert shows(html, "Communicators per 1,000 residents") and shows(html, "Trusted addresses (9)")
    teams_listed = int(indicators["comm_team_kind"].notna().sum())
    assert f"Illustrative in {teams_listed} of {teams_listed} communes (real lists: 0)" in html
    assert "Minh họa ở" not in html and "Không có số liệu" not in html


def test_a_click_is_read_from_polygons_and_points():
    assert clicked_code({"last_active_drawing": {"properties": {"code": "03562", "fill": "#fff"}}}) == "03562"
    assert (
        clicked_code({"last_active_drawing": {"type": "Feature", "properties": {"code": "03391", "layer": "club"}}})
        == "03391"
    )
    assert clicked_code(None) is None and clicked_code({"last_active_drawing": None}) is None
    assert clicked_code({"last_active_drawing": {"properties": {"code": 3562}}}) is None


def test_drill_down_tables_list_one_communes_records(scope_data):
    shapes, indicators, points = scope_data(district_code="109")
    code = indicators.loc[indicators["comm_teams"].idxmax(), "code"]
    teams = commune_records(points, code, "comm_team", "vi")
    assert len(teams) == indicators.set_index("code").at[code, "comm_teams"]
    assert list(teams.columns) == ["Thôn/bản, trường", "Số người", "Nữ", "Ngày", "Số liệu"]
    assert teams["Số người"].sum() == indicators.set_index("code").at[code, "communicators"]
    clubs = commune_records(points, "03562", "club", "en")
    assert list(clubs.columns) == ["Village, school", "Type", "Details", "Data"]


def test_the_map_in_one_sentence_names_the_highest_and_lowest_units(scope_data):
    from views.map_view import map_summary

    _, indicators, _ = scope_data(district_code="109")
    covered = indicators[indicators["covered"]].sort_values(["comm_teams", "name"], ascending=[False, True])
    text = map_summary(indicators, "comm_teams", "en")
    top = covered.iloc[0]
    assert text.startswith("On the map — Communication teams: highest ")
    assert f"{top['name'].removeprefix('Xã ').removeprefix('Thị trấn ')} ({int(top['comm_teams'])})" in text
    assert "lowest" in text and "Xã " not in text
    empty = indicators.assign(covered=False)
    assert map_summary(empty, "comm_teams", "vi") is None
    few = map_summary(covered.head(2), "comm_teams", "vi")
    assert few.startswith("Trên bản đồ — Số tổ truyền thông: ") and "cao nhất" not in few


def test_bubbles_draw_counts_per_unit_and_only_the_picked_communes_records(scope_data):
    from geo.layers import PointLayer

    shapes, indicators, points = scope_data(district_code="109")
    picked = points.loc[points["layer"] == "comm_team", "code"].iloc[0]
    own = points[points["code"] == picked]
    choice = MapChoice("comm_teams", "natural_breaks", 5, 2023, "none", "bubbles")
    fmap = coverage_map(shapes, indicators, own, choice, "en")
    layers = [child for child in fmap._children.values() if isinstance(child, PointLayer)]
    bubbles = {layer.kind: json.loads(layer.points_json) for layer in layers if layer.css_class == "p8-bubble"}
    records = {layer.kind: json.loads(layer.points_json) for layer in layers if layer.css_class == "p8-point"}
    with_teams = indicators[indicators["covered"] & (indicators["comm_teams"] > 0)]
    assert sorted(row[3] for row in bubbles["comm_team"]) == sorted(with_teams["code"])
    largest = max(row[2] for rows in bubbles.values() for row in rows)
    assert largest == 22.0  # the biggest count of any kind gets the biggest circle
    assert {row[3] for rows in records.values() for row in rows} == {picked}
    assert sum(len(rows) for rows in records.values()) == len(own)
    html = fmap.get_root().render()
    assert shows(html, "Circle area in proportion to the number (largest:")
    assert shows(html, "Communication teams (by village): number")
    # every record drawn one by one costs more than the bubbles and one commune's records
    assert len(page(shapes, indicators, points, lang="en")) > len(html)

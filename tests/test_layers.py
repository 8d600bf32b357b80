"""Map layers: the packed geometry the browser decodes, point placement, escaped tooltips."""

import json

import pandas as pd
import pytest
import shapely
from shapely.geometry import Polygon

from geo.layers import (
    APPROXIMATE,
    BUBBLE_MAX_PX,
    ILLUSTRATIVE,
    bubble_anchors,
    bubble_layers,
    bubble_radius,
    compact_json,
    pack_features,
    place_points,
    point_flags,
    point_text,
    points_inside,
    record_layers,
    unpack_features,
)
from geo.shapes import for_display, from_wkb
from queries.runner import run

EVIL = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def shapes(connection):
    return for_display(from_wkb(run("boundaries", {"vintage": 2023, "district_code": "109"}, connection)))


def test_packed_geometry_decodes_to_the_display_geometry(shapes):
    packed = json.loads(compact_json(pack_features(shapes, ["code", "name"], shapes.attrs["grid"])))
    features = unpack_features(packed)
    assert [f["properties"]["code"] for f in features] == shapes["code"].tolist()
    for feature, original in zip(features, shapes.geometry):
        decoded = shapely.geometry.shape(feature["geometry"])
        assert decoded.is_valid
        assert decoded.symmetric_difference(original).area < 1e-9


def test_packing_is_much_smaller_than_geojson(shapes):
    packed = compact_json(pack_features(shapes, ["code"], shapes.attrs["grid"]))
    plain = shapes[["code", "geometry"]].to_json(drop_id=True)
    assert len(packed) < 0.7 * len(plain)


def test_holes_survive_packing():
    ring = Polygon([(0, 0), (0.01, 0), (0.01, 0.01), (0, 0.01)], [[(0.003, 0.003), (0.006, 0.003), (0.006, 0.006)]])
    import geopandas as gpd

    frame = gpd.GeoDataFrame({"code": ["1"]}, geometry=[shapely.set_precision(ring, 1e-4)])
    decoded = shapely.geometry.shape(unpack_features(pack_features(frame, ["code"], 1e-4))[0]["geometry"])
    assert decoded.area == pytest.approx(ring.area, rel=1e-6) and len(decoded.geoms[0].interiors) == 1


def test_json_cannot_close_the_script_element():
    text = compact_json({"name": "</script><script>alert(1)</script>"})
    assert "</script>" not in text and json.loads(text)["name"].startswith("</script>")


def test_points_inside_a_commune_are_inside_and_reproducible(shapes):
    polygon = shapes.geometry.iloc[0]
    first, second = points_inside(polygon, 12, seed=3), points_inside(polygon, 12, seed=3)
    assert first == second and len(first) == 12
    assert all(polygon.contains(shapely.Point(x, y)) for x, y in first)
    assert points_inside(polygon, 12, seed=4) != first


def test_recorded_positions_are_kept_and_missing_ones_placed_in_their_unit(shapes):
    code = shapes["code"].iloc[2]
    records = pd.DataFrame(
        {
            "layer": ["trusted_address", "trusted_address", "comm_team"],
            "code": [code, code, "99999"],
            "latitude": [22.6, None, None],
            "longitude": [103.3, None, None],
        }
    )
    placed = place_points(records, shapes)
    assert len(placed) == 2  # a unit with no boundary cannot be placed, and is not invented
    assert (
        placed.loc[0, ["latitude", "longitude"]].tolist() == [22.6, 103.3] and not placed.loc[0, "approximate_position"]
    )
    unit = shapes.set_index("code").geometry[code]
    assert placed.loc[1, "approximate_position"] and unit.contains(
        shapely.Point(placed.loc[1, "longitude"], placed.loc[1, "latitude"])
    )


WORDS = {"people": "người", "female": "nữ", "approximate": "gần đúng", "illustrative": "minh họa"}


def record(**values):
    row = {
        "layer": "trusted_address",
        "code": "03562",
        "place": "Bản Hờ",
        "subtype": None,
        "detail": "Nhà văn hóa",
        "people": 12,
        "people_female": 5,
        "unit_name": "Xã Vàng Ma Chải",
        "approximate_position": True,
        "illustrative": True,
        "latitude": 22.6,
        "longitude": 103.3,
    } | values
    return next(pd.DataFrame([row]).itertuples())


def test_point_tooltips_escape_every_text():
    text = point_text(record(place=EVIL, detail=EVIL, unit_name=EVIL), WORDS, str)
    assert EVIL not in text and "&lt;img src=x onerror=alert(1)&gt;" in text
    assert "12 người (5 nữ)" in text and text.count("<br>") == 3


def test_notes_and_titles_are_sent_once_per_layer_not_per_point():
    points = pd.DataFrame([record(record_id=str(i))._asdict() for i in range(40)]).drop(columns="Index")
    (layer,) = record_layers(points, names={"trusted_address": EVIL}, words=WORDS, number=str)
    html = layer._template.module.script(layer)
    assert html.count("gần đúng") == 1 and "alert(1)" in html and EVIL not in html
    assert point_flags(record()) == APPROXIMATE | ILLUSTRATIVE
    assert point_flags(record(approximate_position=False, illustrative=False)) == 0


def test_bubble_spots_are_inside_their_unit_one_per_kind(shapes):
    anchors = bubble_anchors(shapes)
    assert len(anchors) == 4 * len(shapes)
    geometry = dict(zip(shapes["code"], shapes.geometry))
    for row in anchors.itertuples():
        assert geometry[row.code].covers(shapely.Point(row.longitude, row.latitude)), row
    # four kinds of one commune do not sit on one spot (in all but the smallest units)
    spread = anchors.groupby("code")[["latitude", "longitude"]].nunique()
    assert (spread["latitude"] > 1).mean() > 0.8


def test_bubble_area_not_radius_follows_the_count():
    assert bubble_radius(100, 100) == BUBBLE_MAX_PX
    assert bubble_radius(25, 100) == pytest.approx(BUBBLE_MAX_PX / 2, abs=0.1)
    assert bubble_radius(0, 100) == 0 and bubble_radius(5, 0) == 0
    assert bubble_radius(0.001, 100) >= 3  # the smallest count stays visible


def bubble_counts(shapes, scale: int) -> pd.DataFrame:
    counts = pd.DataFrame({"code": shapes["code"], "name": [EVIL] + list(shapes["name"][1:])})
    counts["covered"] = True
    counts["illustrative"] = [True] + [False] * (len(shapes) - 1)
    for index, column in enumerate(["comm_teams", "trusted_addresses", "clubs", "events"]):
        counts[column] = [(i % 5 + index) * scale for i in range(len(shapes))]
    return counts


def render_layers(layers) -> str:
    import folium

    fmap = folium.Map(tiles=None)
    for layer in layers:
        layer.add_to(fmap)
    return fmap.get_root().render()


def test_bubbles_cost_the_same_for_ten_or_ten_thousand_records_per_unit(shapes):
    kwargs = dict(
        names={k: k for k in ("comm_team", "trusted_address", "club", "event")},
        unit_word={k: "n" for k in ("comm_team", "trusted_address", "club", "event")},
        notes=("approximate", "illustrative"),
    )
    small, small_largest = bubble_layers(bubble_counts(shapes, 1), bubble_anchors(shapes), **kwargs)
    large, large_largest = bubble_layers(bubble_counts(shapes, 1000), bubble_anchors(shapes), **kwargs)
    assert large_largest == 1000 * small_largest
    assert [len(json.loads(layer.points_json)) for layer in small] == [
        len(json.loads(layer.points_json)) for layer in large
    ]
    html = render_layers(large)
    assert abs(len(html) - len(render_layers(small))) < 2000
    assert "p8-bubble" in html and EVIL not in html  # names are escaped
    rows = json.loads(large[1].points_json)  # trusted addresses: every unit has some
    assert rows[0][5] & ILLUSTRATIVE and not any(row[5] & ILLUSTRATIVE for row in rows[1:])
    # a commune with no teams draws no bubble
    assert len(json.loads(large[0].points_json)) == int((bubble_counts(shapes, 1)["comm_teams"] > 0).sum())


def test_a_text_repeated_over_many_units_is_sent_once_and_decodes_back():
    import geopandas as gpd

    squares = [Polygon([(i, 0), (i + 1, 0), (i + 1, 1), (i, 1)]) for i in range(80)]
    kinds = ["ILLUSTRATIVE: an allocation of district totals" if i % 3 else None for i in range(80)]
    frame = gpd.GeoDataFrame(
        {"code": [f"{i:05d}" for i in range(80)], "kind": kinds, "name": [f"X{i}" for i in range(80)]}, geometry=squares
    )
    packed = pack_features(frame, ["code", "kind", "name"], 1e-4)
    assert packed["shared"] == {"kind": [None, kinds[1]]}  # unique names stay inline
    assert compact_json(packed).count("an allocation of district totals") == 1
    assert [f["properties"]["kind"] for f in unpack_features(packed)] == kinds
    assert [f["properties"]["name"] for f in unpack_features(packed)][:2] == ["X0", "X1"]

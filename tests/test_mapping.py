"""Map builders as pure functions: render the folium map to HTML and look at what a browser would get."""

import json
import re

import pandas as pd
import pytest

from geo.mapping import NO_DATA, PALETTE, choropleth_map, classify, colour_for
from geo.shapes import for_display, from_wkb
from queries.runner import run

EVIL = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def shapes(connection):
    return for_display(from_wkb(run("boundaries", {"vintage": 2023, "district_code": "109"}, connection)))


@pytest.fixture(scope="module")
def activity(connection):
    return run("commune_activity", {"district_code": "109", "year": 2023}, connection)


def render(shapes, values, **kwargs):
    options = dict(value_column="comm_teams", title="Số tổ", unit="tổ", tooltip={"name": "Xã", "comm_teams": "Tổ"}, no_data_label="Không có số liệu")
    options.update(kwargs)
    return choropleth_map(shapes, values, **options).get_root().render()


def geojson_features(page: str) -> list[dict]:
    """The FeatureCollections folium passes to its GeoJson layers' `_add(...)` calls."""
    decoder = json.JSONDecoder()
    payloads = [decoder.raw_decode(page, match.end())[0] for match in re.finditer(r"_add\((?=\{)", page)]
    assert payloads, "no GeoJSON data in the page"
    return [f for p in payloads for f in p["features"]]


def test_one_shape_per_commune_with_colours_from_the_values(shapes, activity):
    page = render(shapes, activity)
    features = geojson_features(page)
    assert len(features) == 17 == len(shapes)
    fills = {f["properties"]["code"]: f["properties"]["fill"] for f in features}
    no_teams = set(activity.loc[activity["comm_teams"] == 0, "code"])
    most = activity.loc[activity["comm_teams"].idxmax(), "code"]
    assert all(fills[code] == PALETTE[0] for code in no_teams)
    assert fills[most] == PALETTE[-1]


def test_no_asset_comes_from_the_internet(shapes, activity):
    page = render(shapes, activity)
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert any(s.endswith("leaflet.js") for s in sources)
    assert all(s.startswith("/app/static/") for s in sources), sources


def test_standalone_page_inlines_leaflet(shapes, activity):
    page = render(shapes, activity, inline_assets=True)
    assert not re.findall(r'<(?:script|link)[^>]*(?:src|href)="https?://', page)
    assert "L.map" in page or "L.Map" in page
    assert len(page) > 140_000  # leaflet.js itself is inside


def test_tooltip_and_legend_text_is_escaped(shapes, activity):
    hostile = activity.assign(name=EVIL)
    page = render(shapes, hostile, title=EVIL, tooltip={"name": EVIL, "comm_teams": "Tổ"})
    assert EVIL not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_legend_and_attribution_are_present(shapes, activity):
    page = render(shapes, activity, illustrative_note="Số liệu theo xã: minh họa", number=lambda v: f"{v:.1f}".replace(".", ","))
    assert "p8-legend" in page and "Số tổ (tổ)" in page and "Không có số liệu" in page
    assert "minh họa" in page
    assert "censusVN2009" in page


def test_missing_values_are_grey():
    bins = classify(pd.Series([1.0, 2.0, 3.0]))
    assert colour_for(None, bins) == NO_DATA and colour_for(float("nan"), bins) == NO_DATA
    assert colour_for(3.0, bins) == PALETTE[-1] and colour_for(1.0, bins) == PALETTE[0]
    assert classify(pd.Series([None, None], dtype=float)) == []


def test_display_shapes_keep_neighbours_touching(shapes, connection):
    raw = from_wkb(run("boundaries", {"vintage": 2023, "district_code": "109"}, connection))
    assert shapes.is_valid.all()
    assert len(shapes.to_json()) < len(raw.to_json())
    # The 2009 source itself overlaps a little (about 2 km² in Phong Thổ); simplifying as a coverage adds none.
    def overlap(frame):
        return sum(a.intersection(b).area for i, a in enumerate(frame.geometry) for b in frame.geometry[i + 1 :])

    assert overlap(shapes) <= overlap(raw) + 1e-6

"""Map builders as pure functions: render the folium map to HTML and look at what a browser would get."""

import json
import re

import pytest

from geo.classify import classify
from geo.layers import unpack_features
from geo.mapping import choropleth_map
from geo.shapes import for_display, from_wkb
from queries.runner import run

EVIL = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def shapes(connection):
    return for_display(from_wkb(run("boundaries", {"vintage": 2023, "district_code": "109"}, connection)))


@pytest.fixture(scope="module")
def activity(connection):
    return run("commune_indicators", {"vintage": 2023, "district_code": "109", "year": 2023}, connection)


def render(shapes, values, **kwargs):
    options = dict(
        value_column="comm_teams",
        title="Số tổ",
        unit="tổ",
        tooltip={"name": "Xã", "comm_teams": "Tổ"},
        no_data_label="Không có số liệu",
    )
    options.update(kwargs)
    return choropleth_map(shapes, values, **options).get_root().render()


def geojson_features(page: str) -> list[dict]:
    """The features the page's commune layers decode in the browser (`var …_data = {packed};`)."""
    decoder = json.JSONDecoder()
    payloads = [decoder.raw_decode(page, match.end())[0] for match in re.finditer(r"var \w+_data = (?=\{)", page)]
    assert payloads, "no commune data in the page"
    return [f for p in payloads for f in unpack_features(p)]


def outline_codes(page: str) -> list[str]:
    """The units an outline layer draws, by code (its rings are the units layer's own: `var …_codes = new Set([…])`)."""
    return [
        code for match in re.finditer(r"var \w+_codes = new Set\((\[.*?\])\);", page) for code in json.loads(match[1])
    ]


def test_one_shape_per_commune_with_colours_from_the_values(shapes, activity):
    page = render(shapes, activity)
    features = geojson_features(page)
    assert len(features) == 17 == len(shapes)
    fills = {f["properties"]["code"]: f["properties"]["fill"] for f in features}
    bins = classify(activity["comm_teams"])
    fewest = activity.loc[activity["comm_teams"].idxmin(), "code"]
    most = activity.loc[activity["comm_teams"].idxmax(), "code"]
    assert fills[fewest] == bins[0].colour and fills[most] == bins[-1].colour
    assert len(set(fills.values())) == len(bins)


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
    page = render(
        shapes, activity, illustrative_note="Số liệu theo xã: minh họa", number=lambda v: f"{v:.1f}".replace(".", ",")
    )
    assert "p8-legend" in page and "Số tổ (tổ)" in page and "Không có số liệu" in page
    assert "minh họa" in page
    assert "censusVN2009" in page


def test_the_map_works_without_tiles_and_names_the_tiles_it_uses(shapes, activity):
    offline = render(shapes, activity)
    assert "tile.openstreetmap.org" not in offline
    online = render(shapes, activity, basemap="osm")
    assert "tile.openstreetmap.org" in online and "OpenStreetMap" in online
    with pytest.raises(ValueError, match="basemap"):
        render(shapes, activity, basemap="google")


def test_display_shapes_keep_neighbours_touching(shapes, connection):
    raw = from_wkb(run("boundaries", {"vintage": 2023, "district_code": "109"}, connection))
    assert shapes.is_valid.all()
    assert len(shapes.to_json()) < len(raw.to_json())

    # The 2009 source itself overlaps a little (about 2 km² in Phong Thổ); simplifying as a coverage adds none.
    def overlap(frame):
        return sum(a.intersection(b).area for i, a in enumerate(frame.geometry) for b in frame.geometry[i + 1 :])

    assert overlap(shapes) <= overlap(raw) + 1e-6


def test_what_streamlit_folium_sends_defines_everything_the_layers_call(shapes, activity):
    """st_folium sends only the scripts of the map's children, not the page's: helpers must be a child."""
    from streamlit_folium import generate_leaflet_string

    fmap = choropleth_map(
        shapes, activity, value_column="comm_teams", title="t", unit="u", tooltip={"name": "Xã"}, no_data_label="n"
    )
    fmap.render()
    sent = generate_leaflet_string(fmap)
    assert "function p8_decode" in sent and "function p8_tooltip" in sent and "p8_decode(" in sent

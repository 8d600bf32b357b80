"""How much a map costs: build time and bytes sent to the browser, against a naive folium map.

    python -m bench map [--db PATH]

Targets: Phong Thổ ≤ 60 KB, Lai Châu ≤ 400 KB, the whole country ≤ 3 MB and at least 4×
smaller than a naive full-precision folium.GeoJson of the same data. "Bytes sent" is the map's
rendered HTML, which is what streamlit-folium hands to the browser (Leaflet itself is served once
from /app/static and cached).
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass

import folium

from geo.indicators import INDICATORS
from geo.mapping import choropleth_map
from geo.shapes import for_display, from_wkb
from queries.runner import run
from store.database import connect, database_path, ensure_database

SCOPES = [
    ("Phong Thổ (district 109)", {"district_code": "109"}, 60_000),
    ("Lai Châu (province 12)", {"province_code": "12"}, 400_000),
    ("Viet Nam (all communes)", {}, 3_000_000),
]


@dataclass
class Measure:
    scope: str
    units: int
    query_s: float
    simplify_s: float
    render_s: float
    sent_bytes: int
    naive_bytes: int
    naive_render_s: float
    target_bytes: int


def _naive(raw, values) -> str:
    """What a first attempt sends: every property and every vertex, folium's defaults."""
    fmap = folium.Map(tiles=None)
    folium.GeoJson(
        raw.drop(columns=["part_count"]).merge(values, on=["code", "name"], how="left"),
        tooltip=folium.GeoJsonTooltip(["name", "comm_teams"]),
    ).add_to(fmap)
    return fmap.get_root().render()


def measure(connection, label: str, scope: dict, target: int, year: int = 2023) -> Measure:
    started = time.perf_counter()
    raw = from_wkb(run("boundaries", {"vintage": 2023, **scope}, connection))
    values = run("commune_indicators", {"vintage": 2023, "year": year, **scope}, connection)
    queried = time.perf_counter()
    shapes = for_display(raw)
    simplified = time.perf_counter()
    page = (
        choropleth_map(
            shapes,
            values.assign(value_text=values["comm_teams"].astype(str)),
            value_column="comm_teams",
            title="comm_teams",
            unit="teams",
            tooltip={"name": "Commune", "value_text": "Teams"},
            no_data_label="no data",
            number=str,
            fixed_breaks=INDICATORS["comm_teams"].fixed_breaks,
        )
        .get_root()
        .render()
    )
    rendered = time.perf_counter()
    naive = _naive(raw, values)
    naive_done = time.perf_counter()
    return Measure(
        label,
        len(raw),
        queried - started,
        simplified - queried,
        rendered - simplified,
        len(page.encode()),
        len(naive.encode()),
        naive_done - rendered,
        target,
    )


def page_map_bytes(connection, scope: dict, year: int = 2023) -> tuple[int, float]:
    """What the map page itself sends for a scope: choropleth plus every record layer and outline."""
    from geo.layers import place_points
    from views.map_view import MapChoice, coverage_map

    started = time.perf_counter()
    shapes = for_display(from_wkb(run("boundaries", {"vintage": 2023, **scope}, connection)))
    indicators = run("commune_indicators", {"vintage": 2023, "year": year, **scope}, connection)
    points = place_points(run("map_points", {"vintage": 2023, "year": year, **scope}, connection), shapes)
    page = coverage_map(shapes, indicators, points, MapChoice("comm_teams", "natural_breaks", 5, 2023, "none"), "vi")
    html = page.get_root().render()
    return len(html.encode()), time.perf_counter() - started


def _naive_with_records(raw, values, points) -> str:
    """A first attempt at the page's map: full-precision GeoJson and one folium.CircleMarker per record."""
    fmap = folium.Map(tiles=None)
    folium.GeoJson(
        raw.drop(columns=["part_count"]).merge(values, on=["code", "name"], how="left"),
        tooltip=folium.GeoJsonTooltip(["name", "comm_teams"]),
    ).add_to(fmap)
    for row in points.itertuples():
        folium.CircleMarker([row.latitude, row.longitude], radius=5, tooltip=f"{row.place} ({row.unit_name})").add_to(
            fmap
        )
    return fmap.get_root().render()


def component_message(fmap) -> str:
    """The map as the page sends it: the arguments st_folium puts in its component message, as JSON (the script
    escaped inside a JSON string, so a little larger than the HTML page of the same map). Made with
    streamlit-folium's own functions (version pinned in requirements.txt); they change the map, so it is not
    rendered again after this."""
    import json

    import streamlit_folium

    return json.dumps(
        {
            "html": streamlit_folium._get_html(fmap),
            "header": streamlit_folium._get_header(fmap),
            "script": streamlit_folium._get_map_string(fmap),
        }
    )


def page_payload(connection, scope: dict, with_records: bool, year: int = 2023) -> dict:
    """What the map page sends for a scope as it draws it by default (views.map_view.default_record_view; the
    country's communes without records or counts, as pages/map.py draws them): the component message's bytes,
    gzip bytes, seconds; and the naive map of the same units and records beside it."""
    import gzip

    from geo.layers import bubble_anchors, place_points
    from views.map_view import MapChoice, coverage_map, default_record_view

    started = time.perf_counter()
    raw = from_wkb(run("boundaries", {"vintage": 2023, **scope}, connection))
    shapes = for_display(raw)
    indicators = run("commune_indicators", {"vintage": 2023, "year": year, **scope}, connection)
    records = run("map_points", {"vintage": 2023, "year": year if with_records else 0, **scope}, connection)
    view = default_record_view(indicators) if with_records else "none"
    drawn = records if view == "each" else records.head(0)
    points = place_points(drawn, shapes) if len(drawn) else drawn.assign(approximate_position=False)
    choice = MapChoice("comm_teams", "natural_breaks", 5, 2023, "none", view)
    message = component_message(coverage_map(shapes, indicators, points, choice, "vi", anchors=bubble_anchors(shapes)))
    seconds = time.perf_counter() - started
    all_points = place_points(records, shapes) if with_records and len(records) else records.head(0)
    naive = _naive_with_records(raw, indicators, all_points)
    sent = message.encode()
    return {
        "bytes": len(sent),
        "gzip": len(gzip.compress(sent, 6)),
        "seconds": seconds,
        "naive": len(naive.encode()),
        "records": len(records),
        "units": len(shapes),
        "view": view,
    }


PAYLOAD_GOALS = [
    ("district", "Phong Thổ", {"district_code": "109"}, True, 60),
    ("province", "Lai Châu", {"province_code": "12"}, True, 400),
    ("country (commune level)", "Viet Nam", {}, False, 3000),
]


def figures(path) -> list:
    """The issue's map rows, measured on the database at `path` (the 1 M national load by default)."""
    from bench.figures import Figure

    connection = connect(path, read_only=True)
    try:
        records = connection.execute("SELECT count(*) FROM comm_team").fetchone()[0]
        out = []
        ratios = []
        for label, place, scope, with_records, goal_kb in PAYLOAD_GOALS:
            m = page_payload(connection, scope, with_records)
            ratios.append((label, m["naive"] / m["bytes"]))
            out.append(
                Figure(
                    f"map payload, {label}",
                    m["bytes"] / 1000,
                    goal_kb,
                    "KB",
                    detail=f"{place}, {m['units']:,} units, {m['records']:,} records in view, drawn as {m['view']}; "
                    f"gzip {m['gzip'] / 1000:,.0f} KB; built in {m['seconds']:.2f} s",
                )
            )
        worst = min(ratios, key=lambda r: r[1])
        out.append(
            Figure(
                "page map vs naive folium (GeoJson + a marker per record)",
                worst[1],
                4,
                "×",
                at_most=False,
                detail="smallest ratio, at " + worst[0] + "; " + ", ".join(f"{k} {v:,.1f}×" for k, v in ratios),
            )
        )
        return out
    finally:
        connection.close()
        del records


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench map", description=__doc__.splitlines()[0])
    parser.add_argument("--db", metavar="PATH")
    parser.add_argument("--national", action="store_true", help="the issue's figures on the 1 M national load")
    args = parser.parse_args(argv)
    if args.national:
        from bench import national
        from bench.figures import table

        found = figures(national.build())
        print(table(found))
        return 0 if all(f.passed for f in found) else 1
    path = database_path(args.db)
    ensure_database(path)
    connection = connect(path, read_only=True)
    print(
        f"{'scope':28} {'units':>6} {'query s':>8} {'simplify s':>10} {'render s':>8} {'sent KB':>9} "
        f"{'naive KB':>9} {'smaller':>8} {'target KB':>9}  ok"
    )
    failed = False
    for label, scope, target in SCOPES:
        m = measure(connection, label, scope, target)
        ratio = m.naive_bytes / m.sent_bytes
        ok = m.sent_bytes <= m.target_bytes and (m.units < 5000 or ratio >= 4)
        failed |= not ok
        print(
            f"{m.scope:28} {m.units:>6} {m.query_s:>8.2f} {m.simplify_s:>10.2f} {m.render_s:>8.2f} "
            f"{m.sent_bytes / 1000:>9.1f} {m.naive_bytes / 1000:>9.1f} {ratio:>7.1f}× {m.target_bytes / 1000:>9.0f}  "
            f"{'yes' if ok else 'NO'}"
        )
    print()
    print("The map page (choropleth + teams, trusted addresses, clubs, events, supervised outlines):")
    for label, scope, target in SCOPES[:2]:
        sent, seconds = page_map_bytes(connection, scope)
        ok = sent <= target
        failed |= not ok
        print(
            f"  {label:28} {sent / 1000:>7.1f} KB in {seconds:.2f} s  (target {target / 1000:.0f} KB) {'yes' if ok else 'NO'}"
        )
    return 1 if failed else 0

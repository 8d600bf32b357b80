"""The map as a file, for slides and for a hall without internet.

    python -m geo map --indicator CODE (--district-code C | --province-code C) --year Y --vintage V
                      [--basemap none|osm|carto_light] [--method natural_breaks|quantiles|equal_interval|fixed]
                      [--classes N] [--lang vi|en] --output PATH.png|PATH.html [--db PATH]

PNG: 1920×1080, drawn on the server (no tiles: --basemap applies to HTML only). HTML: the interactive
map with Leaflet inlined, so it opens offline with --basemap none. Exit 0 written, 2 a wrong request,
3 the database could not answer (busy, missing, not usable), 4 --output could not be written (not an
ordinary file, a folder, no space, not allowed); nothing is written or half-written on any failure.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from geo.classify import MAX_CLASSES, METHODS
from geo.indicators import INDICATORS
from geo.mapping import BASEMAPS
from registry.vintages import VINTAGES
from store.faults import EXIT_OK, EXIT_REQUEST, Fault, report
from store.files import check_output, write_output


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m geo", description="Write a Project 8 map as a PNG or HTML file.")
    commands = parser.add_subparsers(dest="command", required=True)
    draw = commands.add_parser("map", help="write one map")
    draw.add_argument("--indicator", required=True, choices=list(INDICATORS))
    where = draw.add_mutually_exclusive_group(required=True)
    where.add_argument("--district-code", help="2023 district code, e.g. 109 (Phong Thổ)")
    where.add_argument("--province-code", help="province code, e.g. 12 (Lai Châu)")
    draw.add_argument("--year", type=int, required=True)
    draw.add_argument("--vintage", type=int, required=True, choices=VINTAGES)
    draw.add_argument("--basemap", default="none", choices=list(BASEMAPS))
    draw.add_argument("--method", default="natural_breaks", choices=list(METHODS))
    draw.add_argument("--classes", type=int, default=5, choices=range(3, MAX_CLASSES + 1), metavar=f"3..{MAX_CLASSES}")
    draw.add_argument("--lang", default="vi", choices=["vi", "en"])
    draw.add_argument("--output", required=True, type=Path, help="PATH.png or PATH.html")
    draw.add_argument("--db", metavar="PATH", help="database file (default: $P8_DB or data/project8.duckdb)")
    return parser


def _fail(message: str, code: int) -> int:
    print(f"error: {message}", file=sys.stderr)
    return code


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    suffix = args.output.suffix.lower()
    if suffix not in (".png", ".html"):
        return _fail(f"--output must end in .png or .html, not {args.output.name!r}", EXIT_REQUEST)
    if suffix == ".png" and args.basemap != "none":
        return _fail("a PNG is drawn without tiles: use --basemap none (tiles are for the HTML map)", EXIT_REQUEST)

    from geo.layers import place_points
    from geo.shapes import for_display, from_wkb
    from queries.runner import QueryError, run
    from store.database import database_path, opened
    from views.map_view import MapChoice, coverage_picture, standalone_page

    scope = {"district_code": args.district_code, "province_code": args.province_code}
    try:
        check_output(args.output)
        with opened(database_path(args.db), read_only=True) as connection:
            params = {"vintage": args.vintage, **scope}
            shapes = for_display(from_wkb(run("boundaries", params, connection)))
            indicators = run("commune_indicators", {**params, "year": args.year}, connection)
            points = run("map_points", {**params, "year": args.year}, connection)
            place = run("place_name", params, connection)["name"].iloc[0]
    except QueryError as error:
        return _fail(str(error), EXIT_REQUEST)
    except Fault as fault:
        return report(fault)
    if shapes.empty:
        return _fail(f"no boundaries for this scope in the {args.vintage} vintage", EXIT_REQUEST)
    points = place_points(points, shapes)
    choice = MapChoice(args.indicator, args.method, args.classes, args.vintage, args.basemap)
    if suffix == ".png":
        content = coverage_picture(shapes, indicators, points, choice, args.lang, place, args.year)
    else:
        content = standalone_page(shapes, indicators, points, choice, args.lang, place, args.year).encode("utf-8")
    try:
        write_output(args.output, content)
    except Fault as fault:
        return report(fault)
    print(f"wrote {args.output} ({len(content) / 1000:.0f} KB, {len(shapes)} units)")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())

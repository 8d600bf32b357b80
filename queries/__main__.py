"""Command line for the named queries (contract in README, "The command line").

    python -m queries list
    python -m queries run NAME [--param KEY=VALUE]... [--format csv|json|xlsx|geojson] [--output PATH]
                          [--lang vi|en] [--geometry points|communes|wkb] [--db PATH]

Every fact table has a query of its code name (comm_team, trusted_address, club, event, training,
supervision, safe_birth_support, project_commune, target, budget, document), so
`python -m queries run comm_team --param district_code=109 --format xlsx --output t.xlsx` exports it.
Without --lang the columns keep their code names (for scripts); with --lang vi|en the file is the one the
Tables page writes (headers and codes in words). XLSX files carry an "About" sheet: filters, sources, time.
GeoJSON is for rows with places: their own geometry (wkb), coordinates (points, one feature per row, null
geometry where none were recorded) or a commune (communes: polygons with the rows' values).

Exit codes (the same for every command, store/faults.py): 0 answered; 2 the question was wrong (unknown
query or parameter, bad value, no geometry for GeoJSON); 3 the database could not answer (busy, missing,
not a usable database); 4 --output could not be written (not an ordinary file, a folder, no space, not
allowed): nothing is left half-written.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import pandas as pd

from queries import export
from queries.runner import Query, QueryError, catalog, get, run
from store.database import database_path, opened
from store.faults import EXIT_OK, EXIT_REQUEST, Fault, report
from store.files import check_output, write_output, write_standard_output


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m queries", description="Run the dashboard's named queries.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list", help="the named queries and their parameters")
    run_parser = commands.add_parser("run", help="run one named query")
    run_parser.add_argument("name")
    run_parser.add_argument("--param", action="append", default=[], metavar="KEY=VALUE")
    run_parser.add_argument("--format", choices=export.FORMATS, default="csv")
    run_parser.add_argument("--output", metavar="PATH", help="write here instead of standard output")
    run_parser.add_argument(
        "--lang",
        choices=("vi", "en"),
        help="headers and codes in words, as the Tables page exports them (default: code names)",
    )
    run_parser.add_argument(
        "--geometry",
        choices=export.GEOMETRIES,
        help="GeoJSON shape: points (coordinates), communes (polygons with values), wkb (own geometry)",
    )
    run_parser.add_argument("--db", metavar="PATH", help="database file (default: $P8_DB or data/project8.duckdb)")
    return parser


def _list() -> int:
    for query in catalog().values():
        print(query.name)
        print(f"    {query.description}")
        for param in query.params:
            need = "required" if param.required else "optional"
            print(f"    --param {param.name}=<{param.type.lower()}>  ({need}) {param.help}")
    return 0


def _params(pairs: list[str]) -> dict[str, str]:
    params = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise QueryError(f"--param takes KEY=VALUE, not {pair!r}")
        params[key.strip()] = value
    return params


def _write(data: bytes, output: str | None) -> None:
    if output is None:
        write_standard_output(data)
        return
    write_output(Path(output), data)


def _shapes(frame: pd.DataFrame, key: tuple[str, str], connection):
    """Full-precision boundaries of the units the rows lie in, fetched province by province."""
    from geo.shapes import from_wkb

    vintage_column, code_column = key
    wanted = frame[[vintage_column, code_column]].dropna().drop_duplicates()
    parts = []
    for vintage, group in wanted.groupby(vintage_column):
        codes = set(group[code_column].astype(str))
        units = run("communes", {"vintage": int(vintage)}, connection)
        for province in units.loc[units["code"].isin(codes), "province_code"].unique():
            rows = run("boundaries", {"vintage": int(vintage), "province_code": province}, connection)
            parts.append(rows[rows["code"].isin(codes)])
    rows = (
        pd.concat(parts, ignore_index=True) if parts else pd.DataFrame({"vintage": [], "code": [], "geometry_wkb": []})
    )
    return from_wkb(rows)


def _geojson(args: argparse.Namespace, query: Query, bound: dict, frame: pd.DataFrame, connection) -> bytes:
    from views.table_view import exported_at, geojson_metadata

    modes = export.geometry_modes(frame)
    mode = args.geometry or (modes[0] if modes else None)
    if not modes:
        raise QueryError(
            f"{query.name} cannot be written as GeoJSON: its rows have no geometry, coordinates or commune"
        )
    if mode not in modes:
        raise QueryError(f"{query.name} has no {mode} for GeoJSON; use --geometry {' or --geometry '.join(modes)}")
    metadata = geojson_metadata(query.name, bound, frame, exported_at())
    if mode == "points":
        from geo.layers import placed_rows

        if export.commune_key(frame) == ("vintage", "commune_code"):
            frame = placed_rows(frame, _shapes(frame, ("vintage", "commune_code"), connection), query.name)
        return export.to_geojson_points(frame, metadata)
    if mode == "wkb":
        return export.to_geojson_wkb(frame, metadata)
    return export.to_geojson_communes(frame, _shapes(frame, export.commune_key(frame), connection), metadata)


def _xlsx(args: argparse.Namespace, query: Query, bound: dict, frame: pd.DataFrame) -> bytes:
    from i18n import translator
    from views import table_view

    lang = args.lang or "vi"
    t = translator(lang)
    filters = table_view.filter_lines(bound, lang)
    if args.lang:
        return table_view.xlsx_bytes(query.name, frame, lang, filters)
    key = f"tables.name.{query.name}"
    title = f"{t(key)} ({query.name})" if t.has(key) else f"{query.name}: {query.description}"
    about = table_view.about_lines(title, filters, frame, lang, table_view.exported_at())
    return export.to_xlsx(frame, sheet=query.name, about=about)


def _run(args: argparse.Namespace) -> int:
    if args.format == "xlsx" and args.output is None and sys.stdout.isatty():
        raise QueryError("xlsx is binary: give --output PATH.xlsx")
    if args.geometry and args.format != "geojson":
        raise QueryError("--geometry applies to --format geojson only")
    if args.output is not None:
        check_output(args.output)
    params = _params(args.param)
    query = get(args.name)
    bound = query.bind(params)  # a wrong question is answered before the database is opened
    with opened(database_path(args.db), read_only=True) as connection:
        frame = run(args.name, params, connection)
        if args.format == "geojson":
            data = _geojson(args, query, bound, frame, connection)
        elif args.format == "xlsx":
            data = _xlsx(args, query, bound, frame)
        else:
            shown = frame
            if args.lang:
                from views.table_view import view

                shown = view(frame, args.lang)
            # A BOM helps Excel open a file, but would corrupt the first header of a pipe.
            data = export.render(shown, args.format, bom=args.output is not None)
    _write(data, args.output)
    if args.output:
        print(f"{len(frame)} rows -> {args.output}", file=sys.stderr)
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _list() if args.command == "list" else _run(args)
    except (QueryError, export.ExportError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_REQUEST
    except Fault as fault:
        return report(fault)
    except BrokenPipeError:
        # The reader (e.g. `| head`) closed the pipe: not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())

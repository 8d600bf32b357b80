"""Command line for imports (its contract is in README, "The command line": exit 0 imported, 1 rejected, 2 unusable).

    python -m ingest PATH [--table NAME] [--sheet NAME] [--dry-run] [--json] [--db PATH] [--district-code C] [--editor NAME]
    python -m ingest --template TABLE [--output PATH] [--format xlsx|csv] [--district-code C]
    python -m ingest --export TABLE [--output PATH] [--format xlsx|csv] [--district-code C] [--year Y]
    python -m ingest --history [--json]         the import log, newest first
    python -m ingest --undo-last [--editor NAME]  undo the most recent import that is not undone

Exit codes: 0 imported (or, with --dry-run, would import; warnings allowed); 1 rejected with
row-level errors, nothing written; 2 unusable file (not a table, unsafe, no header…) or wrong
usage; 3 the database is busy, missing or not a usable database, nothing written: the message says
why; 4 a write was refused (--output not an ordinary file or not writable, the database on a
read-only or full disk), nothing written or half-written. The same codes for every command: store/faults.py.
With --json, standard output is a JSON list of objects with row, column, value, message (both
languages), message_vi, message_en, severity and code; the summary goes to standard error.

A running app holds the database only for a moment per query, so an import waits for it (up to
--wait seconds, default 15) and then goes ahead; see store/database.py.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path

from ingest import pipeline, templates
from ingest.commit import Rejected
from ingest.messages import UnusableFile
from ingest.reader import read_path
from registry.tables import IMPORT_TABLES
from store.database import database_path, opened
from store.faults import EXIT_DATABASE, EXIT_OK, EXIT_REJECTED, EXIT_REQUEST, Fault, report
from store.files import check_output, write_output, write_standard_output

EXIT_UNUSABLE, EXIT_BUSY = EXIT_REQUEST, EXIT_DATABASE


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m ingest", description="Import staff lists (CSV, XLSX, XLS, ODS) into the Project 8 database."
    )
    parser.add_argument("path", nargs="?", help="the CSV, XLSX, XLS or ODS file to import")
    action = parser.add_mutually_exclusive_group()
    action.add_argument(
        "--template",
        choices=IMPORT_TABLES,
        metavar="TABLE",
        help=f"write the import template of TABLE ({', '.join(IMPORT_TABLES)})",
    )
    action.add_argument(
        "--export", choices=IMPORT_TABLES, metavar="TABLE", help="write TABLE's rows in the template's layout"
    )
    action.add_argument("--history", action="store_true", help="list the latest imports")
    action.add_argument("--undo-last", action="store_true", help="undo the most recent import that is not undone")
    parser.add_argument(
        "--table",
        choices=IMPORT_TABLES,
        metavar="NAME",
        help="the table the file holds (default: told by its sheet or header)",
    )
    parser.add_argument(
        "--sheet", metavar="NAME", help="the workbook sheet to read (default: the visible sheet holding the table)"
    )
    parser.add_argument("--dry-run", action="store_true", help="check and compare, write nothing")
    parser.add_argument("--json", action="store_true", help="problems (or the log) as JSON on standard output")
    parser.add_argument("--db", metavar="PATH", help="database file (default: $P8_DB or data/project8.duckdb)")
    parser.add_argument(
        "--district-code", metavar="CODE", help="district of commune names without a district column (e.g. 109)"
    )
    parser.add_argument("--year", type=int, help="with --export: only this report year")
    parser.add_argument("--editor", help="name recorded in the import log (default: your system user)")
    parser.add_argument(
        "--output", metavar="PATH", help="with --template/--export: write here (default: standard output)"
    )
    parser.add_argument(
        "--format", choices=templates.FORMATS, help="xlsx or csv (default: from --output's suffix, else csv)"
    )
    parser.add_argument(
        "--wait", type=float, metavar="SECONDS", help="how long to wait for a busy database (default 15)"
    )
    return parser


def _format(args) -> str:
    if args.format:
        return args.format
    if args.output and args.output.lower().endswith(".xlsx"):
        return "xlsx"
    return "csv"


def _write(data: bytes, output: str | None) -> None:
    """To standard output (CSV without the BOM, which would corrupt a pipe's first header), or to a
    file written beside its target and renamed (never half a file)."""
    if output is None:
        write_standard_output(data.removeprefix(b"\xef\xbb\xbf"))
        return
    write_output(Path(output), data)


def _editor(args) -> str:
    if args.editor:
        return args.editor
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _print_problems(problems, as_json: bool, stream=sys.stderr) -> None:
    if as_json:
        print(json.dumps([p.as_dict() for p in problems], ensure_ascii=False, indent=1))
        return
    for problem in problems:
        where = f"row {problem.row}" if problem.row else "file"
        column = f", column {problem.column!r}" if problem.column else ""
        value = f", value {problem.value!r}" if problem.value else ""
        kind = "warning" if problem.severity == "warning" else "error"
        print(f"{kind}: {where}{column}{value}: {problem.message('vi')} / {problem.message('en')}", file=stream)


def _import(args, database: Path) -> int:
    path = Path(args.path)
    data = read_path(path)
    prepared = pipeline.prepare(
        data,
        path.name,
        database,
        table=args.table,
        default_district=args.district_code,
        wait=args.wait,
        sheet_name=args.sheet,
    )
    # What was read is a result like the summary below (standard output; with --json, standard error, so that
    # standard output stays JSON); standard error keeps each failure to one line.
    print(f"{path.name}: {_what_was_read(prepared)}", file=sys.stderr if args.json else sys.stdout)
    _print_problems(prepared.problems, args.json)
    rows = len(prepared.validated.records)
    if not prepared.ok:
        print(
            f"{path.name}: rejected, {len(prepared.errors)} errors in {prepared.validated.rows_read} rows; nothing was imported.",
            file=sys.stderr,
        )
        return EXIT_REJECTED
    plan = prepared.plan
    summary = (
        f"added {plan.added}, updated {plan.updated}, unchanged {plan.unchanged}, "
        f"illustrative rows replaced {plan.removed}{_places_text(plan.places)}"
    )
    if args.dry_run:
        print(
            f"{path.name} -> {prepared.table}: {rows} rows valid; would be {summary} (dry run: nothing written).",
            file=sys.stderr if args.json else sys.stdout,
        )
        return EXIT_OK
    try:
        entry = pipeline.commit(prepared, database, _editor(args), "cli", wait=args.wait)
    except Rejected as rejected:
        _print_problems(rejected.problems, args.json)
        return EXIT_REJECTED
    print(
        f"{path.name} -> {prepared.table}: {rows} rows imported (import #{entry.import_id}): added {entry.rows_added}, "
        f"updated {entry.rows_updated}, unchanged {entry.rows_unchanged}, illustrative rows replaced {entry.rows_removed}{_places_text(entry.places)}.",
        file=sys.stderr if args.json else sys.stdout,
    )
    return EXIT_OK


def _what_was_read(prepared) -> str:
    """Which sheet (or which encoding and separator) the rows came from, so nobody imports the wrong one."""
    details = prepared.details
    if prepared.kind == "csv":
        delimiter = {"\t": "Tab"}.get(details["delimiter"], details["delimiter"])
        return f"read as CSV, encoding {details['encoding']}, separator {delimiter!r}, header on line {details['header_row']}"
    sheets = ", ".join(repr(name) for name in details["sheets"])
    return (
        f"read sheet {details['sheet']!r} of the {prepared.kind.upper()} workbook (sheets: {sheets}), "
        f"header on row {details['header_row']}"
    )


def _places_text(places) -> str:
    """Which communes (or districts) turn from illustrative to real lists, for the summary line."""
    if not places:
        return ""
    return " in " + ", ".join(f"{place.name} ({place.code}, {place.rows} rows)" for place in places)


def _history(args, database: Path) -> int:
    frame = pipeline.history(database)
    if args.json:
        from queries.export import to_json

        write_standard_output(to_json(frame) + b"\n")
    else:
        print(frame.to_string(index=False) if len(frame) else "no imports yet")
    return EXIT_OK


def _undo(args, database: Path) -> int:
    undone = pipeline.undo_last(database, _editor(args), wait=args.wait)
    if undone is None:
        print("nothing to undo")
        return EXIT_OK
    print(
        f"undid import #{undone.import_id} ({undone.file_name} -> {undone.table_name}): "
        f"{undone.rows_deleted} rows removed, {undone.rows_restored} rows restored"
    )
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    database = database_path(args.db)
    try:
        if args.output is not None and (args.template or args.export):
            check_output(args.output)
        if args.template:
            fmt = _format(args)
            if fmt == "xlsx" and args.output is None and sys.stdout.isatty():
                parser.error("xlsx is binary: give --output PATH.xlsx")
            places = pipeline.load_places(database) if args.district_code and fmt == "xlsx" else None
            _write(templates.template(args.template, fmt, places, args.district_code), args.output)
            return EXIT_OK
        if args.export:
            fmt = _format(args)
            if fmt == "xlsx" and args.output is None and sys.stdout.isatty():
                parser.error("xlsx is binary: give --output PATH.xlsx")
            with opened(database) as connection:
                data, count = templates.export(
                    connection, args.export, fmt, district_code=args.district_code, year=args.year
                )
            _write(data, args.output)
            if args.output:
                print(f"{count} rows -> {args.output}", file=sys.stderr)
            return EXIT_OK
        if args.history:
            return _history(args, database)
        if args.undo_last:
            return _undo(args, database)
        if not args.path:
            parser.error("give a file to import, or --template/--export TABLE")
        return _import(args, database)
    except UnusableFile as problem:
        if args.json:
            print(json.dumps([problem.as_dict()], ensure_ascii=False, indent=1))
        print(f"error: {problem.message('vi')} / {problem.message('en')}", file=sys.stderr)
        return EXIT_UNUSABLE
    except Fault as fault:
        return report(fault)
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())

"""Command line for the named queries (DESIGN §7).

    python -m queries list
    python -m queries run NAME [--param KEY=VALUE]... [--format csv|json|xlsx] [--output PATH] [--db PATH]

Exit codes: 0 answered; 2 the question was wrong (unknown query or parameter, bad value);
1 the database could not answer (missing, locked, broken).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from queries import export
from queries.runner import QueryError, catalog, run
from store.database import DatabaseError, connect, database_path


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m queries", description="Run the dashboard's named queries.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list", help="the named queries and their parameters")
    run_parser = commands.add_parser("run", help="run one named query")
    run_parser.add_argument("name")
    run_parser.add_argument("--param", action="append", default=[], metavar="KEY=VALUE")
    run_parser.add_argument("--format", choices=export.FORMATS, default="csv")
    run_parser.add_argument("--output", metavar="PATH", help="write here instead of standard output")
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
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    target = Path(output)
    target.parent.mkdir(parents=True, exist_ok=True)
    # Write beside the target and rename, so a failure never leaves half a file behind.
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _run(args: argparse.Namespace) -> int:
    if args.format == "xlsx" and args.output is None and sys.stdout.isatty():
        raise QueryError("xlsx is binary: give --output PATH.xlsx")
    params = _params(args.param)
    connection = connect(database_path(args.db), read_only=True)
    try:
        frame = run(args.name, params, connection)
    finally:
        connection.close()
    # A BOM helps Excel open a file, but would corrupt the first header of a pipe.
    _write(export.render(frame, args.format, bom=args.output is not None), args.output)
    if args.output:
        print(f"{len(frame)} rows -> {args.output}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _list() if args.command == "list" else _run(args)
    except QueryError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except DatabaseError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader (e.g. `| head`) closed the pipe: not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())

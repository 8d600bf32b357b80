"""Build the database from data/ (idempotent: an existing database is left alone).

    python -m store build [--db PATH] [--rebuild]
    python -m store status [--db PATH]

--rebuild replaces the database with a fresh build from the seed files (anything imported since
is lost; the app and the CLI build automatically when the file is missing).
"""

from __future__ import annotations

import argparse
import sys
import time

import duckdb

from store.build import input_fingerprint
from store.database import DatabaseError, database_path, ensure_database


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m store", description="Build or inspect the Project 8 database.")
    parser.add_argument("command", choices=["build", "status"])
    parser.add_argument("--db", metavar="PATH", help="database file (default: $P8_DB or data/project8.duckdb)")
    parser.add_argument("--rebuild", action="store_true", help="replace an existing database with a fresh build")
    args = parser.parse_args(argv)
    path = database_path(args.db)
    try:
        if args.command == "build":
            started = time.perf_counter()
            built = ensure_database(path, rebuild=args.rebuild)
            elapsed = time.perf_counter() - started
            print(
                f"built {path} in {elapsed:.1f} s"
                if built
                else f"{path} exists; nothing to do (use --rebuild to start again)"
            )
            return 0
        if not path.exists():
            print(f"{path} does not exist yet; it is built on first use")
            return 1
        with duckdb.connect(str(path), read_only=True) as connection:
            info = dict(connection.execute("SELECT key, value FROM build_info").fetchall())
        current = info.get("input_fingerprint") == input_fingerprint()
        print(f"{path}\n  built at {info.get('built_at')} with DuckDB {info.get('duckdb_version')}")
        print(
            "  seed files unchanged since"
            if current
            else "  seed files have changed since: run with build --rebuild to pick them up"
        )
        return 0
    except (DatabaseError, duckdb.Error) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

"""Build the database from data/ (idempotent: an existing database is left alone).

    python -m store build [--db PATH] [--rebuild]
    python -m store status [--db PATH]

--rebuild replaces the database with a fresh build from the seed files (anything imported since
is lost; the app and the CLI build the default data/project8.duckdb automatically when it is missing,
any other path only here). A damaged or foreign file at the path is replaced only with --rebuild.

Exit codes: 0 built, or nothing to do; 3 the database is missing (status), busy or not usable (the
message says how to rebuild it); 4 the disk refused the build (read-only folder, full disk).
"""

from __future__ import annotations

import argparse
import sys
import time

from store.build import input_fingerprint
from store.database import DEFAULT_PATH, database_path, ensure_database, opened
from store.faults import EXIT_DATABASE, EXIT_OK, Fault, report


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
            return EXIT_OK
        if not path.exists():
            later = (
                "it is built on first use"
                if path == DEFAULT_PATH.resolve()
                else f"build it with python -m store build --db {path}"
            )
            print(f"{path} does not exist yet; {later}")
            return EXIT_DATABASE
        with opened(path) as connection:
            info = dict(connection.execute("SELECT key, value FROM build_info").fetchall())
        current = info.get("input_fingerprint") == input_fingerprint()
        print(f"{path}\n  built at {info.get('built_at')} with DuckDB {info.get('duckdb_version')}")
        print(
            "  seed files unchanged since"
            if current
            else "  seed files have changed since: run with build --rebuild to pick them up"
        )
        return EXIT_OK
    except Fault as fault:
        return report(fault)


if __name__ == "__main__":
    sys.exit(main())

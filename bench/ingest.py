"""How fast an import is: rows validated and committed per second, for a 100,000-row file.

    python -m bench ingest [--rows 100000] [--format csv|xlsx|both] [--db PATH]

The file is a made-up list of communication teams in the communes of Phong Thổ (deterministic),
imported through the same steps as `python -m ingest` and the page (read, check, compare, one
transaction), into a *copy* of the database, so the benchmark never changes real data. It is then
imported a second time, which must change nothing. Prints the figures; exit 1 if the re-import
changed anything or a row was refused.
"""

from __future__ import annotations

import argparse
import io
import random
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from ingest import pipeline
from ingest.header import header_text
from registry.tables import IMPORT_TABLES
from store.database import database_path, ensure_database, opened

SPEC = IMPORT_TABLES["comm_team"]
COLUMNS = ("year", "commune", "village", "communicators", "communicators_female", "established_on")


def make_rows(count: int, communes: list[str], seed: int = 8) -> list[list]:
    chance = random.Random(seed)
    start = date(2023, 1, 1)
    rows = []
    for index in range(count):
        members = chance.randint(3, 15)
        rows.append(
            [
                2023,
                chance.choice(communes),
                f"Bản thử {index:06d}",
                members,
                chance.randint(0, members),
                start + timedelta(days=chance.randint(0, 360)),
            ]
        )
    return rows


def as_csv(rows: list[list]) -> bytes:
    lines = [";".join(header_text(SPEC, name) for name in COLUMNS)]
    for year, commune, village, members, women, day in rows:
        lines.append(f"{year};{commune};{village};{members};{women};{day.strftime('%d/%m/%Y')}")
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def as_xlsx(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SPEC.name)
    sheet.append(["Danh sách tổ truyền thông cộng đồng (bench)"])
    sheet.append([header_text(SPEC, name) for name in COLUMNS])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run_once(data: bytes, name: str, database: Path) -> dict:
    started = time.perf_counter()
    prepared = pipeline.prepare(data, name, database, table="comm_team", default_district="109")
    prepared_at = time.perf_counter()
    if not prepared.ok:
        raise SystemExit(f"bench file refused: {prepared.errors[:3]}")
    entry = pipeline.commit(prepared, database, "bench", "cli")
    finished = time.perf_counter()
    return {
        "rows": len(prepared.validated.records),
        **{k: round(v, 2) for k, v in prepared.timings.items()},
        "commit_s": round(finished - prepared_at, 2),
        "total_s": round(finished - started, 2),
        "added": entry.rows_added,
        "updated": entry.rows_updated,
        "unchanged": entry.rows_unchanged,
        "removed": entry.rows_removed,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench ingest", description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--format", choices=["csv", "xlsx", "both"], default="both")
    parser.add_argument("--db", metavar="PATH", help="database to copy (default: $P8_DB or data/project8.duckdb)")
    args = parser.parse_args(argv)
    source = database_path(args.db)
    ensure_database(source)
    with opened(source) as connection:
        communes = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM unit WHERE vintage = 2023 AND district_code = '109' ORDER BY code"
            ).fetchall()
        ]
    rows = make_rows(args.rows, communes)
    formats = ["csv", "xlsx"] if args.format == "both" else [args.format]
    failed = False
    print(f"import benchmark: {args.rows:,} comm_team rows, Phong Thổ communes; database copied from {source}")
    for fmt in formats:
        made = time.perf_counter()
        data = as_csv(rows) if fmt == "csv" else as_xlsx(rows)
        made = time.perf_counter() - made
        with tempfile.TemporaryDirectory() as folder:
            database = Path(folder) / "bench.duckdb"
            shutil.copy(source, database)
            first = run_once(data, f"bench.{fmt}", database)
            second = run_once(data, f"bench.{fmt}", database)
        rate = first["rows"] / first["total_s"] if first["total_s"] else float("inf")
        print(f"\n{fmt.upper()}  {len(data) / 1e6:.1f} MB (written in {made:.1f} s)")
        print(
            f"  first import : read {first['read_s']} s, validate {first['validate_s']} s, compare {first.get('compare_s', 0)} s, "
            f"commit {first['commit_s']} s; total {first['total_s']} s"
        )
        print(
            f"                 added {first['added']:,}, updated {first['updated']}, illustrative replaced {first['removed']}"
        )
        print(f"  throughput   : {rate:,.0f} rows/s validated + committed")
        print(
            f"  re-import    : total {second['total_s']} s; added {second['added']}, updated {second['updated']}, "
            f"unchanged {second['unchanged']:,} (must change nothing)"
        )
        if first["rows"] != args.rows or second["added"] or second["updated"] or second["removed"]:
            failed = True
            print("  FAILED: rows refused or the re-import changed data")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""How fast an import is: rows validated and committed per second, for a 100,000-row file.

    python -m bench ingest [--rows 100000] [--format csv|xlsx|both] [--db PATH]
                           [--national-rows 100000] [--communes 10000] [--prefill 1000000]

The file is a made-up list of communication teams in the communes of Phong Thổ (deterministic),
imported through the same steps as `python -m ingest` and the page (read, check, compare, one
transaction), into a *copy* of the database, so the benchmark never changes real data. It is then
imported a second time, which must change nothing. Prints the figures; exit 1 if the re-import
changed anything or a row was refused.

Then the national figures (figures()): a CSV file of 100,000 rows spread over 10,000
communes of every province (each row naming its district code and commune name, as staff files do),
imported into a copy of the database, and again into a copy whose comm_team already holds 1,000,000
rows (made-up and illustrative: prefilled in bulk inside DuckDB, never in the shipped database).
Each import runs in its own process, so its peak memory (VmHWM) is the import's own.

And the readers alone (reader_figures()): the same rows as CSV and as XLSX, read by ingest.reader
(calamine for the workbook, with its zip, DTD and formula checks), beside the openpyxl reading it
replaced, which is shown for comparison only.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from bench.figures import Figure, table
from ingest import pipeline
from ingest.header import header_text, sheet_picker
from ingest.reader import read
from registry.tables import IMPORT_TABLES
from store.database import database_path, ensure_database, opened

SPEC = IMPORT_TABLES["comm_team"]
COLUMNS = ("year", "commune", "village", "communicators", "communicators_female", "established_on")
NATIONAL_COLUMNS = ("year", "district_code", *COLUMNS[1:])
RATE_GOAL = 20_000  # rows/s, both national imports
READ_GOAL = 20_000  # rows/s, reading a CSV or a workbook
MEMORY_GOAL_MB = 1_000  # peak RSS of the process importing into a table of 1,000,000 rows


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


def national_communes(connection, count: int) -> list[tuple[str, str]]:
    """(district code, name) of `count` 2023 communes whose name is unique in their district, all provinces."""
    return connection.execute(
        """SELECT district_code, name FROM unit
           WHERE vintage = 2023 AND district_code IS NOT NULL
           QUALIFY count(*) OVER (PARTITION BY district_code, name) = 1
           ORDER BY hash(code), code LIMIT ?""",
        [count],
    ).fetchall()


def national_csv(count: int, communes: list[tuple[str, str]], seed: int = 17) -> bytes:
    """`count` new teams of 2023, spread evenly over `communes` (every commune gets its share)."""
    chance = random.Random(seed)
    start = date(2023, 1, 1)
    lines = [";".join(header_text(SPEC, name) for name in NATIONAL_COLUMNS)]
    for index in range(count):
        district, commune = communes[index % len(communes)]
        members = chance.randint(3, 15)
        day = start + timedelta(days=chance.randint(0, 360))
        lines.append(
            f"2023;{district};{commune};Bản thử {index:07d};{members};{chance.randint(0, members)};{day.strftime('%d/%m/%Y')}"
        )
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def prefill(database: Path, count: int) -> None:
    """`count` made-up teams in comm_team, in bulk inside DuckDB: every 2023 commune, years 2019-2023."""
    with opened(database, read_only=False) as connection:
        connection.execute(
            """INSERT INTO comm_team BY NAME
               WITH units AS (SELECT row_number() OVER (ORDER BY code) - 1 AS k, code, district_code, count(*) OVER () AS n
                              FROM unit WHERE vintage = 2023 AND district_code IS NOT NULL)
               SELECT printf('ct-bench-%08d', i) AS record_id, 2019 + i % 5 AS year, 2023 AS vintage,
                      u.district_code, u.code AS commune_code, printf('Bản cũ %08d', i) AS village,
                      3 + i % 13 AS communicators, (i % 13) // 2 AS communicators_female,
                      DATE '2019-01-01' + CAST(i % 5 * 365 + i % 300 AS INTEGER) AS established_on,
                      false AS illustrative, 'bench prefill (made-up)' AS source
               FROM range(?) AS r(i) JOIN units u ON u.k = i % u.n""",
            [count],
        )
        connection.execute("CHECKPOINT")


def _child(csv_path: str, database: str) -> None:
    """One import of the file in this process (figures() runs it in a fresh one); prints its figures as JSON."""
    data = Path(csv_path).read_bytes()
    first = run_once(data, Path(csv_path).name, Path(database))
    print(json.dumps({**first, "peak_mb": _own_peak_mb()}))


def _own_peak_mb() -> float | None:
    """This process's peak RSS since its exec (Linux VmHWM). Not ru_maxrss: a child forked from a big parent
    (a test run holding GBs) starts its ru_maxrss at the parent's size, and keeps it across exec."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _import_in_child(csv_path: Path, database: Path) -> tuple[dict, float]:
    """(the import's figures, its process's peak RSS in MB), in a process of its own (wait4's ru_maxrss
    where the child cannot tell its own, which overstates it by the parent's size)."""
    command = [sys.executable, "-c", "import sys; from bench.ingest import _child; _child(sys.argv[1], sys.argv[2])"]
    with tempfile.TemporaryFile() as output:
        process = subprocess.Popen(
            [*command, str(csv_path), str(database)], stdout=output, cwd=Path(__file__).resolve().parent.parent
        )
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        output.seek(0)
        text = output.read().decode()
    if process.returncode:
        raise SystemExit(f"bench import failed (exit {process.returncode})")
    result = json.loads(text.strip().splitlines()[-1])
    return result, result.pop("peak_mb") or usage.ru_maxrss / 1024  # Linux: KB


def figures(
    rows: int = 100_000, communes: int = 10_000, stored: int = 1_000_000, source: Path | None = None
) -> list[Figure]:
    """The national import figures: `rows` spread over `communes`, into a copy as shipped and into one holding `stored` rows."""
    source = source or database_path()
    ensure_database(source)
    with opened(source) as connection:
        chosen = national_communes(connection, communes)
    with tempfile.TemporaryDirectory() as folder:
        csv_path = Path(folder) / "national.csv"
        csv_path.write_bytes(national_csv(rows, chosen))
        database = Path(folder) / "bench.duckdb"
        shutil.copy(source, database)
        plain, _ = _import_in_child(csv_path, database)
        database.unlink()
        shutil.copy(source, database)
        prefill(database, stored)
        full, peak_mb = _import_in_child(csv_path, database)
    for result in (plain, full):
        if result["rows"] != rows or result["added"] != rows:
            raise SystemExit(f"bench import refused rows or did not add them all: {result}")
    spread = f"{rows:,} rows over {len(chosen):,} communes"
    return reader_figures(rows) + [
        Figure(f"import, {spread}", rows / plain["total_s"], RATE_GOAL, "rows/s", at_most=False, detail=_steps(plain)),
        Figure(
            f"import into a table already holding {stored:,} rows",
            rows / full["total_s"],
            RATE_GOAL,
            "rows/s",
            at_most=False,
            detail=_steps(full),
        ),
        Figure(f"peak memory of that import ({stored:,} stored)", peak_mb, MEMORY_GOAL_MB, "MB"),
    ]


def _rate(function, data: bytes, rows: int, repeat: int = 3) -> float:
    """Rows per second of the best of `repeat` runs (the first also warms imports and caches)."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        function(data)
        best = min(best, time.perf_counter() - started)
    return rows / best


def _read_with_openpyxl(data: bytes) -> int:
    """The workbook reading that calamine replaced: openpyxl, read-only, values of every row."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        return sum(1 for _ in workbook.worksheets[0].iter_rows(values_only=True))
    finally:
        workbook.close()


def reader_figures(rows: int = 100_000) -> list[Figure]:
    """Rows per second read from a CSV and from an XLSX of `rows` made-up teams (reading only)."""
    made = make_rows(rows, ["Mù Sang", "Dào San", "Sin Suối Hồ", "Vàng Ma Chải"])
    csv_data, xlsx_data = as_csv(made), as_xlsx(made)
    pick = sheet_picker("comm_team")
    for data in (csv_data, xlsx_data):
        sheet = read(data, pick=pick)
        if len(sheet.rows) != rows + 1 + (sheet.kind == "xlsx"):  # the header, and the workbook's title row
            raise SystemExit(f"bench reader lost rows: {len(sheet.rows)} of {rows}")
    old = _rate(_read_with_openpyxl, xlsx_data, rows, repeat=1)
    return [
        Figure(
            f"read CSV, {rows:,} rows", _rate(lambda d: read(d, pick=pick), csv_data, rows), READ_GOAL, "rows/s", False
        ),
        Figure(
            f"read XLSX (calamine), {rows:,} rows",
            _rate(lambda d: read(d, pick=pick), xlsx_data, rows),
            READ_GOAL,
            "rows/s",
            False,
            detail=f"openpyxl read-only, replaced: {old:,.0f} rows/s",
        ),
    ]


def _steps(result: dict) -> str:
    return (
        f"read {result['read_s']} s, validate {result['validate_s']} s, compare {result.get('compare_s', 0)} s, "
        f"commit {result['commit_s']} s"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench ingest", description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--format", choices=["csv", "xlsx", "both"], default="both")
    parser.add_argument("--db", metavar="PATH", help="database to copy (default: $P8_DB or data/project8.duckdb)")
    parser.add_argument("--national-rows", type=int, default=100_000, help="rows of the national file (0: skip)")
    parser.add_argument("--communes", type=int, default=10_000)
    parser.add_argument("--prefill", type=int, default=1_000_000, help="rows already stored for the second import")
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
    if args.national_rows:
        found = figures(args.national_rows, args.communes, args.prefill, source)
        print(f"\nnational load (made-up, illustrative; copies of {source.name}):\n{table(found)}")
        failed = failed or not all(figure.passed for figure in found)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

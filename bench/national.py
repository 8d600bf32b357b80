"""A synthetic national load for the benchmarks: the shipped database plus N illustrative fact rows.

    python -m bench national [--records 1000000] [--seed 17] [--path P]

The programme will hold every province and several years; the shipped data is one district. To
measure maps, queries and imports at that scale, `build` copies the shipped database into a
*separate* file (never the shipped one, never $P8_DB's) and adds `records` rows spread over all
2023-vintage communes of the country, years 2022–2025, across the commune-level fact tables the
map and overview read. Every row is `illustrative = TRUE` with a source that says it is a synthetic
benchmark load: it must never be mistaken for programme data.

The rows are made in bulk inside DuckDB (INSERT … SELECT over range(), with hash-based
pseudo-randomness), so 1 M rows take seconds, and the same (records, seed) always give the same
rows. Communes are skewed like reality: a lognormal weight each, so many communes have a few rows
and some have hundreds. Rows are stored by year, then district and commune, the order in which
yearly imports of district files would leave them.

A small table `bench_load` records (records, seed, generator version): `build` reuses a file that
already holds the same load and rebuilds it otherwise.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

import duckdb

from registry.paths import DATA_DIR
from store.database import DEFAULT_PATH, database_path, ensure_database

ARTIFACTS = DATA_DIR.parent / "artifacts"
SOURCE = "Tải thử tổng hợp cho benchmark (minh họa) / synthetic benchmark load (illustrative)"
GENERATOR = 2  # bump when the rows made for a (records, seed) change, so old files are rebuilt
YEARS = (2022, 2023, 2024, 2025)
# Share of the records each table gets (the rest of the schema is district-level or not a list).
SHARES = {
    "comm_team": 0.35,
    "trusted_address": 0.12,
    "club": 0.08,
    "event": 0.15,
    "training": 0.10,
    "supervision": 0.10,
    "safe_birth_support": 0.10,
}
LIST_TABLES = (*SHARES, "project_commune")


def default_path(records: int) -> Path:
    return ARTIFACTS / f"bench_national_{records}.duckdb"


def _refuse_shipped(path: Path) -> None:
    shipped = {DEFAULT_PATH.resolve(), database_path().resolve()}
    if path.resolve() in shipped:
        raise ValueError(f"refusing to write the synthetic load into the shipped database {path}")


def _held(path: Path) -> tuple[int, int, int] | None:
    """The (records, seed, generator) a file already holds, or None (missing, or not a built load)."""
    if not path.exists():
        return None
    try:
        with duckdb.connect(str(path), read_only=True) as connection:
            row = connection.execute("SELECT records, seed, generator FROM bench_load").fetchone()
    except duckdb.Error:
        return None
    return tuple(row) if row else None


def load_name(path: str | os.PathLike) -> str:
    """How a figure names the load it was measured on: its records, or the file's name if it is not a built load."""
    held = _held(Path(path))
    return f"{held[0]:,} records" if held else Path(path).name


def build(path: str | os.PathLike | None = None, records: int = 1_000_000, seed: int = 17) -> Path:
    """The path of a database holding the shipped data plus `records` synthetic rows (made if needed)."""
    path = Path(path) if path is not None else default_path(records)
    path = path.expanduser().resolve()
    _refuse_shipped(path)
    if _held(path) == (records, seed, GENERATOR):
        return path
    source = database_path()
    ensure_database(source)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.tmp{os.getpid()}")
    temporary.unlink(missing_ok=True)
    try:
        shutil.copy(source, temporary)
        wal = source.with_name(source.name + ".wal")
        if wal.exists():
            shutil.copy(wal, temporary.with_name(temporary.name + ".wal"))
        with duckdb.connect(str(temporary)) as connection:
            _fill(connection, records, seed)
        path.with_name(path.name + ".wal").unlink(missing_ok=True)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
        temporary.with_name(temporary.name + ".wal").unlink(missing_ok=True)
    return path


def _fill(connection: duckdb.DuckDBPyConnection, records: int, seed: int) -> None:
    params = {"seed": seed}
    # A uniform number in (0, 1] from (seed, key, salt): deterministic, no state, fast in bulk. One string is
    # hashed: hash(a, b, c) of several values mixes them too weakly (draws with different salts correlate).
    connection.execute(
        "CREATE TEMP MACRO rnd(s, k, salt) AS "
        "((hash(concat(salt, ':', s, ':', k)) >> 11)::DOUBLE + 1) / 9007199254740993.0"
    )
    connection.execute(
        """
        CREATE TEMP TABLE bench_commune AS
        WITH units AS (
            SELECT code, district_code,
                   exp(1.3 * sqrt(-2 * ln(rnd($seed, code, 'w1'))) * cos(2 * pi() * rnd($seed, code, 'w2'))) AS weight
            FROM unit WHERE vintage = 2023
        )
        SELECT code, district_code, sum(weight) OVER (ORDER BY code) / sum(weight) OVER () AS upto
        FROM units
        """,
        params,
    )
    bounds, start = [], 0.0
    for table, share in SHARES.items():
        start += share
        bounds.append((table, start))
    pick = " ".join(f"WHEN t < {upto!r} THEN '{table}'" for table, upto in bounds[:-1])
    connection.execute(
        f"""
        CREATE TEMP TABLE bench_draw AS
        WITH draws AS (
            SELECT i, rnd($seed, i, 'table') AS t, rnd($seed, i, 'commune') AS c,
                   {YEARS[0]} + CAST(floor(rnd($seed, i, 'year') * {len(YEARS)}) AS INTEGER) AS year,
                   rnd($seed, i, 'a') AS a, rnd($seed, i, 'b') AS b, rnd($seed, i, 'd') AS d
            FROM range($records) AS r(i)
        )
        SELECT d.i, CASE {pick} ELSE '{bounds[-1][0]}' END AS tbl, d.year, u.code, u.district_code,
               d.a, d.b, d.d, lpad(CAST(d.i AS VARCHAR), 7, '0') AS n,
               make_date(d.year, 1, 1) + CAST(floor(d.d * 365) AS INTEGER) AS day
        FROM draws AS d ASOF JOIN bench_commune AS u ON d.c <= u.upto
        """,
        {**params, "records": records},
    )
    common = "year, 2023, district_code, code"
    tail = "true, $source"
    inserts = {
        "comm_team": f"""SELECT 'ct-syn-' || n, {common}, 'Bản tổng hợp ' || n, 3 + CAST(floor(a * 13) AS INTEGER) AS m,
                CAST(floor(b * (m + 1)) AS INTEGER), day, {tail}""",
        "trusted_address": f"""SELECT 'ta-syn-' || n, {common}, 'Bản tổng hợp ' || n, 'Địa chỉ tin cậy ' || n,
                5 + CAST(floor(a * 11) AS INTEGER) AS m, CAST(floor(b * (m + 1)) AS INTEGER), day, NULL, NULL, {tail}""",
        "club": f"""SELECT 'club-syn-' || n, {common}, 'Trường THCS tổng hợp ' || n, 'CLB Thủ lĩnh của sự thay đổi ' || n,
                CASE WHEN a < 0.6 THEN 'launched' ELSE 'set_up_not_launched' END, {tail}""",
        "event": f"""SELECT 'ev-syn-' || n, {common},
                CASE WHEN a < 0.5 THEN 'market_event' WHEN a < 0.85 THEN 'campaign' ELSE 'policy_dialogue' END,
                CASE WHEN a < 0.85 THEN 1 ELSE 3 END, day, NULL, 1 + CAST(floor(b * 6) AS INTEGER),
                30 + CAST(floor(b * 470) AS INTEGER), false, 'Sự kiện tổng hợp ' || n, {tail}""",
        "training": f"""SELECT 'tr-syn-' || n, year, 2023, district_code, CASE WHEN a < 0.8 THEN code END,
                1 + CAST(floor(b * 4) AS INTEGER), 'Hội LHPN (tổng hợp)', day, 10 + CAST(floor(b * 60) AS INTEGER),
                'Tập huấn tổng hợp ' || n, {tail}""",
        "supervision": f"SELECT 'sv-syn-' || n, {common}, day, 'Đoàn giám sát tổng hợp ' || n, {tail}",
        "safe_birth_support": f"""SELECT 'sb-syn-' || n, {common}, 'Gói hỗ trợ tổng hợp ' || n,
                CAST(floor(a * 8) AS INTEGER), {tail}""",
    }
    connection.execute("BEGIN TRANSACTION")
    for table, select in inserts.items():
        connection.execute(
            f"INSERT INTO {table} {select} FROM bench_draw WHERE tbl = '{table}' ORDER BY year, district_code, code, i",
            {"source": SOURCE},
        )
    # The project communes of each year: those with a communication team then (one flag per commune and year).
    connection.execute(
        """
        INSERT INTO project_commune
        SELECT 'pc-syn-' || year || '-' || code, year, 2023, any_value(district_code), code, true, true, $source
        FROM bench_draw AS d
        WHERE tbl = 'comm_team' AND NOT EXISTS (
            SELECT 1 FROM project_commune AS p WHERE p.year = d.year AND p.vintage = 2023 AND p.commune_code = d.code)
        GROUP BY year, code
        ORDER BY year, code
        """,
        {"source": SOURCE},
    )
    connection.execute(
        "CREATE OR REPLACE TABLE bench_load AS SELECT $records AS records, $seed AS seed, $generator AS generator, "
        "$source AS source, now() AS built_at",
        {"records": records, "seed": seed, "generator": GENERATOR, "source": SOURCE},
    )
    connection.execute("COMMIT")
    connection.execute("CHECKPOINT")


def counts(path: Path) -> dict[str, tuple[int, int]]:
    """Rows per list table: (all, synthetic)."""
    with duckdb.connect(str(path), read_only=True) as connection:
        return {
            table: connection.execute(
                f"SELECT count(*), count(*) FILTER (source = $source) FROM {table}", {"source": SOURCE}
            ).fetchone()
            for table in LIST_TABLES
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench national", description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--path", metavar="P", help="database file to make (default: artifacts/…)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    path = build(args.path, args.records, args.seed)
    print(f"synthetic national load (illustrative): {path} ready in {time.perf_counter() - started:.1f} s")
    print(f"{'table':20} {'rows':>10} {'synthetic':>10}")
    for table, (rows, synthetic) in counts(path).items():
        print(f"{table:20} {rows:>10,} {synthetic:>10,}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

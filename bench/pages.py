"""Every named question the pages ask stays fast and small on the national load: time and memory per query.

    python -m bench pages [--path P] [--records 1000000] [--runs 5] [--all]

For a district (109 of province 12), a province (12) and the whole country, in both vintages, year 2023:
the named queries the pages, the sidebar and the report draft ask for that scope (`questions`, the same
names and parameters as pages/, ui/ and report/ pass), each measured in a fresh process of its own,
so that one query's memory is not hidden by another's:

- time: the warm median of `runs` runs on one open read-only connection (the query, not the opening);
- memory: how far the process's peak resident memory (Linux VmHWM, reset just before) rose while it
  answered the query the first time, the rows fetched into pandas included.

One Figure per scope and measure: the slowest (or largest) query, named in the detail with its vintage.
Goals: ≤ 0.5 s and ≤ 500 MB per query. `--all` prints every query's own line too.
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from bench import national
from bench.figures import Figure, table
from queries.runner import QueryError, get, run
from registry.tables import FACT_TABLES
from registry.vintages import VINTAGES
from store.database import ensure_database

YEAR = 2023
SECONDS_GOAL = 0.5
MB_GOAL = 500.0
SCOPES = (  # label, province, district
    ("district 109 of province 12", "12", "109"),
    ("province 12", "12", None),
    ("the whole country", None, None),
)


def questions(vintage: int, province: str | None, district: str | None, year: int = YEAR) -> list[tuple[str, dict]]:
    """The named queries (name, params) the pages ask for one scope, each once, in the parameters they pass."""
    where = {"vintage": vintage, "province_code": province, "district_code": district}
    asked: list[tuple[str, dict]] = [
        ("data_scopes", {}),  # sidebar, every page
        ("provinces", {"vintage": vintage}),
        ("years", where),
        ("years", {"province_code": province, "district_code": district}),  # Tables page
        ("list_coverage", {**where, "year": year}),  # overview, map, meeting, underserved
        ("timeline", where),  # overview, compare
        ("underserved", {**where, "year": year}),
        ("underserved", {**where, "year": year - 1}),
        ("commune_indicators", {**where, "year": year - 1}),  # the change since the year before
        ("boundaries", where),
    ]
    if province is None and district is None:  # the country map and overview show provinces
        asked += [
            ("province_indicators", {"vintage": vintage, "year": year}),
            ("province_indicators", {"vintage": vintage, "year": year - 1}),
            ("province_boundaries", {"vintage": vintage}),
            ("commune_indicators", {**where, "year": year}),  # the Tables page's commune list, the country communes
        ]
    else:
        asked += [
            ("districts", {"province_code": province}),
            ("commune_indicators", {**where, "year": year}),
            ("communes", where),
            ("map_points", {**where, "year": year}),
            ("report_figures", {"province_code": province, "district_code": district, "year": year}),
        ]
    if district is not None:  # pages of one district's report
        report = {"district_code": district, "year": year}
        asked += [
            ("targets", report),
            ("report_percentages", report),
            ("printed_percentages", report),  # the overview's and meeting's cards
            ("target_progress", {"district_code": district}),
            ("target_communes", report),
            ("budget_lines", report),
            ("budget", {"district_code": district}),
            ("document_register", {**report, "section": "I.1"}),
        ]
    scoped = {"province_code": province, "district_code": district, "year": year}
    asked.append(("fact_counts", scoped))  # the Tables page counts every table's rows of the scope (as recorded)
    for name in FACT_TABLES:  # and shows any one of them
        takes = {param.name for param in get(name).params}
        asked.append((name, scoped))
        if "vintage" in takes:
            asked.append((name, {**scoped, "vintage": vintage}))
    unique: dict[tuple, tuple[str, dict]] = {}
    for name, params in asked:
        unique.setdefault((name, tuple(sorted(params.items()))), (name, params))
    return list(unique.values())


@dataclass(frozen=True)
class Measured:
    name: str
    params: dict
    seconds: float
    mb: float
    rows: int


def _status(field: str) -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field} in /proc/self/status")


def _measure_here(path: Path, name: str, params: dict, runs: int) -> tuple[float, float, int]:
    connection = duckdb.connect(str(path), read_only=True)
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as refs:
            refs.write("5")  # the peak starts again from what the process holds now
        before = _status("VmRSS")
        rows = len(run(name, params, connection))
        mb = max(0.0, _status("VmHWM") - before)
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            run(name, params, connection)
            times.append(time.perf_counter() - started)
        return statistics.median(times), mb, rows
    finally:
        connection.close()


def _measure_case(path: Path, name: str, params: dict, runs: int) -> Measured | None:
    try:
        seconds, mb, rows = _measure_here(path, name, params, runs)
    except QueryError:  # a combination the query refuses (e.g. a district in 2025), as the page would be told
        return None
    return Measured(name, params, seconds, mb, rows)


def measure(path: Path, cases: list[tuple[str, dict]], runs: int = 5) -> list[Measured | None]:
    """Each query's warm median time and first-run memory, one after another, each in a fresh process forked
    from a clean fork server (never from the caller, which may hold threads and a big heap): None where the
    query refuses the parameters."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["bench.pages"])
    with context.Pool(1, maxtasksperchild=1) as pool:
        return pool.starmap(_measure_case, [(path, name, params, runs) for name, params in cases])


def measure_scope(path: Path, province: str | None, district: str | None, runs: int = 5) -> list[Measured]:
    """Every question of the scope in both vintages (a question that takes no vintage is measured once)."""
    cases: dict[tuple, tuple[str, dict]] = {}
    for vintage in VINTAGES:
        for name, params in questions(vintage, province, district):
            cases.setdefault((name, tuple(sorted(params.items()))), (name, params))
    return [item for item in measure(path, list(cases.values()), runs) if item is not None]


def _label(item: Measured) -> str:
    vintage = item.params.get("vintage")
    year = item.params.get("year")
    return f"{item.name}" + (f" v{vintage}" if vintage else "") + (f" {year}" if year else "")


def figures(path: str | Path, runs: int = 5, every: list[Measured] | None = None) -> list[Figure]:
    """Per scope: the slowest query (s) and the largest (MB) of all the pages ask, beside the goals."""
    path = Path(path)
    ensure_database(path)  # a load built by an older version gets this version's views first, as the app's would
    load = national.load_name(path)
    found = []
    for label, province, district in SCOPES:
        measured = measure_scope(path, province, district, runs)
        if every is not None:
            every.extend(measured)
        slowest = max(measured, key=lambda item: item.seconds)
        largest = max(measured, key=lambda item: item.mb)
        found += [
            Figure(
                f"slowest page query, {label}, {load}",
                slowest.seconds,
                SECONDS_GOAL,
                "s",
                detail=f"{_label(slowest)}; {len(measured)} queries",
            ),
            Figure(
                f"largest page query, {label}, {load}",
                largest.mb,
                MB_GOAL,
                "MB",
                detail=f"{_label(largest)}, {largest.rows:,} rows",
            ),
        ]
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench pages", description=__doc__.splitlines()[0])
    parser.add_argument("--path", metavar="P", help="a national load (default: built by bench.national)")
    parser.add_argument("--records", type=int, default=1_000_000, help="records of the load built by default")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--all", action="store_true", help="print every query's time and memory too")
    args = parser.parse_args(argv)
    path = Path(args.path) if args.path else national.build(records=args.records)
    every: list[Measured] = []
    found = figures(path, args.runs, every)
    if args.all:
        for item in sorted(every, key=lambda item: -item.seconds):
            shown = {k: v for k, v in item.params.items() if v is not None}
            print(f"{item.seconds * 1000:9.0f} ms {item.mb:8.0f} MB {item.rows:>9,} rows  {item.name} {shown}")
    print(table(found))
    return 0 if all(figure.passed for figure in found) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""How fast the overview's key figures are: its named questions as the app asks them, connection included.

    python -m bench queries [--path P] [--runs 11]

Over the synthetic national load (bench/national.py, 1 M illustrative records by default), for a
district (109, Phong Thổ), a province (12, Lai Châu) and the whole country, year 2023: the questions
views.kpis.overview_questions names for the scope, asked on one short read-only connection
(queries.runner.run_all: open, ask, close), as a warm median of `runs` runs. Beside it, in the detail,
the same questions with a connection each (how ui/data.query asks them today) and the slowest one.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import duckdb

from bench import national
from bench.figures import Figure, table
from queries.runner import batch, run_all
from views.kpis import overview_questions

YEAR = 2023
SCOPES = (  # label, vintage, province, district, goal in ms
    ("district 109 (Phong Thổ)", 2023, "12", "109", 50.0),
    ("province 12 (Lai Châu)", 2023, "12", None, 100.0),
    ("the whole country", 2023, None, None, 300.0),
)


def _records(path: Path) -> int | None:
    try:
        with duckdb.connect(str(path), read_only=True) as connection:
            return connection.execute("SELECT records FROM bench_load").fetchone()[0]
    except duckdb.Error:
        return None


def _median_ms(action, runs: int) -> float:
    action()  # warm: the first run upgrades an old file, loads the catalogue into the OS cache
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return 1000 * statistics.median(times)


def _each_on_its_own(path: Path, questions: dict) -> None:
    for name, params in questions.values():
        with batch(path) as ask:
            ask.run(name, params)


def _slowest(path: Path, questions: dict, runs: int) -> tuple[str, float]:
    with batch(path) as ask:
        spent = {
            name: _median_ms(lambda name=name, params=params: ask.run(name, params), max(3, runs // 3))
            for name, params in questions.values()
        }
    name = max(spent, key=spent.get)
    return name, spent[name]


def figures(path: str | Path, runs: int = 11) -> list[Figure]:
    """One Figure per scope: the overview's key-figure questions on one connection, warm median in ms."""
    path = Path(path)
    records = _records(path)
    load = f"{records:,} records" if records is not None else path.name
    found = []
    for label, vintage, province, district, goal in SCOPES:
        questions = overview_questions(vintage, province, district, YEAR)
        together = _median_ms(lambda questions=questions: run_all(path, questions), runs)
        apart = _median_ms(lambda questions=questions: _each_on_its_own(path, questions), max(3, runs // 3))
        slowest, slowest_ms = _slowest(path, questions, runs)
        found.append(
            Figure(
                f"overview KPIs, {label}, {load}",
                together,
                goal,
                "ms",
                detail=f"{len(questions)} queries on one connection; a connection each: {apart:.0f} ms; "
                f"slowest {slowest} {slowest_ms:.0f} ms",
            )
        )
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench queries", description=__doc__.splitlines()[0])
    parser.add_argument("--path", metavar="P", help="a national load (default: built by bench.national)")
    parser.add_argument("--records", type=int, default=1_000_000, help="records of the load built by default")
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args(argv)
    path = Path(args.path) if args.path else national.build(records=args.records)
    found = figures(path, args.runs)
    print(table(found))
    return 0 if all(figure.passed for figure in found) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

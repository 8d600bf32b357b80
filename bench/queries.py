"""How fast the overview's key figures are: its named questions as the app asks them, connection included.

    python -m bench queries [--path P] [--runs 11]

Over the synthetic national load (bench/national.py, 1 M illustrative records by default), for a
district (109, Phong Thổ), a province (12, Lai Châu) and the whole country, year 2023: the questions
views.kpis.overview_questions names for the scope, asked on one short read-only connection
(queries.runner.run_all: open, ask, close), as a warm median of `runs` runs. Beside it, in the detail:
the CPU time the process spent per run (threads included; on a shared machine the wall time also holds
the waits for a core, so the load average is printed too), the same questions with a connection each,
and each question's own time on an open connection, slowest first.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

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


def _median_ms(action, runs: int) -> float:
    return _timed(action, runs)[0]


def _timed(action, runs: int) -> tuple[float, float]:
    """Warm medians in ms: wall time, and CPU time of this process (all its threads)."""
    action()  # warm: the first run upgrades an old file, loads the catalogue into the OS cache
    wall, cpu = [], []
    for _ in range(runs):
        started, spent = time.perf_counter(), time.process_time()
        action()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - spent)
    return 1000 * statistics.median(wall), 1000 * statistics.median(cpu)


def _each_on_its_own(path: Path, questions: dict) -> None:
    for name, params in questions.values():
        with batch(path) as ask:
            ask.run(name, params)


def _each_question(path: Path, questions: dict, runs: int) -> dict[str, float]:
    """Each question's warm median on one open connection, slowest first."""
    with batch(path) as ask:
        spent = {
            name: _median_ms(lambda name=name, params=params: ask.run(name, params), max(3, runs // 3))
            for name, params in questions.values()
        }
    return dict(sorted(spent.items(), key=lambda item: -item[1]))


def figures(path: str | Path, runs: int = 11) -> list[Figure]:
    """One Figure per scope: the overview's key-figure questions on one connection, warm median in ms."""
    path = Path(path)
    load = national.load_name(path)
    found = []
    for label, vintage, province, district, goal in SCOPES:
        questions = overview_questions(vintage, province, district, YEAR)
        busy = os.getloadavg()[0]
        together, cpu = _timed(lambda questions=questions: run_all(path, questions), runs)
        apart = _median_ms(lambda questions=questions: _each_on_its_own(path, questions), max(3, runs // 3))
        each = ", ".join(f"{name} {ms:.0f}" for name, ms in _each_question(path, questions, runs).items())
        found.append(
            Figure(
                f"overview KPIs, {label}, {load}",
                together,
                goal,
                "ms",
                detail=f"{len(questions)} queries on one connection, CPU {cpu:.0f} ms; a connection each: "
                f"{apart:.0f} ms; each on an open connection: {each} ms; load average {busy:.1f} "
                f"on {os.cpu_count()} cores",
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

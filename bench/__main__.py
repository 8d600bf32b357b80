"""python -m bench: every figure of the scale issue on the 1 M-record national load, in one table beside its goal.

    python -m bench                 all of them (builds artifacts/bench_national_1000000.duckdb if missing)
    python -m bench all --skip rerun
    python -m bench NAME [options]  one benchmark with its own options and detail
    python -m bench load            20 viewers and 5 imports at once on a real server (not part of all: > 3 min)

Exit 1 if a goal is missed.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time

BENCHMARKS = {
    "map": "bench.map",
    "ingest": "bench.ingest",
    "load": "bench.load",
    "national": "bench.national",
    "pages": "bench.pages",
    "queries": "bench.queries",
    "rerun": "bench.rerun",
}
# The parts of `all`, in the order: each takes the national load's path and returns bench.figures.Figure rows.
# `load` is not one: it takes over 3 minutes (2 of browsing, then start-up and the last views) on the shipped data.
PARTS = ("map", "rerun", "queries", "ingest")


def _part(name: str, load) -> list:
    if name == "map":
        from bench.map import figures

        return figures(load)
    if name == "rerun":
        from bench.rerun import figures

        return figures(load, runs=10)
    if name == "queries":
        from bench.queries import figures

        return figures(load)
    from bench.ingest import figures

    return figures()


def run_all(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--skip", action="append", default=[], choices=PARTS)
    args = parser.parse_args(argv)
    from bench import national
    from bench.figures import table

    started = time.perf_counter()
    load = national.build(records=args.records)
    print(f"national load: {load} ({args.records:,} illustrative records, built or reused)\n", flush=True)
    found, broken = [], []
    for name in PARTS:
        if name in args.skip:
            continue
        try:
            found += _part(name, load)
        except Exception as error:  # one broken part must not hide the others' figures
            broken.append(f"{name}: {type(error).__name__}: {error}")
        print(f"  {name} done ({time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)
    print(table(found))
    for line in broken:
        print(f"NOT MEASURED — {line}")
    return 0 if found and not broken and all(f.passed for f in found) else 1


def main(argv: list[str]) -> int:
    if not argv or argv[0] == "all":
        return run_all(argv[1:])
    if argv[0] not in BENCHMARKS:
        print(f"usage: python -m bench [all|{'|'.join(BENCHMARKS)}] [options]", file=sys.stderr)
        return 2
    return importlib.import_module(BENCHMARKS[argv[0]]).main(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""python -m bench NAME: run one benchmark and print its figures (exit 1 if a target is missed)."""

from __future__ import annotations

import importlib
import sys

BENCHMARKS = {
    "map": "bench.map",
    "ingest": "bench.ingest",
    "national": "bench.national",
    "pages": "bench.pages",
    "queries": "bench.queries",
    "rerun": "bench.rerun",
}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in BENCHMARKS:
        print(f"usage: python -m bench {{{'|'.join(BENCHMARKS)}}} [options]", file=sys.stderr)
        return 2
    return importlib.import_module(BENCHMARKS[argv[0]]).main(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""One row of the benchmark table: what was measured, beside its goal, PASS or FAIL.

Every benchmark module returns a list of Figure, so `python -m bench` can print one table for all
of them (and the README can show it) in the same words and units.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    what: str
    measured: float
    goal: float
    unit: str  # "KB", "MB", "s", "ms", "rows/s", "×"
    at_most: bool = True  # True: measured ≤ goal passes; False: measured ≥ goal passes
    detail: str = ""

    @property
    def passed(self) -> bool:
        return self.measured <= self.goal if self.at_most else self.measured >= self.goal

    def row(self) -> str:
        sign = "≤" if self.at_most else "≥"
        measured = f"{_number(self.measured)} {self.unit}"
        goal = f"{sign} {_number(self.goal)} {self.unit}"
        verdict = "PASS" if self.passed else "FAIL"
        tail = f"  ({self.detail})" if self.detail else ""
        return f"{self.what:<58} {measured:>14} {goal:>14}  {verdict}{tail}"


def _number(value: float) -> str:
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:,.1f}"
    return f"{value:,.2f}"


def table(figures: list[Figure]) -> str:
    header = f"{'what':<58} {'measured':>14} {'goal':>14}  verdict"
    return "\n".join([header, "-" * len(header), *(figure.row() for figure in figures)])

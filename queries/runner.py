"""The one way to ask the database a named question.

Each question is a file queries/NAME.sql. Its leading comment says what it answers and which
parameters it takes:

    -- Communes of one vintage, with population and area.
    -- @param vintage INTEGER required: 2023 or 2025
    -- @param province_code CODE2: province code, e.g. 12

Types: INTEGER, DOUBLE (a finite decimal number: a threshold or a weight), VARCHAR, BOOLEAN, VINTAGE (a boundary vintage: 2023 or 2025), and CODEn (a zero-padded administrative code of n digits, so
"12" and "012" both mean province 12 where n is 2). Parameters are bound by DuckDB
(`$name` in the SQL), never pasted into it; a parameter that is not given is bound as NULL.
Pages, exports and the command line all come through `run`; a page's several questions through `batch`
(or `run_all`), on one short read-only connection.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from registry.vintages import VINTAGES

QUERY_DIR = Path(__file__).resolve().parent
_PARAM = re.compile(r"^--\s*@param\s+(\w+)\s+(\w+)(\s+required)?\s*:?\s*(.*)$")
_CODE = re.compile(r"^CODE(\d)$")
_TRUE, _FALSE = {"true", "1", "yes"}, {"false", "0", "no"}


class QueryError(Exception):
    """A question that cannot be answered as asked (unknown name, bad parameter)."""


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    required: bool
    help: str

    def convert(self, value: Any) -> Any:
        if value is None or (isinstance(value, str) and value.strip() == ""):
            return None
        text = str(value).strip()
        code = _CODE.match(self.type)
        try:
            if self.type == "INTEGER":
                return int(text)
            if self.type == "DOUBLE":
                number = float(text)
                if not math.isfinite(number) or "_" in text:
                    raise ValueError
                return number
            if self.type == "VINTAGE":
                if int(text) not in VINTAGES:
                    raise ValueError
                return int(text)
            if self.type == "BOOLEAN":
                if text.lower() in _TRUE | _FALSE:
                    return text.lower() in _TRUE
                raise ValueError
        except ValueError:
            expected = {"VINTAGE": " or ".join(map(str, VINTAGES)), "DOUBLE": "a number"}.get(
                self.type, self.type.lower()
            )
            raise QueryError(f"parameter {self.name} must be {expected}, not {text!r}") from None
        if code:
            width = int(code.group(1))
            if not text.isdigit() or len(text) > width:
                raise QueryError(f"parameter {self.name} must be a code of up to {width} digits, not {text!r}")
            return text.zfill(width)
        return text


@dataclass(frozen=True)
class Query:
    name: str
    description: str
    params: tuple[Param, ...]
    sql: str

    def bind(self, given: Mapping[str, Any]) -> dict[str, Any]:
        known = {p.name: p for p in self.params}
        unknown = sorted(set(given) - set(known))
        if unknown:
            raise QueryError(
                f"{self.name} has no parameter {', '.join(unknown)} (it takes: {', '.join(known) or 'none'})"
            )
        bound = {name: param.convert(given.get(name)) for name, param in known.items()}
        missing = [name for name, param in known.items() if param.required and bound[name] is None]
        if missing:
            raise QueryError(f"{self.name} needs parameter {', '.join(missing)}")
        return bound


def _parse(path: Path) -> Query:
    text = path.read_text(encoding="utf-8")
    description, params = [], []
    for line in text.splitlines():
        if not line.startswith("--"):
            break
        found = _PARAM.match(line)
        if found:
            name, type_, required, help_ = found.groups()
            params.append(Param(name, type_.upper(), bool(required), help_.strip()))
        elif not params:
            description.append(line.lstrip("-").strip())
    return Query(path.stem, " ".join(d for d in description if d), tuple(params), text)


@lru_cache(maxsize=1)
def catalog() -> dict[str, Query]:
    """Every named query, by name."""
    return {path.stem: _parse(path) for path in sorted(QUERY_DIR.glob("*.sql"))}


def get(name: str) -> Query:
    queries = catalog()
    if name not in queries:
        raise QueryError(f"no query named {name!r}; known: {', '.join(queries)}")
    return queries[name]


def run(name: str, params: Mapping[str, Any], connection: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Answer the named question with these parameters, on a cursor of its own."""
    query = get(name)
    bound = query.bind(params)
    cursor = connection.cursor()
    try:
        return cursor.execute(query.sql, bound).df()
    except duckdb.InvalidInputException as error:
        # Raised by error('...') guards inside the SQL: a parameter combination that makes no sense.
        raise QueryError(str(error).removeprefix("Invalid Input Error: ")) from error
    finally:
        cursor.close()


class Batch:
    """A page's several named questions on ONE short read-only connection, opened at the first question.

    Opening the database costs about as much as a small query (it reads the catalogue of views and
    macros), so a page that asks five questions should open it once, not five times. The connection is
    opened lazily, so a page whose answers are all cached opens nothing, and closed when the batch ends,
    so an import is never kept waiting for longer than the page's own queries.
    """

    def __init__(self, path: Path, wait: float | None = None):
        self.path, self.wait = path, wait
        self._connection: duckdb.DuckDBPyConnection | None = None

    def connection(self) -> duckdb.DuckDBPyConnection:
        """The batch's connection, opened now if it is not open yet."""
        if self._connection is None:
            from store.database import connect

            self._connection = connect(self.path, read_only=True, wait=self.wait)
        return self._connection

    def run(self, name: str, params: Mapping[str, Any] | None = None, **more: Any) -> pd.DataFrame:
        """Answer the named question (parameters as a mapping, keywords, or both) on the batch's connection."""
        return run(name, {**(params or {}), **more}, self.connection())

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


@contextmanager
def batch(path: Path, wait: float | None = None) -> Iterator[Batch]:
    """`with batch(path) as ask: ask.run("targets", district_code="109", year=2023)`: one connection, closed after."""
    questions = Batch(path, wait)
    try:
        yield questions
    finally:
        questions.close()


def run_all(path: Path, questions: Mapping[str, tuple[str, Mapping[str, Any]]]) -> dict[str, pd.DataFrame]:
    """Each question {key: (name, params)} answered on one connection: {key: rows}.

    The questions are asked side by side, each on a cursor of its own (DuckDB's way to use one database
    from several threads): a scope's questions are small, each keeps about one core busy, so on a machine
    with cores to spare the set takes about as long as its longest questions, not as all of them together.
    """
    with batch(path) as ask:
        if len(questions) < 2:
            return {key: ask.run(name, params) for key, (name, params) in questions.items()}
        cursors = {key: ask.connection().cursor() for key in questions}
        try:
            with ThreadPoolExecutor(max_workers=len(questions)) as pool:
                asked = {key: pool.submit(run, name, params, cursors[key]) for key, (name, params) in questions.items()}
                return {key: answer.result() for key, answer in asked.items()}
        finally:
            for cursor in cursors.values():
                cursor.close()

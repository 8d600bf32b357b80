"""The SQL files that define the database (tables in schema.sql; views and macros in views.sql), as statements.

schema.sql names the registry's lists instead of repeating them: `{club_statuses}` in a CHECK stands for
registry.codes.CLUB_STATUSES and `{vintages}` for registry.vintages.VINTAGES, written in as SQL constants,
so a code the registry does not know cannot be stored. The `vintage` table is filled from the registry
too (write_vintages), for the views and queries that check a vintage parameter. views.sql may also name
`{non_additive_figures}` (registry/figures.py): the figures that are not summed across districts.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

from registry import codes, figures, tables, vintages
from registry.paths import DATA_DIR

SCHEMA = DATA_DIR / "schema.sql"
VIEWS = DATA_DIR / "views.sql"
# Every table whose rows carry a year: what the `years` question and the default scope look through.
DATED_TABLES = tuple(dict.fromkeys(tables.FACT_TABLES + tables.REPORT_TABLES))
LISTS = {**codes.CODE_LISTS, "vintages": vintages.VINTAGES, "non_additive_figures": figures.NON_ADDITIVE}
# Lists of table names the views read (never enforced on a column).
TABLE_LISTS = {"dated_tables": DATED_TABLES}
_LIST_NAME = re.compile(r"\{(\w+)\}")


def sql_constant(value: str | int) -> str:
    """A code as a SQL literal: a whole number as it is, text quoted (quotes doubled)."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise TypeError(f"a code is text or a whole number, not {value!r}")
    return str(value) if isinstance(value, int) else "'" + value.replace("'", "''") + "'"


def written_in(statement: str) -> str:
    """The statement with each {list} of the registry written out as constants ('a', 'b' or 1, 2)."""

    def constants(found: re.Match) -> str:
        lists = LISTS | TABLE_LISTS
        if found.group(1) not in lists:
            raise KeyError(f"{found.group(0)} in the SQL is not a list of the registry ({', '.join(lists)})")
        return ", ".join(sql_constant(value) for value in lists[found.group(1)])

    return _LIST_NAME.sub(constants, statement)


def statements(path: Path) -> list[str]:
    """The statements of a SQL file, comments removed and lists written in, in order (DuckDB runs one per call)."""
    text = "\n".join(line.split("--", 1)[0] for line in path.read_text(encoding="utf-8").splitlines())
    return [written_in(statement.strip()) for statement in text.split(";") if statement.strip()]


def vintage_rows() -> list[tuple[int, str]]:
    """The rows of the `vintage` table."""
    return [(vintage, vintages.MEANINGS[vintage]) for vintage in vintages.VINTAGES]


def write_vintages(connection: duckdb.DuckDBPyConnection) -> None:
    """Fill the `vintage` table from the registry, replacing what it held."""
    connection.execute("DELETE FROM vintage")
    connection.executemany("INSERT INTO vintage VALUES (?, ?)", vintage_rows())

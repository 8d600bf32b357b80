"""registry/ is the one place for the fact tables, their code lists and the vintages: the schema enforces
them, and the build, the import, the Tables page, the query runner and the SQL all read them from there."""

from __future__ import annotations

import ast
import re

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from i18n import translator
from queries.runner import QueryError, get, run
from registry import codes, figures
from registry.tables import FACT_TABLES, IMPORT_TABLES, REPORT_TABLES, REPORTS, TABLES
from registry.vintages import MEANINGS, VINTAGES
from store.schema import LISTS, SCHEMA, statements
from tests.conftest import ROOT
from views import table_view as tv

APP = str(ROOT / "app.py")
_IN_LIST = re.compile(r"^CHECK\(\(\"?(\w+)\"? IN \((.*)\)\)\)$")
# A value of each column type that every other CHECK of the schema accepts.
_SAMPLE = {
    "INTEGER": 1,
    "BIGINT": 1,
    "DOUBLE": 1.0,
    "VARCHAR": "x",
    "BOOLEAN": False,
    "DATE": "2023-01-02",
    "TIMESTAMP": "2023-01-02 03:04:05",
    "BLOB": b"\x00",
}


def fresh_schema() -> duckdb.DuckDBPyConnection:
    """An empty database made by the statements of data/schema.sql, as the build runs them."""
    connection = duckdb.connect()
    for statement in statements(SCHEMA):
        connection.execute(statement)
    return connection


def enforced_lists() -> dict[tuple[str, str], tuple]:
    """(table, column) -> the values a CHECK ... IN (...) of a fresh database allows, in their order."""
    with fresh_schema() as connection:
        checks = connection.execute(
            "SELECT table_name, constraint_text FROM duckdb_constraints() WHERE constraint_type = 'CHECK'"
        ).fetchall()
    found = {}
    for table, check in checks:
        written = _IN_LIST.match(check)
        if written:
            found[(table, written.group(1))] = ast.literal_eval(f"({written.group(2)},)")
    return found


ENFORCED = enforced_lists()


def schema_tables(after: str, before: str | None = None) -> list[str]:
    """The tables data/schema.sql creates between two of its rulers ("-- ---- facts", …)."""
    section = SCHEMA.read_text(encoding="utf-8").split(f" {after}\n", 1)[1]
    return re.findall(r"CREATE TABLE (\w+)", section.split(f" {before}\n", 1)[0] if before else section)


# ---------------------------------------------------------------- tables


def test_every_fact_table_of_the_schema_is_in_the_registry_and_back():
    assert sorted(schema_tables("facts", "what the report says")) == sorted(FACT_TABLES)
    assert schema_tables("what the report says", "imports (ingest/audit.py)") == list(REPORT_TABLES)
    assert "document" in FACT_TABLES and "document" not in IMPORT_TABLES
    assert list(IMPORT_TABLES) == [name for name in FACT_TABLES if name != "document"] + ["report_figure"]
    assert set(REPORTS) <= set(REPORT_TABLES)


@pytest.mark.parametrize("table", FACT_TABLES + tuple(REPORTS))
def test_a_tables_columns_are_the_schemas(table):
    with fresh_schema() as connection:
        columns = tuple(row[0] for row in connection.execute(f"DESCRIBE {table}").fetchall())
    spec = (TABLES | REPORTS)[table]
    assert spec.stored_columns == columns
    assert spec.commune_level == ("commune_code" in columns)
    assert set(spec.natural_key) <= set(columns)


def test_the_build_loads_every_table_of_the_registry(connection):
    for table in FACT_TABLES + REPORT_TABLES:
        assert connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0] > 0, table


# ---------------------------------------------------------------- code lists


def test_every_list_of_the_registry_is_enforced_and_every_enforced_list_is_the_registrys():
    checked = {**codes.CODE_LISTS, "vintages": VINTAGES}
    assert set(ENFORCED.values()) == set(checked.values())
    assert LISTS == {**checked, "non_additive_figures": figures.NON_ADDITIVE}  # read by views.sql, not a CHECK
    for values in codes.CODE_LISTS.values():
        assert len(set(values)) == len(values)
        assert all(isinstance(v, int) for v in values) or all(re.fullmatch(r"[a-z][a-z0-9_]*", v) for v in values)


def test_a_coded_column_of_the_registry_is_enforced_with_its_list():
    coded = {
        (spec.name, column.name): column.codes
        for spec in (TABLES | REPORTS).values()
        for column in spec.columns
        if column.codes
    }
    assert len(coded) == 9
    for key, values in coded.items():
        assert ENFORCED[key] == values, key
    for table in FACT_TABLES:
        if "vintage" in TABLES[table].column_names:
            assert ENFORCED[(table, "vintage")] == VINTAGES


def test_the_figure_codes_are_those_the_data_recomputes_and_their_units_have_words(connection):
    computed = {code for (code,) in connection.execute("SELECT DISTINCT code FROM figure_value").fetchall()}
    assert computed == set(figures.FIGURE_CODES)
    assert set(figures.NON_ADDITIVE) == {"targets_total", "targets_achieved", "targets_not_achieved"}
    assert all(translator(lang).has(f"reconciliation.unit.{unit}") for unit in figures.UNITS for lang in ("vi", "en"))
    assert connection.execute("SELECT additive_figure('comm_teams'), additive_figure('targets_total')").fetchone() == (
        True,
        False,
    )


@pytest.mark.parametrize("table, column", sorted(ENFORCED))
def test_an_unknown_code_cannot_be_stored(table, column):
    allowed = ENFORCED[(table, column)]
    if isinstance(allowed[0], int):
        unknown = next(v for v in range(min(allowed), max(allowed) + 2) if v not in allowed)
    else:
        unknown = "not_a_code"
    with fresh_schema() as connection:
        described = connection.execute(f"DESCRIBE {table}").fetchall()
        row = {
            name: ENFORCED[(table, name)][0] if (table, name) in ENFORCED else _SAMPLE.get(kind, 1)
            for name, kind, *_ in described
        }
        insert = f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})"
        for value in allowed:
            connection.execute(insert, list({**row, column: value}.values()))
            connection.execute(f"DELETE FROM {table}")
        with pytest.raises(duckdb.ConstraintException, match="CHECK constraint failed"):
            connection.execute(insert, list({**row, column: unknown}.values()))


def test_import_choices_are_the_code_lists_and_have_words():
    for spec in IMPORT_TABLES.values():
        for column in spec.columns:
            if column.kind == "choice":
                assert column.choices == tuple(str(code) for code in ENFORCED[(spec.name, column.name)])
                assert all(translator("vi").has(f"import.choice.{column.name}.{code}") for code in column.choices)


def test_tables_page_filters_are_the_code_lists_and_vintages(database_env):
    app = AppTest.from_file(APP, default_timeout=60)
    app.query_params["lang"] = "en"
    app.run()
    app.switch_page("pages/tables.py").run()
    every = translator("en")("tables.all")
    typed = [spec for spec in TABLES.values() if spec.type_column]
    assert [spec.name for spec in typed] == ["club", "event", "target", "budget", "document"]
    for spec in typed:
        app.selectbox(key="tables_table").set_value(spec.name).run()
        assert not app.exception, app.exception
        assert spec.type_codes == ENFORCED[(spec.name, spec.type_column)]
        shown = app.selectbox(key=f"tables_type_{spec.name}").options
        assert shown == [every] + [tv.value_label(spec.type_column, code, "en") for code in spec.type_codes]
        assert all(translator("vi").has(f"tables.value.{spec.type_column}.{code}") for code in spec.type_codes)
    app.selectbox(key="tables_table").set_value("event").run()
    areas = [translator("en")(f"tables.content_area.{area}") for area in codes.CONTENT_AREAS]
    assert app.selectbox(key="tables_content_area").options == [every] + areas
    assert app.radio(key="tables_vintage").options == [translator("en")(f"tables.vintage.{v}") for v in VINTAGES]


# ---------------------------------------------------------------- vintages


def test_the_databases_vintages_are_the_registrys(connection):
    assert connection.execute("SELECT vintage, meaning FROM vintage ORDER BY vintage").fetchall() == [
        (vintage, MEANINGS[vintage]) for vintage in VINTAGES
    ]
    assert (
        tuple(row[0] for row in connection.execute("SELECT DISTINCT vintage FROM unit ORDER BY 1").fetchall())
        == VINTAGES
    )


def test_the_runner_and_the_sql_refuse_any_other_vintage_with_todays_messages(connection):
    vintage = next(param for param in get("boundaries").params if param.name == "vintage")
    assert [vintage.convert(str(v)) for v in VINTAGES] == list(VINTAGES)
    with pytest.raises(QueryError, match=r"^parameter vintage must be 2023 or 2025, not '2024'$"):
        vintage.convert("2024")
    for name in ("communes", "comm_team", "event"):  # checked in SQL against the vintage table
        with pytest.raises(QueryError, match=r"^vintage must be 2023 or 2025$"):
            run(name, {"vintage": 2024}, connection)
        for v in VINTAGES:
            assert len(run(name, {"vintage": v}, connection)) > 0


def test_no_copy_of_a_list_outside_the_registry():
    lists = [re.compile(r"[(\[]\s*" + r"\s*,\s*".join(map(str, VINTAGES)) + r"\s*[)\]]")]
    for values in codes.CODE_LISTS.values():
        if isinstance(values[0], str):
            quoted = r",\s*".join(rf"""["']{value}["']""" for value in values)
            barred = r"\s*\|\s*".join(values)  # as a comment lists them: a | b | c
            lists.append(re.compile(rf"{quoted}|\b{barred}\b"))
    copies = []
    for path in sorted([*ROOT.glob("[!.]*/**/*.py"), *ROOT.glob("*.py"), *ROOT.glob("[!.]*/**/*.sql")]):
        if path.parts[len(ROOT.parts)] == "registry" or path.name == "test_registry.py":
            continue
        written = path.read_text(encoding="utf-8")
        copies += [
            f"{path.relative_to(ROOT)}: {found.group(0)}" for pattern in lists for found in pattern.finditer(written)
        ]
    assert copies == []

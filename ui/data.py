"""The app's door to the database: short read-only connections, cached query results, cached shapes.

Caches are keyed by plain values (query name, parameters, vintage, scope), never by frames, and
geometry is decoded and simplified once per scope, not on every rerun.

The app holds no connection between queries: an import (`python -m ingest`, or the import page)
needs the file to itself for its commit, and DuckDB refuses a writer while any reader has it open
(see store/database.py). Every cache is keyed by the database *version* (the size and change time
of the file and its WAL), so whichever door an import comes through, the next rerun sees it.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import contextmanager
from pathlib import Path

import geopandas as gpd
import pandas as pd
import streamlit as st

from geo.shapes import for_display, from_wkb
from queries.runner import run, run_all
from store.database import database_path, opened

DATA_TTL_SECONDS = 600
_VERSION_MARK = "#v"


def _version(path: Path) -> str:
    parts = []
    for file in (path, path.with_name(path.name + ".wal")):
        try:
            stat = file.stat()
            parts.append(f"{stat.st_size}-{stat.st_mtime_ns}")
        except FileNotFoundError:
            parts.append("none")
    return "_".join(parts)


def database_key() -> str:
    """The database file and its version: the first key of every cache (changes after any import)."""
    path = database_path()
    return f"{path}{_VERSION_MARK}{_version(path)}"


@contextmanager
def _connection(database: str):
    with opened(Path(database.rsplit(_VERSION_MARK, 1)[0]), read_only=True) as connection:
        yield connection


@st.cache_data(ttl=DATA_TTL_SECONDS, show_spinner=False)
def _query(database: str, name: str, params: tuple) -> pd.DataFrame:
    with _connection(database) as connection:
        return run(name, dict(params), connection)


def query(name: str, **params) -> pd.DataFrame:
    """A named query's rows (see queries/NAME.sql), cached per database file and parameters."""
    return _query(database_key(), name, tuple(sorted(params.items())))


@st.cache_data(ttl=DATA_TTL_SECONDS, show_spinner=False)
def _answers(database: str, asked: tuple) -> dict[str, pd.DataFrame]:
    questions = {key: (name, dict(params)) for key, name, params in asked}
    return run_all(Path(database.rsplit(_VERSION_MARK, 1)[0]), questions)


def answers(questions: Mapping[str, tuple[str, Mapping]]) -> dict[str, pd.DataFrame]:
    """Several named questions {key: (name, params)} answered on ONE short connection, {key: rows}: a page's
    set asked together, cached as a set per database version and parameters (opening the file costs about
    as much as a small question, so a page that asks five pays it once)."""
    asked = tuple((key, name, tuple(sorted(params.items()))) for key, (name, params) in questions.items())
    return _answers(database_key(), asked)


@st.cache_data(ttl=DATA_TTL_SECONDS, show_spinner=False)
def _display_shapes(
    database: str, vintage: int, province_code: str | None, district_code: str | None
) -> gpd.GeoDataFrame:
    params = {"vintage": vintage, "province_code": province_code, "district_code": district_code}
    with _connection(database) as connection:
        rows = run("boundaries", params, connection)
    if rows.empty:
        return gpd.GeoDataFrame({"code": [], "name": []}, geometry=[], crs="EPSG:4326")
    return for_display(from_wkb(rows))


def display_shapes(
    vintage: int, province_code: str | None = None, district_code: str | None = None
) -> gpd.GeoDataFrame:
    """Simplified boundaries of one scope, ready for a map: decoded and simplified once per scope."""
    return _display_shapes(database_key(), vintage, province_code, district_code)


@st.cache_data(ttl=DATA_TTL_SECONDS, show_spinner=False)
def _province_shapes(database: str, vintage: int) -> gpd.GeoDataFrame:
    with _connection(database) as connection:
        rows = run("province_boundaries", {"vintage": vintage}, connection)
    if rows.empty:
        return gpd.GeoDataFrame({"code": [], "name": []}, geometry=[], crs="EPSG:4326")
    return for_display(from_wkb(rows))


def province_shapes(vintage: int) -> gpd.GeoDataFrame:
    """Simplified province shapes of a vintage for the country map (`code` is the province code), once per vintage."""
    return _province_shapes(database_key(), vintage)


@st.cache_data(ttl=DATA_TTL_SECONDS, show_spinner=False)
def _placed_points(
    database: str,
    vintage: int,
    year: int,
    province_code: str | None,
    district_code: str | None,
    commune_code: str | None,
) -> pd.DataFrame:
    from geo.layers import place_points

    params = {"vintage": vintage, "year": year, "province_code": province_code, "district_code": district_code}
    rows = query("map_points", **params, commune_code=commune_code)
    return place_points(rows, _display_shapes(database, vintage, province_code, district_code))


def placed_points(
    vintage: int,
    year: int,
    province_code: str | None = None,
    district_code: str | None = None,
    commune_code: str | None = None,
) -> pd.DataFrame:
    """The map's point records with positions (recorded, or placed inside their unit), once per scope; with
    `commune_code`, one unit's records only (what the map draws when a scope holds too many to draw)."""
    return _placed_points(database_key(), vintage, year, province_code, district_code, commune_code)


@st.cache_data(ttl=DATA_TTL_SECONDS, show_spinner=False)
def _bubble_anchors(
    database: str, vintage: int, province_code: str | None, district_code: str | None, by_province: bool
):
    from geo.layers import bubble_anchors

    shapes = (
        _province_shapes(database, vintage)
        if by_province
        else _display_shapes(database, vintage, province_code, district_code)
    )
    return bubble_anchors(shapes)


def bubble_anchors(
    vintage: int, province_code: str | None = None, district_code: str | None = None, by_province: bool = False
) -> pd.DataFrame:
    """Where the map's bubbles sit in each unit, worked out once per set of shapes (never on a rerun)."""
    return _bubble_anchors(database_key(), vintage, province_code, district_code, by_province)


def no_points(vintage: int) -> pd.DataFrame:
    """The map's point columns without rows: the country map draws provinces (or ten thousand communes), not records."""
    return query("map_points", vintage=vintage, year=0).head(0).assign(approximate_position=pd.Series(dtype=bool))


@st.cache_data(ttl=DATA_TTL_SECONDS, show_spinner=False, max_entries=8)
def _report_draft(database: str, lang: str, year: int, district_code, province_code, vintage: int, today) -> bytes:
    from report.content import Scope, gather
    from report.document import write

    with _connection(database) as connection:
        draft = gather(connection, Scope(year, district_code, province_code, vintage))
    return write(draft, lang, today)


def report_draft(
    lang: str, year: int, district_code: str | None, province_code: str | None, vintage: int, today
) -> bytes:
    """The annual report draft (.docx bytes) of a scope, made once per database version, scope and day."""
    return _report_draft(database_key(), lang, year, district_code, province_code, vintage, today)

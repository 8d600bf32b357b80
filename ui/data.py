"""The app's door to the database: one cached read-only connection, cached query results, cached shapes.

Caches are keyed by plain values (query name, parameters, vintage, scope), never by frames, and
geometry is decoded and simplified once per scope, not on every rerun.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import streamlit as st

from geo.shapes import for_display, from_wkb
from queries.runner import run
from store.database import connect, database_path

DATA_TTL_SECONDS = 600


@st.cache_resource(show_spinner=False)
def _connection(path: str):
    return connect(database_path(path), read_only=True)


@st.cache_data(ttl=DATA_TTL_SECONDS, show_spinner=False)
def _query(database: str, name: str, params: tuple) -> pd.DataFrame:
    return run(name, dict(params), _connection(database))


def query(name: str, **params) -> pd.DataFrame:
    """A named query's rows (see queries/NAME.sql), cached per database file and parameters."""
    return _query(str(database_path()), name, tuple(sorted(params.items())))


@st.cache_data(ttl=DATA_TTL_SECONDS, show_spinner=False)
def _display_shapes(database: str, vintage: int, province_code: str | None, district_code: str | None) -> gpd.GeoDataFrame:
    params = {"vintage": vintage, "province_code": province_code, "district_code": district_code}
    rows = run("boundaries", params, _connection(database))
    if rows.empty:
        return gpd.GeoDataFrame({"code": [], "name": []}, geometry=[], crs="EPSG:4326")
    return for_display(from_wkb(rows))


def display_shapes(vintage: int, province_code: str | None = None, district_code: str | None = None) -> gpd.GeoDataFrame:
    """Simplified boundaries of one scope, ready for a map: decoded and simplified once per scope."""
    return _display_shapes(str(database_path()), vintage, province_code, district_code)


@st.cache_data(ttl=DATA_TTL_SECONDS, show_spinner=False)
def _placed_points(database: str, vintage: int, year: int, province_code: str | None, district_code: str | None) -> pd.DataFrame:
    from geo.layers import place_points

    params = {"vintage": vintage, "year": year, "province_code": province_code, "district_code": district_code}
    return place_points(query("map_points", **params), _display_shapes(database, vintage, province_code, district_code))


def placed_points(vintage: int, year: int, province_code: str | None = None, district_code: str | None = None) -> pd.DataFrame:
    """The map's point records with positions (recorded, or placed inside their unit), once per scope."""
    return _placed_points(str(database_path()), vintage, year, province_code, district_code)

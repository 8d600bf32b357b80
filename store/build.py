"""Build the DuckDB database from data/: schema, places of both vintages, seed facts, views.

Everything is derived from files under data/, so the same inputs always give the same database.
The caller (store.database.ensure_database) builds into a temporary file and renames it.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import geopandas as gpd
import pandas as pd
import shapely

from geo import admin, crosswalk, reform_package
from geo.boundaries import (
    boundary_notes_2025,
    dissolve_2023,
    dissolve_2025,
    dissolve_provinces,
    load_boundary_file,
    match_boundaries,
)
from registry.paths import DATA_DIR
from registry.tables import FACT_TABLES, REPORT_TABLES, TABLES
from store.schema import SCHEMA, VIEWS, statements, write_vintages
from store.upgrade import code_fingerprint

SEED_DIR = DATA_DIR / "seed"


class SeedError(Exception):
    """The seed data contradicts itself (e.g. a fact names a commune that does not exist)."""


# Why a 2023 unit has no boundary: no polygon of the 2009 file was tied to it.
NO_POLYGON_2023 = (
    "no polygon of the 2009 boundary file was tied to it: created or renamed after 2009, or named otherwise "
    "there (see the boundary_matches query)"
)


def input_fingerprint() -> str:
    """sha256 over every input file and the crosswalk package's version, stored to tell which data built it."""
    digest = hashlib.sha256(reform_package.source().encode())
    inputs = [
        SCHEMA,
        VIEWS,
        admin.BOUNDARY_FILE,
        *sorted(admin.ADMIN_DIR.glob("*.csv")),
        *sorted(SEED_DIR.glob("*.csv")),
    ]
    for path in inputs:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def places() -> dict[str, pd.DataFrame]:
    """Units of both vintages with population, area and boundaries, the crosswalks and both match reports."""
    units_2023, units_2025 = admin.units_2023(), admin.units_2025()
    boundaries = load_boundary_file()
    matches = match_boundaries(boundaries, units_2023, admin.name_aliases(), admin.boundary_merges())
    national = crosswalk.national(units_2023, units_2025)
    geo_2023 = dissolve_2023(boundaries, matches)
    geo_2025 = dissolve_2025(geo_2023, national.communes)
    notes_2025 = boundary_notes_2025(units_2025, units_2023, geo_2023, national.communes, national.unlisted)

    units_2023 = units_2023.merge(geo_2023[["code", "population", "area_km2"]], on="code", how="left")
    units_2023["has_boundary"] = units_2023["code"].isin(geo_2023["code"])
    units_2023["boundary_approximate"] = False
    units_2023["boundary_note"] = units_2023["has_boundary"].map({True: None, False: NO_POLYGON_2023})
    units_2025 = units_2025.merge(geo_2025[["code", "population", "area_km2"]], on="code", how="left").merge(
        notes_2025, on="code", how="left", validate="one_to_one"
    )

    unit_columns = [
        "vintage",
        "code",
        "name",
        "unit_type",
        "province_code",
        "province_name",
        "district_code",
        "district_name",
        "population",
        "area_km2",
        "has_boundary",
        "boundary_approximate",
        "boundary_note",
    ]
    units = pd.concat([units_2023[unit_columns], units_2025[unit_columns]])
    unit_boundary = pd.concat(
        [
            pd.DataFrame(
                {
                    "vintage": vintage,
                    "code": geo["code"],
                    "geometry_wkb": shapely.to_wkb(geo.geometry.values),
                    "part_count": geo["part_count"],
                }
            )
            for vintage, geo in ((2023, geo_2023), (2025, geo_2025))
        ]
    )
    provinces = national.provinces.assign(from_vintage=2023, to_vintage=2025)
    return {
        "unit": units,
        "unit_boundary": unit_boundary,
        "province_boundary": province_boundaries(units, unit_boundary),
        "crosswalk": national.communes,
        "province_crosswalk": provinces,
        "crosswalk_match": national.report,
        "boundary_match": matches,
    }


def province_boundaries(units: pd.DataFrame, unit_boundary: pd.DataFrame) -> pd.DataFrame:
    """Rows of `province_boundary`: each province of each vintage dissolved from its units with a boundary."""
    frames = []
    for vintage, rows in unit_boundary.groupby("vintage"):
        placed = rows.merge(units.loc[units["vintage"] == vintage, ["code", "province_code"]], on="code")
        shapes = gpd.GeoDataFrame(placed, geometry=shapely.from_wkb(placed["geometry_wkb"].values), crs="EPSG:4326")
        provinces = dissolve_provinces(shapes)
        frames.append(
            pd.DataFrame(
                {
                    "vintage": vintage,
                    "province_code": provinces["province_code"],
                    "unit_count": provinces["unit_count"],
                    "geometry_wkb": shapely.to_wkb(provinces.geometry.values),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def _load_csv(connection: duckdb.DuckDBPyConnection, table: str, path: Path) -> None:
    # all_varchar keeps codes like "03562" as written; DuckDB casts each column to the table's type.
    columns = {row[0] for row in connection.execute(f"DESCRIBE {table}").fetchall()}
    position = ", row_number() OVER () AS position" if "position" in columns else ""
    connection.execute(
        f"INSERT INTO {table} BY NAME SELECT *{position} "
        "FROM read_csv(?, header = true, all_varchar = true, delim = ',', quote = '\"')",
        [str(path)],
    )


def _check_seed(connection: duckdb.DuckDBPyConnection) -> None:
    orphans = []
    for table in [name for name, spec in TABLES.items() if spec.commune_level]:
        rows = connection.execute(
            f"""SELECT f.record_id, f.vintage, f.commune_code FROM {table} f
                LEFT JOIN unit u ON u.vintage = f.vintage AND u.code = f.commune_code
                WHERE f.commune_code IS NOT NULL AND u.code IS NULL"""
        ).fetchall()
        orphans += [f"{table}.{record_id}: no unit {code} in vintage {vintage}" for record_id, vintage, code in rows]
    if orphans:
        raise SeedError("seed facts name communes that do not exist:\n" + "\n".join(orphans))


def build_database(path: Path, seed_dir: Path = SEED_DIR) -> None:
    connection = duckdb.connect(str(path))
    try:
        connection.execute("BEGIN TRANSACTION")
        for statement in statements(SCHEMA):
            connection.execute(statement)
        write_vintages(connection)
        for table, frame in places().items():
            connection.register("incoming", frame)
            connection.execute(f"INSERT INTO {table} BY NAME SELECT * FROM incoming")
            connection.unregister("incoming")
        for table in FACT_TABLES + REPORT_TABLES:
            _load_csv(connection, table, seed_dir / f"{table}.csv")
        _check_seed(connection)
        for statement in statements(VIEWS):
            connection.execute(statement)
        connection.execute("CREATE TABLE build_info (key VARCHAR PRIMARY KEY, value VARCHAR)")
        connection.executemany(
            "INSERT INTO build_info VALUES (?, ?)",
            [
                ["built_at", datetime.now(UTC).isoformat(timespec="seconds")],
                ["input_fingerprint", input_fingerprint()],
                ["duckdb_version", duckdb.__version__],
                ["code_fingerprint", code_fingerprint()],
            ],
        )
        connection.execute("COMMIT")
        connection.execute("CHECKPOINT")
    except Exception:
        connection.execute("ROLLBACK")
        raise
    finally:
        connection.close()

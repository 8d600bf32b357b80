"""Boundary geometries as the map needs them: decoded once, simplified as a coverage, rounded.

Simplifying polygon by polygon opens slivers between neighbours; `simplify_coverage` moves shared
edges together, so communes still touch. Coordinates are then snapped to a grid once (about 11 m
at 4 decimals), which shrinks what is sent to the browser without moving a border anyone can see.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

GRID_DEGREES = 1e-4  # ≈ 11 m: the finest grid a map of a district needs


def grid_for(tolerance: float) -> float:
    """A round grid a few times finer than the simplification: 1e-4° for a district, 1e-3° for the country."""
    return float(min(1e-3, max(GRID_DEGREES, 10 ** np.floor(np.log10(tolerance / 4)))))


def from_wkb(rows: pd.DataFrame) -> gpd.GeoDataFrame:
    """A GeoDataFrame from query rows that carry `geometry_wkb` (see queries/boundaries.sql)."""
    geometry = shapely.from_wkb(rows["geometry_wkb"].map(bytes).to_numpy())
    return gpd.GeoDataFrame(rows.drop(columns=["geometry_wkb"]), geometry=geometry, crs="EPSG:4326")


def tolerance_for(frame: gpd.GeoDataFrame) -> float:
    """Simplification distance in degrees: 1/1500 of the extent shown (≈45 m for a district)."""
    minx, miny, maxx, maxy = frame.total_bounds
    return max(maxx - minx, maxy - miny, 1e-3) / 1500.0


def for_display(frame: gpd.GeoDataFrame, tolerance: float | None = None) -> gpd.GeoDataFrame:
    """Simplified, grid-snapped copy of `frame`, neighbours still sharing their borders."""
    tolerance = tolerance_for(frame) if tolerance is None else tolerance
    grid = grid_for(tolerance)
    simplified = frame.geometry.simplify_coverage(tolerance)
    snapped = shapely.set_precision(simplified.values, grid)
    empty = shapely.is_empty(snapped)
    # A tiny unit can vanish at coarse scales: keep its unsimplified (but snapped) shape instead.
    snapped[empty] = shapely.set_precision(frame.geometry.values[empty], GRID_DEGREES)
    display = frame.set_geometry(gpd.GeoSeries(snapped, index=frame.index, crs=frame.crs))
    display.attrs["grid"] = grid if not empty.any() else GRID_DEGREES
    return display

"""Write a query result as CSV, JSON, XLSX or GeoJSON bytes: the same writers serve the CLI and the pages.

Exports are where a dashboard is most often wrong, so every writer takes the rows it is given and no
others. Text that a spreadsheet would run as a formula (starting with = + - @, tab or carriage return) is
prefixed with an apostrophe in CSV and XLSX, as OWASP advises; numbers stay numbers. XLSX is written
cell by cell with openpyxl (pandas' `to_excel` would store text beginning with "=" as a live formula).
GeoJSON is not a spreadsheet format and is written as the data is (UTF-8, no BOM, RFC 7946).
"""

from __future__ import annotations

import io
import json
import math
import re
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

import numpy as np
import pandas as pd

FORMATS = ("csv", "json", "xlsx", "geojson")
GEOMETRIES = ("points", "communes", "wkb")
BOUNDARY_ATTRIBUTION = "Boundaries: censusVN2009 (M. Choisy, L. Contamin), MIT licence"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Control characters an XLSX file cannot hold (openpyxl refuses them); tab, newline and CR are allowed.
_ILLEGAL_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Counts that may be summed when fact rows are gathered into their commune (GeoJSON of communes).
ADDITIVE = (
    "communicators",
    "communicators_female",
    "members",
    "members_female",
    "attendees",
    "villages_reached",
    "participants",
    "mothers_paid",
)
COORDINATE_DECIMALS = 6  # ≈ 0.1 m, as RFC 7946 suggests


class ExportError(ValueError):
    """The rows cannot be written in the format asked for (e.g. GeoJSON of a table with no places)."""


def neutralise(value):
    """Text a spreadsheet would run as a formula, made inert with a leading apostrophe; anything else as is."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _neutralised(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out.columns = [neutralise(str(column)) for column in out.columns]
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise)
    return out


def _plain(value):
    """A JSON-ready Python value: numbers as numbers, missing as null, dates as ISO text."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return int(value) if value.is_integer() and abs(value) < 2**53 else value
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return _plain(value.item())
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "tolist"):
        return [_plain(v) for v in value.tolist()]
    return value


def to_records(frame: pd.DataFrame) -> list[dict]:
    return [
        {column: _plain(value) for column, value in zip(frame.columns, row)} for row in frame.itertuples(index=False)
    ]


def to_json(frame: pd.DataFrame) -> bytes:
    return json.dumps(to_records(frame), ensure_ascii=False, indent=1).encode("utf-8")


def to_csv(frame: pd.DataFrame, bom: bool = True) -> bytes:
    """UTF-8 CSV; with a BOM so that Excel shows Vietnamese letters (set bom=False for pipes).

    Lines end in CRLF (RFC 4180), which also makes the writer quote any text holding a lone carriage
    return; with "\n" alone such text would split into two rows in every reader. Decimals use a point,
    as every program reading CSV expects; XLSX is the format for Excel users.
    """
    text = _neutralised(frame).to_csv(index=False, lineterminator="\r\n")
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


# ---------------------------------------------------------------- number formats


def is_plain_number(name: str) -> bool:
    """Years, vintages and content areas are labels written with digits: never "2.023"."""
    name = str(name)
    return (
        name in {"year", "vintage", "content_area", "position", "decimals"}
        or name.endswith(("_year", "_vintage"))
        or name.startswith("period_")
    )


def decimals_needed(series: pd.Series, limit: int = 6) -> int:
    """The fewest decimals that show every value of a numeric column exactly (up to `limit`)."""
    values = pd.to_numeric(series, errors="coerce").dropna().astype(float).to_numpy()
    for decimals in range(limit + 1):
        if np.allclose(np.round(values, decimals), values, rtol=0, atol=10 ** -(limit + 2)):
            return decimals
    return limit


def _is_numeric(series: pd.Series) -> bool:
    if pd.api.types.is_bool_dtype(series):
        return False
    if pd.api.types.is_numeric_dtype(series):
        return True
    present = series.dropna()
    return len(present) > 0 and all(isinstance(v, Decimal) for v in present)


def excel_format(name: str, series: pd.Series) -> str | None:
    """The XLSX number format of a column judged by its code name and values (None: general)."""
    if pd.api.types.is_datetime64_any_dtype(series):
        present = series.dropna()
        return "dd/mm/yyyy" if (present == present.dt.normalize()).all() else "dd/mm/yyyy hh:mm"
    if not _is_numeric(series):
        return None
    if is_plain_number(name):
        return "0"
    decimals = decimals_needed(series)
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def excel_formats(frame: pd.DataFrame) -> dict[str, str]:
    """Number formats of a frame whose columns carry their code names."""
    formats = {column: excel_format(column, frame[column]) for column in frame.columns}
    return {column: fmt for column, fmt in formats.items() if fmt}


# ---------------------------------------------------------------- XLSX


def _cell_value(value):
    """What one cell holds: numbers as numbers, dates as dates, text cleaned and neutralised."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
        return value.date() if value.time() == datetime.min.time() else value
    if isinstance(value, (datetime, date, bool)):
        return value
    if isinstance(value, (bytes, bytearray, memoryview)):
        return None
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, np.generic):
        return _cell_value(value.item())
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, (list, tuple, np.ndarray)):
        value = "; ".join("" if v is None else str(_plain(v)) for v in list(value))
    # XML reads every carriage return back as a line feed: write what will be read.
    text = neutralise(_ILLEGAL_XLSX.sub("\ufffd", str(value)))
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _sheet_title(title: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", "_", str(title))[:31] or "data"


def _width(values: Iterable, header: str) -> float:
    longest = max([len(str(header))] + [len(str(v)) for v in values if v is not None] or [0])
    return float(min(60, max(8, longest + 2)))


def to_xlsx(
    frame: pd.DataFrame,
    sheet: str = "data",
    formats: dict[str, str] | None = None,
    about: list[tuple[str, str]] | None = None,
) -> bytes:
    """XLSX with a bold, frozen, filterable header, column widths and number formats.

    `formats` maps columns to Excel number formats (default: judged from code-name columns, see
    excel_format); `about` adds an "About" sheet of (label, value) lines: filters, sources, time.
    Text is always stored as text, never as a formula.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    formats = excel_formats(frame) if formats is None else formats
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = _sheet_title(sheet)
    worksheet.append([_cell_value(str(column)) for column in frame.columns])
    for cell in worksheet[1]:
        cell.font = Font(bold=True)
        cell.data_type = "s"
    columns = [frame[column].tolist() for column in frame.columns]
    for row in zip(*columns):
        worksheet.append([_cell_value(value) for value in row])
    for index, column in enumerate(frame.columns, start=1):
        letter = get_column_letter(index)
        fmt = formats.get(column)
        for (cell,) in worksheet.iter_rows(min_row=2, min_col=index, max_col=index):
            if isinstance(cell.value, str):
                cell.data_type = "s"  # openpyxl would otherwise treat a leading "=" as a formula
            elif fmt and cell.value is not None:
                cell.number_format = fmt
        shown = [_cell_value(v) for v in columns[index - 1][:500]]
        worksheet.column_dimensions[letter].width = 12 if fmt and fmt.startswith("dd/") else _width(shown, str(column))
    worksheet.freeze_panes = "A2"
    if len(frame.columns):
        worksheet.auto_filter.ref = f"A1:{get_column_letter(len(frame.columns))}{max(1, len(frame) + 1)}"
    if about is not None:
        info = workbook.create_sheet("About")
        for label, value in about:
            info.append([_cell_value(label), _cell_value(value)])
        for row in info.iter_rows():
            row[0].font = Font(bold=True)
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                if isinstance(cell.value, str):
                    cell.data_type = "s"
        info.column_dimensions["A"].width = 32
        info.column_dimensions["B"].width = 100
    workbook.properties.title = str(sheet)
    workbook.properties.creator = "Project 8 dashboard"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------- GeoJSON


def geometry_modes(frame: pd.DataFrame) -> list[str]:
    """The GeoJSON shapes these rows can take, best first: their own geometry, points, their communes."""
    modes = []
    if "geometry_wkb" in frame.columns:
        modes.append("wkb")
    if {"latitude", "longitude"} <= set(frame.columns):
        modes.append("points")
    if commune_key(frame):
        modes.append("communes")
    return modes


def commune_key(frame: pd.DataFrame) -> tuple[str, str] | None:
    """The (vintage, code) columns that place a row in a commune-level unit, if any."""
    for code in ("commune_code", "code"):
        if {"vintage", code} <= set(frame.columns):
            return "vintage", code
    return None


def _rounded(coordinates):
    if isinstance(coordinates, (list, tuple)):
        return [_rounded(c) for c in coordinates]
    return round(float(coordinates), COORDINATE_DECIMALS)


def _geometry(shape) -> dict | None:
    if shape is None or shape.is_empty:
        return None
    import shapely.geometry

    mapped = shapely.geometry.mapping(shape)
    if mapped["type"] == "GeometryCollection":
        return {"type": mapped["type"], "geometries": [_geometry(part) for part in shape.geoms]}
    return {"type": mapped["type"], "coordinates": _rounded(mapped["coordinates"])}


def _collection(features: list[dict], metadata: dict | None, counts: dict) -> bytes:
    document = {"type": "FeatureCollection", "metadata": {**(metadata or {}), **counts}, "features": features}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def to_geojson_points(frame: pd.DataFrame, metadata: dict | None = None) -> bytes:
    """One Point feature per row, in the given order. A row without (valid) coordinates is kept with a
    null geometry (RFC 7946 §3.2), so the file holds every row shown; metadata counts them."""
    if not {"latitude", "longitude"} <= set(frame.columns):
        raise ExportError("these rows have no latitude/longitude columns")
    features, missing = [], 0
    for record in to_records(frame):
        latitude, longitude = record.pop("latitude"), record.pop("longitude")
        located = (
            isinstance(latitude, (int, float))
            and isinstance(longitude, (int, float))
            and -90 <= latitude <= 90
            and -180 <= longitude <= 180
        )
        missing += not located
        geometry = {"type": "Point", "coordinates": _rounded([longitude, latitude])} if located else None
        features.append({"type": "Feature", "geometry": geometry, "properties": record})
    return _collection(features, metadata, {"features": len(features), "features_without_coordinates": missing})


def to_geojson_wkb(frame: pd.DataFrame, metadata: dict | None = None) -> bytes:
    """One feature per row of a query that carries its own geometry (geometry_wkb, EPSG:4326)."""
    import shapely

    geometries = shapely.from_wkb([None if v is None else bytes(v) for v in frame["geometry_wkb"]])
    rest = frame.drop(columns=["geometry_wkb"])
    features = [
        {"type": "Feature", "geometry": _geometry(shape), "properties": record}
        for shape, record in zip(geometries, to_records(rest))
    ]
    return _collection(features, {"attribution": BOUNDARY_ATTRIBUTION, **(metadata or {})}, {"features": len(features)})


def _commune_properties(frame: pd.DataFrame, key: tuple[str, str]) -> list[dict]:
    """Fact rows (with record_id) gathered per commune: how many rows, the sums of their counts, whether
    any is illustrative, and which records. Rows of per-unit queries pass through as they are."""
    vintage, code = key
    placed = frame[frame[code].notna()]
    if "record_id" not in frame.columns:
        if placed.duplicated([vintage, code]).any():
            raise ExportError("rows without record_id must be one per commune to become commune features")
        return to_records(placed)
    name = next((c for c in ("commune_name", "name") if c in frame.columns), None)
    rows = []
    for (vintage_value, code_value), group in placed.groupby([vintage, code], sort=False):
        properties = {vintage: _plain(vintage_value), code: code_value}
        if name:
            properties[name] = _plain(group[name].iloc[0])
        properties["records"] = len(group)
        for column in ADDITIVE:
            if column in group.columns:
                properties[column] = _plain(pd.to_numeric(group[column], errors="coerce").sum(min_count=1))
        for flag in ("illustrative", "approximate"):
            if flag in group.columns:
                properties[flag] = bool(group[flag].fillna(False).astype(bool).any())
        properties["record_ids"] = group["record_id"].tolist()
        rows.append(properties)
    return rows


def to_geojson_communes(frame: pd.DataFrame, shapes, metadata: dict | None = None) -> bytes:
    """Commune polygons with their values: one feature per commune-level unit the rows lie in.

    `shapes` is a GeoDataFrame with `vintage`, `code` and geometry (full precision, EPSG:4326). Fact
    rows are gathered per commune (see _commune_properties); rows with no commune (district-level) cannot
    be placed and are counted and listed in the metadata, never dropped silently. A unit without a
    boundary keeps a null geometry.
    """
    key = commune_key(frame)
    if key is None:
        raise ExportError("these rows have no commune (vintage and commune code) to place them")
    vintage, code = key
    lookup = {(int(v), str(c)): g for v, c, g in zip(shapes["vintage"], shapes["code"], shapes.geometry)}
    features = []
    for properties in _commune_properties(frame, key):
        shape = lookup.get((int(properties[vintage]), str(properties[code])))
        features.append({"type": "Feature", "geometry": _geometry(shape), "properties": properties})
    unplaced = frame[frame[code].isna()]
    counts = {
        "features": len(features),
        "features_without_geometry": sum(f["geometry"] is None for f in features),
        "unplaced_records": len(unplaced),
    }
    if "record_id" in unplaced.columns and len(unplaced):
        counts["unplaced_record_ids"] = unplaced["record_id"].tolist()
    return _collection(features, {"attribution": BOUNDARY_ATTRIBUTION, **(metadata or {})}, counts)


def render(frame: pd.DataFrame, fmt: str, bom: bool = True, **options) -> bytes:
    """CSV, JSON or XLSX bytes (GeoJSON needs places: see to_geojson_*). `options` go to to_xlsx."""
    if fmt == "csv":
        return to_csv(frame, bom=bom)
    if fmt == "json":
        return to_json(frame)
    if fmt == "xlsx":
        return to_xlsx(frame, **options)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")

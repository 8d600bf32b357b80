"""Write a query result as CSV, JSON or XLSX bytes: the same writers serve the CLI and the pages.

Text that a spreadsheet would run as a formula (starting with = + - @, tab or carriage return) is
prefixed with an apostrophe in CSV and XLSX, as OWASP advises; numbers stay numbers.
"""

from __future__ import annotations

import io
import json
import math
from datetime import date, datetime
from decimal import Decimal

import pandas as pd

FORMATS = ("csv", "json", "xlsx")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _neutralised(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise)
    return out


def _plain(value):
    """A JSON-ready Python value: numbers as numbers, missing as null, dates as ISO text."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return int(value) if value.is_integer() and abs(value) < 2**53 else value
    if isinstance(value, (datetime, date, pd.Timestamp)):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return _plain(value.item())
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "tolist"):
        return [_plain(v) for v in value.tolist()]
    if value is pd.NA or value is pd.NaT:
        return None
    return value


def to_records(frame: pd.DataFrame) -> list[dict]:
    return [{column: _plain(value) for column, value in zip(frame.columns, row)} for row in frame.itertuples(index=False)]


def to_json(frame: pd.DataFrame) -> bytes:
    return json.dumps(to_records(frame), ensure_ascii=False, indent=1).encode("utf-8")


def to_csv(frame: pd.DataFrame, bom: bool = True) -> bytes:
    """UTF-8 CSV; with a BOM so that Excel shows Vietnamese letters (set bom=False for pipes)."""
    text = _neutralised(frame).to_csv(index=False, lineterminator="\n")
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


def to_xlsx(frame: pd.DataFrame, sheet: str = "data") -> bytes:
    """XLSX with a bold, frozen header; text is written as text, never as a formula."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet[:31]
    worksheet.append([str(column) for column in frame.columns])
    for cell in worksheet[1]:
        cell.font = Font(bold=True)
    for record in to_records(frame):
        row = []
        for value in record.values():
            value = neutralise(value)
            row.append(", ".join(map(str, value)) if isinstance(value, list) else value)
        worksheet.append(row)
    for row in worksheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # openpyxl would otherwise treat a leading "=" as a formula
    worksheet.freeze_panes = "A2"
    for index, column in enumerate(frame.columns, start=1):
        longest = max([len(str(column))] + [len(str(v)) for v in frame[column].head(500)])
        worksheet.column_dimensions[worksheet.cell(1, index).column_letter].width = min(60, longest + 2)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def render(frame: pd.DataFrame, fmt: str, bom: bool = True) -> bytes:
    if fmt == "csv":
        return to_csv(frame, bom=bom)
    if fmt == "json":
        return to_json(frame)
    if fmt == "xlsx":
        return to_xlsx(frame)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")

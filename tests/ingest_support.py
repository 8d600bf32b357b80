"""Helpers for the import tests: writable copies of the session database and files as staff make them."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import duckdb
import pytest

from ingest import pipeline
from tests.conftest import ROOT, cli_env

TONES = "\u0300\u0301\u0303\u0309\u0323"


@pytest.fixture
def db(tmp_path, database_path) -> Path:
    """A private copy of the session database that a test may write to."""
    copy = tmp_path / "p8.duckdb"
    shutil.copy(database_path, copy)
    return copy


def csv_bytes(rows: list[list], delimiter: str = ",", encoding: str = "utf-8", bom: bool = False) -> bytes:
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    text = buffer.getvalue()
    if encoding == "cp1258":
        return cp1258(text)
    return (("\ufeff" if bom else "") + text).encode(encoding)


def cp1258(text: str) -> bytes:
    """What Windows writes in its Vietnamese code page: base letters with the tone marks after them."""
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in parts if c in TONES)
        out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES)) + tones)
    return "".join(out).encode("cp1258")


def xlsx_bytes(rows: list[list], sheet: str = "Sheet1", extra_sheets: dict | None = None) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    for row in rows:
        worksheet.append(row)
    for name, extra in (extra_sheets or {}).items():
        other = workbook.create_sheet(name)
        for row in extra:
            other.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


TEAM_HEADER = [
    "Tên xã",
    "Thôn, bản",
    "Số truyền thông viên",
    "Số truyền thông viên nữ",
    "Năm báo cáo",
    "Ngày thành lập",
]


def teams(*rows) -> list[list]:
    return [TEAM_HEADER, *[list(r) for r in rows]]


_PLACES = []


def prepare(data: bytes, db: Path, name: str = "file.csv", **options):
    """pipeline.prepare as the page calls it (district of the scope: Phong Thổ); the unit list is read once."""
    options.setdefault("default_district", "109")
    if not _PLACES:
        _PLACES.append(pipeline.load_places(db))
    options.setdefault("places", _PLACES[0])
    return pipeline.prepare(data, name, db, **options)


def snapshot(db: Path, table: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as connection:
        return connection.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()


def scalar(db: Path, sql: str, params: list | None = None):
    with duckdb.connect(str(db), read_only=True) as connection:
        return connection.execute(sql, params or []).fetchall()[0][0]


def run_cli(*args, db: Path, timeout: float = 300, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ingest", *map(str, args)],
        cwd=ROOT,
        env=cli_env(db),
        capture_output=True,
        timeout=timeout,
        **kwargs,
    )


def codes(problems) -> set[str]:
    return {p.code for p in problems}


def by_code(problems, code: str):
    found = [p for p in problems if p.code == code]
    assert found, f"no {code} among {[(p.row, p.column, p.code) for p in problems]}"
    return found[0]

"""An export re-saved by another office writer imports back with every row unchanged.

The other writer is GDAL (its XLSX and ODS drivers, through pyogrio, already in the environment): a
real writer with its own habits, unlike openpyxl's — shared strings, its own styles, and for ODS
line breaks between the cells, which calamine alone cannot read. The files are written while the
test runs from our own export, so no binary fixture is kept.
"""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pandas as pd
import pyogrio
import pytest

from ingest import templates
from store.database import opened
from tests.ingest_support import db, prepare  # noqa: F401


def exported_frame(database, table: str) -> tuple[pd.DataFrame, int]:
    """Our export's data sheet (title row, header row, rows) as a frame of the cells as written."""
    with opened(database) as connection:
        data, count = templates.export(connection, table, "xlsx")
    rows = list(openpyxl.load_workbook(io.BytesIO(data))[table].iter_rows(values_only=True))
    return pd.DataFrame(rows[2:], columns=rows[1]), count


@pytest.mark.parametrize("driver, suffix", [("XLSX", "xlsx"), ("ODS", "ods")])
def test_an_export_resaved_by_gdal_reimports_unchanged(db, tmp_path, driver, suffix):
    frame, count = exported_frame(db, "comm_team")
    path = tmp_path / f"comm_team.{suffix}"
    pyogrio.write_dataframe(frame, path, driver=driver, layer="comm_team")
    data = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:  # not openpyxl's (which signs its files) nor ours
        assert not any(b"openpyxl" in archive.read(name) for name in archive.namelist())
    prepared = prepare(data, db, name=path.name, table="comm_team", default_district=None)
    assert prepared.kind == suffix and prepared.details["sheet"] == "comm_team"
    assert prepared.problems == []
    assert (prepared.plan.added, prepared.plan.updated, prepared.plan.removed) == (0, 0, 0)
    assert prepared.plan.unchanged == count == len(frame) > 0


def test_a_day_number_in_an_ods_reads_as_the_date_excel_shows(db, tmp_path):
    frame, _ = exported_frame(db, "comm_team")
    date_column = next(c for c in frame.columns if frame[c].astype(str).str.match(r"\d{4}-\d{2}-\d{2}").all())
    frame = frame.head(1).assign(**{date_column: 45258})  # a date cell left as its day number (LibreOffice, Excel)
    path = tmp_path / "comm_team.ods"
    pyogrio.write_dataframe(frame, path, driver="ODS", layer="comm_team")
    prepared = prepare(path.read_bytes(), db, name=path.name, table="comm_team", default_district=None)
    assert [p.code for p in prepared.problems if p.severity == "error"] == []
    assert prepared.validated.records[0]["established_on"] == "2023-11-28"

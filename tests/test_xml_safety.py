"""XML inside an uploaded workbook can neither expand entities without end nor read files on the server.

Two guards, each tested here on a workbook zipped by hand: ingest.reader refuses any part that carries a
DTD before openpyxl opens the file (the whole `python -m ingest` path), and openpyxl itself parses through
defusedxml, a runtime dependency, which forbids entity declarations should a part ever get past that scan.
"""

from __future__ import annotations

import io
import json
import zipfile
from xml.sax.saxutils import escape

import defusedxml
import defusedxml.ElementTree
import openpyxl
import openpyxl.xml
import openpyxl.xml.functions
import pytest

from tests.ingest_support import TEAM_HEADER, db, run_cli, scalar, snapshot  # noqa: F401

ROWS = [TEAM_HEADER, ["Mù Sang", "Bản Hồ Sì Pan", 8, 3, 2023, "15/10/2023"], ["Dào San", "Bản Tả Phìn", 6, 2, 2023, ""]]
SHEET_PART = "xl/worksheets/sheet1.xml"
HOLE = "ENTITY-GOES-HERE"  # a village name that becomes a raw entity reference in the sheet XML

# lol0 is "lol", each next entity ten of the one before: lol9 would be a thousand million of them.
BILLION_LAUGHS = (
    b'<!DOCTYPE worksheet [<!ENTITY lol0 "lol">'
    + b"".join(b'<!ENTITY lol%d "%s">' % (level, b"&lol%d;" % (level - 1) * 10) for level in range(1, 10))
    + b"]>"
)
EXTERNAL_ENTITY = b'<!DOCTYPE worksheet [<!ENTITY lol9 SYSTEM "file:///etc/passwd">]>'
EXTERNAL_DTD = b'<!DOCTYPE worksheet SYSTEM "http://127.0.0.1:9/evil.dtd">'

ATTACKS = {"billion_laughs": BILLION_LAUGHS, "external_entity": EXTERNAL_ENTITY, "external_dtd": EXTERNAL_DTD}
ENTITY_ATTACKS = ["billion_laughs", "external_entity"]  # the two that declare entities


def _cell(column: int, row: int, value) -> str:
    ref = f"{'ABCDEFGHIJ'[column]}{row}"
    if isinstance(value, int):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def hand_made_xlsx(rows: list[list], doctype: bytes = b"", entity: bytes = b"") -> bytes:
    """The smallest workbook Excel and openpyxl accept, one sheet of inline strings; `doctype` goes into
    the sheet's XML prologue and `entity` (a raw reference such as b"&lol9;") in place of HOLE."""
    sheet_rows = "".join(
        f'<row r="{number}">'
        + "".join(_cell(column, number, value) for column, value in enumerate(row) if value != "")
        + "</row>"
        for number, row in enumerate(rows, start=1)
    )
    sheet = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        + doctype
        + b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        + sheet_rows.encode("utf-8").replace(HOLE.encode(), entity)
        + b"</sheetData></worksheet>"
    )
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="comm_team" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>"
        ),
        SHEET_PART: sheet,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content.encode("utf-8") if isinstance(content, str) else content)
    return buffer.getvalue()


def attacked(name: str) -> bytes:
    rows = [list(row) for row in ROWS]
    rows[1][1] = HOLE
    return hand_made_xlsx(rows, ATTACKS[name], b"&lol9;" if name in ENTITY_ATTACKS else b"")


def test_openpyxl_parses_through_defusedxml():
    assert openpyxl.xml.DEFUSEDXML is True
    assert openpyxl.xml.functions.fromstring is defusedxml.ElementTree.fromstring
    assert openpyxl.xml.functions.iterparse is defusedxml.ElementTree.iterparse


def test_the_hand_made_workbook_imports_when_it_carries_no_dtd(db, tmp_path):
    """So what refuses the files below is their XML, not the way they were made."""
    path = tmp_path / "clean.xlsx"
    path.write_bytes(hand_made_xlsx(ROWS))
    result = run_cli(path, "--dry-run", db=db)
    assert result.returncode == 0, result.stderr.decode()
    assert "2 rows valid; would be added 2" in result.stdout.decode()


@pytest.mark.parametrize("name", list(ATTACKS))
def test_the_import_command_refuses_xml_entities_as_an_unusable_file(db, tmp_path, name):
    path = tmp_path / f"{name}.xlsx"
    path.write_bytes(attacked(name))
    before = snapshot(db, "comm_team")
    result = run_cli(path, "--json", "--editor", "lan", db=db, timeout=120)
    assert result.returncode == 2, result.stderr.decode()
    (problem,) = json.loads(result.stdout)
    assert problem["code"] == "file_xml_entities"
    assert "DTD" in problem["message"] and SHEET_PART in problem["message"]
    stderr = result.stderr.decode()
    assert "refused for safety" in stderr and "Traceback" not in stderr
    assert "root:" not in result.stdout.decode() + stderr  # nothing of /etc/passwd came back
    assert snapshot(db, "comm_team") == before
    assert scalar(db, "SELECT count(*) FROM import_log") == 0


@pytest.mark.parametrize("name", ENTITY_ATTACKS)
def test_openpyxl_alone_refuses_entity_declarations(name):
    """The second guard: were the reader's scan ever bypassed, openpyxl would still not expand or fetch."""
    with pytest.raises(ValueError) as refused:  # openpyxl wraps defusedxml's error in its own ValueError
        workbook = openpyxl.load_workbook(io.BytesIO(attacked(name)), read_only=True, data_only=True)
        try:
            list(workbook.active.iter_rows(values_only=True))
        finally:
            workbook.close()
    causes, error = [], refused.value
    while error is not None:
        causes.append(error)
        error = error.__cause__ or error.__context__
    assert any(isinstance(cause, defusedxml.EntitiesForbidden) for cause in causes), causes

"""Bytes of an uploaded file -> rows of cells, safely.

What staff send: XLSX from Excel (sometimes with a title above the header, several sheets) and CSV
from Excel or LibreOffice in UTF-8 (with or without BOM), UTF-16, or the Windows Vietnamese code
page 1258, separated by commas, semicolons or tabs. The format is told by the bytes, not the name.

An XLSX is a zip of XML: a small file can declare gigabytes inside (a zip bomb) or define XML
entities that expand without end. Both are refused *before* openpyxl opens the file: declared
sizes and ratios are checked, and every XML part is scanned for a DTD (an OOXML part never has one).
Every text is put in Unicode NFC, and the apostrophe that our exports put before text that would
otherwise run as a formula is taken off again, so an export reads back as it was.
"""

from __future__ import annotations

import csv
import io
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from ingest.messages import UnusableFile

MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 400 * 1024 * 1024  # everything an XLSX declares, unpacked
MAX_RATIO = 200  # unpacked / packed, for any part over 1 MB
MAX_ZIP_MEMBERS = 5000
MAX_ROWS = 200_000
MAX_COLUMNS = 200
MAX_CELL_CHARS = 10_000
PREVIEW_ROWS = 30  # rows looked at to find the header

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_DTD_MARKERS = [
    marker.encode(encoding) for marker in ("<!doctype", "<!entity") for encoding in ("utf-8", "utf-16-le", "utf-16-be")
]
_ALLOWED_CONTROLS = {"\t", "\n", "\r", "\x0b", "\x0c", "\x1a"}

Cell = Any  # str | int | float | bool | datetime | date | time | None
Progress = Callable[[float], None]


@dataclass
class Sheet:
    rows: list[list[Cell]]
    row_numbers: list[int]  # the row (XLSX) or line (CSV) each row starts on, 1-based
    name: str | None  # worksheet name (XLSX)
    kind: str  # xlsx | csv
    encoding: str | None = None  # CSV only
    delimiter: str | None = None


def clean_text(value: str) -> str:
    """NFC, no surrounding space, and no export apostrophe before a formula-like text."""
    value = unicodedata.normalize("NFC", value).strip()
    if value[:1] == "'" and value[1:2] in _FORMULA_START and len(value) > 1:
        value = value[1:]
    return value


def sniff_kind(data: bytes) -> str:
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return "xlsx"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise UnusableFile("file_old_excel")
    if data[:5] == b"%PDF-":
        raise UnusableFile("file_not_table")
    return "csv"


# What zipfile may raise on a damaged archive (it has no single error type).
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    struct.error,
    ValueError,
    OSError,
    EOFError,
    NotImplementedError,
    RuntimeError,
    UnicodeDecodeError,
)


# ---------------------------------------------------------------- XLSX
def check_zip(data: bytes) -> None:
    """Refuse an XLSX whose declared contents are absurd, or that carries a DTD, before parsing it."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except _ZIP_ERRORS:
        raise UnusableFile("file_corrupt_xlsx") from None
    declared = sum(member.file_size for member in members)
    if len(members) > MAX_ZIP_MEMBERS or declared > MAX_UNCOMPRESSED_BYTES:
        raise UnusableFile("file_zip_bomb", size=_megabytes(declared), limit=_megabytes(MAX_UNCOMPRESSED_BYTES))
    for member in members:
        if member.file_size > 1024 * 1024 and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise UnusableFile("file_zip_bomb", size=_megabytes(declared), limit=_megabytes(MAX_UNCOMPRESSED_BYTES))
    names = {member.filename for member in members}
    if "[Content_Types].xml" not in names or not any(name.startswith("xl/") for name in names):
        raise UnusableFile("file_corrupt_xlsx")
    for member in members:
        if member.filename.endswith((".xml", ".rels", ".vml")) or "/" not in member.filename:
            _scan_for_dtd(archive, member)


def _scan_for_dtd(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    tail = b""
    try:
        with archive.open(member) as stream:  # zipfile never yields more than the declared size
            while chunk := stream.read(1024 * 1024):
                window = (tail + chunk).lower()
                if any(marker in window for marker in _DTD_MARKERS):
                    raise UnusableFile("file_xml_entities", part=member.filename)
                tail = window[-32:]
    except UnusableFile:
        raise
    except _ZIP_ERRORS:
        raise UnusableFile("file_corrupt_xlsx") from None


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.0f}"


def _cell(value: Cell) -> Cell:
    if isinstance(value, str):
        return clean_text(value[:MAX_CELL_CHARS])
    if isinstance(value, (int, float, bool, datetime, date, time)) or value is None:
        return value
    return clean_text(str(value)[:MAX_CELL_CHARS])


def read_xlsx(
    data: bytes,
    pick: Callable[[list[tuple[str, list[list[Cell]]]]], int] | None = None,
    progress: Progress | None = None,
) -> Sheet:
    """The data sheet of a workbook: `pick` chooses it from each sheet's first rows (default: the first)."""
    check_zip(data)
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds (KeyError, ValueError, TypeError…) on a damaged file
        raise UnusableFile("file_corrupt_xlsx") from None
    try:
        sheets = workbook.worksheets
        if not sheets:
            raise UnusableFile("file_empty")
        previews = []
        for sheet in sheets:
            sheet.reset_dimensions()  # some writers declare a wrong size; read what is there
            rows = []
            for values in sheet.iter_rows(values_only=True):
                rows.append([_cell(value) for value in values[:MAX_COLUMNS]])
                if len(rows) >= PREVIEW_ROWS:
                    break
            previews.append((sheet.title, rows))
        index = pick(previews) if pick else 0
        chosen = sheets[index]
        rows, numbers = [], []
        for number, values in enumerate(chosen.iter_rows(values_only=True), start=1):
            if len(values) > MAX_COLUMNS and any(v not in (None, "") for v in values[MAX_COLUMNS:]):
                raise UnusableFile("file_too_many_columns", limit=MAX_COLUMNS)
            cells = [_cell(value) for value in values[:MAX_COLUMNS]]
            while cells and cells[-1] in (None, ""):
                cells.pop()
            if not cells:
                continue
            rows.append(cells)
            numbers.append(number)
            if len(rows) > MAX_ROWS + PREVIEW_ROWS:
                raise UnusableFile("file_too_many_rows", limit=MAX_ROWS)
            if progress and number % 5000 == 0:
                progress(min(number / (MAX_ROWS / 2), 0.99))  # the sheet's true length is unknown until read
        return Sheet(rows, numbers, chosen.title, "xlsx")
    except UnusableFile:
        raise
    except Exception:  # a damaged sheet part: openpyxl's errors are not one type
        raise UnusableFile("file_corrupt_xlsx") from None
    finally:
        workbook.close()


# ---------------------------------------------------------------- CSV
def decode(data: bytes) -> tuple[str, str]:
    """The text of a CSV and the encoding it was in: BOM first, then UTF-16 by its zero bytes,
    then strict UTF-8, then Windows-1258 (whose tone marks combine: NFC puts them together)."""
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    elif b"\x00" in data[:4096]:
        sample = data[:4096]
        odd_zeros = sample[1::2].count(0)
        even_zeros = sample[0::2].count(0)
        candidates = ["utf-16-le" if odd_zeros >= even_zeros else "utf-16-be"]
    else:
        candidates = ["utf-8", "cp1258"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, UnicodeError):
            continue
        if "\x00" in text or any(ch < " " and ch not in _ALLOWED_CONTROLS for ch in text[:100_000]):
            raise UnusableFile("file_not_table")
        return unicodedata.normalize("NFC", text), encoding
    raise UnusableFile("file_encoding")


def sniff_delimiter(lines: list[str]) -> str:
    """The separator that splits the first lines into the most, most regular columns."""
    best, best_score = ",", (0, 0)
    sample = "\n".join(lines)
    for delimiter in (",", ";", "\t"):
        try:
            counts = [
                len(row)
                for row in csv.reader(io.StringIO(sample), delimiter=delimiter)
                if any(cell.strip() for cell in row)
            ]
        except csv.Error:
            continue
        counts = [count for count in counts if count > 1]
        if not counts:
            continue
        modal = max(set(counts), key=lambda c: (counts.count(c), c))
        score = (counts.count(modal), modal)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_csv(data: bytes, progress: Progress | None = None) -> Sheet:
    text, encoding = decode(data)
    text = text.replace("\x0b", "\n").rstrip("\x1a")
    first_line_end = text.find("\n")
    first_line = text[: first_line_end if first_line_end >= 0 else len(text)].strip()
    start_line = 1
    if first_line.lower().startswith("sep=") and len(first_line) == 5:  # Excel's "sep=;" hint
        delimiter = first_line[4]
        text = text[first_line_end + 1 :] if first_line_end >= 0 else ""
        start_line = 2
    else:
        delimiter = sniff_delimiter(text[:200_000].splitlines()[: PREVIEW_ROWS + 20])
    rows, numbers = [], []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    total_lines = max(text.count("\n") + 1, 1)
    line = start_line
    try:
        for record in reader:
            number = line
            line = start_line + reader.line_num
            if len(record) > MAX_COLUMNS and any(cell.strip() for cell in record[MAX_COLUMNS:]):
                raise UnusableFile("file_too_many_columns", limit=MAX_COLUMNS)
            cells = [clean_text(cell[:MAX_CELL_CHARS]) for cell in record[:MAX_COLUMNS]]
            while cells and cells[-1] == "":
                cells.pop()
            if not cells:
                continue
            rows.append(cells)
            numbers.append(number)
            if len(rows) > MAX_ROWS + PREVIEW_ROWS:
                raise UnusableFile("file_too_many_rows", limit=MAX_ROWS)
            if progress and len(rows) % 5000 == 0:
                progress(min(number / total_lines, 1.0))
    except csv.Error:
        raise UnusableFile("file_csv_broken", line=line) from None
    return Sheet(rows, numbers, None, "csv", encoding=encoding, delimiter=delimiter)


def read(data: bytes, pick=None, progress: Progress | None = None) -> Sheet:
    """Rows of the file's data sheet; raises UnusableFile for anything that is not a readable table."""
    if not data or not data.strip():
        raise UnusableFile("file_empty")
    if len(data) > MAX_FILE_BYTES:
        raise UnusableFile("file_too_big", size=_megabytes(len(data)), limit=_megabytes(MAX_FILE_BYTES))
    kind = sniff_kind(data)
    sheet = read_xlsx(data, pick, progress) if kind == "xlsx" else read_csv(data, progress)
    if not sheet.rows:
        raise UnusableFile("file_empty")
    return sheet

"""Bytes of an uploaded file -> rows of cells, safely.

What staff send: XLSX from Excel (sometimes with a title above the header, several sheets), Excel
97–2003 .xls from district offices, LibreOffice .ods, and CSV from Excel or LibreOffice in UTF-8
(with or without BOM), UTF-16, or the Windows Vietnamese code page 1258, separated by commas,
semicolons or tabs. The format is told by the bytes, not the name. Workbooks are read by calamine
(fast, and the same code for all three formats); openpyxl only writes our templates and exports.

An XLSX or ODS is a zip of XML: a small file can declare gigabytes inside (a zip bomb) or define XML
entities that expand without end. Both are refused *before* the workbook is parsed: declared sizes
and ratios are checked, and every XML part is scanned for a DTD (an OOXML or ODF part never has one).
Hidden sheets are never read unless named; a formula whose value was never computed, and a cell too
long to be anything a person typed, reach their row as an Unreadable cell (a row error), never as a
blank or a cut value. Every text is put in Unicode NFC without invisible characters, and the
apostrophe that our exports put before text that would otherwise run as a formula is taken off
again, so an export reads back as it was.
"""

from __future__ import annotations

import csv
import io
import os
import re
import stat
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from i18n.formatting import number
from ingest.messages import UnusableFile

MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 400 * 1024 * 1024  # everything a zipped workbook declares, unpacked
MAX_RATIO = 200  # unpacked / packed, for any part over 1 MB
MAX_ZIP_MEMBERS = 5000
MAX_ROWS = 200_000
MAX_COLUMNS = 200
MAX_CELL_CHARS = 10_000
PREVIEW_ROWS = 30  # rows looked at to find the header

ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
WORKBOOK_KINDS = ("xlsx", "xls", "ods")

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_DTD_MARKER = re.compile(
    b"|".join(
        re.escape(marker.encode(encoding))
        for marker in ("<!doctype", "<!entity")
        for encoding in ("utf-8", "utf-16-le", "utf-16-be")
    ),
    re.IGNORECASE,
)
# A part holding one of these may have a formula (OOXML <f>, prefixed <x:f>, ODF table:formula); the
# others are not scanned for formulas without a value.
_FORMULA_MARKERS = (b"<f", b":f>", b":f ", b"table:formula")
_ALLOWED_CONTROLS = {"\t", "\n", "\r", "\x0b", "\x0c", "\x1a"}
# Characters that show nothing on screen, so that two cells looking the same would not match:
# zero-width space, non-joiner, joiner, word joiner, BOM, soft hyphen, Mongolian vowel separator,
# direction marks and embeddings, invisible operators.
_INVISIBLE = dict.fromkeys(
    [
        0x00AD,
        0x180E,
        0xFEFF,
        *range(0x200B, 0x2010),
        *range(0x202A, 0x202F),
        *range(0x2060, 0x2065),
        *range(0x2066, 0x206A),
    ]
)
_INVISIBLE_FOUND = re.compile("[" + "".join(map(chr, _INVISIBLE)) + "]")
# csv's own field limit (128 KB) would stop the file at the first long cell with a misleading error;
# a long cell is refused in its row instead (MAX_CELL_CHARS).
csv.field_size_limit(MAX_FILE_BYTES)

Cell = Any  # str | int | float | bool | datetime | date | time | Unreadable | None
Progress = Callable[[float], None]
HeaderCheck = Callable[["Sheet"], None]


class Unreadable:
    """A cell whose value must not be used: why (a validation code of the catalogues) goes to its row."""

    __slots__ = ("code", "params", "shown")

    def __init__(self, code: str, shown: str = "", **params):
        self.code = code
        self.shown = shown
        self.params = params

    def __str__(self) -> str:
        return self.shown

    def __repr__(self) -> str:
        return f"Unreadable({self.code!r}, {self.shown!r})"


@dataclass
class Sheet:
    rows: list[list[Cell]]
    row_numbers: list[int]  # the row (workbook) or line (CSV) each row starts on, 1-based
    name: str | None  # worksheet name (workbooks)
    kind: str  # xlsx | xls | ods | csv
    encoding: str | None = None  # CSV only
    delimiter: str | None = None
    notes: list[tuple[str, dict]] = field(default_factory=list)  # warnings about the whole file: (code, params)
    sheet_names: list[str] = field(default_factory=list)  # every sheet of the workbook, hidden ones too


def clean_text(value: str) -> str:
    """NFC, no invisible characters, no surrounding space, and no export apostrophe before a formula-like text."""
    if not value.isascii():
        if _INVISIBLE_FOUND.search(value):
            value = value.translate(_INVISIBLE)
        value = unicodedata.normalize("NFC", value)
    value = value.strip()
    if value[:1] == "'" and value[1:2] in _FORMULA_START and len(value) > 1:
        value = value[1:]
    return value


def _too_long(value: str) -> Unreadable:
    def both(count: int) -> tuple[str, str]:
        return number(count, "vi", 0), number(count, "en", 0)

    return Unreadable("cell_too_long", value[:60] + "…", limit=both(MAX_CELL_CHARS), length=both(len(value)))


def sniff_kind(data: bytes) -> str:
    """xlsx, ods, xls or csv, from the bytes; what is none of them is refused with what it is."""
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        if data[30:38] == b"mimetype" and data[38 : 38 + len(ODS_MIMETYPE)] == ODS_MIMETYPE:
            return "ods"
        return "zip"  # told apart by its members (check_zip)
    if data.startswith(OLE2_MAGIC):
        return "xls"
    if data[:5] == b"%PDF-":
        raise UnusableFile("file_not_table")
    return "csv"


def read_path(path: Path | str) -> bytes:
    """The bytes of a regular file (a symlink is followed), its size checked on the open descriptor
    before reading: a device (/dev/zero) or a FIFO is refused instead of read for ever."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise UnusableFile("file_unreadable", detail=str(error.strerror or error)) from None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise UnusableFile("file_not_regular", path=str(path))
        if status.st_size > MAX_FILE_BYTES:
            raise UnusableFile("file_too_big", size=_megabytes(status.st_size), limit=_megabytes(MAX_FILE_BYTES))
        with os.fdopen(descriptor, "rb", closefd=False) as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise UnusableFile("file_unreadable", detail=str(error.strerror or error)) from None
    finally:
        os.close(descriptor)
    if len(data) > MAX_FILE_BYTES:  # grew while being read
        raise UnusableFile("file_too_big", size=_megabytes(len(data)), limit=_megabytes(MAX_FILE_BYTES))
    return data


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


# ---------------------------------------------------------------- workbooks (XLSX, ODS, XLS)
def check_zip(data: bytes) -> tuple[str, set[str]]:
    """Refuse a zip whose declared contents are absurd, that carries a DTD, or that is no workbook,
    before parsing it; says which workbook it is (xlsx or ods) and which parts may hold formulas."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except _ZIP_ERRORS:
        raise UnusableFile("file_corrupt_zip") from None
    declared = sum(member.file_size for member in members)
    if len(members) > MAX_ZIP_MEMBERS:
        raise UnusableFile("file_zip_members", count=len(members), limit=MAX_ZIP_MEMBERS)
    if declared > MAX_UNCOMPRESSED_BYTES:
        raise UnusableFile("file_zip_bomb", size=_megabytes(declared), limit=_megabytes(MAX_UNCOMPRESSED_BYTES))
    for member in members:
        if member.file_size > 1024 * 1024 and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise UnusableFile(
                "file_zip_ratio",
                part=member.filename,
                size=_megabytes(member.file_size),
                ratio=member.file_size // max(member.compress_size, 1),
                limit=MAX_RATIO,
            )
    names = {member.filename for member in members}
    kind = _zip_kind(archive, names)
    with_formulas = set()
    for member in members:
        if member.filename.endswith((".xml", ".rels", ".vml")) or "/" not in member.filename:
            if _scan_for_dtd(archive, member, kind):
                with_formulas.add(member.filename)
    return kind, with_formulas


def _zip_kind(archive: zipfile.ZipFile, names: set[str]) -> str:
    if "mimetype" in names:
        try:
            mimetype = archive.read("mimetype")[:200].strip()
        except _ZIP_ERRORS:
            raise UnusableFile("file_corrupt_zip") from None
        if mimetype == ODS_MIMETYPE and "content.xml" in names:
            return "ods"
        raise UnusableFile("file_other_document", kind=mimetype.decode("ascii", "replace") or "?")
    if "[Content_Types].xml" in names and any(name.startswith("xl/") for name in names):
        return "xlsx"
    if any(name.startswith("word/") for name in names) or any(name.startswith("ppt/") for name in names):
        raise UnusableFile("file_other_document", kind="Word/PowerPoint")
    if "[Content_Types].xml" in names:
        raise UnusableFile("file_corrupt_xlsx")
    raise UnusableFile("file_zip_not_workbook")


def _scan_for_dtd(archive: zipfile.ZipFile, member: zipfile.ZipInfo, kind: str) -> bool:
    """Refuse a part with a DTD; says whether it may hold a formula (read once for both)."""
    tail, formulas = b"", False
    try:
        with archive.open(member) as stream:  # zipfile never yields more than the declared size
            while chunk := stream.read(1024 * 1024):
                window = tail + chunk
                if _DTD_MARKER.search(window):
                    raise UnusableFile("file_xml_entities", part=member.filename)
                formulas = formulas or any(marker in window for marker in _FORMULA_MARKERS)
                tail = window[-32:]
        return formulas
    except UnusableFile:
        raise
    except _ZIP_ERRORS:
        raise UnusableFile("file_corrupt_ods" if kind == "ods" else "file_corrupt_xlsx") from None


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.0f}"


def _cell(value: Cell) -> Cell:
    kind = value.__class__
    if kind is float or kind is int:
        return value
    if kind is str:
        if not value:
            return None
        return clean_text(value) if len(value) <= MAX_CELL_CHARS else _too_long(value)
    if isinstance(value, (int, float, bool, datetime, date, time)) or value is None:
        return value
    if isinstance(value, timedelta):  # a duration cell: shown as Excel would
        return clean_text(str(value))
    return _cell(str(value))


def _ref(ref: str) -> tuple[int, int]:
    """A1 -> (0, 0)."""
    letters = ref.rstrip("0123456789")
    column = 0
    for letter in letters.upper():
        column = column * 26 + ord(letter) - 64
    return int(ref[len(letters) :]) - 1, column - 1


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _xlsx_sheet_part(archive: zipfile.ZipFile, position: int) -> str | None:
    """The zip member of the workbook's sheet at `position` (workbook order, as calamine lists them)."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    sheets = [element for element in workbook.iter() if _local(element.tag) == "sheet"]
    relation = next((v for k, v in sheets[position].attrib.items() if _local(k) == "id"), None)
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    for element in rels.iter():
        if element.get("Id") == relation:
            target = element.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else "xl/" + target
    return None


def _xlsx_formulas_without_value(data: bytes, position: int, marked: set[str]) -> dict[tuple[int, int], str]:
    """(row, column) -> formula of every cell of the sheet that has a formula but no computed value.
    calamine shows those as empty; the sheet's XML tells them apart (an <f> without a <v>)."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    part = _xlsx_sheet_part(archive, position)
    if part not in marked:
        return {}
    found, row, column = {}, -1, -1
    with archive.open(part) as stream:
        for event, element in ElementTree.iterparse(stream, events=("start", "end")):
            tag = _local(element.tag)
            if tag == "row" and event == "start":
                ref = element.get("r")
                row, column = (int(ref) - 1 if ref else row + 1), -1
            elif tag == "c" and event == "end":
                ref = element.get("r")
                if ref:
                    row, column = _ref(ref)
                else:
                    column += 1
                formula = value = None
                for child in element:
                    if _local(child.tag) == "f":
                        formula = child.text or ""
                    elif _local(child.tag) in ("v", "is"):
                        value = "".join(child.itertext())
                # An empty <v> is a computed empty text only in a text-typed cell (t="str"), as Excel writes it.
                if formula is not None and (value is None or (value == "" and element.get("t") != "str")):
                    found[(row, column)] = "=" + formula
                element.clear()
            elif tag == "row" and event == "end":
                element.clear()
    return found


def _ods_formulas_without_value(data: bytes, sheet_name: str, marked: set[str]) -> dict[tuple[int, int], str]:
    """The same for ODS: a table:formula attribute with no office:value-type (no cached result)."""
    if "content.xml" not in marked:
        return {}
    archive = zipfile.ZipFile(io.BytesIO(data))
    table_ns = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
    office_ns = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
    found, row, column, inside = {}, -1, 0, False
    with archive.open("content.xml") as stream:
        for event, element in ElementTree.iterparse(stream, events=("start", "end")):
            tag = element.tag
            if tag == table_ns + "table":
                inside = event == "start" and element.get(table_ns + "name") == sheet_name
                if event == "end" and not inside and found:
                    break
            elif not inside:
                if event == "end":
                    element.clear()
            elif tag == table_ns + "table-row":
                if event == "start":
                    row, column = row + 1, 0
                else:
                    row += int(element.get(table_ns + "number-rows-repeated", "1")) - 1
                    element.clear()
            elif tag in (table_ns + "table-cell", table_ns + "covered-table-cell") and event == "start":
                formula = element.get(table_ns + "formula")
                if formula is not None and element.get(office_ns + "value-type") is None:
                    found[(row, column)] = formula.removeprefix("of:")
                column += int(element.get(table_ns + "number-columns-repeated", "1"))
    return found


def _open_workbook(data: bytes, kind: str):
    from python_calamine import CalamineWorkbook, PasswordError

    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(data))
    except PasswordError:
        raise UnusableFile("file_password") from None
    except BaseException as error:  # calamine raises its own error types and ValueError on a damaged file
        _reraise_unless_damaged(error)
        if kind != "ods":
            raise UnusableFile(f"file_corrupt_{kind}") from None
    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(_ods_without_layout_whitespace(data)))
    except BaseException as error:
        _reraise_unless_damaged(error)
        raise UnusableFile("file_corrupt_ods") from None


def _reraise_unless_damaged(error: BaseException) -> None:
    """calamine is Rust: a panic on a malformed file reaches Python as pyo3's PanicException, which
    derives from BaseException; that is a damaged file too. Anything else not an Exception goes on."""
    if not isinstance(error, Exception) and type(error).__name__ != "PanicException":
        raise error


_TABLE_TAG_THEN_SPACE = re.compile(rb"(</?table:[^>]*>)\s+(?=<)")


def _ods_without_layout_whitespace(data: bytes) -> bytes:
    """The ODS with the line breaks some writers (GDAL) put between table elements taken out: calamine
    expects a cell right after a row's tag. Whitespace between table tags is never cell text in ODF."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            content = source.read(member)
            if member.filename == "content.xml":
                content = _TABLE_TAG_THEN_SPACE.sub(rb"\1", content)
            target.writestr(member, content)
    return buffer.getvalue()


def _choose_sheet(workbook, pick, wanted: str | None, kind: str) -> tuple[int, list[str]]:
    """(position of the data sheet, names of the hidden sheets left unread). A hidden or very hidden
    sheet is read only when named; otherwise `pick` chooses among the visible worksheets."""
    from python_calamine import SheetTypeEnum, SheetVisibleEnum

    sheets = workbook.sheets_metadata
    names = [sheet.name for sheet in sheets]
    if not sheets:
        raise UnusableFile("file_empty")
    if wanted is not None:
        for exact in (True, False):
            for position, name in enumerate(names):
                if name == wanted if exact else name.strip().casefold() == wanted.strip().casefold():
                    return position, []
        raise UnusableFile("file_unknown_sheet", sheet=wanted, sheets=_listed(sheets))
    visible = [
        position
        for position, sheet in enumerate(sheets)
        if sheet.visible == SheetVisibleEnum.Visible and sheet.typ == SheetTypeEnum.WorkSheet
    ]
    hidden = [sheet.name for sheet in sheets if sheet.visible != SheetVisibleEnum.Visible]
    if not visible:
        raise UnusableFile("file_only_hidden_sheets", sheets=_listed(sheets))
    if pick is None or len(visible) == 1:
        return visible[0], hidden
    previews = [(names[position], _rows(workbook, position, kind, PREVIEW_ROWS)[0]) for position in visible]
    return visible[pick(previews)], hidden


def _listed(sheets) -> tuple[str, str]:
    """The sheet names for a message, hidden ones marked, in Vietnamese and English."""
    from python_calamine import SheetVisibleEnum

    def mark(sheet, lang: int) -> str:
        if sheet.visible == SheetVisibleEnum.Hidden:
            return (" (ẩn)", " (hidden)")[lang]
        if sheet.visible == SheetVisibleEnum.VeryHidden:
            return (" (ẩn sâu)", " (very hidden)")[lang]
        return ""

    return tuple(", ".join(f"“{sheet.name}”{mark(sheet, lang)}" for sheet in sheets) for lang in (0, 1))


def _sheet_rows(workbook, position: int, kind: str) -> Iterator[tuple[int, list]]:
    """(0-based row in the sheet, raw values from column A) for each row calamine holds."""
    try:
        sheet = workbook.get_sheet_by_index(position)
        start = sheet.start or (0, 0)
        rows = sheet.iter_rows()
    except BaseException as error:
        _reraise_unless_damaged(error)
        raise UnusableFile(f"file_corrupt_{kind}") from None
    first_row, first_column = start
    padding = [None] * first_column
    for offset, values in enumerate(rows):
        yield first_row + offset, (padding + values if first_column else values)


def _rows(workbook, position: int, kind: str, limit: int | None = None, formulas=None):
    """Clean rows (and their 1-based numbers) of a sheet, without blank rows or trailing blanks."""
    rows, numbers = [], []
    for index, values in _sheet_rows(workbook, position, kind):
        if len(values) > MAX_COLUMNS and any(v not in (None, "") for v in values[MAX_COLUMNS:]):
            raise UnusableFile("file_too_many_columns", limit=MAX_COLUMNS)
        cells = [_cell(value) for value in values[:MAX_COLUMNS]]
        for column, formula in (formulas or {}).get(index, ()):
            if column < MAX_COLUMNS:
                cells.extend([None] * (column + 1 - len(cells)))
                cells[column] = Unreadable("formula_without_value", formula)
        while cells and cells[-1] in (None, ""):
            cells.pop()
        if not cells:
            continue
        rows.append(cells)
        numbers.append(index + 1)
        if limit is not None and len(rows) >= limit:
            break
    return rows, numbers


def read_workbook(
    data: bytes,
    kind: str,
    pick: Callable[[list[tuple[str, list[list[Cell]]]]], int] | None = None,
    progress: Progress | None = None,
    sheet_name: str | None = None,
    check_header: HeaderCheck | None = None,
) -> Sheet:
    """The data sheet of a workbook: the one named `sheet_name`, else the visible one `pick` chooses from
    each sheet's first rows (default: the first visible)."""
    marked: set[str] = set()
    if kind != "xls":
        kind, marked = check_zip(data)
    workbook = _open_workbook(data, kind)
    try:
        position, hidden = _choose_sheet(workbook, pick, sheet_name, kind)
        name = workbook.sheets_metadata[position].name
        names = [sheet.name for sheet in workbook.sheets_metadata]
        notes = [("hidden_sheets_skipped", {"sheets": ", ".join(f"“{h}”" for h in hidden)})] if hidden else []
        if check_header is not None:
            head, head_numbers = _rows(workbook, position, kind, PREVIEW_ROWS)
            check_header(Sheet(head, head_numbers, name, kind, notes=notes, sheet_names=names))
        formulas: dict[int, list[tuple[int, str]]] = {}
        for (row, column), formula in _formulas_without_value(data, kind, position, name, marked).items():
            formulas.setdefault(row, []).append((column, formula))
        if progress:
            progress(0.1)
        rows, numbers = _rows(workbook, position, kind, MAX_ROWS + PREVIEW_ROWS + 1, formulas)
        if len(rows) > MAX_ROWS + PREVIEW_ROWS:
            raise UnusableFile("file_too_many_rows", limit=MAX_ROWS)
        if progress:
            progress(1.0)
        return Sheet(rows, numbers, name, kind, notes=notes, sheet_names=names)
    finally:
        workbook.close()


def _formulas_without_value(
    data: bytes, kind: str, position: int, name: str, marked: set[str]
) -> dict[tuple[int, int], str]:
    try:
        if kind == "xlsx":
            return _xlsx_formulas_without_value(data, position, marked)
        if kind == "ods":
            return _ods_formulas_without_value(data, name, marked)
    except (ElementTree.ParseError, KeyError, IndexError, ValueError, *_ZIP_ERRORS):
        raise UnusableFile(f"file_corrupt_{kind}") from None
    return {}  # xls: a formula record always carries its last computed result


# ---------------------------------------------------------------- CSV
def _vietnamese_letters() -> frozenset[str]:
    vowels = "aăâeêioôơuưy"
    tones = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
    letters = {unicodedata.normalize("NFC", vowel + tone) for vowel in vowels for tone in tones} | {"đ"}
    return frozenset(letters | {letter.upper() for letter in letters})


_VIETNAMESE = _vietnamese_letters()


def decode(data: bytes) -> tuple[str, str]:
    """The text of a CSV and the encoding it was in: BOM first, then UTF-16 by its zero bytes,
    then strict UTF-8, then Windows-1258 (whose tone marks combine: NFC puts them together).
    Windows-1258 is a guess any byte passes, so it is taken only when the text reads as Vietnamese."""
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    elif b"\x00" in data[:4096] and _looks_utf16(data[:4096]):
        sample = data[:4096]
        candidates = ["utf-16-le" if sample[1::2].count(0) >= sample[0::2].count(0) else "utf-16-be"]
    else:
        if b"\x00" in data:
            raise UnusableFile("file_nul_byte", line=data[: data.index(b"\x00")].count(b"\n") + 1)
        candidates = ["utf-8", "cp1258"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, UnicodeError):
            continue
        if "\x00" in text:
            raise UnusableFile("file_nul_byte", line=text[: text.index("\x00")].count("\n") + 1)
        if any(ch < " " and ch not in _ALLOWED_CONTROLS for ch in text[:100_000]):
            raise UnusableFile("file_not_table")
        text = unicodedata.normalize("NFC", text)
        if encoding == "cp1258":
            _refuse_unless_vietnamese(text)
        return text, encoding
    raise UnusableFile("file_encoding")


def _looks_utf16(sample: bytes) -> bool:
    """UTF-16 of mostly Latin text has a zero in nearly every other byte; a stray NUL is not that."""
    half = max(len(sample) // 2, 1)
    return max(sample[0::2].count(0), sample[1::2].count(0)) >= 0.25 * half


def _refuse_unless_vietnamese(text: str) -> None:
    """A non-UTF-8 file read as Windows-1258: refused when a letter no Vietnamese text has appears
    (Latin-1's ñ, ö, Ì… or a tone mark left on a consonant), since the guess would garble it."""
    for position, ch in enumerate(text):
        if ch.isascii() or ch in _VIETNAMESE:
            continue
        if ch.isalpha() or unicodedata.combining(ch):
            line = text[:position].count("\n") + 1
            raise UnusableFile(
                "file_encoding_ambiguous", line=line, character=ch if ch.isalpha() else f"U+{ord(ch):04X}"
            )


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


def _open_quote_line(text: str, delimiter: str, first_line: int) -> int:
    """The line on which the quote still open at the end of `text` (a record's start onwards) opened."""
    line, opened_at, quoted, at_field_start = first_line, first_line, False, True
    index, length = 0, len(text)
    while index < length:
        ch = text[index]
        if quoted:
            if ch == '"':
                if index + 1 < length and text[index + 1] == '"':
                    index += 1
                else:
                    quoted = False
            elif ch == "\n":
                line += 1
        elif ch == '"' and at_field_start:
            quoted, opened_at = True, line
        elif ch == "\n":
            line += 1
        at_field_start = not quoted and ch in (delimiter, "\n", "\r")
        index += 1
    return opened_at


def _line_offsets(text: str) -> Callable[[int], int]:
    """Character offset of the start of a 1-based line of `text`."""
    starts = [0] + [match.end() for match in re.finditer("\n", text)]
    return lambda line: starts[min(max(line - 1, 0), len(starts) - 1)]


def read_csv(data: bytes, progress: Progress | None = None, check_header: HeaderCheck | None = None) -> Sheet:
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
    notes = [("encoding_assumed", {"encoding": "Windows-1258"})] if encoding == "cp1258" else []
    rows, numbers = [], []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    total_lines = max(text.count("\n") + 1, 1)
    line = start_line
    try:
        for record in reader:
            number = line
            line = start_line + reader.line_num
            if len(record) > MAX_COLUMNS and any(cell.strip() for cell in record[MAX_COLUMNS:]):
                raise UnusableFile("file_too_many_columns", limit=MAX_COLUMNS)
            cells = [
                clean_text(cell) if len(cell) <= MAX_CELL_CHARS else _too_long(cell) for cell in record[:MAX_COLUMNS]
            ]
            while cells and cells[-1] == "":
                cells.pop()
            if not cells:
                continue
            rows.append(cells)
            numbers.append(number)
            if check_header is not None and len(rows) == PREVIEW_ROWS:
                check_header(Sheet(rows, numbers, None, "csv", encoding, delimiter, notes))
                check_header = None
            if len(rows) > MAX_ROWS + PREVIEW_ROWS:
                raise UnusableFile("file_too_many_rows", limit=MAX_ROWS)
            if progress and len(rows) % 5000 == 0:
                progress(min(number / total_lines, 1.0))
    except csv.Error as error:
        if "unexpected end of data" in str(error):
            opened = _open_quote_line(text[_line_offsets(text)(line - start_line + 1) :], delimiter, line)
            raise UnusableFile("file_csv_unclosed_quote", line=opened) from None
        if "expected after" in str(error):
            raise UnusableFile("file_csv_stray_quote", line=start_line + reader.line_num - 1) from None
        raise UnusableFile("file_csv_broken", line=line) from None
    if check_header is not None and rows:
        check_header(Sheet(rows, numbers, None, "csv", encoding, delimiter, notes))
    return Sheet(rows, numbers, None, "csv", encoding=encoding, delimiter=delimiter, notes=notes)


def sheet_names(data: bytes) -> list[str]:
    """Every sheet of a workbook, hidden ones too, for a person to choose from; [] for a CSV or a file
    that cannot be opened (reading it will say why)."""
    try:
        kind = sniff_kind(data[:4096])
        if kind == "csv" or len(data) > MAX_FILE_BYTES:
            return []
        if kind != "xls":
            kind, _ = check_zip(data)
        workbook = _open_workbook(data, kind)
    except UnusableFile:
        return []
    try:
        return [sheet.name for sheet in workbook.sheets_metadata]
    finally:
        workbook.close()


def read(
    data: bytes,
    pick=None,
    progress: Progress | None = None,
    sheet_name: str | None = None,
    check_header: HeaderCheck | None = None,
) -> Sheet:
    """Rows of the file's data sheet; raises UnusableFile for anything that is not a readable table.
    `check_header` sees the first rows before the rest is read, and may stop the reading by raising."""
    if not data or not data.strip():
        raise UnusableFile("file_empty")
    if len(data) > MAX_FILE_BYTES:
        raise UnusableFile("file_too_big", size=_megabytes(len(data)), limit=_megabytes(MAX_FILE_BYTES))
    kind = sniff_kind(data)
    if kind == "csv":
        sheet = read_csv(data, progress, check_header)
    else:
        sheet = read_workbook(data, kind, pick, progress, sheet_name, check_header)
    if not sheet.rows:
        raise UnusableFile("file_empty")
    return sheet

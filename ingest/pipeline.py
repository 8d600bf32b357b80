"""From uploaded bytes to committed rows: the steps the command line and the page share.

prepare(): read the file, find its header and table, validate every row, and (if it is clean) work
out what an import would change — all through short read-only connections, so a running app and
a running import never wait on each other for long. commit(): one read-write connection, held
only for the transaction (ingest/commit.py). Neither step ever writes anything partial.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ingest import audit
from ingest import commit as committing
from ingest.header import Layout, find_layout, sheet_picker
from ingest.messages import ERROR, WARNING, Problem, UnusableFile
from ingest.places import Places, load_boundaries
from ingest.reader import Sheet, read
from ingest.validation import Geometry, Validated, validate
from store.database import opened

Progress = Callable[[float, str], None]
# Across processes DuckDB's file lock lets one writer in; inside the app's process two sessions would
# share one database instance, so their imports take turns here instead of racing for the same log id.
_WRITER = threading.Lock()


@dataclass
class Prepared:
    file_name: str
    sha256: str
    table: str
    kind: str  # xlsx | xls | ods | csv
    details: dict  # encoding, delimiter, sheet, sheets, header row
    validated: Validated
    problems: list[Problem]
    plan: committing.Plan | None = None  # None while there are errors
    timings: dict = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def ok(self) -> bool:
        return not self.errors


def load_places(database: Path, wait: float | None = None) -> Places:
    with opened(database, wait=wait) as connection:
        return Places.load(connection)


def geometry_for(database: Path, wait: float | None = None) -> Geometry:
    def units(pairs):
        with opened(database, wait=wait) as connection:
            return load_boundaries(connection, pairs)

    def country(vintage: int):
        import shapely

        with opened(database, wait=wait) as connection:
            rows = connection.execute("SELECT geometry_wkb FROM unit_boundary WHERE vintage = ?", [vintage]).fetchall()
        if not rows:
            return None
        return shapely.STRtree(shapely.from_wkb([bytes(wkb) for (wkb,) in rows]))

    return Geometry(units, country)


class _HeaderRefused(Exception):
    """The first rows show a header the table cannot take: the rest of the file is not read."""

    def __init__(self, preview: Sheet, layout: Layout):
        super().__init__("header refused")
        self.preview = preview
        self.layout = layout


def _header_check(table: str | None):
    def check(preview: Sheet) -> None:
        layout = find_layout(preview, table)
        if any(problem.severity == ERROR for problem in layout.problems):
            raise _HeaderRefused(preview, layout)

    return check


def _notes(sheet: Sheet) -> list[Problem]:
    """What the reader says about the whole file (an encoding it assumed, hidden sheets left unread)."""
    return [Problem(None, None, "", code, params, WARNING) for code, params in sheet.notes]


def _details(sheet: Sheet, layout: Layout) -> dict:
    return {
        "encoding": sheet.encoding,
        "delimiter": sheet.delimiter,
        "sheet": sheet.name,
        "sheets": sheet.sheet_names,
        "header_row": layout.header_row,
    }


def prepare(
    data: bytes,
    file_name: str,
    database: Path,
    table: str | None = None,
    default_district: str | None = None,
    today: date | None = None,
    places: Places | None = None,
    progress: Progress | None = None,
    wait: float | None = None,
    sheet_name: str | None = None,
) -> Prepared:
    """Everything short of writing. Raises UnusableFile for a file that is not a readable table.
    A header the table cannot take is refused from the file's first rows, before the rest is read."""
    step = progress or (lambda fraction, stage: None)
    timings = {}
    started = time.perf_counter()
    step(0.0, "read")
    try:
        sheet = read(
            data,
            pick=sheet_picker(table),
            progress=lambda f: step(0.4 * f, "read"),
            sheet_name=sheet_name,
            check_header=_header_check(table),
        )
    except _HeaderRefused as refused:
        layout = refused.layout
        problems = _notes(refused.preview) + layout.problems
        validated = Validated(layout.table, [], [], [], problems, 0)
        timings["read_s"] = time.perf_counter() - started
        step(1.0, "done")
        return Prepared(
            file_name,
            hashlib.sha256(data).hexdigest(),
            layout.table.name,
            refused.preview.kind,
            _details(refused.preview, layout),
            validated,
            problems,
            timings=timings,
        )
    layout = find_layout(sheet, table)
    timings["read_s"] = time.perf_counter() - started
    places = places or load_places(database, wait)
    started = time.perf_counter()
    validated = validate(
        sheet,
        layout,
        places,
        today or date.today(),
        file_name=file_name,
        default_district=default_district,
        geometry=geometry_for(database, wait),
        progress=lambda f: step(0.4 + 0.5 * f, "validate"),
    )
    timings["validate_s"] = time.perf_counter() - started
    if validated.rows_read == 0:
        raise UnusableFile("file_empty")
    prepared = Prepared(
        file_name,
        hashlib.sha256(data).hexdigest(),
        layout.table.name,
        sheet.kind,
        _details(sheet, layout),
        validated,
        _notes(sheet) + list(validated.problems),
        timings=timings,
    )
    if validated.ok:
        step(0.9, "compare")
        started = time.perf_counter()
        try:
            with opened(database, wait=wait) as connection:
                prepared.plan = committing.preview(connection, validated)
        except committing.Rejected as rejected:
            prepared.problems = sorted(prepared.problems + rejected.problems, key=lambda p: p.row or 0)
        timings["compare_s"] = time.perf_counter() - started
    step(1.0, "done")
    return prepared


def commit(prepared: Prepared, database: Path, editor: str, door: str, wait: float | None = None) -> audit.Entry:
    """Write a clean prepared file in one transaction (raises Rejected, or DatabaseBusy after `wait`)."""
    if not prepared.ok:
        raise committing.Rejected(prepared.errors)
    with _WRITER, opened(database, read_only=False, wait=wait) as connection:
        return committing.apply(
            connection,
            prepared.validated,
            editor=editor,
            door=door,
            file_name=prepared.file_name,
            file_sha256=prepared.sha256,
        )


def undo_last(
    database: Path, editor: str, wait: float | None = None, only_id: int | None = None
) -> audit.Undone | None:
    with _WRITER, opened(database, read_only=False, wait=wait) as connection:
        return audit.undo_last(connection, editor, only_id)


def history(database: Path, limit: int = 50):
    with opened(database) as connection:
        return audit.history(connection, limit)


def last_undoable(database: Path) -> dict | None:
    with opened(database) as connection:
        return audit.last_undoable(connection)

"""Property-based fuzzing of the reader, the validator and the commit (hypothesis).

Whatever the bytes: the reader either gives rows or refuses the file (UnusableFile), never another
exception. Whatever the cells: the validator either passes a row the database then accepts, or
reports it; a refused file changes nothing; an accepted one imports whole and re-imports unchanged.
"""

from __future__ import annotations

import shutil
from datetime import date

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from ingest import pipeline
from ingest.commit import Rejected
from ingest.header import find_layout, label, sheet_picker
from ingest.messages import UnusableFile
from ingest.reader import read
from registry.tables import IMPORT_TABLES
from tests.ingest_support import csv_bytes, snapshot, xlsx_bytes

FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
PHONG_THO = [
    "Mù Sang",
    "Xã Dào San",
    "sin suoi ho",
    "Lản Nhì Thàng",
    "03568",
    "3571",
    "Mù Sangg",
    "Tân Lập",
    "Xã Vàng Ma Chải",
    "99999",
]


@pytest.fixture(scope="module")
def fuzz_db(tmp_path_factory, database_path):
    copy = tmp_path_factory.mktemp("fuzz") / "p8.duckdb"
    shutil.copy(database_path, copy)
    return copy


@pytest.fixture(scope="module")
def places(fuzz_db):
    return pipeline.load_places(fuzz_db)


def _read_any(data: bytes):
    try:
        sheet = read(data, pick=sheet_picker(None))
        return find_layout(sheet, None)
    except UnusableFile as refused:
        assert refused.message("vi") and refused.message("en")
        return None


@FUZZ
@given(st.binary(max_size=4096))
def test_the_reader_never_fails_on_arbitrary_bytes(data):
    _read_any(data)


@FUZZ
@given(st.sampled_from([b"\xef\xbb\xbf", b"", b"\xff\xfe", b"PK\x03\x04"]), st.binary(max_size=2048))
def test_the_reader_never_fails_on_damaged_files_that_start_well(prefix, tail):
    header = "Tên xã,Thôn, bản,Số truyền thông viên,Số truyền thông viên nữ,Năm báo cáo\n".encode()
    _read_any(prefix + header + tail)


@FUZZ
@given(st.binary(min_size=1, max_size=3000), st.integers(min_value=0, max_value=8000))
def test_the_reader_never_fails_on_a_corrupted_workbook(noise, position):
    workbook = bytearray(
        xlsx_bytes([["Tên xã", "Năm báo cáo", "Số truyền thông viên"], ["Mù Sang", 2023, 5]], sheet="comm_team")
    )
    position %= len(workbook)
    workbook[position : position + len(noise)] = noise
    _read_any(bytes(workbook))


# ---------------------------------------------------------------- tables of hostile (and of clean) cells
PRINTABLE = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=12)
CLEAN_TEXT = st.text("abcdeghiklmnopqrstuvxyàáảãạăâđêôơưốừữỹ ", min_size=1, max_size=10).map(str.strip).filter(bool)


def _clean_cell(column):
    """A value a careful editor would type (the file may still be refused: duplicates, a point off its commune…)."""
    kind, name = column.kind, column.name
    if kind == "count":
        return st.integers(0, 2) if name.endswith("_female") else st.integers(3, 40)
    if kind == "integer":
        return st.just(2022) if name == "period_start" else st.integers(2023, 2030)
    return {
        "year": st.just(2023),
        "vintage": st.none(),
        "district": st.just("109"),
        "commune": st.sampled_from(PHONG_THO[:6]),
        "commune_code": st.none(),
        "amount": st.one_of(st.integers(0, 5000), st.decimals(0, 5000, places=3).map(str)),
        "date": st.dates(date(2023, 1, 1), date(2023, 12, 31)).map(lambda d: d.strftime("%d/%m/%Y")),
        "boolean": st.sampled_from(["Có", "Không", ""]),
        "choice": st.sampled_from(list(column.choices)),
        "latitude": st.just(22.6563),
        "longitude": st.just(103.2836),
        "record_id": st.none(),
    }.get(kind, CLEAN_TEXT)


def _hostile_cell(column):
    kind = column.kind
    common = st.one_of(
        st.none(), st.just(""), PRINTABLE, st.sampled_from(["=1+1", "@SUM(A1)", " \t", "N/A", "’", "\u200b", "\x07"])
    )
    numbers = st.one_of(
        st.integers(-5, 40),
        st.integers(-(2**40), 2**40),
        st.floats(allow_nan=True, allow_infinity=True),
        st.sampled_from(["1.000", "2,5", "3 000", "-0", "1e3", "0x10", "٣"]),
    )
    dates = st.one_of(
        st.dates(date(1899, 1, 1), date(2100, 1, 1)).map(lambda d: d.strftime("%d/%m/%Y")),
        st.dates(date(2015, 1, 1), date(2024, 12, 31)).map(str),
        st.sampled_from(["31/02/2023", "2023-02-29", "15/10/23", "45230", "ngày 5"]),
    )
    by_kind = {
        "year": st.one_of(st.integers(1990, 2030), st.just(2023), st.just("2023")),
        "vintage": st.sampled_from([2023, 2025, "2024", "", None]),
        "district": st.sampled_from(["109", "108", "1", "0109", "abc", ""]),
        "commune": st.sampled_from(PHONG_THO),
        "commune_code": st.sampled_from(["03568", "3571", "03562", "99999", "x", ""]),
        "count": numbers,
        "integer": st.one_of(numbers, st.integers(2000, 2030)),
        "amount": numbers,
        "date": dates,
        "boolean": st.sampled_from(["Có", "Không", "x", "true", "2", ""]),
        "choice": st.one_of(st.sampled_from(list(column.choices)), PRINTABLE),
        "latitude": st.one_of(st.floats(-90, 90), st.just(22.6563)),
        "longitude": st.one_of(st.floats(-180, 180), st.just(103.2836)),
        "record_id": st.one_of(st.none(), st.sampled_from(["ct-x-1", "bad id!", "tgt-109-2023-comm-teams"])),
    }
    return st.one_of(by_kind.get(kind, common), common)


@st.composite
def files(draw):
    table = draw(st.sampled_from(list(IMPORT_TABLES)))
    spec = IMPORT_TABLES[table]
    clean = draw(st.booleans())
    required = [c for c in spec.columns if c.required]
    optional = [
        c for c in spec.columns if not c.required and not (clean and c.kind in ("record_id", "commune_code", "vintage"))
    ]
    columns = draw(
        st.permutations(required + draw(st.lists(st.sampled_from(optional), unique_by=lambda c: c.name, max_size=6)))
    )
    if spec.commune_level and spec.commune_required and not any(c.name in ("commune", "commune_code") for c in columns):
        columns.append(spec.column("commune"))
    headers = [draw(st.sampled_from([c.name, label(c.name, table=table), label(c.name, "en", table)])) for c in columns]
    if not clean and draw(st.booleans()):
        headers.append("Ghi chú")
        columns.append(None)
    cell = _clean_cell if clean else _hostile_cell
    rows = draw(
        st.lists(st.tuples(*[cell(c) if c is not None else PRINTABLE for c in columns]), min_size=1, max_size=6)
    )
    fmt = draw(st.sampled_from(["csv", "xlsx"]))
    return table, fmt, [headers, *[list(r) for r in rows]]


def _encode(fmt: str, rows: list[list]) -> bytes:
    if fmt == "csv":
        return csv_bytes([["" if v is None else str(v) for v in row] for row in rows])
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    clean = [[ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row] for row in rows]
    clean = [
        [None if isinstance(v, float) and (v != v or v in (float("inf"), float("-inf"))) else v for v in row]
        for row in clean
    ]
    return xlsx_bytes([["Tiêu đề của tệp"], *clean], sheet="data")


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(files())
def test_validated_rows_commit_whole_or_not_at_all(fuzz_db, places, generated):
    table, fmt, rows = generated
    data = _encode(fmt, rows)
    before = snapshot(fuzz_db, table)
    try:
        prepared = pipeline.prepare(data, f"fuzz.{fmt}", fuzz_db, table=table, default_district="109", places=places)
    except UnusableFile as refused:
        event(f"unusable: {refused.code}")
        assert snapshot(fuzz_db, table) == before
        return
    for problem in prepared.problems:
        assert problem.message("vi") and problem.message("en") and problem.severity in ("error", "warning")
        assert problem.row is None or problem.row >= 1
    event("rejected" if not prepared.ok else "imported")
    if not prepared.ok:
        with pytest.raises(Rejected):
            pipeline.commit(prepared, fuzz_db, "fuzz", "cli")
        assert snapshot(fuzz_db, table) == before
        return
    entry = pipeline.commit(prepared, fuzz_db, "fuzz", "cli")  # the database accepts whatever the validator passed
    after = snapshot(fuzz_db, table)
    assert len(after) == len(before) + entry.rows_added - entry.rows_removed
    again = pipeline.prepare(data, f"fuzz.{fmt}", fuzz_db, table=table, default_district="109", places=places)
    assert again.plan.added == again.plan.updated == again.plan.removed == 0
    pipeline.undo_last(fuzz_db, "fuzz")
    assert snapshot(fuzz_db, table) == before


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=1, max_value=30), st.data())
def test_one_refused_row_anywhere_rolls_back_every_row(fuzz_db, places, count, data):
    """The database refuses one row (more women than members), wherever it sits: nothing is written."""
    rows = [["Mù Sang", f"Bản {i}", 5, 2, 2023, "01/10/2023"] for i in range(count)]
    prepared = pipeline.prepare(
        csv_bytes(
            [
                [
                    "Tên xã",
                    "Thôn, bản",
                    "Số truyền thông viên",
                    "Số truyền thông viên nữ",
                    "Năm báo cáo",
                    "Ngày thành lập",
                ],
                *rows,
            ]
        ),
        "ok.csv",
        fuzz_db,
        table="comm_team",
        places=places,
    )
    assert prepared.ok
    position = data.draw(st.integers(min_value=0, max_value=count - 1))
    prepared.validated.records[position]["communicators_female"] = "9"  # past the validator, as a bug would let it
    before, log = snapshot(fuzz_db, "comm_team"), snapshot(fuzz_db, "import_log")
    with pytest.raises(Exception) as failure:
        pipeline.commit(prepared, fuzz_db, "fuzz", "cli")
    assert "constraint" in str(failure.value).lower()
    assert snapshot(fuzz_db, "comm_team") == before and snapshot(fuzz_db, "import_log") == log

"""Check every row of a sheet against its table and turn it into database values, or say why not.

Each problem names the row and column as the file shows them, the value, and a reason in both
languages (ingest/messages.py). Errors refuse the whole file; warnings (a point outside its
commune, a date outside the report year) are shown and the file may still be imported.

What is checked, beyond each cell's own kind (ingest/cells.py): required values; the commune
(name or code; a code decides and a name beside it must agree) within the row's vintage — given, or
told by the date (from 1 July 2025 the new units), or by the year — and district; women not more
than members; coordinates inside Viet Nam (error) and inside their commune (warning); the same row
twice in the file; a report figure by its code (ingest/figure_rows.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from i18n import translator
from ingest import cells, figure_rows
from ingest.cells import Invalid
from ingest.header import Layout, label
from ingest.keys import assign_ids, natural_key
from ingest.messages import ERROR, WARNING, Problem, cell_text
from ingest.places import Places
from ingest.reader import Sheet
from registry.tables import TableSpec
from registry.vintages import NEW_UNITS_FROM

# Viet Nam with its islands, generously: a point outside this box is in another country or at sea.
VIETNAM_BOX = (6.0, 23.5, 102.0, 117.9)  # south, north, west, east
EDGE_TOLERANCE_DEGREES = 0.002  # ~200 m: a point drawn on the commune line is inside
SEA_TOLERANCE_DEGREES = 0.05  # ~5 km off any unit: coast and islands the file lacks
_IN_REPORT_YEAR = ("held_on", "visited_on")


@dataclass
class Validated:
    spec: TableSpec
    records: list[dict]  # stored column -> canonical text (or None), one per good row
    row_numbers: list[int]  # the file row of each record
    given_ids: list[bool]  # the file gave the record_id
    problems: list[Problem]
    rows_read: int  # data rows in the file (blank rows not counted)
    headers: dict[str, str] = field(default_factory=dict)  # column name -> header as written
    keys: list[tuple] = field(default_factory=list)  # each record's natural key (ingest/keys.py)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors


class Geometry:
    """Boundaries for the point checks, fetched only when a file has coordinates."""

    def __init__(self, load_units: Callable[[set], dict], load_country: Callable[[int], object]):
        self._load_units = load_units
        self._load_country = load_country
        self._countries: dict[int, object] = {}

    def units(self, pairs: set) -> dict:
        return self._load_units(pairs) if pairs else {}

    def in_country(self, vintage: int, point) -> bool:
        if vintage not in self._countries:
            self._countries[vintage] = self._load_country(vintage)
        tree = self._countries[vintage]
        if tree is None:
            return True
        return (
            len(tree.query(point, predicate="intersects")) > 0
            or len(tree.query(point, predicate="dwithin", distance=SEA_TOLERANCE_DEGREES)) > 0
        )


def _in_box(lat: float, lon: float) -> bool:
    south, north, west, east = VIETNAM_BOX
    return south <= lat <= north and west <= lon <= east


class _Row:
    """One row being checked: its cells by column name, and what it has become so far."""

    __slots__ = ("number", "cells", "values", "errors")

    def __init__(self, number: int, cells_by_name: dict):
        self.number = number
        self.cells = cells_by_name
        self.values: dict[str, str | None] = {}
        self.errors = 0


def validate(
    sheet: Sheet,
    layout: Layout,
    places: Places,
    today: date,
    file_name: str = "",
    default_district: str | None = None,
    geometry: Geometry | None = None,
    progress: Callable[[float], None] | None = None,
) -> Validated:
    spec = layout.table
    problems = list(layout.problems)
    headers = {name: layout.headers[i] for i, name in enumerate(layout.names) if name}
    positions = [(i, name) for i, name in enumerate(layout.names) if name]
    default_source = translator("vi")("import.default_source", file=file_name or "?")
    from_workbook = sheet.kind != "csv"  # a day number in any workbook (.xlsx, .xls, .ods) counts from 1899-12-30

    def report(row: _Row, name: str, code: str, severity: str = ERROR, value=None, **params) -> None:
        shown = cell_text(row.cells.get(name) if value is None else value)
        problems.append(
            Problem(
                row.number,
                headers.get(name) or f"{label(name, table=spec.name)} ({name})",
                shown,
                code,
                params,
                severity,
            )
        )
        if severity == ERROR:
            row.errors += 1

    records, numbers, given, keys, seen = [], [], [], [], {}
    points: list[tuple[_Row, float, float]] = []
    data_rows = range(layout.header_index + 1, len(sheet.rows))
    total = max(len(data_rows), 1)
    rows_read = 0
    for done, index in enumerate(data_rows):
        if progress and done % 2000 == 0:
            progress(done / total)
        raw = sheet.rows[index]
        row = _Row(sheet.row_numbers[index], {name: raw[i] if i < len(raw) else None for i, name in positions})
        if all(cells.is_blank(v) for v in row.cells.values()):
            continue
        rows_read += 1
        _check_cells(spec, row, report, today, from_workbook)
        _place(spec, row, report, places, default_district)
        _check_relations(spec, row, report)
        if spec.name == "report_figure":
            figure_rows.complete(row, report)
        if row.errors:
            continue
        record = {name: row.values.get(name) for name in spec.stored_columns}
        if "source" in record and record["source"] is None:
            record["source"] = default_source
        if "illustrative" in record and record["illustrative"] is None:
            record["illustrative"] = "false"
        key = natural_key(spec, record)
        identity = ("id", record["record_id"]) if record.get("record_id") and not spec.key_unique else ("key", key)
        if identity in seen:
            name = "record_id" if identity[0] == "id" else spec.natural_key[-1]
            report(row, name, "duplicate_row", first=seen[identity])
            continue
        seen[identity] = row.number
        if "latitude" in row.values and row.values.get("latitude") is not None:
            points.append((row, float(row.values["latitude"]), float(row.values["longitude"])))
        records.append(record)
        numbers.append(row.number)
        given.append(bool(record.get("record_id")))
        keys.append(key)
    if points and geometry is not None:
        refused = _check_points(points, records, numbers, report, places, geometry)
        keep = [i for i, number in enumerate(numbers) if number not in refused]
        records, numbers, given, keys = ([items[i] for i in keep] for items in (records, numbers, given, keys))
    problems.sort(key=lambda p: (p.row or 0, 0 if p.severity == ERROR else 1))
    return Validated(spec, records, numbers, given, problems, rows_read, headers, keys)


# ---------------------------------------------------------------- each cell on its own
def _check_cells(spec: TableSpec, row: _Row, report, today: date, from_workbook: bool) -> None:
    present = row.cells
    for column in spec.columns:
        if column.name not in present:
            row.values[column.name] = column.default
            continue
        value = present[column.name]
        if cells.is_blank(value):
            row.values[column.name] = column.default
            if column.required and column.name in row.cells:  # a missing column is reported once, at the header
                report(row, column.name, "required", value="")
            continue
        try:
            row.values[column.name] = _parse(column, value, today, from_workbook)
        except Invalid as problem:
            row.values[column.name] = None
            report(row, column.name, problem.code, **problem.params)
    for target, source, defaults in spec.defaults_by:
        if row.values.get(target) is None and row.values.get(source) in defaults:
            row.values[target] = defaults[row.values[source]]


def _parse(column, value, today: date, from_workbook: bool):
    kind = column.kind
    if kind == "text" or kind == "commune":
        return cells.text(value)
    if kind == "record_id":
        return cells.record_id(value)
    if kind == "year":
        return cells.year(value, today)
    if kind == "vintage":
        return cells.vintage(value)
    if kind == "district":
        return cells.code(value, 3, "bad_district")
    if kind == "commune_code":
        return cells.code(value, 5, "unknown_commune_code_format")
    if kind == "count":
        return cells.count(value)
    if kind == "integer":
        return cells.integer(value, column.low, column.high)
    if kind == "amount":
        return cells.amount(value)
    if kind == "date":
        return cells.day(value, today, column.past_only, from_workbook)
    if kind == "boolean":
        return cells.boolean(value)
    if kind == "choice":
        return cells.choice(value, column.name, column.choices)
    if kind in ("latitude", "longitude"):
        return repr(cells.coordinate(value))
    raise AssertionError(kind)


# ---------------------------------------------------------------- vintage, district, commune
def _vintage(spec: TableSpec, row: _Row, places: Places, district: str | None) -> int | None:
    given = row.values.get("vintage")
    if given:
        return int(given)
    if not spec.commune_level:
        return 2023  # districts exist only in the 2023 vintage
    when = row.values.get(spec.date_column) if spec.date_column else None
    if when:
        return 2025 if date.fromisoformat(when) >= NEW_UNITS_FROM else 2023
    year = row.values.get("year")
    if year is None:
        return None
    if int(year) <= 2024:
        return 2023
    if int(year) >= 2026:
        return 2025
    name, code, _ = _written_place(row)
    if not name and not code:
        return 2023
    found = places.resolves_in(name, code, district) or places.resolves_in(name, code, None)
    if len(found) == 1:
        return found[0]
    if len(found) == 2:
        return -1  # ambiguous: reported by the caller
    return 2023


def _place(spec: TableSpec, row: _Row, report, places: Places, default_district: str | None) -> None:
    district = row.values.get("district_code")
    if district and places.district_name(district) is None:
        report(row, "district_code", "unknown_district")
        return
    vintage = _vintage(spec, row, places, district or default_district)
    if vintage is None:
        return
    if vintage == -1:
        report(row, "vintage", "vintage_ambiguous", value=row.values.get("commune") or row.values.get("commune_code"))
        return
    if not spec.commune_level:
        _district_level(row, report, vintage, district)
        return
    row.values["vintage"] = str(vintage)
    name, code = row.values.get("commune"), row.values.get("commune_code")
    if not name and not code:
        if spec.commune_required:
            present = [c for c in ("commune", "commune_code") if c in row.cells]
            if present and all(cells.is_blank(row.cells[c]) for c in present):
                report(row, present[0], "required", value="")
            return
        if not district and default_district:
            row.values["district_code"] = district = default_district
        if not district:
            report(row, "district_code", "district_needed", value="")
        return
    name, code, column = _written_place(row)
    found = _resolve(places, vintage, name, code, district, default_district)
    if found.code is None:
        report(row, column, found.problem, **found.params_dict)
        return
    commune_code = found.code
    row.values["commune_code"] = commune_code
    unit = places.unit(vintage, commune_code)
    if vintage == 2023:
        row.values["district_code"] = unit["district_code"]


def _district_level(row: _Row, report, vintage: int, district: str | None) -> None:
    """District-level rows (targets, budget, report figures) are keyed by 2023 district codes: the 2025 unit
    list has no districts. A row of a year after the reform may still be (a plan set per district), with a warning."""
    if vintage != 2023:
        report(row, "vintage", "district_vintage")
        return
    row.values["vintage"] = "2023"
    year = row.values.get("year")
    if district and year and int(year) > NEW_UNITS_FROM.year:
        report(row, "district_code", "district_after_reform", WARNING, year=year)


def _written_place(row: _Row) -> tuple[str | None, str | None, str]:
    """(name, code, the column a problem with them is reported in). A code written in the commune
    column is a code; a name written beside a code only has to agree with it (Places.identify)."""
    name, code = row.values.get("commune"), row.values.get("commune_code")
    if code:
        return name, code, "commune_code"
    if name and name.isdigit():
        return None, name, "commune"
    return name, None, "commune"


# A problem that no other district could solve: the default district's answer stands.
_FINAL = ("ambiguous_commune", "commune_mismatch")


def _resolve(places: Places, vintage: int, name, code, district: str | None, default_district: str | None):
    if district or not default_district:
        return places.identify(vintage, name, code, district)
    found = places.identify(vintage, name, code, default_district)
    if found.code or found.problem in _FINAL:
        return found
    anywhere = places.identify(vintage, name, code, None)
    return anywhere if anywhere.code or anywhere.problem in _FINAL else found


# ---------------------------------------------------------------- between columns
def _check_relations(spec: TableSpec, row: _Row, report) -> None:
    values = row.values
    for women, everyone in spec.women_pairs:
        if (
            values.get(women) is not None
            and values.get(everyone) is not None
            and int(values[women]) > int(values[everyone])
        ):
            report(
                row, women, "women_exceed", total=values[everyone], whole=(label(everyone, "vi"), label(everyone, "en"))
            )
    if spec.name == "target" and values.get("period_start") and values.get("period_end"):
        if int(values["period_start"]) > int(values["period_end"]):
            report(row, "period_end", "period_order", start=values["period_start"])
    if "latitude" in spec.column_names:
        lat, lon = values.get("latitude"), values.get("longitude")
        if (lat is None) != (lon is None):
            missing = "longitude" if lon is None else "latitude"
            if cells.is_blank(row.cells.get(missing)):
                report(row, missing, "coordinate_pair", value="")
        elif lat is not None and lon is not None:
            lat_f, lon_f = float(lat), float(lon)
            if not _in_box(lat_f, lon_f):
                code = "swapped_coordinates" if _in_box(lon_f, lat_f) else "outside_vietnam"
                report(row, "latitude", code, value=f"{lat}, {lon}")
    year = values.get("year")
    for column in _IN_REPORT_YEAR:
        when = values.get(column)
        if when and year and when[:4] != year:
            report(row, column, "date_not_in_year", WARNING, year=year)


def _check_points(points, records, numbers, report, places: Places, geometry: Geometry) -> set[int]:
    """Inside Viet Nam (error otherwise) and inside the row's commune (warning otherwise)."""
    import shapely

    by_number = dict(zip(numbers, records))
    pairs = {
        (int(by_number[row.number]["vintage"]), by_number[row.number]["commune_code"])
        for row, _, _ in points
        if row.number in by_number
    }
    shapes = geometry.units(pairs)
    refused = set()
    for row, lat, lon in points:
        record = by_number.get(row.number)
        if record is None:
            continue
        vintage, code = int(record["vintage"]), record["commune_code"]
        point = shapely.Point(lon, lat)
        shape = shapes.get((vintage, code))
        if shape is not None and shape.distance(point) <= EDGE_TOLERANCE_DEGREES:
            continue
        if not geometry.in_country(vintage, point):
            report(row, "latitude", "outside_vietnam", value=f"{lat}, {lon}")
            refused.add(row.number)
        elif shape is not None:
            kilometres = round(shape.distance(point) * 111, 1)
            report(
                row,
                "latitude",
                "outside_commune",
                WARNING,
                value=f"{lat}, {lon}",
                commune=places.name(vintage, code),
                km=kilometres,
            )
    return refused


def finish(validated: Validated, stored: dict) -> list[Problem]:
    """Give every record its record_id (see ingest/keys.py); problems if two rows end up as one."""
    spec = validated.spec
    problems = []
    header = validated.headers.get("record_id") or f"{label('record_id')} (record_id)"
    keys = validated.keys if len(validated.keys) == len(validated.records) else None
    for index, code, params in assign_ids(spec, validated.records, validated.given_ids, stored, keys):
        problems.append(Problem(validated.row_numbers[index], header, "", code, params, ERROR))
    if spec.key_unique:
        problems += _keys_taken(validated, stored, keys, header)
    first: dict[str, int] = {}
    for index, record in enumerate(validated.records):
        number = validated.row_numbers[index]
        if record["record_id"] in first:
            problems.append(
                Problem(
                    number, header, record["record_id"], "duplicate_row", {"first": first[record["record_id"]]}, ERROR
                )
            )
        else:
            first[record["record_id"]] = number
    return problems


def _keys_taken(validated: Validated, stored: dict, keys: list[tuple] | None, header: str) -> list[Problem]:
    """Where one row per natural key is all the table holds: a record_id the file gives may not claim
    the key of another stored row (it would be a second row for the same figure)."""
    problems = []
    for index, record in enumerate(validated.records):
        if not validated.given_ids[index]:
            continue
        key = keys[index] if keys is not None else natural_key(validated.spec, record)
        others = sorted(set(stored.get(key, [])) - {record["record_id"]})
        if others:
            problems.append(
                Problem(
                    validated.row_numbers[index],
                    header,
                    record["record_id"],
                    "key_taken",
                    {"ids": ", ".join(others)},
                    ERROR,
                )
            )
    return problems

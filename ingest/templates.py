"""Import templates and exports: one file layout for both, so an export imports back unchanged.

XLSX: the data sheet (named after the table) has a title row, then the header row with each
column's Vietnamese label, "*" when required, and its code name — "Thôn, bản (village)" — then the
rows; drop-down lists offer the communes of the chosen district (both vintages) and the allowed
values of every choice column; a sheet of instructions explains each column, and a sheet of lists
holds the drop-downs' values. CSV: the same header row, UTF-8 with a BOM so Excel shows Vietnamese.

Exports write choices and yes/no as their Vietnamese labels (what the drop-downs offer), dates as
dates, codes as text (so 03391 keeps its zero) and text that a spreadsheet would run as a formula
behind an apostrophe, which the reader takes off again.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import duckdb
import pandas as pd

from i18n import in_all_languages, translator
from ingest.header import header_text, label
from ingest.places import Places
from queries.export import neutralise
from registry.tables import IMPORT_TABLES, TableSpec
from registry.vintages import VINTAGES

FORMATS = ("xlsx", "csv")
TEMPLATE_ROWS = 5000  # rows that carry the drop-down lists in a template
_CODE_KINDS = ("record_id", "district", "commune_code", "text", "commune")


def choice_label(column: str, code: str) -> str:
    return translator("vi")(f"import.choice.{column}.{code}")


def file_name(table: str, kind: str, fmt: str) -> str:
    """`kind` is template | export."""
    return f"p8_{table}_{kind}.{fmt}"


# ---------------------------------------------------------------- values as a file shows them
def _file_value(spec: TableSpec, name: str, value, places: Places | None, vintage):
    column = spec.column(name)
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if column.kind == "boolean":
        return translator("vi")("import.choice.boolean.true" if value else "import.choice.boolean.false")
    if column.kind == "choice":
        code = str(value)
        return int(code) if code.isdigit() else choice_label(name, code)
    if column.kind in ("count", "integer", "year", "vintage"):
        return int(value)
    if column.kind == "amount":
        number = Decimal(str(value))
        return int(number) if number == number.to_integral_value() else float(number)
    if column.kind in ("latitude", "longitude"):
        return float(value)
    if column.kind == "date":
        return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    return str(value)


def export_frame(
    connection: duckdb.DuckDBPyConnection,
    spec: TableSpec,
    places: Places | None = None,
    district_code: str | None = None,
    year: int | None = None,
) -> pd.DataFrame:
    """The table's stored rows as the template's columns (commune names filled in), by record_id."""
    conditions, params = [], []
    if district_code:
        conditions.append("district_code = ?")
        params.append(district_code)
    if year:
        conditions.append("year = ?")
        params.append(year)
    where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
    stored = connection.execute(f"SELECT * FROM {spec.name} {where} ORDER BY record_id", params).fetchall()
    stored_names = [d[0] for d in connection.description]
    rows = []
    for values in stored:
        record = dict(zip(stored_names, values))
        vintage = record.get("vintage")
        out = {}
        for name in spec.column_names:
            if name == "commune":
                out[name] = (
                    places.name(int(vintage), record.get("commune_code"))
                    if places is not None and record.get("commune_code")
                    else None
                )
            else:
                out[name] = _file_value(spec, name, record.get(name), places, vintage)
        rows.append(out)
    return pd.DataFrame(rows, columns=list(spec.column_names), dtype=object)  # 9 stays 9, not 9.0 beside 318.36


# ---------------------------------------------------------------- CSV
def to_csv(spec: TableSpec, frame: pd.DataFrame | None = None) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([header_text(spec, name) for name in spec.column_names])
    if frame is not None:
        for values in frame.itertuples(index=False):
            writer.writerow(
                ["" if v is None or (isinstance(v, float) and pd.isna(v)) else _csv_text(v) for v in values]
            )
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def _csv_text(value) -> str:
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(neutralise(value)) if isinstance(value, str) else str(value)


# ---------------------------------------------------------------- XLSX
def to_xlsx(
    spec: TableSpec,
    frame: pd.DataFrame | None = None,
    places: Places | None = None,
    district_code: str | None = None,
    kind: str = "template",
) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    t = translator("vi")
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = spec.name
    table_label = t(f"import.table.{spec.name}")
    sheet["A1"] = t(
        "import.template.title" if kind == "template" else "import.template.export_title",
        table=table_label,
        code=spec.name,
    )
    sheet["A1"].font = Font(bold=True, size=13)
    header_fill = PatternFill("solid", fgColor="DCE6F0")
    for position, name in enumerate(spec.column_names, start=1):
        cell = sheet.cell(row=2, column=position, value=header_text(spec, name))
        cell.font = Font(bold=True, color="9C0006" if spec.column(name).required else "000000")
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(position)].width = max(
            14, min(40, len(label(name, table=spec.name)) + 6)
        )
    sheet.row_dimensions[2].height = 45
    sheet.freeze_panes = "A3"

    if frame is not None:
        for values in frame.itertuples(index=False):
            row = []
            for _column, value in zip(spec.column_names, values):
                if value is None or (isinstance(value, float) and pd.isna(value)):
                    row.append(None)
                elif isinstance(value, str):
                    row.append(neutralise(value))
                else:
                    row.append(value)
            sheet.append(row)
        for row in sheet.iter_rows(min_row=3):
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text stays text: never a formula
                elif isinstance(cell.value, date):
                    cell.number_format = "DD/MM/YYYY"

    lists = workbook.create_sheet(t("import.template.sheet_lists"))
    _lists_and_dropdowns(spec, sheet, lists, places, district_code, DataValidation)
    _instructions(spec, workbook.create_sheet(t("import.template.sheet_instructions"), 1), Font, Alignment)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _quoted(sheet_title: str) -> str:
    return "'" + sheet_title.replace("'", "''") + "'"


def _lists_and_dropdowns(spec, sheet, lists, places, district_code, DataValidation) -> None:
    from openpyxl.utils import get_column_letter

    t = translator("vi")
    columns: list[tuple[str, list]] = []
    if "commune" in spec.column_names and places is not None and district_code:
        names = []
        for vintage in VINTAGES:
            names += [n for n in places.communes(vintage, district_code)["name"].tolist() if n not in names]
        codes = []
        for vintage in VINTAGES:
            frame = places.communes(vintage, district_code)
            codes += [f"{c} — {n} ({vintage})" for c, n in zip(frame["code"], frame["name"])]
        columns.append(("commune", sorted(names)))
        columns.append(("commune_code", codes))
    for column in spec.columns:
        if column.kind == "choice":
            columns.append(
                (column.name, [int(c) if c.isdigit() else choice_label(column.name, c) for c in column.choices])
            )
        elif column.kind == "boolean":
            columns.append((column.name, [t("import.choice.boolean.true"), t("import.choice.boolean.false")]))
    last = 2 + TEMPLATE_ROWS
    for position, (name, values) in enumerate(columns, start=1):
        letter = get_column_letter(position)
        lists.cell(row=1, column=position, value=f"{label(name, table=spec.name)} ({name})")
        for offset, value in enumerate(values, start=2):
            lists.cell(row=offset, column=position, value=value)
        lists.column_dimensions[letter].width = 34
        if name == "commune_code" or name not in spec.column_names:
            continue  # the codes list is for reading; the drop-down is on the name
        target = get_column_letter(spec.column_names.index(name) + 1)
        validation = DataValidation(
            type="list",
            formula1=f"={_quoted(lists.title)}!${letter}$2:${letter}${len(values) + 1}",
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="warning"
            if name == "commune"
            else "stop",  # a commune outside the list is still checked on import
            errorTitle=t("import.template.dropdown_title"),
            error=t("import.template.dropdown_error"),
        )
        validation.add(f"{target}3:{target}{last}")
        sheet.add_data_validation(validation)
    for column in spec.columns:
        if column.kind == "count":
            target = get_column_letter(spec.column_names.index(column.name) + 1)
            validation = DataValidation(
                type="whole",
                operator="greaterThanOrEqual",
                formula1="0",
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=t("import.template.dropdown_title"),
                error=t("import.template.count_error"),
            )
            validation.add(f"{target}3:{target}{last}")
            sheet.add_data_validation(validation)


def _instructions(spec, sheet, Font, Alignment) -> None:
    t = translator("vi")
    sheet["A1"] = t("import.template.instructions_title", table=t(f"import.table.{spec.name}"), code=spec.name)
    sheet["A1"].font = Font(bold=True, size=13)
    row = 3
    for index in range(1, 100):
        key = f"import.template.rule{index}"
        if not t.has(key):
            break
        rule = in_all_languages(key)
        sheet.cell(row=row, column=1, value=f"{index}. {rule['vi']}")
        sheet.cell(row=row + 1, column=1, value=f"    {rule['en']}").font = Font(italic=True, color="555555")
        row += 2
    row += 1
    headings = [t(f"import.template.col_{key}") for key in ("header", "code", "required", "kind", "allowed", "note")]
    for position, heading in enumerate(headings, start=1):
        sheet.cell(row=row, column=position, value=heading).font = Font(bold=True)
    for column in spec.columns:
        row += 1
        allowed = ""
        if column.kind == "choice":
            allowed = "; ".join(f"{choice_label(column.name, c)} = {c}" for c in column.choices)
        elif column.kind == "boolean":
            allowed = f"{t('import.choice.boolean.true')} / {t('import.choice.boolean.false')}"
        note_key = f"import.help.{column.name}"
        values = [
            header_text(spec, column.name),
            column.name,
            t("import.template.yes") if column.required else "",
            t(f"import.kind.{column.kind}"),
            allowed,
            t(note_key) if t.has(note_key) else "",
        ]
        for position, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=position, value=value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.data_type = "s"
    for letter, width in zip("ABCDEF", (34, 22, 10, 30, 40, 60)):
        sheet.column_dimensions[letter].width = width


# ---------------------------------------------------------------- what the CLI and the page call
def template(table: str, fmt: str = "xlsx", places: Places | None = None, district_code: str | None = None) -> bytes:
    spec = IMPORT_TABLES[table]
    return to_xlsx(spec, None, places, district_code) if fmt == "xlsx" else to_csv(spec)


def export(
    connection: duckdb.DuckDBPyConnection,
    table: str,
    fmt: str = "xlsx",
    places: Places | None = None,
    district_code: str | None = None,
    year: int | None = None,
) -> tuple[bytes, int]:
    spec = IMPORT_TABLES[table]
    places = places or Places.load(connection)
    frame = export_frame(connection, spec, places, district_code, year)
    data = to_xlsx(spec, frame, places, district_code, kind="export") if fmt == "xlsx" else to_csv(spec, frame)
    return data, len(frame)

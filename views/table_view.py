"""The fact tables as people read them: Vietnamese (or English) headers and values, screen formats, and
the "About" lines of an export. Pure functions without Streamlit, so the Tables page and the command
line (`python -m queries run comm_team --lang vi`) write the very same files, and tests need no app.

One frame goes everywhere: `view(rows, lang)` renames and translates the query's rows but keeps every
row, every column and every number as a number; the screen only formats it (`styled`), the exports write it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pandas as pd

from i18n import translator
from i18n.formatting import number
from queries import export
from queries.runner import get
from registry.tables import TABLES

VIETNAM_TIME = timezone(timedelta(hours=7), "ICT")  # no daylight saving; no tz database needed
# The kind-of-record columns of the Tables page, whose codes are shown as words; unknown codes are shown
# as they are, never dropped.
CODED_COLUMNS = tuple(dict.fromkeys(spec.type_column for spec in TABLES.values() if spec.type_column))


def parameters(table: str) -> tuple[str, ...]:
    """The filters a table's named query takes (read from queries/TABLE.sql)."""
    return tuple(param.name for param in get(table).params)


def query_params(table: str, type_value=None, **filters) -> dict:
    """The parameters to run a table's query with: the filters it takes, and its kind-of-record filter."""
    spec = TABLES[table]
    wanted = dict(filters)
    if spec.type_column:
        wanted[spec.type_column] = type_value
    takes = parameters(table)
    return {name: value for name, value in wanted.items() if name in takes}


def year_range(years: list[int], year: int | None) -> tuple[int, int] | None:
    """The range a page starts with: the scope's year alone (or the newest year with data)."""
    if year is not None:
        return (year, year)
    return (max(years), max(years)) if years else None


def year_filters(chosen: tuple[int, int] | None) -> dict:
    """A chosen range as query parameters: one year as `year`, several as `year_from` and `year_to`."""
    if chosen is None:
        return {"year": None}
    first, last = sorted(chosen)
    if first == last:
        return {"year": first}
    return {"year": None, "year_from": first, "year_to": last}


def years_text(chosen: tuple[int, int] | None) -> str:
    """2023, or 2022–2024."""
    if chosen is None:
        return ""
    first, last = sorted(chosen)
    return str(first) if first == last else f"{first}–{last}"


def header(column: str, lang: str) -> str:
    """A column's header: `column.NAME` of the catalogue, else the code name itself."""
    t = translator(lang)
    key = f"column.{column}"
    return t(key) if t.has(key) else str(column)


def value_label(column: str, code, lang: str):
    """The words for a coded value (e.g. event_type market_event), or the value itself if it has none."""
    t = translator(lang)
    key = f"tables.value.{column}.{code}"
    return t(key) if t.has(key) else code


def _translated(column: str, series: pd.Series, lang: str) -> pd.Series:
    t = translator(lang)

    def word(value, yes: str, no: str):
        return value if value is None or value is pd.NA else (yes if bool(value) else no)

    if column == "illustrative":
        yes, no = t("tables.value.illustrative"), t("tables.value.real")
        return series.map(lambda v: word(v, yes, no)).astype(object)
    if pd.api.types.is_bool_dtype(series):
        yes, no = t("tables.value.yes"), t("tables.value.no")
        return series.map(lambda v: word(v, yes, no)).astype(object)
    if column in CODED_COLUMNS:
        return series.map(lambda v: v if pd.isna(v) else value_label(column, v, lang))
    return series


def view(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The rows as the page shows and exports them: same rows and columns, headers and codes in words."""
    headers = [header(column, lang) for column in rows.columns]
    duplicated = sorted({h for h in headers if headers.count(h) > 1})
    if duplicated:
        raise ValueError(f"two columns would share the header {duplicated}")
    out = pd.DataFrame({h: _translated(c, rows[c], lang) for c, h in zip(rows.columns, headers)})
    return out.reset_index(drop=True)


def excel_formats(rows: pd.DataFrame, lang: str) -> dict[str, str]:
    """XLSX number formats of view(rows, lang), judged from the code-named rows."""
    return {header(column, lang): fmt for column, fmt in export.excel_formats(rows).items()}


def _screen_formatter(column: str, series: pd.Series, lang: str):
    if pd.api.types.is_datetime64_any_dtype(series):
        return lambda v: "" if pd.isna(v) else v.strftime("%d/%m/%Y")
    if pd.api.types.is_bool_dtype(series) or not pd.api.types.is_numeric_dtype(series):
        return None
    if export.is_plain_number(column):
        return lambda v: "" if pd.isna(v) else str(int(v)) if float(v).is_integer() else str(v)
    decimals = export.decimals_needed(series)
    return lambda v: "" if pd.isna(v) else number(v, lang, decimals)


def styled(rows: pd.DataFrame, lang: str, max_cells: int = 200_000):
    """view(rows) with numbers and dates written as the language writes them (1.234,5; 28/11/2023).

    Only the display changes: the grid still sorts by the numbers underneath. Beyond `max_cells` the
    plain view is returned (pandas' Styler is slow on very large frames).
    """
    shown = view(rows, lang)
    if shown.size > max_cells:
        return shown
    formatters = {}
    for column in rows.columns:
        formatter = _screen_formatter(column, rows[column], lang)
        if formatter:
            formatters[header(column, lang)] = formatter
    return shown.style.format(formatters, na_rep="")


def filter_lines(params: dict, lang: str, names: dict | None = None) -> list[tuple[str, str]]:
    """The filters of an export as (label, value) lines: codes with their names, "all" for no filter."""
    t = translator(lang)
    names = names or {}
    lines = []
    for param, value in params.items():
        if param == "year" and value is None and params.get("year_from") is not None:
            continue  # a range of years: said by its two ends
        if param in ("year_from", "year_to") and value is None:
            continue
        label_key = f"tables.filter.{param}"
        label = t(label_key) if t.has(label_key) else param
        if param == "vintage" and value is None:
            shown = t("tables.vintage.recorded")
        elif value is None or value == "":
            shown = t("tables.all")
        elif param == "vintage" and t.has(f"tables.vintage.{value}"):
            shown = f"{t(f'tables.vintage.{value}')} ({value})"
        elif param == "illustrative":
            shown = t("tables.data_kind.illustrative" if value else "tables.data_kind.real")
        elif param == "content_area":
            shown = t(f"tables.content_area.{value}") if t.has(f"tables.content_area.{value}") else str(value)
        elif param in CODED_COLUMNS:
            shown = str(value_label(param, value, lang))
        elif param in names and names[param]:
            shown = f"{names[param]} ({value})"
        else:
            shown = str(value)
        lines.append((label, shown))
    return lines


def exported_at(now: datetime | None = None) -> datetime:
    """The time of an export in Vietnam (UTC+7), where the people reading it are."""
    return (now or datetime.now(UTC)).astimezone(VIETNAM_TIME)


def about_lines(
    title: str, filters: list[tuple[str, str]], rows: pd.DataFrame, lang: str, when: datetime
) -> list[tuple[str, str]]:
    """The "About" sheet of an XLSX export: what, which filters, how many rows, when, from which sources."""
    t = translator(lang)
    lines = [(t("export.about.table"), title), (t("export.about.rows"), number(len(rows), lang, 0))]
    lines += [(t("export.about.filter", label=label), value) for label, value in filters]
    lines.append((t("export.about.exported_at"), t("export.about.time", time=when.strftime("%d/%m/%Y %H:%M:%S"))))
    if "illustrative" in rows.columns:
        count = int(rows["illustrative"].fillna(False).astype(bool).sum())
        if count:
            lines.append(
                (
                    t("export.about.illustrative"),
                    t.plural("export.about.illustrative_rows", count, count=count, total=len(rows)),
                )
            )
    if {"vintage", "recorded_vintage"} <= set(rows.columns) and (rows["vintage"] != rows["recorded_vintage"]).any():
        lines.append((t("export.about.note"), t("tables.vintage_note")))
    if "source" in rows.columns:
        for source in rows["source"].dropna().drop_duplicates():
            lines.append((t("export.about.source"), str(source)))
    lines.append((t("export.about.app"), t("app.title")))
    return lines


def geojson_metadata(table: str, params: dict, rows: pd.DataFrame, when: datetime) -> dict:
    """What a GeoJSON file says about itself (code names: it is read by programs)."""
    metadata = {
        "name": table,
        "filters": {key: export._plain(value) for key, value in params.items()},
        "exported_at": when.isoformat(timespec="seconds"),
        "rows": len(rows),
    }
    if "illustrative" in rows.columns:
        metadata["illustrative_rows"] = int(rows["illustrative"].fillna(False).astype(bool).sum())
    if "source" in rows.columns:
        metadata["sources"] = rows["source"].dropna().drop_duplicates().tolist()
    return metadata


def xlsx_bytes(
    table: str, rows: pd.DataFrame, lang: str, filters: list[tuple[str, str]], when: datetime | None = None
) -> bytes:
    """The XLSX of what the page shows: view(rows), its number formats, and the About sheet."""
    t = translator(lang)
    when = when or exported_at()
    title = f"{t(f'tables.name.{table}')} ({table})" if t.has(f"tables.name.{table}") else table
    return export.to_xlsx(
        view(rows, lang),
        sheet=table,
        formats=excel_formats(rows, lang),
        about=about_lines(title, filters, rows, lang, when),
    )


def csv_bytes(rows: pd.DataFrame, lang: str) -> bytes:
    """The CSV of what the page shows (UTF-8 with BOM)."""
    return export.to_csv(view(rows, lang), bom=True)


def geojson_bytes(
    table: str,
    rows: pd.DataFrame,
    geometry: str,
    params: dict,
    boundary_rows: pd.DataFrame | None = None,
    when: datetime | None = None,
) -> bytes:
    """GeoJSON of the rows shown: "points" (one feature per row; a row without recorded coordinates placed
    inside its commune and flagged `approximate_position`) or "communes" (polygons with values); both take
    their communes from the rows of the `boundaries` query."""
    from geo.layers import placed_rows
    from geo.shapes import from_wkb

    metadata = geojson_metadata(table, params, rows, when or exported_at())
    boundary_rows = (
        boundary_rows if boundary_rows is not None else pd.DataFrame({"vintage": [], "code": [], "geometry_wkb": []})
    )
    if geometry == "points":
        return export.to_geojson_points(placed_rows(rows, from_wkb(boundary_rows), table), metadata)
    return export.to_geojson_communes(rows, from_wkb(boundary_rows), metadata)


def file_name(table: str, params: dict, extension: str) -> str:
    """An ASCII file name that says what is inside: table, place, year, vintage."""
    parts = [table]
    place = next((params[key] for key in ("commune_code", "district_code", "province_code") if params.get(key)), None)
    years = params.get("year") or (
        f"{params['year_from']}-{params['year_to']}" if params.get("year_from") and params.get("year_to") else None
    )
    for value in (place, years):
        if value not in (None, ""):
            parts.append(str(value))
    if params.get("vintage"):
        parts.append(f"v{params['vintage']}")
    return "_".join(parts) + f".{extension}"

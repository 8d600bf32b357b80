"""Find the header row of a sheet, tell which table the file holds, and map its columns.

Headers may be the Vietnamese label, the English one, the code name, or the template's
"label (code_name)", with or without diacritics, a trailing "*" (required) and any case. The
header is the row among the first ones with the most distinct known names, so a title above it
(or a blank line) does no harm. A column nobody knows is reported, never silently dropped.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

from i18n import in_all_languages, translator
from ingest.messages import ERROR, Problem, UnusableFile, cell_text
from ingest.reader import PREVIEW_ROWS, Sheet
from registry.tables import IMPORT_TABLES, TableSpec

_CODE_IN_BRACKETS = re.compile(r"[\(\[]\s*([A-Za-z_][A-Za-z0-9_]*)\s*[\)\]]\s*\**\s*$")
_SPACES = re.compile(r"\s+")
_PUNCTUATION = re.compile(r"[*,.;:/\\_()\[\]\-–—]")


def fold(text: str) -> str:
    """Lower case, no diacritics (đ -> d), no punctuation, single spaces: how headers and choices are compared."""
    text = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return _SPACES.sub(" ", _PUNCTUATION.sub(" ", text)).strip()


def _label_key(name: str, table: str | None) -> str:
    """import.column.TABLE.NAME where a table means something else by a column name (report_figure's
    `code` is a figure, target's a target), else import.column.NAME."""
    specific = f"import.column.{table}.{name}"
    return specific if table and translator("vi").has(specific) else f"import.column.{name}"


def label(name: str, lang: str = "vi", table: str | None = None) -> str:
    return translator(lang)(_label_key(name, table))


def header_text(spec: TableSpec, name: str) -> str:
    """The template's header: Vietnamese label, '*' when required, and the code name."""
    required = spec.column(name).required
    return f"{label(name, table=spec.name)}{' *' if required else ''} ({name})"


@cache
def _index(table: str) -> dict[str, str]:
    spec = IMPORT_TABLES[table]
    index = {}
    for name in spec.column_names:
        for variant in (name, *in_all_languages(_label_key(name, table)).values()):
            index.setdefault(fold(variant), name)
    return index


def recognise(cell, table: str) -> str | None:
    """The column name a header cell stands for in `table`, or None."""
    if not isinstance(cell, str) or not cell.strip():
        return None
    names = IMPORT_TABLES[table].column_names
    bracketed = _CODE_IN_BRACKETS.search(cell)
    if bracketed and bracketed.group(1).lower() in names:
        return bracketed.group(1).lower()
    plain = _CODE_IN_BRACKETS.sub("", cell) if bracketed else cell
    return _index(table).get(fold(plain)) or _index(table).get(fold(cell))


def _score(rows: list[list], table: str) -> tuple[int, int]:
    """(distinct known names in the best row, that row's index) among the first rows."""
    best = (0, -1)
    for index, row in enumerate(rows[:PREVIEW_ROWS]):
        known = len({name for name in (recognise(cell, table) for cell in row) if name})
        if known > best[0]:
            best = (known, index)
    return best


def _required_present(rows: list[list], table: str, index: int) -> bool:
    if index < 0:
        return False
    present = {recognise(cell, table) for cell in rows[index]}
    spec = IMPORT_TABLES[table]
    needed = {c.name for c in spec.columns if c.required}
    return needed <= present


def choose_table(rows: list[list], sheet_name: str | None) -> str:
    """The table a file holds when the user did not say: its sheet's name, else the best header."""
    if sheet_name and sheet_name.strip().lower() in IMPORT_TABLES:
        return sheet_name.strip().lower()
    ranked = []
    for table in IMPORT_TABLES:
        known, index = _score(rows, table)
        ranked.append(((_required_present(rows, table, index), known), table))
    ranked.sort(reverse=True)
    (best_score, best), runner_up = ranked[0], ranked[1]
    if best_score[1] < 2:
        raise UnusableFile("file_no_header")
    if runner_up[0] == best_score:
        tied = ", ".join(table for score, table in ranked if score == best_score)
        raise UnusableFile("file_which_table", tables=tied)
    return best


def sheet_picker(table: str | None):
    """For the reader: which worksheet of a workbook holds the data."""

    def pick(previews: list[tuple[str, list[list]]]) -> int:
        names = [name.strip().lower() for name, _ in previews]
        if table and table in names:
            return names.index(table)
        if not table:
            for position, name in enumerate(names):
                if name in IMPORT_TABLES:
                    return position
        tables = [table] if table else list(IMPORT_TABLES)
        scores = [max(_score(rows, t)[0] for t in tables) for _, rows in previews]
        best = max(scores)
        return scores.index(best) if best >= 2 else 0

    return pick


@dataclass
class Layout:
    table: TableSpec
    header_index: int  # position of the header in sheet.rows
    header_row: int  # its row number in the file
    names: list[str | None]  # column name at each position (None: unknown or empty)
    headers: list[str]  # the header as written at each position
    problems: list[Problem] = field(default_factory=list)

    def header_of(self, name: str) -> str:
        if name in self.names:
            return self.headers[self.names.index(name)] or name
        return f"{label(name, table=self.table.name)} ({name})"


def find_layout(sheet: Sheet, table: str | None) -> Layout:
    if table is not None and table not in IMPORT_TABLES:
        raise UnusableFile("file_unknown_table", table=table, tables=", ".join(IMPORT_TABLES))
    table = table or choose_table(sheet.rows, sheet.name)
    spec = IMPORT_TABLES[table]
    known, index = _score(sheet.rows, table)
    if known < 2:
        raise UnusableFile("file_no_header")
    header = sheet.rows[index]
    header_row = sheet.row_numbers[index]
    width = max([len(row) for row in sheet.rows[index:]] or [0])
    names: list[str | None] = []
    headers: list[str] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for position in range(width):
        cell = header[position] if position < len(header) else None
        written = cell_text(cell).strip()
        headers.append(written)
        name = recognise(cell, table) if written else None
        if not written:
            first = next(
                (
                    i
                    for i in range(index + 1, len(sheet.rows))
                    if position < len(sheet.rows[i]) and sheet.rows[i][position] not in (None, "")
                ),
                None,
            )
            if first is not None:
                value = sheet.rows[first][position]
                problems.append(
                    Problem(
                        sheet.row_numbers[first],
                        _column_letter(position),
                        cell_text(value),
                        "unnamed_column",
                        {},
                        ERROR,
                    )
                )
            names.append(None)
            continue
        if name is None:
            problems.append(Problem(header_row, written, written, "unknown_column", {"table": table}, ERROR))
        elif name in seen:
            problems.append(
                Problem(header_row, written, written, "duplicate_column", {"first": headers[seen[name]]}, ERROR)
            )
            name = None
        else:
            seen[name] = position
        names.append(name)
    for column in spec.columns:
        if column.required and column.name not in seen:
            problems.append(
                Problem(
                    header_row, f"{label(column.name, table=table)} ({column.name})", "", "missing_column", {}, ERROR
                )
            )
    if spec.commune_level and spec.commune_required and not {"commune", "commune_code"} & set(seen):
        problems.append(Problem(header_row, f"{label('commune')} (commune)", "", "missing_column", {}, ERROR))
    return Layout(spec, index, header_row, names, headers, problems)


def _column_letter(position: int) -> str:
    letters = ""
    position += 1
    while position:
        position, remainder = divmod(position - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters

"""Problems, previews and the import log as tables a person reads (on the page, or downloaded).

Pure functions of what the pipeline returns, so the page only lays them out.
"""

from __future__ import annotations

import pandas as pd

from i18n import translator
from i18n.formatting import local_time
from ingest.header import label
from ingest.messages import Problem
from queries.export import to_csv


def problems_frame(problems: list[Problem], lang: str) -> pd.DataFrame:
    t = translator(lang)
    return pd.DataFrame(
        {
            t("import.col_row"): [p.row for p in problems],
            t("import.col_column"): [p.column or "" for p in problems],
            t("import.col_value"): [p.value for p in problems],
            t("import.col_severity"): [t(f"import.severity.{p.severity}") for p in problems],
            t("import.col_message"): [p.message(lang) for p in problems],
        }
    ).astype({t("import.col_row"): "Int64"})


def problems_csv(problems: list[Problem]) -> bytes:
    """Every problem with both languages: what a person fixing the file in Excel works from."""
    frame = pd.DataFrame(
        [p.as_dict() for p in problems],
        columns=["row", "column", "value", "severity", "message_vi", "message_en", "code"],
    )
    return to_csv(frame.astype({"row": "Int64"}))


def preview_frame(
    records: list[dict], columns: tuple[str, ...], lang: str, limit: int = 20, table: str | None = None
) -> pd.DataFrame:
    """The first rows as they will be stored (names became codes, dates ISO), under the template's labels."""
    frame = pd.DataFrame(records[:limit], columns=list(columns))
    return frame.rename(columns={name: f"{label(name, lang, table)} ({name})" for name in columns})


_LOG_COLUMNS = {
    "import_id": "import.col_id",
    "imported_at": "import.col_when",
    "editor": "import.col_editor",
    "door": "import.col_door",
    "file_name": "import.col_file",
    "table_name": "import.col_table",
    "rows_added": "import.col_added",
    "rows_updated": "import.col_updated",
    "rows_unchanged": "import.col_unchanged",
    "rows_removed": "import.col_removed",
    "places_made_real": "import.col_places_made_real",
    "undone_at": "import.col_undone",
    "file_sha256": "import.col_sha256",
}


def history_frame(history: pd.DataFrame, lang: str) -> pd.DataFrame:
    t = translator(lang)
    shown = history[[c for c in _LOG_COLUMNS if c in history.columns]].copy()
    shown["file_sha256"] = shown["file_sha256"].str[:12]
    for column in ("imported_at", "undone_at"):  # stored in UTC, read in Viet Nam
        if column in shown.columns:
            shown[column] = [local_time(value, lang) for value in shown[column]]
    return shown.rename(columns={c: t(key) for c, key in _LOG_COLUMNS.items()})

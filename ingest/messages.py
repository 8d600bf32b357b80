"""What goes wrong with a file, said in Vietnamese and English.

A Problem points at one cell (row and column as the file shows them, and the value as read) and
carries a message code of the catalogues (`validation.CODE`, i18n/locales) with its placeholders, so
the page shows it in the reader's language and the command line shows both. A file that cannot be
read as a table at all raises UnusableFile instead (exit code 2).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from i18n import LANGUAGES, translator

ERROR, WARNING = "error", "warning"


def _localised(params: dict[str, Any], lang: str) -> dict[str, Any]:
    """Placeholders may differ by language: a (vi, en) pair picks one."""
    index = LANGUAGES.index(lang) if lang in LANGUAGES else 0
    return {
        key: value[index] if isinstance(value, tuple) and len(value) == 2 else value for key, value in params.items()
    }


def render(code: str, params: dict[str, Any], lang: str) -> str:
    return translator(lang)(f"validation.{code}", **_localised(params, lang))


@dataclass(frozen=True)
class Problem:
    row: int | None  # 1-based row (spreadsheet row, or CSV line) as the user sees it
    column: str | None  # the header as written in the file, or the column's code name
    value: str  # the cell as read, as text
    code: str  # validation.CODE in the catalogues (i18n/locales)
    params: dict = field(default_factory=dict, compare=False, hash=False)
    severity: str = ERROR  # error: the file is refused; warning: it may be imported

    def message(self, lang: str = "vi") -> str:
        return render(self.code, self.params, lang)

    def as_dict(self) -> dict:
        vi, en = self.message("vi"), self.message("en")
        return {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "message": f"{vi} / {en}",
            "message_vi": vi,
            "message_en": en,
            "severity": self.severity,
            "code": self.code,
        }


class UnusableFile(Exception):
    """The file is not a table we can read (not CSV/XLSX, unsafe, empty, no header…): exit code 2."""

    def __init__(self, code: str, **params):
        self.code = code
        self.params = params
        super().__init__(render(code, params, "en"))

    def message(self, lang: str = "vi") -> str:
        return render(self.code, self.params, lang)

    def as_dict(self) -> dict:
        vi, en = self.message("vi"), self.message("en")
        return {
            "row": None,
            "column": None,
            "value": "",
            "message": f"{vi} / {en}",
            "message_vi": vi,
            "message_en": en,
            "severity": ERROR,
            "code": self.code,
        }


def cell_text(value: Any) -> str:
    """A cell as the user would recognise it in a message."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        return value.date().isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    shown = str(value)
    return shown if len(shown) <= 200 else shown[:197] + "…"

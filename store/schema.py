"""The SQL files that define the database (tables in schema.sql; views and macros in views.sql), as statements."""

from __future__ import annotations

from pathlib import Path

from registry.paths import DATA_DIR

SCHEMA = DATA_DIR / "schema.sql"
VIEWS = DATA_DIR / "views.sql"


def statements(path: Path) -> list[str]:
    """The statements of a SQL file, comments removed, in order (DuckDB runs one statement per call)."""
    text = "\n".join(line.split("--", 1)[0] for line in path.read_text(encoding="utf-8").splitlines())
    return [statement.strip() for statement in text.split(";") if statement.strip()]

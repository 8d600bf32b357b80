"""What can go wrong with the files a command writes and with the database, said so a person can act on it.

Every command line (queries, ingest, geo, store, report) ends with one of these exit codes, the same
for all of them (README, "The command line"), so a script can tell a wrong request from a full disk.

A Fault's own text (`message(lang)`, `str()`) never names a file or a process: the app shows it as it
is, and a server's paths and process ids are nobody's business there. The command line adds the path,
and the details the operating system or DuckDB gave (`command_line()`), in Vietnamese and English on
one line, as the import messages are written.
"""

from __future__ import annotations

import sys
from pathlib import Path

from i18n import LANGUAGES, translator

EXIT_OK = 0
EXIT_REJECTED = 1  # python -m ingest: rows with errors, nothing imported
EXIT_REQUEST = 2  # wrong usage, a wrong question, an unusable input file
EXIT_DATABASE = 3  # the database is busy, missing or not a usable database: nothing changed
EXIT_WRITE = 4  # a write was refused (not an ordinary file, a folder, read-only, disk full): nothing half-written


class Fault(Exception):
    """A failure with a catalogue message (`fault.CODE`), the file it concerns, and its exit code."""

    exit_code = EXIT_DATABASE

    def __init__(
        self, code: str, path: Path | str | None = None, detail: str = "", command_params: dict | None = None, **params
    ):
        """`params` fill the message anywhere; `command_params` replace them on the command line (where a
        path may be named, e.g. the --db of a rebuild command)."""
        self.code = code
        self.path = path
        self.detail = detail
        self.params = params
        self.command_params = {**params, **(command_params or {})}
        super().__init__(code)

    def message(self, lang: str = "en", command_line: bool = False) -> str:
        params = self.command_params if command_line else self.params
        return translator(lang)(f"fault.{self.code}", **params)

    def __str__(self) -> str:
        return self.message("en")

    def command_line(self) -> str:
        where = f"{self.path}: " if self.path is not None else ""
        said = " / ".join(self.message(lang, command_line=True) for lang in LANGUAGES)
        detail = f" ({' '.join(self.detail.split())})" if self.detail else ""
        return f"error: {where}{said}{detail}"


def report(fault: Fault) -> int:
    """Say the fault on standard error in one line; the exit code for it."""
    print(fault.command_line(), file=sys.stderr)
    return fault.exit_code

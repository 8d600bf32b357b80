"""Draft the annual report of a district (or a province) from the data, as a Word document.

    python -m report draft --district-code 109 --year 2023 --output phong_tho_2023.docx
    python -m report draft --province-code 12 --year 2023 --lang en --output lai_chau_2023_en.docx
    python -m report draft --province-code 12 --vintage 2025 --year 2023 --output lai_chau_2025.docx
    python -m report draft --district-code 109 --year 2023 --template our_styles.docx --output draft.docx
    python -m report template --output report/template.docx   (rewrite the default styles)

Exit codes (the same for every command, store/faults.py): 0 written, 1 an unexpected error, 2 the choices
cannot make a draft, 3 the database could not answer (busy, missing, not usable), 4 the file cannot be
written (not an ordinary file, a folder, no space, not allowed); each failure is said in one line, and
nothing is left half-written.
"""

from __future__ import annotations

import argparse
import datetime
import io
import sys
from pathlib import Path

from registry.vintages import VINTAGES
from report.content import Scope, gather
from report.document import TEMPLATE, write, write_template
from store.database import database_path, opened
from store.faults import EXIT_OK, EXIT_REQUEST, Fault, report
from store.files import check_output, write_output

EXIT_FAILED, EXIT_CHOICES = 1, EXIT_REQUEST


def _template_bytes() -> bytes:
    """The default template as bytes, so that it is written like every other output (store/files.py)."""
    buffer = io.BytesIO()
    write_template(buffer)
    return buffer.getvalue()


def _template(given: str | None) -> Path:
    if given is None:
        return TEMPLATE
    path = Path(given)
    if not path.is_file() or path.suffix.lower() != ".docx":
        raise ValueError(f"the template {given} is not a .docx file")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m report", description="Draft the annual Project 8 report.")
    commands = parser.add_subparsers(dest="command", required=True)
    draft = commands.add_parser("draft", help="write a report draft (.docx)")
    place = draft.add_mutually_exclusive_group(required=True)
    place.add_argument("--district-code", help="2023 district code, e.g. 109 for Phong Thổ")
    place.add_argument("--province-code", help="province code, e.g. 12 for Lai Châu")
    draft.add_argument("--year", type=int, required=True, help="report year, e.g. 2023")
    draft.add_argument("--vintage", type=int, choices=VINTAGES, default=2023, help="boundary vintage (default 2023)")
    draft.add_argument("--lang", choices=("vi", "en"), default="vi", help="language of the draft (default vi)")
    draft.add_argument("--output", required=True, help="the .docx file to write")
    draft.add_argument("--db", metavar="PATH", help="database file (default: $P8_DB or data/project8.duckdb)")
    draft.add_argument("--template", metavar="DOCX", help="a restyled copy of report/template.docx to write with")
    template = commands.add_parser("template", help="write the default template (styles) of the drafts")
    template.add_argument("--output", required=True)
    args = parser.parse_args(argv)

    output = Path(args.output)
    if output.suffix.lower() != ".docx":
        print(f"{output}: the draft is a Word document; give a name ending in .docx.", file=sys.stderr)
        return EXIT_CHOICES
    try:
        check_output(output)
        if args.command == "template":
            write_output(output, _template_bytes())
            return EXIT_OK
    except Fault as fault:
        return report(fault)
    try:
        scope = Scope(args.year, args.district_code, args.province_code, args.vintage)
        with opened(database_path(args.db)) as connection:
            data = write(gather(connection, scope), args.lang, datetime.date.today(), template=_template(args.template))
    except (ValueError, LookupError) as problem:
        print(f"No draft: {problem}.", file=sys.stderr)
        return EXIT_CHOICES
    except Fault as fault:
        return report(fault)
    except Exception as problem:  # a person gets one line, never a traceback
        print(f"No draft: an unexpected error ({type(problem).__name__}: {problem}).", file=sys.stderr)
        return EXIT_FAILED
    try:
        write_output(output, data)
    except Fault as fault:
        return report(fault)
    print(
        f"{output}: report draft for {scope.level} {args.district_code or args.province_code}, {args.year} ({len(data):,} bytes)."
    )
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())

"""The import page says which sheet of a workbook it read, and lets the editor read another one."""

from __future__ import annotations

import re

from tests.ingest_support import db, teams  # noqa: F401
from tests.test_ingest_hardening import workbook_bytes
from tests.test_ingest_page import page, sign_in, texts, upload  # noqa: F401

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def shown(captions) -> str:
    """The captions as read on screen: names from the file are escaped in their Markdown."""
    return re.sub(r"\\(.)", r"\1", texts(captions))


def test_the_sheet_read_is_shown_and_another_can_be_chosen(page):
    app = sign_in(page(lang="en"))
    data = workbook_bytes(
        {
            "Notes": teams(["Mù Sang", "Bản A", 5, 2, 2023, ""]),
            "Draft": teams(["Dào San", "Bản B", 7, 2, 2023, ""], ["Dào San", "Bản C", 6, 1, 2023, ""]),
            "comm_team": teams(["Dào San", "Bản ẩn", 9, 2, 2023, ""]),
        },
        {"comm_team": "hidden"},
    )
    upload(app, "lists.xlsx", data, XLSX_MIME)
    assert "sheet “Notes” (sheets: Notes, Draft, comm_team)" in shown(app.caption)
    assert "Hidden sheets were not read: “comm_team”" in app.dataframe[0].value["Reason"].tolist()[0]
    assert len(app.dataframe[1].value) == 1  # the preview: the visible sheet's one row
    (choice,) = [box for box in app.selectbox if box.key and box.key.startswith("import_sheet_")]
    assert choice.value is None and choice.options == [
        "Automatic (the visible sheet holding the table)",
        "Notes",
        "Draft",
        "comm_team",
    ]
    choice.select("Draft").run()
    assert not app.exception, app.exception
    assert "sheet “Draft”" in shown(app.caption) and len(app.dataframe[0].value) == 2  # named: no note
    choice = next(box for box in app.selectbox if box.key and box.key.startswith("import_sheet_"))
    choice.select("comm_team").run()  # a hidden sheet, read because it was chosen
    assert "sheet “comm_team”" in shown(app.caption) and len(app.dataframe[0].value) == 1


def test_a_sheet_that_cannot_be_read_leaves_the_choice_open(page):
    app = sign_in(page(lang="en"))
    data = workbook_bytes({"Notes": [["just a note"]], "Teams": teams(["Mù Sang", "Bản A", 5, 2, 2023, ""])})
    upload(app, "lists.xlsx", data, XLSX_MIME)
    assert "sheet “Teams”" in shown(app.caption)
    choice = next(box for box in app.selectbox if box.key and box.key.startswith("import_sheet_"))
    choice.select("Notes").run()
    assert "No header row found" in texts(app.error)
    choice = next(box for box in app.selectbox if box.key and box.key.startswith("import_sheet_"))
    choice.select("Teams").run()
    assert "sheet “Teams”" in shown(app.caption) and not app.error

"""The load benchmark end to end on a tiny setting (2 viewers, an import from each door, an undo, ~20 s), and
its eyes: what a viewer would call an error is counted (a page not found, the busy message of a held file).

Not a timed test: it checks that the figures come out and the writers finished, never how fast.
"""

from __future__ import annotations

import math

import pytest

from bench.load import FIRST_LOAD, _errors_shown, _words, figures, measure, run_to_the_end
from bench.server import streamlit_server
from ingest import pipeline
from tests.browser.conftest import CHROMIUM_ARGS, chromium_path

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(chromium_path() is None, reason="no Chromium (make test installs Debian's package)"),
]


def test_the_load_runs_viewers_and_both_doors_of_import_and_reports_every_figure(database_path):
    load = measure(database_path, seconds=20, viewers=2, cli_imports=1, page_imports=1, undo=True)

    assert [writer.door for writer in load.writers] == ["page", "cli", "cli"]
    assert all(writer.completed for writer in load.writers), [(w.label, w.message) for w in load.writers]
    assert (load.logged_imports, load.logged_undos) == (2, 1)  # the private copy's own import log says so
    for writer in load.writers[1:]:
        assert writer.wait_s is not None and writer.commit_s is not None and writer.commit_s > 0
    assert pipeline.history(database_path).empty  # the database given was copied, never written
    assert {view.viewer for view in load.views} == {0, 1}
    assert any(view.page == FIRST_LOAD for view in load.views) and len(load.pages) >= 2

    rows = {row.what: row for row in figures(load)}
    for what in (
        "viewer errors seen",
        "page view time P50 (rerun_script → script_finished)",
        "page view time P95",
        "first page of a new session, median",
        "writers completed (imports and undo)",
        "longest writer wait (readers must not starve the writer)",
        "server memory peak",
    ):
        assert what in rows, sorted(rows)
    assert rows["writers completed (imports and undo)"].passed
    writer_rows = [row for what, row in rows.items() if what.startswith(("import ", "undo "))]
    assert len(writer_rows) == 3 and all(math.isfinite(row.measured) for row in writer_rows)
    assert rows["server memory peak"].measured > 50


async def _look(url: str, path: str) -> list[str]:
    from playwright.async_api import async_playwright

    from bench.load import Session

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        try:
            session = await Session.open(browser)
            mark = session.clock.mark()
            await session.page.goto(f"{url}{path}")
            await session.settle(mark)
            return await _errors_shown(session, mark, _words())
        finally:
            await browser.close()


def test_a_viewer_counts_a_page_not_found_and_the_busy_message_of_a_held_file(locked_database, tmp_path):
    with streamlit_server(locked_database, tmp_path / "streamlit.log") as server:
        held = run_to_the_end(_look(server.url, "/?lang=vi"))
        missing = run_to_the_end(_look(server.url, "/no_such_page?lang=vi"))
    assert any(error.startswith("alert: Dữ liệu đang được cập nhật") for error in held), held
    assert any("not found" in error.lower() for error in missing), missing

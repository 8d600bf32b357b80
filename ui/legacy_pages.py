"""Streamlit's legacy `pages/` mode, and the two places where this app has to turn it off itself.

Streamlit (1.67) starts in its legacy multipage mode when the main script has a `pages/` folder beside
it, and only `st.navigation` (run by app.py) turns the mode off. The folder is part of the project's
layout, so the mode has to be undone by hand in two situations:

- a server whose very first request is a deep link (e.g. /map) runs pages/map.py alone, with no
  sidebar and no scope: `route_through_app` turns the mode off as st.navigation would and reruns,
  so app.py routes the same URL;
- AppTest re-derives the mode before every run (it resets the flag and builds a new PagesManager),
  so every run after the first would take the legacy path and render nothing: `keep_navigation_mode`
  makes the derived flag False, as a real server's st.navigation does.

`starts_in_legacy_mode` asks the installed Streamlit whether it still does this; tests/test_legacy_pages.py
fails when an upgrade makes this module unnecessary, so it can then be deleted with its two callers.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

_STREAMLIT_INIT = PagesManager.__init__  # as Streamlit ships it, before keep_navigation_mode patches it


def starts_in_legacy_mode() -> bool:
    """True if the installed Streamlit derives legacy mode from a `pages/` folder beside the main script."""
    saved = PagesManager.uses_pages_directory
    try:
        with tempfile.TemporaryDirectory() as folder:
            main_script = Path(folder) / "app.py"
            main_script.write_text("", encoding="utf-8")
            (Path(folder) / "pages").mkdir()
            PagesManager.uses_pages_directory = None
            _STREAMLIT_INIT(PagesManager.__new__(PagesManager), str(main_script))
            return bool(PagesManager.uses_pages_directory)
    finally:
        PagesManager.uses_pages_directory = saved


def route_through_app() -> None:
    """Run app.py for a page that a fresh server started without it (see the module's docstring)."""
    PagesManager.uses_pages_directory = False
    st.rerun()


def keep_navigation_mode(monkeypatch) -> None:
    """For AppTest: every PagesManager it builds leaves legacy mode off (pass pytest's monkeypatch)."""
    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)

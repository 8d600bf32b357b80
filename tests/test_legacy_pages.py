"""The legacy pages/ workaround (ui/legacy_pages.py) is needed exactly as long as Streamlit behaves this way."""

from __future__ import annotations

from streamlit.runtime.pages_manager import PagesManager

from ui import legacy_pages


def test_streamlit_still_starts_in_legacy_mode_beside_a_pages_folder():
    assert legacy_pages.starts_in_legacy_mode(), (
        "This Streamlit no longer starts in legacy mode when a pages/ folder exists: delete ui/legacy_pages.py "
        "and its callers (ui/state.py, tests/conftest.py)."
    )


def test_the_flag_the_workaround_sets_is_what_streamlit_reads():
    assert "uses_pages_directory" in vars(PagesManager), (
        "PagesManager.uses_pages_directory is gone: revisit the workaround"
    )


def test_keep_navigation_mode_turns_the_derived_flag_off(monkeypatch, tmp_path):
    legacy_pages.keep_navigation_mode(monkeypatch)
    (tmp_path / "pages").mkdir()
    (tmp_path / "app.py").write_text("", encoding="utf-8")
    monkeypatch.setattr(PagesManager, "uses_pages_directory", None)
    PagesManager(str(tmp_path / "app.py"))
    assert PagesManager.uses_pages_directory is False


def test_the_check_leaves_the_flag_as_it_found_it(monkeypatch):
    monkeypatch.setattr(PagesManager, "uses_pages_directory", False)
    legacy_pages.starts_in_legacy_mode()
    assert PagesManager.uses_pages_directory is False

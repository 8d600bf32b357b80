"""Names from files, people and the database are shown as text wherever Streamlit renders Markdown or HTML."""

from __future__ import annotations

import re

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from i18n.markup import html_text, markdown_text
from ingest.accounts import hash_password
from tests.conftest import ROOT
from tests.ingest_support import csv_bytes, db, run_cli, teams  # noqa: F401

CRAFTED = [
    "![x](http://evil.example/x.png)",
    "<img src=http://evil.example/x.png>",
    "[link](javascript:alert(1))",
    "**bold**",
    "see http://evil.example/a and www.evil.example",
    ":red[colour] $x^2$ `code` ~~gone~~",
    "- list\n# heading\n1. item",
]
FILE_NAME = "![x](http://evil.example/x.png)<img src=x>.csv"
EDITOR_NAME = "**Lan** <img src=http://evil.example/y.png> [site](http://evil.example)"
USERNAME = "[me](javascript:alert(1))"
PASSWORD = "mat-khau-cua-lan"


def markup_left(body: str) -> list[str]:
    """The Markdown that a renderer would still act on once every backslash-escaped character is taken out."""
    bare = re.sub(r"\\.", "", body)
    patterns = (
        r"!\[",
        r"\]\(",
        r"<\w",
        r"\*\*",
        r"`",
        r"\$",
        r":\w+\[",
        r"~~",
        r"^\s*([-+#]|\d+\.)\s",
        r"(?i)https?://|\bwww\.",  # GitHub's Markdown links a bare web address
    )
    return [pattern for pattern in patterns if re.search(pattern, bare, flags=re.MULTILINE)]


def _read(markdown: str) -> str:
    """What a reader sees: the escaped characters themselves, without the invisible breaks."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("\u200b", "")


@pytest.mark.parametrize("crafted", CRAFTED)
def test_crafted_text_keeps_no_markdown_and_reads_the_same(crafted):
    safe = markdown_text(crafted)
    assert markup_left(crafted) and not markup_left(safe)
    assert "\n" not in safe
    assert _read(safe) == " ".join(crafted.split("\n"))  # nothing lost but the line breaks


def test_ordinary_names_are_left_as_they_are():
    for name in ("Xã Mù Sang (03568)", "Nguyễn Thị Lan", "to_truyen_thong", "2023-10-15", "Bản Hồ Sì Pan 2"):
        assert _read(markdown_text(name)) == name
    assert markdown_text("Xã Mù Sang (03568)") == "Xã Mù Sang (03568)"
    assert markdown_text(None) == ""


def test_html_text_escapes_tags_and_quotes():
    assert html_text("<img src=\"x\" onerror='y'>&") == "&lt;img src=&quot;x&quot; onerror=&#x27;y&#x27;&gt;&amp;"


@pytest.fixture
def import_page(db, monkeypatch):
    monkeypatch.setenv("P8_DB", str(db))
    st.cache_resource.clear()
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    app.secrets["editors"] = {USERNAME: {"name": EDITOR_NAME, "password_hash": hash_password(PASSWORD)}}
    app.query_params["lang"] = "en"
    app.run()
    app.switch_page("pages/import_data.py").run()
    assert not app.exception, app.exception
    return app


def _bodies(app: AppTest) -> list[str]:
    return [str(e.value) for kind in ("caption", "success", "info", "warning", "error") for e in app.get(kind)]


def test_crafted_file_and_editor_names_are_shown_as_text_on_the_import_page(import_page, db):
    app = import_page
    app.text_input(key="auth_username").input(USERNAME)
    app.text_input(key="auth_password").input(PASSWORD)
    next(b for b in app.button if b.key and b.key.startswith("FormSubmitter:sign_in")).click().run()
    assert not app.exception, app.exception
    signed_in = next(body for body in _bodies(app) if "Signed in as" in body)
    assert markdown_text(EDITOR_NAME) in signed_in and not markup_left(signed_in)

    data = csv_bytes(teams(["Mù Sang", "Bản Hồ Sì Pan", 8, 3, 2023, ""]))
    app.get("file_uploader")[0].set_value((FILE_NAME, data, "text/csv")).run()
    assert not app.exception, app.exception
    detected = next(body for body in _bodies(app) if "header is row" in body)
    assert markdown_text(FILE_NAME) in detected and not markup_left(detected)

    app.button(key="import_confirm").click().run()
    assert not app.exception, app.exception
    done = next(body for body in _bodies(app) if body.startswith("Imported"))
    assert markdown_text(FILE_NAME) in done and not markup_left(done)
    last = next(body for body in _bodies(app) if "latest import not undone" in body)
    assert markdown_text(FILE_NAME) in last and markdown_text(USERNAME.casefold()) in last
    assert not markup_left(last)
    assert not any(markup_left(body) for body in _bodies(app) if "evil" in body or "javascript" in body)


def test_a_report_figure_imported_with_crafted_words_is_shown_as_text_on_the_reconciliation_page(db, monkeypatch):
    header = "district_code,year,code,reported,printed,section,explanation"
    crafted = "109,2023,training_classes,10,![x](http://evil.example/x.png),<img src=x>,[a](javascript:alert(1))"
    path = db.parent / "figures.csv"
    path.write_text(f"{header}\n{crafted}\n", encoding="utf-8")
    imported = run_cli(path, "--table", "report_figure", db=db)
    assert imported.returncode == 0, imported.stdout.decode() + imported.stderr.decode()
    monkeypatch.setenv("P8_DB", str(db))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    app.query_params["lang"] = "en"
    app.run()
    app.switch_page("pages/reconciliation.py").run()
    assert not app.exception, app.exception
    finding = next(body for body in _bodies(app) if "evil.example" in body)
    assert markdown_text("![x](http://evil.example/x.png)") in finding and markdown_text("<img src=x>") in finding
    assert markdown_text("[a](javascript:alert(1))") in finding
    assert not markup_left(finding.replace("**", "", 2))  # the page's own bold headline aside

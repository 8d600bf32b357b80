"""The About and help page: every section in both languages, and the contact the office sets in secrets."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from i18n import translator
from tests.conftest import ROOT

SECTIONS = ("figures", "illustrative", "pages", "import", "contact", "sources")


def open_help(lang: str, contact: dict | None = None) -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    app.query_params["lang"] = lang
    if contact is not None:
        app.secrets["contact"] = contact
    app.run()
    app.switch_page("pages/help.py").run()
    assert not app.exception, app.exception
    return app


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_section_is_there_and_the_unset_contact_says_how_to_set_it(database_env, lang):
    t = translator(lang)
    app = open_help(lang)
    assert [s.value for s in app.main.subheader] == [t(f"help.{name}_heading") for name in SECTIONS]
    assert [info.value for info in app.info] == [t("help.contact_unset")] and ".toml" not in t("help.contact_unset")
    text = " ".join(m.value for m in app.markdown)
    assert "censusVN2009" in text and ("MINH HỌA" if lang == "vi" else "ILLUSTRATIVE") in text


def test_the_contact_set_by_the_office_is_shown(database_env):
    app = open_help("en", {"name": "Hội LHPN huyện Phong Thổ", "email": "hoilhpn@example.vn", "phone": ""})
    text = " ".join(m.value for m in app.markdown)
    assert "**Office:** Hội LHPN huyện Phong Thổ" in text and "**Email:** hoilhpn@example.vn" in text
    assert "Phone" not in text and not app.info  # an empty field is left out

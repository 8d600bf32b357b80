"""Every page in English shows no Vietnamese interface text (data such as commune names stays as it is)."""

import pytest
from streamlit.testing.v1 import AppTest

from tests.test_app import APP, routed_pages
from tests.test_i18n import entries

# Vietnamese interface strings worth looking for: long enough not to occur inside data by chance.
VIETNAMESE_UI = sorted(
    {
        vi
        for key, forms in entries("vi").items()
        for vi in forms
        if vi not in entries("en")[key] and len(vi) >= 12 and "{" not in vi
    },
    key=len,
    reverse=True,
)


def shown_text(app: AppTest) -> str:
    """Titles, text, captions, alerts, metric and widget labels, and table headers of the current run."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success"):
        parts += [str(e.value) for e in getattr(app, kind)]
    parts += [m.label for m in app.metric]
    for kind in (
        "selectbox",
        "radio",
        "slider",
        "multiselect",
        "toggle",
        "checkbox",
        "button",
        "text_input",
        "date_input",
    ):
        parts += [str(getattr(e, "label", "")) for e in getattr(app, kind)]
        parts += [e.label for e in app.sidebar.__getattribute__(kind)] if hasattr(app.sidebar, kind) else []
    for frame in app.dataframe:
        parts += [str(c) for c in frame.value.columns]
    return "\n".join(parts)


@pytest.mark.parametrize("page", routed_pages())
def test_english_pages_show_no_vietnamese_interface_text(database_env, page):
    app = AppTest.from_file(APP, default_timeout=90)
    app.query_params["lang"] = "en"
    if page == "pages/meeting.py":
        app.query_params["meeting"] = "1"
        app.run()
    else:
        app.run()
        app.switch_page(page).run()
    assert not app.exception and not app.error
    shown = shown_text(app)
    assert len(shown) > 100
    leaked = [vi for vi in VIETNAMESE_UI if vi in shown]
    assert leaked == [], leaked

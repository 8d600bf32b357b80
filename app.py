"""Entry point: navigation, the shared scope (language, province, district, year), and the error guard.

Run with `make run` (or `streamlit run app.py`). Pages live in pages/ and hold layout only.
"""

from __future__ import annotations

import logging
import uuid

import streamlit as st

from geo.assets import install_static_assets
from i18n import translator
from i18n.markup import markdown_text
from store.database import DatabaseBusy, DatabaseError
from ui import state
from ui.document import describe_document
from ui.sidebar import scope_sidebar
from views.meeting import meeting_style
from views.print_page import print_style

st.set_page_config(page_title="Dự án 8 / Project 8", page_icon="🗺️", layout="wide")
install_static_assets()
log = logging.getLogger("project8")

lang = state.language_from_url()
if state.language_changed(lang):  # the sidebar's language was just switched: draw the whole page anew in it
    st.rerun()
t = translator(lang)
pages = [
    st.Page("pages/overview.py", title=t("nav.overview"), icon=":material/home:", url_path="home", default=True),
    st.Page("pages/map.py", title=t("nav.map"), icon=":material/map:", url_path="map"),
    st.Page("pages/underserved.py", title=t("underserved.nav"), icon=":material/crisis_alert:", url_path="underserved"),
    st.Page("pages/targets.py", title=t("targets.nav"), icon=":material/flag:", url_path="targets"),
    st.Page("pages/budget.py", title=t("budget.nav"), icon=":material/payments:", url_path="budget"),
    st.Page(
        "pages/reconciliation.py",
        title=t("reconciliation.nav"),
        icon=":material/fact_check:",
        url_path="reconciliation",
    ),
    st.Page("pages/documents.py", title=t("documents.nav"), icon=":material/description:", url_path="documents"),
    st.Page("pages/report.py", title=t("report.nav"), icon=":material/article:", url_path="report"),
    st.Page("pages/tables.py", title=t("tables.nav"), icon=":material/table:", url_path="tables"),
    st.Page("pages/import_data.py", title=t("import.nav"), icon=":material/upload_file:", url_path="import_data"),
    st.Page("pages/help.py", title=t("help.nav"), icon=":material/help:", url_path="help"),
]
# The meeting view is a page of its own (/meeting), kept out of the menu: one projector screen, no sidebar.
meeting_page = st.Page(
    "pages/meeting.py", title=t("nav.meeting"), icon=":material/co_present:", url_path="meeting", visibility="hidden"
)
pages.append(meeting_page)
# The default page lives at the root; /overview (a bookmark, a link in a report) must open it too.
pages.append(st.Page("pages/overview.py", title=t("nav.overview"), url_path="overview", visibility="hidden"))
meeting = state.meeting_from_url()
current_page = st.navigation(pages, position="hidden" if meeting else "sidebar")
leaving = state.leaving_meeting()
if current_page is meeting_page and not meeting:
    if leaving:  # Exit was pressed: back to the overview
        st.switch_page(pages[0], query_params=st.query_params.to_dict())
    state.set_meeting(True)  # /meeting opened by its address: drawn again as the meeting view, without menu
    st.rerun()
elif meeting and current_page is not meeting_page:
    st.switch_page(meeting_page, query_params=st.query_params.to_dict())
if meeting:
    st.markdown(meeting_style(), unsafe_allow_html=True)


try:
    scope = scope_sidebar(lang, meeting)
    state.remember(scope)
    with st.sidebar:
        describe_document(scope.lang, translator(scope.lang)("map.frame_title"), translator(scope.lang))
        st.markdown(print_style(), unsafe_allow_html=True)
    current_page.run()
except DatabaseBusy:
    st.warning(t("error.busy"), icon=":material/hourglass_top:")
except DatabaseError as error:  # its message names no server path or process (store/faults.py)
    log.warning("database error: %s", error.command_line())
    st.error(t("error.database", detail=markdown_text(error.message(lang))))
except Exception:  # a user never sees a traceback; the log keeps it
    reference = uuid.uuid4().hex[:8]
    log.exception("page failed (ref %s)", reference)
    st.error(t("error.unexpected", ref=reference))

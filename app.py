"""Entry point: navigation, the shared scope (language, province, district, year), and the error guard.

Run with `make run` (or `streamlit run app.py`). Pages live in pages/ and hold layout only.
"""

from __future__ import annotations

import logging
import uuid

import streamlit as st

from geo.assets import install_static_assets
from store.database import DatabaseBusy, DatabaseError
from ui import data, state
from i18n import LANGUAGES, text
from views.meeting import meeting_style

st.set_page_config(page_title="Dự án 8 / Project 8", page_icon="🗺️", layout="wide")
install_static_assets()
log = logging.getLogger("project8")

lang = state.language_from_url()
pages = [
    st.Page("pages/overview.py", title=text("nav.overview", lang), icon=":material/home:", url_path="overview", default=True),
    st.Page("pages/map.py", title=text("nav.map", lang), icon=":material/map:", url_path="map"),
    st.Page("pages/underserved.py", title=text("underserved.nav", lang), icon=":material/crisis_alert:", url_path="underserved"),
    st.Page("pages/targets.py", title=text("targets.nav", lang), icon=":material/flag:", url_path="targets"),
    st.Page("pages/budget.py", title=text("budget.nav", lang), icon=":material/payments:", url_path="budget"),
    st.Page("pages/reconciliation.py", title=text("reconciliation.nav", lang), icon=":material/fact_check:", url_path="reconciliation"),
    st.Page("pages/documents.py", title=text("documents.nav", lang), icon=":material/description:", url_path="documents"),
    st.Page("pages/tables.py", title=text("tables.nav", lang), icon=":material/table:", url_path="tables"),
    st.Page("pages/import_data.py", title=text("import.nav", lang), icon=":material/upload_file:", url_path="import_data"),
]
meeting = state.meeting_from_url()
if meeting:  # one screen for a projector: the meeting view only, no menu, no sidebar
    pages = [st.Page("pages/meeting.py", title=text("nav.meeting", lang), icon=":material/co_present:",
                     url_path="meeting", default=True)]
    st.markdown(meeting_style(), unsafe_allow_html=True)
current_page = st.navigation(pages, position="hidden" if meeting else "sidebar")


def _position(options: list, wanted, fallback) -> int:
    """Index of the URL's choice, else of the default, else the first option."""
    for choice in (wanted, fallback):
        if choice in options:
            return options.index(choice)
    return 0


def _unit_picker(label: str, units, level: str, default: str) -> str:
    """A select box of `{level}_code` shown by `{level}_name`, starting from the URL's choice."""
    codes = units[f"{level}_code"].tolist()
    return st.selectbox(
        label, codes,
        index=_position(codes, state.url_value(level, default), default),
        format_func=dict(zip(units[f"{level}_code"], units[f"{level}_name"])).get, key=level,
    )


def _sidebar(lang: str) -> state.Scope:
    with st.sidebar:
        lang = st.radio(
            text("filter.language", lang), LANGUAGES, index=LANGUAGES.index(lang),
            format_func={"vi": "Tiếng Việt", "en": "English"}.get, horizontal=True, key="lang",
        )
        st.subheader(text("filter.heading", lang))
        provinces = data.query("provinces", vintage=2023)
        province_code = _unit_picker(text("filter.province", lang), provinces, "province", state.DEFAULT_PROVINCE)
        districts = data.query("districts", province_code=province_code)
        district_code = _unit_picker(text("filter.district", lang), districts, "district", state.DEFAULT_DISTRICT)
        report_years = districts.set_index("district_code").at[district_code, "report_years"]
        years = [int(y) for y in report_years] if isinstance(report_years, (list, tuple)) or hasattr(report_years, "tolist") else []
        wanted_year = state.url_value("year", "")
        year = st.selectbox(
            text("filter.year", lang), years or [None],
            index=_position(years, int(wanted_year) if wanted_year.isdigit() else None, years[-1] if years else None),
            format_func=lambda y: text("filter.no_years", lang) if y is None else str(y), key="year",
        )
        st.divider()
        st.toggle(text("filter.meeting", lang), value=meeting, key="meeting_toggle", help=text("filter.meeting.help", lang),
                  on_change=lambda: state.set_meeting(st.session_state["meeting_toggle"]))
    return state.Scope(
        lang=lang,
        province_code=province_code,
        province_name=provinces.set_index("province_code").at[province_code, "province_name"],
        district_code=district_code,
        district_name=districts.set_index("district_code").at[district_code, "district_name"],
        year=year,
        meeting=meeting,
    )


try:
    state.remember(_sidebar(lang))
    current_page.run()
except DatabaseBusy:
    st.warning(text("error.busy", lang), icon=":material/hourglass_top:")
except DatabaseError as error:
    st.error(text("error.database", lang, detail=str(error)))
except Exception:  # a user never sees a traceback; the log keeps it
    reference = uuid.uuid4().hex[:8]
    log.exception("page failed (ref %s)", reference)
    st.error(text("error.unexpected", lang, ref=reference))

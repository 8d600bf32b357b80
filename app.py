"""Entry point: navigation, the shared scope (language, province, district, year), and the error guard.

Run with `make run` (or `streamlit run app.py`). Pages live in pages/ and hold layout only.
"""

from __future__ import annotations

import logging
import uuid

import streamlit as st

from geo.assets import install_static_assets
from i18n import LANGUAGES, translator
from store.database import DatabaseBusy, DatabaseError
from ui import data, state
from views.meeting import meeting_style

st.set_page_config(page_title="Dự án 8 / Project 8", page_icon="🗺️", layout="wide")
install_static_assets()
log = logging.getLogger("project8")

lang = state.language_from_url()
t = translator(lang)
pages = [
    st.Page("pages/overview.py", title=t("nav.overview"), icon=":material/home:", url_path="overview", default=True),
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
    st.Page("pages/tables.py", title=t("tables.nav"), icon=":material/table:", url_path="tables"),
    st.Page("pages/import_data.py", title=t("import.nav"), icon=":material/upload_file:", url_path="import_data"),
]
meeting = state.meeting_from_url()
if meeting:  # one screen for a projector: the meeting view only, no menu, no sidebar
    pages = [
        st.Page(
            "pages/meeting.py", title=t("nav.meeting"), icon=":material/co_present:", url_path="meeting", default=True
        )
    ]
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
        label,
        codes,
        index=_position(codes, state.url_value(level, default), default),
        format_func=dict(zip(units[f"{level}_code"], units[f"{level}_name"])).get,
        key=level,
    )


def _sidebar(lang: str) -> state.Scope:
    with st.sidebar:
        lang = st.radio(
            translator(lang)("filter.language"),
            LANGUAGES,
            index=LANGUAGES.index(lang),
            format_func={"vi": "Tiếng Việt", "en": "English"}.get,
            horizontal=True,
            key="lang",
        )
        t = translator(lang)
        st.subheader(t("filter.heading"))
        provinces = data.query("provinces", vintage=2023)
        province_code = _unit_picker(t("filter.province"), provinces, "province", state.DEFAULT_PROVINCE)
        districts = data.query("districts", province_code=province_code)
        district_code = _unit_picker(t("filter.district"), districts, "district", state.DEFAULT_DISTRICT)
        report_years = districts.set_index("district_code").at[district_code, "report_years"]
        years = (
            [int(y) for y in report_years]
            if isinstance(report_years, (list, tuple)) or hasattr(report_years, "tolist")
            else []
        )
        wanted_year = state.url_value("year", "")
        year = st.selectbox(
            t("filter.year"),
            years or [None],
            index=_position(years, int(wanted_year) if wanted_year.isdigit() else None, years[-1] if years else None),
            format_func=lambda y: t("filter.no_years") if y is None else str(y),
            key="year",
        )
        st.divider()
        st.toggle(
            t("filter.meeting"),
            value=meeting,
            key="meeting_toggle",
            help=t("filter.meeting.help"),
            on_change=lambda: state.set_meeting(st.session_state["meeting_toggle"]),
        )
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
    st.warning(t("error.busy"), icon=":material/hourglass_top:")
except DatabaseError as error:
    st.error(t("error.database", detail=str(error)))
except Exception:  # a user never sees a traceback; the log keeps it
    reference = uuid.uuid4().hex[:8]
    log.exception("page failed (ref %s)", reference)
    st.error(t("error.unexpected", ref=reference))

"""Annual report: the district's (or province's) Project 8 report drafted from the data as a Word file.
Layout only: the draft is made by report/ (also `python -m report draft`)."""

import datetime

import streamlit as st

from i18n import LANGUAGE_NAMES, LANGUAGES, translator
from i18n.formatting import number
from i18n.markup import markdown_text
from ui import data, state

scope = state.current()
lang = scope.lang
t = translator(lang)

st.title(t("report.title", place=markdown_text(scope.place), year=scope.year or "–"))
st.caption(t("report.page.intro"))
if scope.level == "country":
    st.info(t("report.page.country"))
    st.stop()
if scope.year is None:
    st.info(t("report.page.no_year"))
    st.stop()
draft_lang = st.radio(
    t("report.page.language"),
    LANGUAGES,
    index=LANGUAGES.index(lang),
    format_func=LANGUAGE_NAMES.get,
    horizontal=True,
    key="report_lang",
)
district_code = scope.district_code if scope.level == "district" else None
province_code = None if district_code else scope.province_code
if st.button(t("report.page.make"), type="primary", key="report_make"):
    st.session_state["report_wanted"] = (draft_lang, scope.year, district_code, province_code, scope.vintage)
if st.session_state.get("report_wanted") == (draft_lang, scope.year, district_code, province_code, scope.vintage):
    with st.spinner(t("report.page.make")):
        try:
            draft = data.report_draft(
                draft_lang, scope.year, district_code, province_code, scope.vintage, datetime.date.today()
            )
        except LookupError as problem:
            st.error(t("report.page.error", reason=markdown_text(problem)))
            st.stop()
    st.success(t("report.page.ready", size=f"{number(len(draft) / 1024, lang, 0)} KB"))
    place_code = district_code or province_code
    st.download_button(
        t("report.page.download"),
        data=draft,
        file_name=f"bao-cao-du-an-8_{place_code}_{scope.year}_v{scope.vintage}_{draft_lang}.docx",
        mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        icon=":material/download:",
        key="report_download",
    )

"""Document register: the decisions, plans and letters the report cites, as a sortable table and a timeline.
Layout only."""

import pandas as pd
import streamlit as st

from i18n import translator
from i18n.formatting import number
from i18n.markup import markdown_text
from ui import data, state
from views import charts
from views.report_views import documents_table

scope = state.current()
lang = scope.lang
t = translator(lang)

st.title(t("documents.title", district=markdown_text(scope.place), year=scope.year or "–"))
state.stop_unless_district(scope, t)
st.caption(t("documents.intro"))
only_district = st.toggle(t("documents.only_section"), value=True, key="documents_only_section")
documents = (
    data.query(
        "document_register",
        district_code=scope.district_code,
        year=scope.year,
        section="I.1" if only_district else None,
    )
    if scope.year
    else None
)
if documents is None or documents.empty:
    st.info(t("documents.no_data", district=markdown_text(scope.place), year=scope.year or "–"))
    st.stop()

issued = pd.to_datetime(documents["issued_on"]).dropna()
st.caption(
    t.plural(
        "documents.count",
        len(documents),
        count=number(len(documents), lang, 0),
        first=f"{issued.min():%d/%m/%Y}" if not issued.empty else "–",
        last=f"{issued.max():%d/%m/%Y}" if not issued.empty else "–",
    )
)
st.plotly_chart(
    charts.document_timeline(documents, lang),
    config=charts.plotly_config("document_timeline"),
    theme=None,
    key="documents_timeline",
)
st.caption(t("documents.timeline_caption"))
st.dataframe(
    documents_table(documents, lang),
    hide_index=True,
    width="stretch",
    key="documents_table",
    height=35 * (len(documents) + 1) + 3,
    column_config={
        t("column.issued_on"): st.column_config.DateColumn(format="DD/MM/YYYY"),
        t("column.title"): st.column_config.TextColumn(width="large"),
    },
)

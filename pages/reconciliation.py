"""Reconciliation: can we trust these numbers? Every figure and percentage of the report beside the same
figure recomputed from the data, with each inconsistency of the report flagged and explained. Layout only."""

import streamlit as st

from i18n import translator
from i18n.markup import markdown_text
from ui import data, state
from views import charts
from views.report_views import findings, percentage_table, reconciliation_table

scope = state.current()
lang = scope.lang
t = translator(lang)

st.title(t("reconciliation.title", district=markdown_text(scope.place), year=scope.year or "–"))
state.stop_unless_district(scope, t)
figures = data.query("report_figures", district_code=scope.district_code, year=scope.year) if scope.year else None
if figures is None or figures.empty:
    st.info(t("reconciliation.no_data", district=markdown_text(scope.place), year=scope.year or "–"))
    st.stop()
percentages = data.query("report_percentages", district_code=scope.district_code, year=scope.year)
found = findings(figures, percentages, lang)
st.caption(t("reconciliation.intro"))

cards = st.columns(3)
cards[0].metric(t("reconciliation.card.figures"), f"{int(figures['matches'].sum())}/{len(figures)}", border=True)
cards[1].metric(
    t("reconciliation.card.percentages"), f"{int(percentages['matches'].sum())}/{len(percentages)}", border=True
)
report_findings = [f for f in found if f.kind != "lists"]
list_findings = [f for f in found if f.kind == "lists"]
cards[2].metric(
    t("reconciliation.card.findings"), str(len([f for f in report_findings if f.kind != "lower_bound"])), border=True
)

st.subheader(t("reconciliation.findings_heading"))
if not report_findings:
    st.success(t("reconciliation.no_findings"))
for finding in report_findings:
    show = st.info if finding.kind == "lower_bound" else st.warning
    show(f"**{finding.headline}**  \n{finding.detail}", icon="ℹ️" if finding.kind == "lower_bound" else "⚠️")
if list_findings:
    st.subheader(t("reconciliation.lists_heading"))
    st.caption(t("reconciliation.lists_intro"))
    for finding in list_findings:
        st.warning(f"**{finding.headline}**  \n{finding.detail}", icon="⚠️")

st.subheader(t("reconciliation.figures_heading"))
st.dataframe(
    reconciliation_table(figures, lang),
    hide_index=True,
    width="stretch",
    height=35 * (len(figures) + 1) + 3,
    key="reconciliation_figures",
)
st.caption(t("reconciliation.figures_caption"))

if not percentages.empty:
    st.subheader(t("reconciliation.percentages_heading"))
    st.dataframe(
        percentage_table(percentages, lang), hide_index=True, width="stretch", key="reconciliation_percentages"
    )
    st.caption(t("reconciliation.percentages_caption"))
    st.plotly_chart(
        charts.percentage_check(percentages, lang),
        config=charts.plotly_config("percentage_check"),
        theme=None,
        key="reconciliation_percentage_check",
    )

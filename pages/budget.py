"""Budget: how much money has been assigned, advanced, disbursed and is expected, line by line, with the rates
computed from the amounts (never typed in) and next year's plan. Layout only."""

import streamlit as st

from i18n import translator
from i18n.markup import markdown_text
from ui import data, state
from ui.cards import show_card
from views import charts
from views.budget_years import budget_by_year, budget_years_chart, by_year_table, carryover_chain, chain_table
from views.report_views import budget_cards, budget_table

scope = state.current()
lang = scope.lang
t = translator(lang)

st.title(t("budget.title", district=markdown_text(scope.place), year=scope.year or "–"))
state.stop_unless_district(scope, t)
lines = data.query("budget_lines", district_code=scope.district_code, year=scope.year) if scope.year else None
if lines is None or lines.empty:
    st.info(t("budget.no_data", district=markdown_text(scope.place), year=scope.year or "–"))
    st.stop()
st.caption(t("budget.intro"))
if lines["illustrative"].any():
    st.warning(t("budget.illustrative_banner"), icon="⚠️")

cards = budget_cards(lines, lang)
for row_start in range(0, len(cards), 3):
    for column, card in zip(st.columns(3), cards[row_start : row_start + 3]):
        show_card(column, card)

st.plotly_chart(
    charts.budget_amounts(lines, lang), config=charts.plotly_config("budget_amounts"), theme=None, key="budget_amounts"
)
st.plotly_chart(
    charts.budget_rates(lines, lang), config=charts.plotly_config("budget_rates"), theme=None, key="budget_rates"
)

st.subheader(t("budget.table_heading"))
st.dataframe(budget_table(lines, lang), hide_index=True, width="stretch", key="budget_table")
st.caption(t("budget.table_caption"))

st.subheader(t("budget_years.heading"))
st.caption(t("budget_years.intro"))
every_year = data.query("budget", district_code=scope.district_code)
by_year = budget_by_year(every_year)
st.plotly_chart(
    budget_years_chart(by_year, lang), config=charts.plotly_config("budget_by_year"), theme=None, key="budget_by_year"
)
st.dataframe(by_year_table(by_year, lang), hide_index=True, width="stretch", key="budget_by_year_table")
st.markdown(f"**{t('budget_years.chain_heading')}**")
st.dataframe(chain_table(carryover_chain(every_year), lang), hide_index=True, width="stretch", key="budget_chain")
st.caption(t("budget_years.chain_caption"))

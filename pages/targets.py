"""Targets: how far the district is from each target — progress against target, status by year, the targets
of each content area, and where the actual lies commune by commune. Layout only."""

import streamlit as st

from i18n import translator
from i18n.formatting import number
from i18n.markup import markdown_text
from ui import data, state
from ui.cards import show_card
from views import charts
from views.report_views import ACHIEVED, target_cards, targets_table
from views.trajectory import pace_table, paces, trajectory_chart

scope = state.current()
lang = scope.lang
t = translator(lang)

st.title(t("targets.title", district=markdown_text(scope.place), year=scope.year or "–"))
state.stop_unless_district(scope, t)
targets = data.query("targets", district_code=scope.district_code, year=scope.year) if scope.year else None
if targets is None or targets.empty:
    st.info(t("targets.no_data", district=markdown_text(scope.place), year=scope.year or "–"))
    st.stop()

st.caption(t("targets.intro", start=targets["period_start"].min(), end=targets["period_end"].max()))
figures = data.query("report_figures", district_code=scope.district_code, year=scope.year)
cards = target_cards(targets, figures, lang)
for column, card in zip(st.columns(len(cards)), cards):
    show_card(column, card)

st.plotly_chart(
    charts.target_progress(targets, lang),
    config=charts.plotly_config("targets_progress"),
    theme=None,
    key="targets_progress",
)
st.caption(t("targets.progress_caption", shown=len(charts.measurable_targets(targets)), total=len(targets)))

progress = data.query("target_progress", district_code=scope.district_code)
st.plotly_chart(
    charts.target_status_grid(progress, lang),
    config=charts.plotly_config("targets_by_year"),
    theme=None,
    key="targets_by_year",
)
st.caption(t("targets.by_year_caption"))

items = paces(progress)
st.subheader(t("pace.heading", end=targets["period_end"].max()))
st.caption(t("pace.intro"))
if not items:
    st.info(t("pace.none"))
else:
    st.dataframe(pace_table(items, lang), hide_index=True, width="stretch", key="targets_pace")
    by_code = {item.code: item for item in items}
    chosen_pace = st.selectbox(
        t("pace.pick"), list(by_code), format_func=lambda code: by_code[code].name(lang), key="targets_pace_pick"
    )
    st.plotly_chart(
        trajectory_chart(progress, by_code[chosen_pace], lang),
        config=charts.plotly_config(f"targets_{chosen_pace}_trajectory"),
        theme=None,
        key="targets_trajectory",
    )

st.subheader(t("targets.by_area_heading"))
for area, rows in targets.groupby("content_area", sort=True):
    achieved = int(rows["status"].isin(ACHIEVED).sum())
    summary = t.plural("targets.area_summary", len(rows), achieved=achieved, total=len(rows))
    st.markdown(f"**{t(f'targets.content_area.{area}')}** · {summary}")
    st.dataframe(targets_table(rows, lang), hide_index=True, width="stretch", key=f"targets_area_{area}")

st.subheader(t("targets.commune_heading"))
communes = data.query("target_communes", district_code=scope.district_code, year=scope.year)
if communes.empty:
    st.info(t("targets.no_commune_breakdown"))
    st.stop()
names = dict(zip(communes["code"], communes["name_vi" if lang == "vi" else "name_en"]))
code = st.selectbox(t("targets.commune_pick"), list(names), format_func=names.get, key="targets_commune_target")
chosen = communes[communes["code"] == code]
if chosen["illustrative"].any():
    st.warning(t("targets.commune_illustrative"), icon="⚠️")
st.plotly_chart(
    charts.target_by_commune(chosen, lang),
    config=charts.plotly_config(f"targets_{code}_by_commune"),
    theme=None,
    key="targets_by_commune",
)
st.caption(
    t(
        "targets.commune_caption",
        target=number(chosen["district_target"].iloc[0], lang, 0),
        total=number(chosen["actual"].sum(), lang, 0),
    )
)

"""Meeting mode: one projector screen — four key figures and a full-width map with a large legend."""

import streamlit as st
from streamlit_folium import st_folium

from i18n import translator
from ui import data, state
from views.kpis import overview_kpis
from views.map_view import MapChoice, coverage_map
from views.meeting import LEGEND_FONT_PX, MAP_HEIGHT_PX, MEETING_KPIS

scope = state.current()
lang = scope.lang
t = translator(lang)

heading, choose, leave = st.columns([5, 3, 1], vertical_alignment="center")
heading.title(t("meeting.title", district=scope.district_name, year=scope.year or "–"))
indicator = choose.selectbox(
    t("map.indicator"),
    ["comm_teams", "communicators_per_1000", "communicators_female_pct", "trusted_addresses"],
    format_func=lambda code: t(f"indicator.{code}"),
    key="meeting_indicator",
    label_visibility="collapsed",
)
leave.button(
    t("meeting.exit"), icon=":material/close_fullscreen:", on_click=state.set_meeting, args=(False,), width="stretch"
)

if scope.year is None:
    st.info(t("overview.no_data", district=scope.district_name, year="–"))
    st.stop()
figures = data.query("report_figures", district_code=scope.district_code, year=scope.year)
targets = data.query("targets", district_code=scope.district_code, year=scope.year)
percentages = data.query("report_percentages", district_code=scope.district_code, year=scope.year)
cards = [card for card in overview_kpis(figures, targets, percentages, scope.year, lang) if card.code in MEETING_KPIS]
for column, card in zip(st.columns(len(cards)), cards):
    column.metric(card.label, card.value, card.delta, help=card.help, border=True)

indicators = data.query("commune_indicators", vintage=2023, year=scope.year, district_code=scope.district_code)
if indicators["illustrative"].any():
    st.caption(f":orange[{t('picture.illustrative')}]")
shapes = data.display_shapes(2023, scope.province_code, scope.district_code)
# No record points here: on a projector the colours and the supervised outlines read best alone.
no_points = data.placed_points(2023, scope.year, scope.province_code, scope.district_code).iloc[0:0]
fmap = coverage_map(
    shapes,
    indicators,
    no_points,
    MapChoice(indicator, "natural_breaks", 5, 2023, "none"),
    lang,
    legend_font_px=LEGEND_FONT_PX,
)
st_folium(fmap, height=MAP_HEIGHT_PX, use_container_width=True, returned_objects=[], key="meeting_map")

"""Meeting mode: one projector screen — four key figures and a full-width map with a large legend."""

import streamlit as st
from streamlit_folium import st_folium

from i18n import translator
from i18n.markup import html_text, markdown_text
from ui import data, state
from ui.cards import show_card
from ui.document import fill_height_with_map
from views import data_kind
from views.kpis import listed_kpis, overview_kpis, overview_questions
from views.map_view import MapChoice, coverage_map
from views.meeting import LEGEND_FONT_PX, MAP_HEIGHT_PX, MEETING_KPIS, MEETING_TABLES

scope = state.current()
lang = scope.lang
t = translator(lang)

heading, choose, leave = st.columns([5, 3, 1], vertical_alignment="center")
heading.title(t("meeting.title", district=markdown_text(scope.place), year=scope.year or "–"))
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
    st.info(t("overview.no_data", district=markdown_text(scope.place), year="–"))
    st.stop()
country = scope.level == "country"
shapes = data.province_shapes(scope.vintage) if country else data.display_shapes(**scope.where())
# The overview's questions, so that switching to meeting mode reads the overview's cached answers.
answers = data.answers(overview_questions(scope.vintage, scope.province_code, scope.district_code, scope.year))
indicators, coverage = answers["activity"], answers["coverage"]
figures = None
if scope.level == "district":
    figures = answers["figures"]
    cards = overview_kpis(figures, answers["targets"], answers["percentages"], scope.year, lang)
else:
    cards = listed_kpis(indicators, lang, coverage)
cards = [card for card in cards if card.code in MEETING_KPIS]
for column, card in zip(st.columns(max(len(cards), 1)), cards):
    show_card(column, card, detail=False)

# One line, not the overview's banner and per-card lines: the map must stay on a projector's screen.
if line := data_kind.meeting_line(coverage, MEETING_TABLES, figures is not None, lang):
    st.markdown(f"<p class='p8-meeting-kind'>{html_text(line)}</p>", unsafe_allow_html=True)
# No record points here: on a projector the colours and the supervised outlines read best alone.
fmap = coverage_map(
    shapes,
    indicators,
    data.no_points(scope.vintage),
    MapChoice(indicator, "natural_breaks", 5, scope.vintage, "none"),
    lang,
    legend_font_px=LEGEND_FONT_PX,
)
st_folium(fmap, height=MAP_HEIGHT_PX, use_container_width=True, returned_objects=[], key="meeting_map")
fill_height_with_map()

"""Overview: key figures against targets, a commune map, target progress, the report check, sources."""

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo.mapping import choropleth_map
from i18n import bilingual, translator
from i18n.formatting import number
from i18n.markup import markdown_text
from ui import compare, data, state
from ui.cards import show_card
from views import data_kind
from views.change import change_cards, change_map, change_values
from views.charts import plotly_config
from views.kpis import listed_kpis, overview_kpis, overview_questions
from views.map_view import clicked_code, map_summary, unit_names
from views.timeline import TIMELINE_INDICATORS, indicator_label, target_for, timeline_chart

scope = state.current()
lang = scope.lang
t = translator(lang)

st.title(t("overview.title", district=markdown_text(scope.place), year=scope.year or "–"))
st.caption(t("app.subtitle"))

country = scope.level == "country"
answers = data.answers(overview_questions(scope.vintage, scope.province_code, scope.district_code, scope.year))
activity, coverage = answers["activity"], answers["coverage"]
has_data = scope.year is not None and bool(activity["covered"].any())
figures = answers.get("figures", pd.DataFrame())
targets = answers.get("targets", pd.DataFrame())
percentages = answers.get("percentages", pd.DataFrame())
if not has_data:
    st.info(t("overview.no_data", district=markdown_text(scope.place), year=scope.year or "–"))
elif warning := data_kind.banner(coverage, figures, lang):
    st.warning(warning, icon="⚠️")
elif note := data_kind.disagreement(figures, lang):
    st.info(note)
if not figures.empty:
    st.subheader(t("overview.kpi_heading"))
    st.caption(t("overview.kpi_caption"))
    cards = overview_kpis(figures, targets, percentages, scope.year, lang)
elif has_data:
    st.subheader(t("overview.kpi_heading_listed"))
    cards = listed_kpis(activity, lang, coverage)
else:
    cards = []
for row_start in range(0, len(cards), 3):
    for column, card in zip(st.columns(3), cards[row_start : row_start + 3]):
        show_card(column, card)

st.subheader(t("overview.map_heading_provinces" if country else "overview.map_heading"))
indicators = {
    "comm_teams": ("indicator.comm_teams", "unit.teams"),
    "communicators_per_1000": ("indicator.communicators_per_1000", "unit.per_1000"),
}
indicator = st.radio(
    t("map.indicator"),
    list(indicators),
    format_func=lambda code: t(indicators[code][0]),
    horizontal=True,
    key="overview_indicator",
)
shapes = data.province_shapes(scope.vintage) if country else data.display_shapes(**scope.where())
values = activity.assign(
    name=activity["name"],
    supervised=activity["supervised"].map({True: t("value.yes"), False: t("value.no")}),
    data_kind=[data_kind.unit_kind(kind, lang) for kind in activity["comm_team_kind"]]
    if "comm_team_kind" in activity.columns
    else activity["illustrative"].map({True: t("value.illustrative"), False: t("kind.unit.real")}),
)
if not has_data:
    values[indicator] = None
else:  # a unit without data for the year is "no data" on the map, never a zero
    values[indicator] = values[indicator].where(values["covered"].fillna(False).astype(bool))
fmap = choropleth_map(
    shapes,
    values,
    value_column=indicator,
    title=t(indicators[indicator][0]),
    unit=t(indicators[indicator][1]),
    tooltip={
        "name": t("tooltip.province" if country else "tooltip.commune"),
        "comm_teams": t("tooltip.comm_teams"),
        "communicators": t("tooltip.communicators"),
        "trusted_addresses": t("tooltip.trusted_addresses"),
        "clubs": t("tooltip.clubs"),
        "supervised": t("tooltip.supervised"),
        "population": t("tooltip.population"),
        "data_kind": t("tooltip.data_kind"),
    },
    no_data_label=t("map.no_data"),
    illustrative_note=data_kind.map_note(activity, indicator, lang) if has_data else None,
    number=lambda v: number(v, lang, 1),
    labels=unit_names(activity),
    labels_name=t("layer.names"),
)
result = st_folium(
    fmap,
    height=480,
    use_container_width=True,
    returned_objects=["last_active_drawing"] if country else [],
    key=f"overview_map_{scope.vintage}_{scope.province_code}_{scope.district_code}_{indicator}",
)
clicked = clicked_code(result)
if country and clicked in set(activity["code"]) and clicked != st.session_state.get("overview_last_click"):
    st.session_state["overview_last_click"] = clicked
    state.request(province=clicked)
if has_data and (summary := map_summary(values, indicator, lang)):
    st.caption(summary)
caption = "overview.map_caption_provinces" if country else "overview.map_caption"
st.caption(t.plural(caption, len(shapes), count=len(shapes), vintage=scope.vintage))
if not country:  # the scope's units (a 2025 scope's too, which has no districts) that the map could not draw
    missing = activity[~activity["code"].isin(set(shapes["code"]))]
    if not missing.empty:
        st.caption(
            t.plural(
                "overview.units_without_boundary",
                len(missing),
                count=len(missing),
                names=", ".join(missing["name"].head(8)),
            )
        )

if not targets.empty:
    first = targets.iloc[0]
    st.subheader(t("overview.targets_heading", start=first["period_start"], end=first["period_end"]))
    table = pd.DataFrame(
        {
            t("column.content_area"): targets["content_area"],
            t("column.target"): targets["name_vi" if lang == "vi" else "name_en"],
            t("column.target_value"): targets["target_value"].map(lambda v: number(v, lang, 0)),
            t("column.actual_value"): targets["actual_value"].map(lambda v: number(v, lang, 0)),
            t("column.status"): targets["status"].map(lambda s: t(f"status.{s}")),
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")

timeline = data.query("timeline", **scope.where())
if not timeline.empty:
    st.subheader(t("overview.timeline_heading"))
    offered = [code for code in TIMELINE_INDICATORS if code in set(timeline["indicator"])]
    chosen = st.selectbox(
        t("overview.timeline_indicator"),
        offered,
        format_func=lambda code: indicator_label(code, lang),
        key="overview_timeline_indicator",
    )
    st.plotly_chart(
        timeline_chart(timeline, chosen, lang, target_for(targets, chosen)),
        config=plotly_config("timeline"),
        theme=None,
        key="overview_timeline",
    )
    years = timeline["year"].nunique()
    st.caption(t.plural("overview.timeline_caption", years, years=years))
    earlier = compare.earlier_year(
        compare.earlier_years(scope.vintage, scope.province_code, scope.district_code, scope.year),
        t,
        key="overview_compare_with",
    )
    if earlier is not None:
        st.subheader(t("overview.change_heading", earlier=earlier, year=scope.year))
        changes = change_cards(timeline, scope.year, earlier, lang)
        for column, card in zip(st.columns(len(changes)), changes):
            show_card(column, card)
        mode = compare.change_mode(t, key="overview_change_mode")
        if country:
            before = data.query("province_indicators", vintage=scope.vintage, year=earlier)
        else:
            before = data.query("commune_indicators", **scope.where(), year=earlier)
        values = change_values(before, activity, "comm_teams")
        fmap = change_map(
            shapes,
            values,
            "comm_teams",
            scope.year,
            earlier,
            lang,
            mode=mode,
            unit_label="tooltip.province" if country else "tooltip.commune",
        )
        st_folium(
            fmap,
            height=420,
            use_container_width=True,
            returned_objects=[],
            key=f"overview_change_{scope.vintage}_{scope.province_code}_{scope.district_code}_{earlier}_{mode}",
        )
        st.caption(t("map.change_caption", vintage=scope.vintage))

if not figures.empty:
    matching = int(figures["matches"].sum())
    st.caption(t.plural("overview.report_check", matching, matching=matching, total=len(figures)))
    for row in figures[~figures["matches"]].itertuples():
        st.caption(
            t(
                "overview.mismatch",
                code=row.description_vi if lang == "vi" else row.description_en,
                reported=number(row.reported, lang, 3),
                value=number(row.value, lang, 3),
                why=bilingual(row.explanation, lang),
            )
        )

st.divider()
st.caption(t("overview.sources"))

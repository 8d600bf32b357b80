"""Overview: key figures against targets, a commune map, target progress, the report check, sources."""

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo.mapping import choropleth_map
from i18n import bilingual, translator
from i18n.formatting import number
from ui import data, state
from views.kpis import overview_kpis

scope = state.current()
lang = scope.lang
t = translator(lang)

st.title(t("overview.title", district=scope.district_name, year=scope.year or "–"))
st.caption(t("app.subtitle"))

activity = data.query("commune_indicators", vintage=2023, district_code=scope.district_code, year=scope.year or 0)
has_data = scope.year is not None and activity["comm_teams"].sum() > 0
if not has_data:
    st.info(t("overview.no_data", district=scope.district_name, year=scope.year or "–"))
elif activity["illustrative"].any():
    st.warning(t("overview.illustrative_banner"), icon="⚠️")

if scope.year is not None:
    figures = data.query("report_figures", district_code=scope.district_code, year=scope.year)
    targets = data.query("targets", district_code=scope.district_code, year=scope.year)
    percentages = data.query("report_percentages", district_code=scope.district_code, year=scope.year)
    if not figures.empty:
        st.subheader(t("overview.kpi_heading"))
        cards = overview_kpis(figures, targets, percentages, scope.year, lang)
        for row_start in range(0, len(cards), 3):
            for column, card in zip(st.columns(3), cards[row_start : row_start + 3]):
                column.metric(card.label, card.value, card.delta, help=card.help, border=True)

st.subheader(t("overview.map_heading"))
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
shapes = data.display_shapes(2023, district_code=scope.district_code)
values = activity.assign(
    name=activity["name"],
    supervised=activity["supervised"].map({True: t("value.yes"), False: t("value.no")}),
    data_kind=activity["illustrative"].map({True: t("value.illustrative"), False: t("value.reported")}),
)
if not has_data:
    values[indicator] = None
fmap = choropleth_map(
    shapes,
    values,
    value_column=indicator,
    title=t(indicators[indicator][0]),
    unit=t(indicators[indicator][1]),
    tooltip={
        "name": t("tooltip.commune"),
        "comm_teams": t("tooltip.comm_teams"),
        "communicators": t("tooltip.communicators"),
        "trusted_addresses": t("tooltip.trusted_addresses"),
        "clubs": t("tooltip.clubs"),
        "supervised": t("tooltip.supervised"),
        "population": t("tooltip.population"),
        "data_kind": t("tooltip.data_kind"),
    },
    no_data_label=t("map.no_data"),
    illustrative_note=t("map.illustrative_note") if has_data and activity["illustrative"].any() else None,
    number=lambda v: number(v, lang, 1),
)
st_folium(
    fmap,
    height=480,
    use_container_width=True,
    returned_objects=[],
    key=f"overview_map_{scope.district_code}_{indicator}",
)
st.caption(t.plural("overview.map_caption", len(shapes), count=len(shapes)))

if scope.year is not None and not targets.empty:
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

if scope.year is not None and not figures.empty:
    matching = int(figures["matches"].sum())
    st.caption(t.plural("overview.report_check", matching, matching=matching, total=len(figures)))
    for row in figures[~figures["matches"]].itertuples():
        st.caption(
            t(
                "overview.mismatch",
                code=row.code,
                reported=number(row.reported, lang, 3),
                value=number(row.value, lang, 3),
                why=bilingual(row.explanation, lang),
            )
        )

st.divider()
st.caption(t("overview.sources"))

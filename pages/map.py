"""Map: any indicator by commune, record layers, supervised outlines, and the detail of a clicked commune."""

import streamlit as st
from streamlit_folium import st_folium

from geo.classify import MAX_CLASSES, METHODS
from geo.indicators import DEFAULT_INDICATOR, INDICATORS
from geo.mapping import BASEMAPS
from i18n import translator
from i18n.formatting import number, percent
from i18n.markup import markdown_text
from registry.vintages import VINTAGES
from ui import compare, data, state
from views import data_kind
from views.change import change_map, change_values
from views.map_view import (
    RECORD_VIEWS,
    RECORDS_AT_MOST,
    MapChoice,
    clicked_code,
    commune_records,
    coverage_map,
    coverage_picture,
    map_summary,
    records_in_view,
    standalone_page,
)

scope = state.current()
lang = scope.lang
t = translator(lang)

title = st.empty()
controls = st.columns([3, 2, 2, 2])
indicator = controls[0].selectbox(
    t("map.indicator"),
    list(INDICATORS),
    index=list(INDICATORS).index(DEFAULT_INDICATOR),
    format_func=lambda code: t(f"indicator.{code}"),
    key="map_indicator",
)
method = controls[1].selectbox(t("map.method"), METHODS, format_func=lambda m: t(f"method.{m}"), key="map_method")
classes = controls[1].slider(t("map.classes"), 3, MAX_CLASSES, 5, key="map_classes", disabled=method == "fixed")
extents = {"district": ["district", "province", "country"], "province": ["province", "country"]}.get(scope.level)
extent = (
    controls[2].radio(
        t("map.extent"), extents, format_func=lambda e: t(f"extent.{e}"), key="map_extent", horizontal=True
    )
    if extents
    else "country"
)
# Data of the 2023 map can be drawn on the 2025 one (through the crosswalk), not the other way round.
vintage = (
    controls[2].radio(t("map.vintage"), list(VINTAGES), format_func=lambda v: t(f"vintage.{v}"), key="map_vintage")
    if scope.vintage == VINTAGES[0]
    else scope.vintage
)
country_communes = extent == "country" and controls[2].toggle(
    t("map.country_communes"), key="map_country_communes", help=t("map.country_communes.help")
)
basemap = controls[3].selectbox(
    t("map.basemap"), list(BASEMAPS), format_func=lambda b: t(f"basemap.{b}"), key="map_basemap"
)

province_code = scope.province_code if extent != "country" else None
district_code = scope.district_code if extent == "district" else None
place = scope.district_name if district_code else scope.province_name if province_code else t("scope.country")
year = scope.year
title.title(t("map.title", place=markdown_text(place), year=year or "–"))

by_province = extent == "country" and not country_communes
if by_province:
    shapes = data.province_shapes(vintage)
else:
    shapes = data.display_shapes(vintage, province_code, district_code)
if shapes.empty:
    st.info(t("map.no_boundaries", vintage=vintage))
    st.stop()
if year is None:
    st.info(t("map.no_year"))
if by_province:
    indicators = data.query("province_indicators", vintage=vintage, year=year or 0)
else:
    indicators = data.query(
        "commune_indicators", vintage=vintage, year=year or 0, province_code=province_code, district_code=district_code
    )
names = dict(zip(indicators["code"], indicators["name"]))
records_total = records_in_view(indicators)
# Records follow the scale: each record where a screen can show them, else one bubble per unit and kind (its
# area in proportion to the count), plus the records of the commune picked; at the country's ten thousand
# communes neither says anything, the province and district maps show them.
if extent == "country":
    record_view = "bubbles" if by_province else "none"
else:
    record_view = controls[3].radio(
        t("map.records"),
        RECORD_VIEWS,
        index=0 if records_total <= RECORDS_AT_MOST else 1,
        format_func=lambda view: t(f"records.{view}"),
        key="map_records",
        help=t("map.records.help"),
    )
picked = st.session_state.get("map_commune") if st.session_state.get("map_commune") in names else None
if record_view == "each" and records_total > RECORDS_AT_MOST:
    st.info(t("map.too_many_records", records=number(records_total, lang, 0)), icon=":material/bubble_chart:")
    record_view = "bubbles"
if extent == "country":
    points = data.no_points(vintage)
elif record_view == "each":
    points = data.placed_points(vintage, year or 0, province_code, district_code)
elif picked is not None:
    points = data.placed_points(vintage, year or 0, province_code, district_code, picked)
else:
    points = data.no_points(vintage)
anchors = data.bubble_anchors(vintage, province_code, district_code, by_province) if record_view == "bubbles" else None
covered = indicators[indicators["covered"]]
coverage = data.query(
    "list_coverage", vintage=vintage, year=year or 0, province_code=province_code, district_code=district_code
)
if not covered.empty and (warning := data_kind.banner(coverage, None, lang)):
    st.warning(warning, icon="⚠️")

map_column, detail_column = st.columns([3, 1.4])
choice = MapChoice(indicator, method, classes, vintage, basemap, record_view)
with map_column:
    fmap = coverage_map(shapes, indicators, points, choice, lang, anchors=anchors)
    # Only clicks come back (not pans or zooms), so moving the map never reruns the page.
    with st.container(key="coverage_map_frame"):  # the print stylesheet sizes this frame to the sheet
        result = st_folium(
            fmap,
            height=620,
            use_container_width=True,
            returned_objects=["last_active_drawing"],
            key=f"coverage_map_{vintage}_{extent}_{country_communes}",
        )
    caption = "map.caption_provinces" if by_province else "map.caption"
    st.caption(t.plural(caption, len(shapes), shown=len(shapes), covered=len(covered), year=year or "–"))
    notes = (
        [t("map.commune_records_caption", commune=markdown_text(names[picked]))]
        if record_view == "bubbles" and picked
        else []
    )
    notes += [t("map.approximate_caption")] if points["approximate_position"].any() else []
    notes += [t("map.vintage_note_2025")] if vintage == 2025 else []
    notes += [t("map.attribution")]
    st.caption(" ".join(notes))
    if summary := map_summary(covered if by_province else indicators, indicator, lang):
        st.caption(summary)
    file_stem = f"du-an-8_{indicator}_{district_code or province_code or 'vn'}_{year or 'na'}_{vintage}"
    # Built only when clicked (a PNG takes a few seconds), and the click does not rerun the page.
    png, page_file = st.columns(2)
    png.download_button(
        t("map.download_png"),
        icon=":material/image:",
        mime="image/png",
        file_name=f"{file_stem}.png",
        data=lambda: coverage_picture(shapes, indicators, points, choice, lang, place, year),
        on_click="ignore",
        key="map_png",
    )
    page_file.download_button(
        t("map.download_html"),
        icon=":material/public_off:",
        mime="text/html",
        file_name=f"{file_stem}.html",
        on_click="ignore",
        key="map_html",
        data=lambda: standalone_page(shapes, indicators, points, choice, lang, place, year),
    )

st.subheader(t("map.change_heading"))
years = compare.earlier_years(vintage, province_code, district_code, year)
if not years:
    st.caption(t("change.no_earlier_year", year=year or "–"))
else:
    pick, how = st.columns([1, 2])
    with pick:
        earlier = compare.earlier_year(years, t, key="map_compare_with")
    with how:
        mode = compare.change_mode(t, key="map_change_mode")
    if earlier is not None:
        if by_province:
            before = data.query("province_indicators", vintage=vintage, year=earlier)
        else:
            before = data.query(
                "commune_indicators",
                vintage=vintage,
                year=earlier,
                province_code=province_code,
                district_code=district_code,
            )
        values = change_values(before, indicators, indicator)
        unit_label = "tooltip.province" if by_province else "tooltip.commune"
        st_folium(
            change_map(shapes, values, indicator, year, earlier, lang, mode=mode, unit_label=unit_label),
            height=560,
            use_container_width=True,
            returned_objects=[],
            key=f"change_map_{vintage}_{extent}_{country_communes}_{earlier}_{mode}",
        )
        st.caption(f"{t('map.change_caption', vintage=vintage)} {t('map.attribution')}")

codes = indicators["code"].tolist()
clicked = clicked_code(result)
if by_province and clicked in names and clicked != st.session_state.get("map_last_click"):
    st.session_state["map_last_click"] = clicked
    state.request(vintage=vintage, province=clicked, map_extent="province")  # drill down: the province's communes
if clicked in names and clicked != st.session_state.get("map_last_click"):
    st.session_state["map_last_click"] = clicked
    st.session_state["map_commune"] = clicked
    if record_view == "bubbles":  # the map drew the commune before it was picked: draw its records now
        st.rerun()
if st.session_state.get("map_commune") not in names:
    st.session_state.pop("map_commune", None)

# Left off paper while no commune is picked (the print stylesheet knows the empty one by its key).
detail_key = "commune_detail" if by_province or st.session_state.get("map_commune") else "commune_detail_empty"
with detail_column, st.container(key=detail_key):
    if by_province:  # a province opens its own map; here, the provinces with data, highest first
        st.subheader(t("detail.provinces_heading"))
        st.caption(t("detail.province_hint"))
        ranked = covered.sort_values(indicator, ascending=False)
        st.dataframe(
            ranked[["name", indicator]].rename(
                columns={"name": t("tooltip.province"), indicator: t(f"indicator.{indicator}")}
            ),
            hide_index=True,
            width="stretch",
        )
        st.stop()
    st.subheader(t("detail.heading"))
    code = st.selectbox(
        t("detail.pick"),
        codes,
        index=None,
        format_func=names.get,
        placeholder=t("detail.placeholder"),
        key="map_commune",
    )
    if code is None:
        st.caption(t("detail.hint"))
    else:
        row = indicators.set_index("code").loc[code]
        st.markdown(f"**{markdown_text(row['name'])}**")
        st.caption(
            f"{t('detail.population')}: {number(row['population'], lang, 0)} · "
            f"{t('detail.area')}: {t('detail.area_value', area=number(row['area_km2'], lang, 1))}"
        )
        if not row["covered"]:
            st.info(t("detail.no_data"))
        else:
            if row["illustrative"]:
                st.warning(t("detail.illustrative"), icon="⚠️")
            first, second = st.columns(2)
            share = None if row["communicators"] == 0 else row["communicators_female"] / row["communicators"]
            first.metric(t("tooltip.comm_teams"), number(row["comm_teams"], lang, 0))
            second.metric(
                t("tooltip.communicators"),
                number(row["communicators"], lang, 0),
                t(
                    "detail.communicators_female",
                    female=number(row["communicators_female"], lang, 0),
                    share=percent(share, lang),
                )
                if share is not None
                else None,
                delta_color="off",
                delta_arrow="off",
            )
            first.metric(
                t("tooltip.trusted_addresses"),
                number(row["trusted_addresses"], lang, 0),
                t(
                    "detail.members_female",
                    members=number(row["trusted_address_members"], lang, 0),
                    female=number(row["trusted_address_members_female"], lang, 0),
                )
                if row["trusted_addresses"]
                else None,
                delta_color="off",
                delta_arrow="off",
            )
            second.metric(t("tooltip.clubs"), number(row["clubs"], lang, 0))
            first.metric(t("indicator.events"), number(row["events"], lang, 0))
            second.metric(t("detail.supervised"), t("value.yes") if row["supervised"] else t("value.no"))
            if row["outside_parts"]:
                parts = int(row["outside_parts"])
                st.caption(t.plural("map.partly_outside", parts, parts=parts))
            for layer in ("comm_team", "trusted_address", "club", "event"):
                records = commune_records(points, code, layer, lang)
                with st.expander(
                    f"{t(f'layer.{layer}')} ({len(records)})", expanded=layer == "comm_team" and len(records) > 0
                ):
                    if records.empty:
                        st.caption(t("detail.no_records"))
                    else:
                        st.dataframe(records, hide_index=True, width="stretch")

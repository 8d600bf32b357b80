"""Underserved communes: the project communes ranked by their gaps, the reasons in sentences, thresholds and
weights a planner adjusts (kept in the URL so the view can be shared), the same ranking on a map, and the
table's export. Layout only: rows from the `underserved` query, words and builders from views/gap_analysis.py.

The URL is synced by hand (st.query_params) rather than with the widgets' bind="query-params": a bound
radio writes its translated label, so a link made in Vietnamese would not work in English.
"""

import streamlit as st
from streamlit_folium import st_folium

from i18n import translator
from i18n.formatting import number
from i18n.markup import markdown_text
from queries import export
from ui import compare, data, state
from views import data_kind
from views import gap_analysis as ga
from views.change import moves_table, ranking_moves

scope = state.current()
lang = scope.lang
t = translator(lang)
key_of = lambda name: f"gap_{name}"  # noqa: E731  widget key of a URL key

# The view: from the URL when a widget starts (a shared link), then from the widgets (kept across pages).
url_view, rejected = ga.from_url(st.query_params.to_dict())
starting = [name for name in ga.fields(url_view) if key_of(name) not in st.session_state]
for name in starting:
    st.session_state[key_of(name)] = ga.fields(url_view)[name]


def _restore_defaults() -> None:
    for name, value in ga.fields(
        ga.View(
            vintage=st.session_state[key_of("vintage")],
            extent=st.session_state[key_of("extent")],
            colour_by=st.session_state[key_of("colour")],
        )
    ).items():
        st.session_state[key_of(name)] = value


title = st.empty()
st.caption(t("underserved.intro"))
if rejected and starting:
    st.warning(ga.rejected_text(rejected, lang), icon=":material/link_off:")

# The vintage is the sidebar's; below a district there is only the province (or the country) to rank in.
st.session_state[key_of("vintage")] = scope.vintage
if scope.level != "district":
    st.session_state[key_of("extent")] = "province"
controls = st.columns([2, 3, 2])
controls[0].radio(
    t("underserved.extent"),
    ga.EXTENTS,
    disabled=scope.level != "district",
    format_func=lambda e: t(f"underserved.extent.{e}"),
    horizontal=True,
    key=key_of("extent"),
    persist_state="session",
)
controls[2].radio(
    t("underserved.colour_by"),
    ga.COLOUR_BY,
    format_func=lambda c: t(f"underserved.colour.{c}"),
    horizontal=True,
    key=key_of("colour"),
    persist_state="session",
)

settings_box = st.expander(t("underserved.settings"), icon=":material/tune:")
with settings_box:
    st.markdown(f"**{t('underserved.thresholds_heading')}**")
    columns = st.columns(len(ga.THRESHOLDS))
    criterion_of = {name: criterion for criterion, name in ga.THRESHOLD_OF.items()}
    for column, setting in zip(columns, ga.THRESHOLDS):
        column.select_slider(
            t(f"underserved.threshold.{setting.name}"),
            setting.options(st.session_state.get(key_of(setting.name))),
            format_func=lambda value: number(value, lang, 2),
            key=key_of(setting.name),
            persist_state="session",
            help=t(
                "underserved.threshold_help",
                default=number(setting.default, lang, 1),
                why=t(f"criterion.{criterion_of[setting.name]}.why"),
            ),
        )
    st.markdown(f"**{t('underserved.weights_heading')}**")
    columns = st.columns(4)
    for index, (setting, criterion) in enumerate(zip(ga.WEIGHTS, ga.CRITERIA)):
        columns[index % 4].select_slider(
            t("underserved.weight_label", criterion=t(f"criterion.{criterion}")),
            setting.options(st.session_state.get(key_of(setting.name))),
            format_func=lambda value: number(value, lang, 2),
            key=key_of(setting.name),
            persist_state="session",
            help=t(
                "underserved.weight_help", default=number(setting.default, lang, 1), why=t(f"criterion.{criterion}.why")
            ),
        )
    st.button(t("underserved.reset"), on_click=_restore_defaults, icon=":material/restart_alt:", key="gap_reset")

view = ga.from_fields({name: st.session_state[key_of(name)] for name in ga.fields(url_view)})
for name, value in ga.to_url(view).items():  # every setting, so a link keeps its meaning if defaults change
    if st.query_params.get(name) != value:
        st.query_params[name] = value
st.caption(ga.settings_summary(view, lang))

district_code = scope.district_code if view.extent == "district" else None
place = scope.district_name if district_code else scope.province_name
year = scope.year
title.title(t("underserved.title", place=markdown_text(place), year=year or "–"))
if scope.level == "country":
    st.info(t("underserved.choose_province"))
    st.stop()
if year is None:
    st.info(t("underserved.no_year"))
    st.stop()

where = {"vintage": view.vintage, "year": year, "province_code": scope.province_code, "district_code": district_code}
rows = data.query("underserved", **where, **view.query_params())
if rows.empty:
    st.info(t("underserved.none", year=year))
    st.stop()
coverage = data.query("list_coverage", **where)
illustrative_text = data_kind.banner(coverage, None, lang) if rows["illustrative"].any() else None
if illustrative_text:
    st.warning(illustrative_text, icon="⚠️")
gapped = int((rows["gaps"] > 0).sum())
st.caption(
    t(
        "underserved.caption",
        ranked=t.plural("underserved.caption.ranked", len(rows), n=number(len(rows), lang, 0), year=year),
        gapped=t.plural("underserved.caption.gapped", gapped, n=number(gapped, lang, 0)),
    )
)

# The map is drawn only in its open tab: Leaflet sizes itself when drawn, and a hidden tab has no size.
ranking_tab, map_tab = st.tabs([t("underserved.tab_table"), t("underserved.tab_map")], key="gap_tab", on_change="rerun")
with ranking_tab:
    st.table(ga.ranking_table(rows, view, lang, year), hide_index=True)
if map_tab.open:
    with map_tab:
        shapes = data.display_shapes(view.vintage, scope.province_code, district_code)
        indicators = data.query("commune_indicators", **where)
        st_folium(
            ga.gap_map(shapes, rows, indicators, view, lang, year),
            height=600,
            use_container_width=True,
            returned_objects=[],
            key=f"gap_map_{view.vintage}_{view.extent}",
        )
        st.caption(f"{t('underserved.map_caption')} {t('map.attribution')}")

years = compare.earlier_years(view.vintage, scope.province_code, district_code, year)
earlier = compare.earlier_year(years, t, key="gap_compare_with")
if earlier is not None:
    before = data.query("underserved", **(where | {"year": earlier}), **view.query_params())
    moves = ranking_moves(before, rows)
    st.subheader(t("underserved.change_heading", earlier=earlier, year=year))
    moved = moves["moved"]
    st.caption(
        t(
            "underserved.change_summary",
            up=int((moved > 0).sum()),
            down=int((moved < 0).sum()),
            same=int((moved == 0).sum()),
            new=int(moves["rank_before"].isna().sum()),
        )
    )
    st.table(moves_table(moves, year, earlier, lang), hide_index=True)
    st.caption(t("underserved.change_caption", earlier=earlier))

unknown_club, unknown_targets = int(rows["no_club"].isna().sum()), int(rows["target_shortfall"].isna().sum())
partial = int((rows["parts_without_data"] > 0).sum())
notes = [
    t(
        "underserved.unknown_note",
        club=t.plural("underserved.count.communes", unknown_club, n=number(unknown_club, lang, 0)),
        targets=t.plural("underserved.count.communes", unknown_targets, n=number(unknown_targets, lang, 0)),
        partial=t.plural("underserved.count.units", partial, n=number(partial, lang, 0)),
    )
]
st.caption(" ".join(notes + ([t("map.vintage_note_2025")] if view.vintage == 2025 else [])))

st.subheader(t("underserved.export_heading"))
table = ga.export_table(rows, view, lang, year)
about = [
    (t("export.about.table"), t("underserved.about.title")),
    (t("underserved.about.scope"), place),
    (t("underserved.about.year"), str(year)),
    (t("underserved.about.vintage"), t(f"vintage.{view.vintage}")),
    *ga.settings_lines(view, lang),
    (t("underserved.about.view"), "&".join(f"{k}={v}" for k, v in ga.to_url(view).items())),
    (t("underserved.about.method"), t("underserved.method").replace("**", "")),
]
if illustrative_text:
    about.append((t("underserved.about.illustrative"), illustrative_text))
stem = f"xa-bi-bo-lai_{district_code or scope.province_code}_{year}_v{view.vintage}"
buttons = st.columns([1, 1, 4])
buttons[0].download_button(
    t("export.csv"),
    data=lambda: export.to_csv(table),
    file_name=f"{stem}.csv",
    mime="text/csv",
    help=t("underserved.export_help"),
    on_click="ignore",
    key="gap_csv",
    icon=":material/download:",
)
buttons[1].download_button(
    t("export.xlsx"),
    data=lambda: export.to_xlsx(table, sheet=t("underserved.tab_table"), formats={}, about=about),
    file_name=f"{stem}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    help=t("underserved.export_help"),
    on_click="ignore",
    key="gap_xlsx",
    icon=":material/download:",
)

with st.expander(t("underserved.method_heading"), icon=":material/help:"):
    st.markdown(t("underserved.method"))
    lines = []
    for criterion in ga.CRITERIA:
        weight = number(ga.DEFAULT_WEIGHTS[criterion], lang, 1)
        why = t(f"criterion.{criterion}.why")
        if criterion in ga.THRESHOLD_OF:
            threshold = number(ga.SETTINGS[ga.THRESHOLD_OF[criterion]].default, lang, 1)
            lines.append(
                t(
                    "underserved.default_line_threshold",
                    criterion=t(f"criterion.{criterion}"),
                    weight=weight,
                    threshold=threshold,
                    why=why,
                )
            )
        else:
            lines.append(t("underserved.default_line", criterion=t(f"criterion.{criterion}"), weight=weight, why=why))
    st.markdown("\n".join(lines))

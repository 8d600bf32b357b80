"""Tables: every fact table filtered (scope, vintage, commune, content area, type, illustrative or reported)
and exactly the rows shown exported as CSV, XLSX and GeoJSON. Layout only: the rows come from the table's
named query (filtered in SQL), the words and formats from views/table_view.py."""

import streamlit as st

from i18n import translator
from i18n.formatting import number
from i18n.markup import markdown_text
from registry.codes import CONTENT_AREAS
from registry.tables import FACT_TABLES, TABLES
from registry.vintages import VINTAGES
from ui import data, state
from views import table_view as tv

scope = state.current()
lang = scope.lang
t = translator(lang)
all_label = t("tables.all")
ALL = "all"  # the option "no filter" (a word, not None: None would mean "nothing chosen")

title = st.empty()  # filled once the extent is known, but shown above the controls
controls = st.columns([3, 2, 2, 2])
extents = {"district": ["district", "province", "country"], "province": ["province", "country"]}.get(scope.level)
extent = (
    controls[1].radio(
        t("tables.extent"),
        extents,
        format_func=lambda e: t(f"tables.extent.{e}"),
        horizontal=True,
        key="tables_extent",
    )
    if extents
    else "country"
)
province_code = scope.province_code if extent != "country" else None
district_code = scope.district_code if extent == "district" else None
place = scope.district_name if district_code else scope.province_name if province_code else t("scope.country")
years_with_data = [
    int(y) for y in data.query("years", province_code=province_code, district_code=district_code)["year"]
]
year_range = tv.year_range(years_with_data, scope.year)
if len(years_with_data) > 1:
    year_range = controls[3].select_slider(
        t("tables.years"),
        options=years_with_data,
        value=year_range,
        key=f"tables_years_{extent}",
        help=t("tables.years.help"),
    )
scope_filters = {"province_code": province_code, "district_code": district_code, **tv.year_filters(year_range)}
counts = data.query("fact_counts", **scope_filters).set_index("fact_table")["rows"].to_dict()
table = controls[0].selectbox(
    t("tables.table"),
    FACT_TABLES,
    key="tables_table",
    format_func=lambda name: f"{t(f'tables.name.{name}')} ({number(counts[name], lang, 0)})",
)
spec = TABLES[table]
takes = tv.parameters(table)
vintage = None
if "vintage" in takes:
    vintage = controls[2].radio(
        t("tables.vintage"),
        list(VINTAGES),
        format_func=lambda v: t(f"tables.vintage.{v}"),
        horizontal=True,
        key="tables_vintage",
    )

title.title(t("tables.title", place=markdown_text(place), year=tv.years_text(year_range) or "–"))

shown_filters = ["commune_code" in takes, "content_area" in takes, spec.type_column is not None, True]
slots = iter(st.columns(sum(shown_filters)))
filters = [next(slots) if shown else None for shown in shown_filters]
commune, commune_names = None, {}
if "commune_code" in takes:
    units = data.query(
        "commune_indicators",
        vintage=vintage,
        year=year_range[1] if year_range else 0,
        province_code=province_code,
        district_code=district_code,
    )
    commune_names = dict(zip(units["code"], units["name"]))
    commune = filters[0].selectbox(
        t("tables.commune"),
        [ALL, *commune_names],
        key=f"tables_commune_{vintage}_{extent}",
        format_func=lambda code: all_label if code == ALL else commune_names[code],
    )
content_area = None
if "content_area" in takes:
    content_area = filters[1].selectbox(
        t("tables.content_area"),
        [ALL, *CONTENT_AREAS],
        key="tables_content_area",
        format_func=lambda a: all_label if a == ALL else t(f"tables.content_area.{a}"),
    )
kind = None
if spec.type_column:
    kind = filters[2].selectbox(
        t("tables.type"),
        [ALL, *spec.type_codes],
        key=f"tables_type_{table}",
        format_func=lambda v: all_label if v == ALL else tv.value_label(spec.type_column, v, lang),
    )
data_kind = filters[3].radio(
    t("tables.data_kind"),
    [ALL, "illustrative", "real"],
    key="tables_data_kind",
    format_func=lambda v: all_label if v == ALL else t(f"tables.data_kind.{v}"),
)

params = tv.query_params(
    table,
    type_value=None if kind == ALL else kind,
    **scope_filters,
    vintage=vintage,
    commune_code=None if commune == ALL else commune,
    content_area=None if content_area == ALL else content_area,
    illustrative={ALL: None, "illustrative": True, "real": False}[data_kind],
)
rows = data.query(table, **params)  # the one frame: shown below and written by every download

if rows.empty:
    st.info(t("tables.empty"))
elif rows["illustrative"].any():
    illustrative = int(rows["illustrative"].sum())
    st.warning(
        t.plural(
            "tables.illustrative_banner",
            illustrative,
            count=number(illustrative, lang, 0),
            total=number(len(rows), lang, 0),
        ),
        icon="⚠️",
    )
st.caption(t.plural("tables.rows", len(rows), rows=number(len(rows), lang, 0)))
st.dataframe(tv.styled(rows, lang), hide_index=True, width="stretch", key="tables_grid")
notes = [t("tables.scope_note")]
notes += [t("tables.vintage_note")] if vintage == 2025 else []
notes += [t("tables.district_level")] if "commune_code" not in takes else []
st.caption(" ".join(notes))

st.subheader(t("export.heading"))
names = {
    "province_code": scope.province_name if province_code else None,
    "district_code": scope.district_name if district_code else None,
    "commune_code": commune_names.get(commune),
}
lines = tv.filter_lines(params, lang, names)
buttons = st.columns(4)
buttons[0].download_button(
    t("export.csv"),
    data=lambda: tv.csv_bytes(rows, lang),
    file_name=tv.file_name(table, params, "csv"),
    mime="text/csv",
    help=t("export.help.csv"),
    on_click="ignore",
    key="tables_csv",
    icon=":material/download:",
)
buttons[1].download_button(
    t("export.xlsx"),
    data=lambda: tv.xlsx_bytes(table, rows, lang, lines),
    file_name=tv.file_name(table, params, "xlsx"),
    help=t("export.help.xlsx"),
    on_click="ignore",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="tables_xlsx",
    icon=":material/download:",
)
if spec.geometries:
    boundary_rows = data.query("boundaries", vintage=vintage, province_code=province_code, district_code=district_code)
if "communes" in spec.geometries:
    placed = bool(rows["commune_code"].notna().any())
    buttons[2].download_button(
        t("export.geojson_communes"),
        data=lambda: tv.geojson_bytes(table, rows, "communes", params, boundary_rows),
        file_name=tv.file_name(table, params, "geojson"),
        mime="application/geo+json",
        on_click="ignore",
        disabled=not placed,
        help=t("export.help.geojson_communes") if placed else t("export.no_places"),
        key="tables_geojson_communes",
        icon=":material/download:",
    )
if "points" in spec.geometries:
    buttons[3].download_button(
        t("export.geojson_points"),
        data=lambda: tv.geojson_bytes(table, rows, "points", params, boundary_rows),
        file_name=tv.file_name(table, params, "points.geojson"),
        mime="application/geo+json",
        on_click="ignore",
        help=t("export.help.geojson_points"),
        key="tables_geojson_points",
        icon=":material/download:",
    )

"""Any place, any year: rows imported for another district (2024, 2023 communes) and for communes of the 2025
map (2026, two provinces) show up in `years`, in the commune and province figures, and on the pages opened
from a link — through the same import as `python -m ingest`."""

from __future__ import annotations

import shutil

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from queries.runner import run
from tests.conftest import ROOT
from tests.ingest_support import run_cli

APP = str(ROOT / "app.py")

THAN_UYEN_2024 = (
    "year,vintage,district_code,commune,village,communicators,communicators_female\n"
    "2024,2023,110,Xã Mường Kim,Bản Mé,8,3\n"
    "2024,2023,110,Xã Mường Kim,Bản Đông,6,2\n"
)
NEW_COMMUNES_2026 = (  # Phường Hoàn Kiếm (Hà Nội) and Xã Sì Lở Lầu (Lai Châu), both 2025 units
    "year,vintage,commune_code,village,communicators,communicators_female\n"
    "2026,2025,00070,Tổ 1,5,4\n"
    "2026,2025,03562,Bản A,7,2\n"
)


@pytest.fixture(scope="module")
def imported(tmp_path_factory, database_path):
    """A copy of the seed database with both lists imported by the command line, as staff would."""
    folder = tmp_path_factory.mktemp("scope")
    db = folder / "p8.duckdb"
    shutil.copy(database_path, db)
    for name, text in (("than_uyen.csv", THAN_UYEN_2024), ("new_communes.csv", NEW_COMMUNES_2026)):
        (folder / name).write_text(text, encoding="utf-8")
        result = run_cli(folder / name, "--table", "comm_team", db=db)
        assert result.returncode == 0, result.stdout + result.stderr
    return db


@pytest.fixture(scope="module")
def connection(imported):
    with duckdb.connect(str(imported), read_only=True) as connection:
        yield connection


def years(connection, **params) -> list[int]:
    return run("years", params, connection)["year"].tolist()


def test_years_come_from_the_data_of_each_scope(connection):
    assert years(connection) == [2023, 2024, 2026]
    assert years(connection, vintage=2023, district_code="110") == [2024]
    assert years(connection, vintage=2023, district_code="109") == [2023]
    assert years(connection, vintage=2025, province_code="01") == [2026]
    # 2023 rows of Lai Châu are shown on its 2025 communes too; 2026 rows only there
    assert years(connection, vintage=2025, province_code="12") == [2023, 2024, 2026]
    assert years(connection, vintage=2023, province_code="12") == [2023, 2024]
    assert years(connection, vintage=2023, province_code="01") == []


def test_the_newest_data_decides_where_the_app_opens(connection):
    scopes = run("data_scopes", {}, connection)
    first = scopes.iloc[0]
    assert (first["year"], first["vintage"]) == (2026, 2025)
    assert {(r.year, r.district_code) for r in scopes.itertuples() if r.year == 2024} == {(2024, "110")}


def test_imported_rows_are_in_the_commune_figures(connection):
    than_uyen = run("commune_indicators", {"vintage": 2023, "year": 2024, "district_code": "110"}, connection)
    assert than_uyen.set_index("code").at["03637", "comm_teams"] == 2
    assert than_uyen["comm_teams"].sum() == 2 and than_uyen["communicators"].sum() == 14
    hanoi = run("commune_indicators", {"vintage": 2025, "year": 2026, "province_code": "01"}, connection)
    assert hanoi.set_index("code").at["00070", "communicators"] == 5
    assert hanoi["covered"].sum() == 1 and not hanoi.loc[hanoi["covered"], "illustrative"].any()
    ranked = run("underserved", {"vintage": 2023, "year": 2024, "district_code": "110"}, connection)
    assert ranked["code"].tolist() == ["03637"]  # the one commune with a team list is ranked, with its gaps
    assert "no_trusted_address" in ranked.iloc[0]["reasons"]


@pytest.mark.parametrize(("vintage", "year"), [(2023, 2023), (2023, 2024), (2025, 2023), (2025, 2026)])
def test_province_figures_are_the_sums_of_their_communes(connection, vintage, year):
    provinces = run("province_indicators", {"vintage": vintage, "year": year}, connection).set_index("code")
    communes = run("commune_indicators", {"vintage": vintage, "year": year}, connection)
    sums = communes.groupby("province_code")[["comm_teams", "communicators", "trusted_addresses", "clubs"]].sum()
    assert len(provinces) == communes["province_code"].nunique() == (63 if vintage == 2023 else 34)
    covered = provinces.index[provinces["covered"]]
    assert set(covered) == set(communes.loc[communes["covered"], "province_code"])
    for column in sums.columns:
        assert (provinces.loc[covered, column] == sums.loc[covered, column]).all(), column
        assert provinces.loc[~provinces["covered"], column].isna().all(), column  # "no data", not zero


def test_every_province_has_a_shape_for_the_country_map(connection):
    for vintage, expected in ((2023, 63), (2025, 34)):
        shapes = run("province_boundaries", {"vintage": vintage}, connection)
        assert len(shapes) >= expected and shapes["name"].notna().all()


def open_app(db, monkeypatch, page: str | None = None, **query) -> AppTest:
    monkeypatch.setenv("P8_DB", str(db))
    app = AppTest.from_file(APP, default_timeout=90)
    for key, value in query.items():
        app.query_params[key] = value
    app.run()
    if page:
        app.switch_page(page).run()
    assert not app.exception, app.exception
    assert not app.error, [e.value for e in app.error]
    return app


def metrics(app: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in app.metric}


def test_a_link_to_another_district_and_year_shows_its_rows(imported, monkeypatch):
    app = open_app(imported, monkeypatch, vintage="2023", province="12", district="110", year="2024")
    assert "Than Uyên" in app.title[0].value and "2024" in app.title[0].value
    assert app.sidebar.selectbox(key="year").options == ["2024"]
    assert metrics(app)["Tổ truyền thông cộng đồng"] == "2"
    assert metrics(app)["Truyền thông viên"] == "14"
    assert not any("MINH HỌA" in w.value for w in app.warning)  # real lists, not the illustration


def test_a_link_to_new_communes_of_another_province(imported, monkeypatch):
    app = open_app(imported, monkeypatch, vintage="2025", province="01", year="2026", lang="en")
    assert "Hà Nội" in app.title[0].value and "2026" in app.title[0].value
    assert metrics(app)["Community communication teams"] == "1"
    assert app.sidebar.radio(key="vintage").value == 2025
    with pytest.raises(KeyError):
        app.sidebar.selectbox(key="district")  # no districts since 1 July 2025
    map_page = open_app(imported, monkeypatch, "pages/map.py", vintage="2025", province="01", year="2026")
    assert "Hà Nội" in map_page.title[0].value
    assert map_page.selectbox(key="map_commune").options  # the province's communes, to open one


def test_without_a_link_the_app_opens_on_the_newest_data(imported, monkeypatch):
    app = open_app(imported, monkeypatch)
    assert app.query_params["year"] == "2026" and app.query_params["vintage"] == "2025"
    assert app.sidebar.selectbox(key="year").value == 2026


def test_the_whole_country_sums_every_province(imported, monkeypatch):
    app = open_app(imported, monkeypatch, vintage="2025", province="all", year="2026")
    assert "Toàn quốc" in app.title[0].value
    shown = metrics(app)
    assert shown["Tổ truyền thông cộng đồng"] == "2" and shown["Đơn vị có số liệu"] == "2"
    assert app.query_params["province"] == "all" and "district" not in app.query_params
    map_page = open_app(imported, monkeypatch, "pages/map.py", vintage="2025", province="all", year="2026")
    assert map_page.title[0].value.startswith("Bản đồ độ bao phủ — Toàn quốc")


def test_a_click_on_a_province_opens_it(imported, monkeypatch):
    """The country map's click asks for the province through state.request; the sidebar follows it."""
    monkeypatch.setenv("P8_DB", str(imported))
    app = AppTest.from_file(APP, default_timeout=90)
    app.query_params.update({"vintage": "2023", "province": "all", "year": "2023"})
    app.run()
    app.session_state["scope_request"] = {"province": "12"}
    app.run()
    assert app.sidebar.selectbox(key="province").value == "12"
    assert app.query_params["province"] == "12" and "Lai Châu" in app.title[0].value


def test_pages_that_follow_a_district_report_name_the_districts_with_data(imported, monkeypatch):
    app = open_app(imported, monkeypatch, "pages/targets.py", vintage="2023", province="12", year="2024")
    assert any("Huyện Than Uyên" in i.value for i in app.info)
    new_map = open_app(imported, monkeypatch, "pages/budget.py", vintage="2025", province="12", year="2026")
    assert any("1/7/2025" in i.value for i in new_map.info)

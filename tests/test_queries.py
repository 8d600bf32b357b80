"""Named queries through the runner: the command-line contracts (README) on the real seed database."""

import re

import pandas as pd
import pytest

from geo import admin
from queries.runner import QueryError, catalog, run

REPORT_FIGURE_CODES = [
    "training_classes",
    "training_participants",
    "comm_teams",
    "comm_team_communes",
    "communicators",
    "communicators_female",
    "market_events",
    "market_event_attendees",
    "campaign_sessions",
    "campaign_villages",
    "campaign_attendees",
    "safe_birth_mothers_paid",
    "trusted_addresses",
    "trusted_address_members",
    "trusted_address_members_female",
    "livelihood_groups_supported",
    "policy_dialogues",
    "policy_dialogue_participants",
    "clubs",
    "club_schools",
    "club_communes",
    "supervised_communes",
    "targets_total",
    "targets_achieved",
    "budget_carryover_2022_mvnd",
    "advance_carryover_2022_mvnd",
    "expected_disbursed_carryover_2022_mvnd",
    "budget_2023_mvnd",
    "disbursed_2023_mvnd",
    "expected_disbursed_2023_mvnd",
    "budget_2022_2023_mvnd",
    "budget_2024_planned_mvnd",
]


@pytest.fixture(scope="module")
def figures(connection):
    return run("report_figures", {"district_code": "109", "year": "2023"}, connection)


def test_report_figures_has_every_design_code_once(figures):
    assert figures["code"].tolist() == REPORT_FIGURE_CODES


# report_figures as it was when it took a district only: with a district it still answers exactly this.
DISTRICT_REPORT_FIGURES = """
SELECT
    r.code,
    v.value,
    r.reported,
    coalesce(v.value = r.reported, false) AS matches,
    r.lower_bound,
    r.printed,
    r.unit,
    r.section,
    r.description_vi,
    r.description_en,
    CASE
        WHEN v.value IS NULL THEN 'Không có dữ liệu để tính lại. / No data to recompute it from.'
        WHEN v.value <> r.reported THEN r.explanation
    END AS explanation
FROM report_figure AS r
LEFT JOIN figure_value AS v USING (district_code, year, code)
WHERE r.district_code = $district_code AND r.year = $year
ORDER BY r.position;
"""


def test_a_districts_report_figures_are_what_they_were_before_provinces(connection, figures):
    before = connection.execute(DISTRICT_REPORT_FIGURES, {"district_code": "109", "year": 2023}).df()
    pd.testing.assert_frame_equal(figures[before.columns], before)
    assert list(figures.columns) == [
        *before.columns,
        "additive",
        "districts",
        "listed_real",
        "listed_illustrative",
        "communes_real",
        "communes_illustrative",
        "communes_listed",
        "cause",
    ]
    assert (figures["districts"] == 1).all()


def test_a_provinces_figures_sum_its_district_reports_where_additive(connection, figures):
    province = run("report_figures", {"province_code": "12", "year": 2023}, connection).set_index("code")
    district = figures.set_index("code")  # Phong Thổ is the one district of Lai Châu with a 2023 report
    assert list(province.index) == list(district.index) and (province["districts"] == 1).all()
    additive = province["additive"]
    assert sorted(province.index[~additive]) == ["targets_achieved", "targets_total"]
    for column in ("reported", "value", "matches"):
        pd.testing.assert_series_equal(province.loc[additive, column], district.loc[additive, column])
    assert province.loc[~additive, ["reported", "value"]].isna().all().all()
    assert province.loc[~additive, "matches"].tolist() == district.loc[~additive, "matches"].tolist()


def test_every_figure_is_recomputed_except_where_the_report_contradicts_itself(figures):
    mismatched = figures[~figures["matches"]]
    assert mismatched["code"].tolist() == ["targets_total"]
    row = mismatched.iloc[0]
    assert (row["reported"], row["value"]) == (9, 10)
    assert "10" in row["explanation"] and "9" in row["explanation"]
    matched = figures[figures["matches"]]
    assert (matched["value"] == matched["reported"]).all()
    assert matched["explanation"].isna().all()


def test_a_changed_fact_breaks_the_match(connection, tmp_path):
    """The values are recomputed, not copied: change the data and the figure moves."""
    import shutil

    import duckdb

    path = tmp_path / "copy.duckdb"
    shutil.copy(
        connection.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchone()[
            0
        ],
        path,
    )
    with duckdb.connect(str(path)) as writable:
        writable.execute("DELETE FROM comm_team WHERE record_id = (SELECT min(record_id) FROM comm_team)")
        result = run("report_figures", {"district_code": "109", "year": 2023}, writable).set_index("code")
    assert result.at["comm_teams", "value"] == 76 and not result.at["comm_teams", "matches"]


def test_percentages_flag_the_reports_rounding(connection):
    rows = run("report_percentages", {"district_code": "109", "year": 2023}, connection).set_index("code")
    assert rows.at["disbursed_2023_pct", "pct_from_report"] == pytest.approx(9.67, abs=0.01)
    assert not rows.at["disbursed_2023_pct", "matches"]
    assert not rows.at["targets_not_achieved_pct", "matches"]  # 7/9 = 77.8 printed as 77
    assert rows.at["expected_disbursed_2023_pct", "matches"] and rows.at["targets_achieved_pct", "matches"]


def test_communes_2023_of_phong_tho_are_the_official_list(connection):
    rows = run("communes", {"vintage": 2023, "district_code": "109"}, connection)
    official = admin.units_2023().query("district_code == '109'")
    assert sorted(rows["code"]) == sorted(official["code"])
    assert len(rows) == 17
    assert {"vintage", "code", "name", "province_code", "population", "area_km2"} <= set(rows.columns)
    assert rows["population"].notna().all() and (rows["area_km2"] > 0).all()


def test_communes_2025_of_lai_chau(connection):
    rows = run("communes", {"vintage": 2025, "province_code": "12"}, connection)
    assert len(rows) == 38
    assert rows.set_index("code").at["03562", "name"] == "Xã Sì Lở Lầu"
    old = run("communes", {"vintage": 2023, "province_code": "12"}, connection)
    assert rows["area_km2"].sum() == pytest.approx(old["area_km2"].sum())


@pytest.mark.parametrize(
    "name, params, message",
    [
        ("communes", {}, "needs parameter vintage"),
        ("communes", {"vintage": "x"}, "must be integer"),
        ("communes", {"vintage": 2024}, "2023 or 2025"),
        ("communes", {"vintage": 2025, "district_code": "109"}, "2023 vintage only"),
        ("communes", {"vintage": 2023, "colour": "red"}, "no parameter colour"),
        ("communes", {"vintage": 2023, "province_code": "1234"}, "up to 2 digits"),
        ("report_figures", {"year": 2023}, "needs district_code or province_code"),
        ("nonexistent", {}, "no query named"),
    ],
)
def test_bad_questions_get_clear_errors(connection, name, params, message):
    with pytest.raises(QueryError, match=message):
        run(name, params, connection)


def test_codes_are_zero_padded(connection):
    short = run("communes", {"vintage": 2023, "province_code": "1"}, connection)
    assert (short["province_code"] == "01").all() and len(short) > 0


def test_every_declared_parameter_is_used_and_every_used_one_declared():
    for query in catalog().values():
        used = set(re.findall(r"\$(\w+)", query.sql))
        assert used == {p.name for p in query.params}, query.name
        assert query.description, query.name


@pytest.mark.parametrize("name", sorted(catalog()))
def test_every_query_runs_on_the_seed(connection, name):
    examples = {"vintage": 2023, "district_code": "109", "province_code": "12", "year": 2023, "method": None}
    query = catalog()[name]
    params = {p.name: examples[p.name] for p in query.params if p.name in examples}
    if name in {"communes", "boundaries", "units_without_boundary"}:  # every unit of Lai Châu has a boundary
        params.pop("province_code")
    result = run(name, params, connection)
    assert isinstance(result, pd.DataFrame) and len(result) > 0

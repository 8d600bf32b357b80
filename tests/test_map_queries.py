"""The map's questions: units of a scope in either vintage, their figures, their point records."""

import pandas as pd
import pytest

from queries.runner import QueryError, run

DISTRICT = {"district_code": "109"}


def indicators(connection, vintage, **scope):
    return run("commune_indicators", {"vintage": vintage, "year": 2023, **scope}, connection)


def test_district_figures_add_up_to_the_report(connection):
    frame = indicators(connection, 2023, **DISTRICT)
    assert len(frame) == 17 and frame["covered"].all()
    figures = run("report_figures", {"district_code": "109", "year": 2023}, connection).set_index("code")["reported"]
    for column, code in [
        ("comm_teams", "comm_teams"),
        ("communicators", "communicators"),
        ("communicators_female", "communicators_female"),
        ("trusted_addresses", "trusted_addresses"),
        ("trusted_address_members", "trusted_address_members"),
        ("clubs", "clubs"),
    ]:
        assert frame[column].sum() == figures[code], column
    assert frame["supervised"].sum() == figures["supervised_communes"]
    assert (frame["comm_teams"] > 0).sum() == figures["comm_team_communes"]
    assert frame["is_project"].sum() == 15


def test_2025_units_are_the_sum_of_their_2023_parts(connection):
    old = indicators(connection, 2023, province_code="12")
    new = indicators(connection, 2025, province_code="12")
    crosswalk = connection.execute(
        "SELECT from_code AS code, to_code FROM crosswalk WHERE from_vintage = 2023 AND to_vintage = 2025"
    ).df()
    parts = old.merge(crosswalk, on="code")
    assert len(parts) == len(old) == 106 and len(new) == 38
    columns = [
        "comm_teams",
        "communicators",
        "communicators_female",
        "trusted_addresses",
        "trusted_address_members",
        "clubs",
        "events",
        "event_attendees",
        "population",
    ]
    expected = parts.groupby("to_code")[columns].sum()
    actual = new.set_index("code")[columns]
    pd.testing.assert_frame_equal(
        actual.sort_index().astype(float), expected.sort_index().astype(float), check_names=False
    )
    assert new["comm_teams"].sum() == 77
    shares = new.dropna(subset=["communicators_female_pct"])
    assert (
        (shares["communicators_female_pct"] - 100 * shares["communicators_female"] / shares["communicators"]).abs()
        < 0.06
    ).all()


def test_a_2023_district_in_2025_boundaries_is_its_successor_units(connection):
    frame = indicators(connection, 2025, **DISTRICT)
    assert sorted(frame["name"]) == sorted(
        ["Phường Đoàn Kết", "Xã Sin Suối Hồ", "Xã Phong Thổ", "Xã Sì Lở Lầu", "Xã Dào San", "Xã Khổng Lào"]
    )
    outside = frame.set_index("name")["outside_parts"]
    assert outside["Xã Phong Thổ"] == 0 and outside["Phường Đoàn Kết"] > 0 and outside["Xã Sin Suối Hồ"] > 0
    shapes = run("boundaries", {"vintage": 2025, **DISTRICT}, connection)
    assert sorted(shapes["code"]) == sorted(frame["code"])


def test_units_outside_reporting_districts_have_no_figures_rather_than_zero(connection):
    frame = indicators(connection, 2023, province_code="12")
    in_district = frame["district_code"] == "109"
    assert frame.loc[in_district, "covered"].all() and not frame.loc[~in_district, "covered"].any()


def test_a_year_without_facts_covers_nothing(connection):
    frame = run("commune_indicators", {"vintage": 2023, "year": 2019, **DISTRICT}, connection)
    assert len(frame) == 17 and not frame["covered"].any() and frame["comm_teams"].sum() == 0


def test_map_points_are_every_record_with_its_unit(connection):
    points = run("map_points", {"vintage": 2023, "year": 2023, **DISTRICT}, connection)
    counts = points["layer"].value_counts().to_dict()
    assert counts["comm_team"] == connection.execute("SELECT count(*) FROM comm_team WHERE year = 2023").fetchone()[0]
    assert counts["trusted_address"] == 9 and counts["club"] == 12
    assert points["record_id"].is_unique and points["unit_name"].notna().all()
    in_2025 = run("map_points", {"vintage": 2025, "year": 2023, **DISTRICT}, connection)
    assert len(in_2025) == len(points) and set(in_2025["code"]) <= set(indicators(connection, 2025, **DISTRICT)["code"])


def test_a_wrong_vintage_is_an_error(connection):
    with pytest.raises(QueryError):
        run("commune_indicators", {"vintage": "latest", "year": 2023}, connection)
    with pytest.raises(QueryError, match="2023 or 2025"):
        run("commune_indicators", {"vintage": 2024, "year": 2023}, connection)
    with pytest.raises(QueryError, match="2023 or 2025"):
        run("boundaries", {"vintage": 2019}, connection)

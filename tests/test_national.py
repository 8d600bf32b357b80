"""The whole country in the built database: units of both vintages, the crosswalks, 2025 boundaries, their queries."""

import pytest

from queries.runner import QueryError, run


def test_units_and_provinces_of_both_vintages(connection):
    counts = connection.execute(
        "SELECT vintage, count(*), count(DISTINCT province_code) FROM unit GROUP BY vintage ORDER BY vintage"
    ).fetchall()
    assert counts == [(2023, 10051, 63), (2025, 3321, 34)]
    old, new = run("provinces", {"vintage": 2023}, connection), run("provinces", {"vintage": 2025}, connection)
    assert (len(old), old["communes"].sum()) == (63, 10051)
    assert (len(new), new["communes"].sum()) == (34, 3321)
    assert old["to_province_code"].notna().all() and set(old["to_province_code"]) == set(new["province_code"])
    lai_chau = old.set_index("province_code").loc["12"]
    assert (lai_chau["to_province_code"], lai_chau["to_province_name"]) == ("12", "Lai Châu")


def test_at_least_98_percent_of_2025_units_have_a_boundary(connection):
    drawn, total = connection.execute(
        "SELECT count(*) FILTER (has_boundary), count(*) FROM unit WHERE vintage = 2025"
    ).fetchone()
    assert total == 3321 and drawn / total >= 0.98, f"{drawn} of {total}"
    assert connection.execute(
        """SELECT count(*) FROM unit AS u LEFT JOIN unit_boundary AS b USING (vintage, code)
           WHERE u.has_boundary <> (b.code IS NOT NULL)"""
    ).fetchone() == (0,)


def test_every_unit_without_boundary_is_listed_with_a_reason(connection):
    missing = connection.execute("SELECT vintage, code FROM unit WHERE NOT has_boundary ORDER BY ALL").fetchall()
    listed = run("units_without_boundary", {}, connection)
    assert sorted(zip(listed["vintage"], listed["code"])) == missing
    assert listed["reason"].str.len().gt(0).all()
    assert (listed["vintage"] == 2023).sum() == 504
    new = run("units_without_boundary", {"vintage": 2025}, connection)
    assert 0 < len(new) <= 3321 * 0.02 and (new["vintage"] == 2025).all()
    assert new.set_index("code").at["26732", "reason"] == "predecessor not in the 2023 list: Huyện Côn Đảo"


def test_a_2023_unit_without_boundary_has_its_successor(connection):
    old = run("units_without_boundary", {"vintage": 2023}, connection)
    known = old[old["successor_code"].notna()]
    assert len(known) >= len(old) - 15
    place = connection.execute(
        "SELECT from_code, to_code FROM place_map WHERE from_vintage = 2023 AND to_vintage = 2025"
    ).df()
    assert (
        dict(zip(known["code"], known["successor_code"])).items()
        <= dict(zip(place["from_code"], place["to_code"])).items()
    )


def test_approximate_boundaries_say_why_and_exact_ones_say_nothing(connection):
    rows = run("communes", {"vintage": 2025}, connection)
    assert {"has_boundary", "boundary_approximate", "boundary_note"} <= set(rows.columns)
    approximate = rows[rows["boundary_approximate"]]
    assert len(approximate) > 0 and approximate["has_boundary"].all()
    assert approximate["boundary_note"].str.len().gt(0).all()
    exact = rows[rows["has_boundary"] & ~rows["boundary_approximate"]]
    assert exact["boundary_note"].isna().all()
    assert not rows.query("province_code == '12'")["boundary_approximate"].any()  # Lai Châu: no split commune


def test_every_unit_tied_to_a_split_commune_is_approximate_or_undrawn_and_says_why(connection):
    rows = connection.execute(
        """SELECT c.from_code, c.is_default, b.code IS NOT NULL AS split_drawn,
                  u.code, u.has_boundary, u.boundary_approximate, u.boundary_note
           FROM crosswalk AS c
           JOIN unit AS u ON u.vintage = 2025 AND u.code = c.to_code
           LEFT JOIN unit_boundary AS b ON b.vintage = 2023 AND b.code = c.from_code
           WHERE c.is_split"""
    ).df()
    assert len(rows) > 471 and rows["boundary_note"].notna().all()
    assert (rows["boundary_approximate"] == rows["has_boundary"]).all()
    holders = rows[rows["is_default"] & rows["split_drawn"]]
    assert all(
        f"({code})" in note and "holds the whole of split commune" in note
        for code, note in zip(holders["from_code"], holders["boundary_note"])
    )
    others = rows[~rows["is_default"]]
    assert all(
        f"({code})" in note and "lacks its part of split commune" in note
        for code, note in zip(others["from_code"], others["boundary_note"])
    )


def test_place_map_takes_a_split_communes_default_successor_and_marks_it_approximate(connection):
    rows = connection.execute(
        """SELECT c.from_code, c.to_code AS default_code, pm.to_code, pm.approximate
           FROM crosswalk AS c
           JOIN place_map AS pm ON pm.from_vintage = 2023 AND pm.from_code = c.from_code AND pm.to_vintage = 2025
           WHERE c.is_split AND c.is_default"""
    ).df()
    assert len(rows) == 471
    assert (rows["to_code"] == rows["default_code"]).all() and rows["approximate"].all()
    mapped = connection.execute(
        """SELECT count(*), count(DISTINCT from_code), count(*) FILTER (approximate)
           FROM place_map WHERE from_vintage = 2023 AND to_vintage = 2025"""
    ).fetchone()
    assert mapped == (10036, 10036, 471)


def test_crosswalk_query_of_either_vintage(connection):
    lai_chau = run("crosswalk", {"province_code": "12"}, connection)
    assert len(lai_chau) == 106 and lai_chau["to_code"].nunique() == 38
    assert {"from_code", "to_code", "is_split", "is_default", "source", "from_name", "to_name"} <= set(lai_chau.columns)
    assert lai_chau["source"].str.startswith("vietnamadminunits 1.0.4").all()
    yen_bai = run("crosswalk", {"province_code": "15", "vintage": 2023}, connection)
    lao_cai_2025 = run("crosswalk", {"province_code": "15", "vintage": 2025}, connection)
    assert set(yen_bai["from_province_code"]) == {"15"}
    assert set(lao_cai_2025["from_province_code"]) == {"10", "15"} and set(lao_cai_2025["to_province_code"]) == {"15"}
    assert len(run("crosswalk", {"province_code": "15"}, connection)) == len(lao_cai_2025)


def test_crosswalk_query_lists_communes_without_successor(connection):
    son_la = run("crosswalk", {"province_code": "14", "vintage": 2023}, connection)
    lost = son_la[son_la["to_code"].isna()]
    assert len(lost) == 6 and (lost["match_method"] == "unmatched").all() and lost["note"].str.len().gt(0).all()
    assert set(son_la["from_code"]) == set(
        connection.execute("SELECT code FROM unit WHERE vintage = 2023 AND province_code = '14'").df()["code"]
    )
    everything = run("crosswalk", {}, connection)
    assert everything["from_code"].nunique() == 10051


def test_crosswalk_query_refuses_a_bad_province(connection):
    with pytest.raises(QueryError, match="code of up to 2 digits"):
        run("crosswalk", {"province_code": "123"}, connection)

"""The national crosswalk (geo/crosswalk.py) on the real package and official lists, held to Resolution 1670."""

import pandas as pd
import pytest

from geo import admin, crosswalk, reform_package
from geo.names import name_key


@pytest.fixture(scope="module")
def units():
    return admin.units_2023(), admin.units_2025()


@pytest.fixture(scope="module")
def national(units):
    return crosswalk.national(*units)


def test_lai_chau_default_successors_are_resolution_1670s(national):
    resolution = admin.lai_chau_resolution_1670()
    assert len(resolution) == 106 and resolution["from_code"].is_unique
    defaults = national.communes[national.communes["is_default"]].set_index("from_code")["to_code"]
    compared = resolution.assign(national=resolution["from_code"].map(defaults))
    differences = compared[compared["national"] != compared["to_code"]]
    assert differences.empty, "national default successor ≠ Resolution 1670:\n" + differences[
        ["from_code", "to_code", "national"]
    ].to_string(index=False)
    lai_chau = national.communes[national.communes["from_code"].isin(resolution["from_code"])]
    assert set(lai_chau["to_code"]) == set(resolution["to_code"]) and len(set(resolution["to_code"])) == 38


def test_every_2023_unit_is_in_the_crosswalk_or_reported_unmatched_with_a_reason(units, national):
    units_2023, _ = units
    report = national.report[national.report["vintage"] == 2023]
    unmatched = report[report["method"] == "unmatched"]
    in_crosswalk = set(national.communes["from_code"])
    assert set(units_2023["code"]) == in_crosswalk | set(unmatched["code"])
    assert not in_crosswalk & set(unmatched["code"])
    assert unmatched["note"].str.len().gt(0).all()
    listed = report[report["code"].notna()]
    assert sorted(listed["code"]) == sorted(units_2023["code"])  # one report row per unit


def test_match_counts(national):
    counts = national.report.groupby(["vintage", "method"]).size().to_dict()
    assert counts == {
        (2023, "code"): 9849,
        (2023, "code_renamed"): 176,
        (2023, "name"): 11,
        (2023, "unmatched"): 15,
        (2023, "package_only"): 8,
        (2025, "code"): 3198,
        (2025, "name"): 123,
    }


def test_every_2025_unit_is_one_unit_of_the_package(units, national):
    _, units_2025 = units
    report = national.report[(national.report["vintage"] == 2025) & national.report["code"].notna()]
    assert sorted(report["code"]) == sorted(units_2025["code"])
    assert report["package_code"].notna().all() and report["package_code"].is_unique
    named = report.merge(units_2025[["code", "name"]], on="code", suffixes=("", "_official"))
    assert (named["package_name"].map(name_key) == named["name_official"].map(name_key)).all()


def test_a_2025_code_is_not_trusted_when_the_names_differ(national):
    # 00226 is Phường Kim Liên in the official list, Phường Văn Miếu - Quốc Tử Giám in the package.
    report = national.report[national.report["vintage"] == 2025].set_index("code")
    assert report.at["00226", "method"] == "name"
    assert report.at["00226", "package_name"] == "Phường Kim Liên"
    assert report.at["00196", "package_code"] == "00226"


def test_a_split_commune_has_one_default_and_every_candidate(national):
    communes = national.communes
    assert not communes.duplicated(["from_code", "to_code"]).any()
    assert (communes.groupby("from_code")["is_default"].sum() == 1).all()
    split = communes[communes["is_split"]]
    assert split["from_code"].nunique() == 471
    assert (split.groupby("from_code")["to_code"].nunique() >= 2).all()
    assert (communes[~communes["is_split"]].groupby("from_code").size() == 1).all()
    assert communes["source"].eq(reform_package.source()).all()
    assert reform_package.source().startswith("vietnamadminunits 1.0.4")


def test_province_mapping_maps_all_63_provinces_to_the_34(units, national):
    units_2023, units_2025 = units
    provinces = national.provinces
    assert sorted(provinces["from_province_code"]) == sorted(units_2023["province_code"].unique())
    assert len(provinces) == 63 and provinces["from_province_code"].is_unique
    assert (
        set(provinces["to_province_code"]) == set(units_2025["province_code"])
        and provinces["to_province_code"].nunique() == 34
    )
    assert provinces.set_index("from_province_code").at["15", "to_province_code"] == "15"  # Yên Bái → Lào Cai
    assert provinces.set_index("from_province_code").at["10", "to_province_code"] == "15"  # Lào Cai → Lào Cai


def test_every_commune_moves_with_its_province(units, national):
    units_2023, units_2025 = units
    rows = national.communes.merge(
        units_2023[["code", "province_code"]].rename(columns={"code": "from_code", "province_code": "old"})
    ).merge(units_2025[["code", "province_code"]].rename(columns={"code": "to_code", "province_code": "new"}))
    assert len(rows) == len(national.communes)
    expected = rows["old"].map(national.provinces.set_index("from_province_code")["to_province_code"])
    assert (rows["new"] == expected).all()


def test_predecessors_outside_the_2023_list_are_reported(national):
    unlisted = national.unlisted
    assert {"Huyện Côn Đảo", "Huyện Lý Sơn", "Phường Mộc Lỵ"} <= set(unlisted["package_name"])
    package_only = national.report[national.report["method"] == "package_only"]
    assert set(package_only["package_name"]) == set(unlisted["package_name"])
    assert package_only["note"].str.len().gt(0).all()


def test_a_synthetic_package_ties_by_code_then_name_and_reports_the_rest():
    units_2023 = pd.DataFrame(
        {
            "vintage": 2023,
            "code": ["00001", "00002", "00003", "00004"],
            "name": ["Xã An", "Xã Bình", "Xã Châu", "Xã Đông"],
            "province_code": "01",
            "district_code": "001",
        }
    )
    units_2025 = pd.DataFrame({"vintage": 2025, "code": ["00010", "00020"], "name": ["Xã Mới", "Phường Hai"]})
    units_2025["province_code"] = "01"
    before = pd.DataFrame(
        {
            "key": ["a", "b", "c"],
            "province_code": "01",
            "province": "Tỉnh Một",
            "district_code": "001",
            "district": "Huyện Một",
            "code": ["00001", "00002", "00099"],
            "name": ["Xã An", "Xã Bính", "Xã Châu"],
        }
    )
    after = pd.DataFrame(
        {
            "key": ["m", "h"],
            "province_code": "01",
            "province": "Tỉnh Một",
            "code": ["00020", "00010"],  # codes swapped: the names decide
            "name": ["Xã Mới", "Phường Hai"],
            "area_km2": [1.0, 2.0],
        }
    )
    links = pd.DataFrame(
        {
            "before_key": ["a", "b", "c", "c"],
            "after_key": ["m", "m", "m", "h"],
            "is_split": [False, False, True, True],
            "is_default": [True, True, True, False],
        }
    )
    provinces = pd.DataFrame({"before_province_code": ["01"], "after_province_code": ["01"]})
    reform = reform_package.Reform(before, after, links, provinces, "test 0 (MIT)")
    result = crosswalk.national(units_2023, units_2025, reform)
    methods = result.report.set_index("code")["method"].dropna()
    assert methods.to_dict() == {
        "00001": "code",
        "00002": "code_renamed",
        "00003": "name",
        "00004": "unmatched",
        "00010": "name",
        "00020": "name",
    }
    rows = set(zip(result.communes["from_code"], result.communes["to_code"], result.communes["is_default"]))
    assert rows == {
        ("00001", "00010", True),
        ("00002", "00010", True),
        ("00003", "00010", True),
        ("00003", "00020", False),
    }

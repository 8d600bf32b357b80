"""Both vintages built from the real boundary file, admin lists and crosswalk."""

import pandas as pd
import pytest
import shapely

from geo import admin, crosswalk
from geo.boundaries import (
    boundary_notes_2025,
    dissolve_2023,
    dissolve_2025,
    load_boundary_file,
    match_boundaries,
)


@pytest.fixture(scope="module")
def lai_chau():
    units = admin.units_2023()
    boundaries = load_boundary_file()
    boundaries = boundaries[boundaries["province"] == "Lai Châu"]
    matches = match_boundaries(boundaries, units, admin.name_aliases(), admin.boundary_merges())
    geo_2023 = dissolve_2023(boundaries, matches)
    return units[units["province_code"] == "12"], boundaries, matches, geo_2023


def test_every_polygon_is_accounted_for(lai_chau):
    _, boundaries, matches, _ = lai_chau
    assert len(matches) == len(boundaries) == 108
    assert set(matches["census_commune_id"]) == set(boundaries["census_commune_id"])
    unmatched = matches[matches["method"] == "unmatched"]
    assert unmatched["note"].str.len().gt(0).all()
    assert unmatched["commune"].tolist() == ["Xã Nậm Loỏng"]


def test_phong_tho_has_its_17_official_units_with_boundaries(lai_chau):
    units, _, _, geo_2023 = lai_chau
    official = set(units.loc[units["district_code"] == "109", "code"])
    assert len(official) == 17
    assert official <= set(geo_2023["code"])


def test_ma_li_chai_is_dissolved_into_vang_ma_chai(lai_chau):
    _, boundaries, matches, geo_2023 = lai_chau
    merged = matches[matches["commune"] == "Xã Ma Li Chải"].iloc[0]
    assert (merged["code"], merged["method"]) == ("03562", "merged")
    parts = boundaries[boundaries["commune"].isin(["Xã Ma Li Chải", "Xã Vàng Ma Chải"])]
    unit = geo_2023.set_index("code").loc["03562"]
    assert unit["part_count"] == 2
    assert unit["population"] == parts["population_2009"].sum()
    assert unit["area_km2"] == pytest.approx(parts["area_ha"].sum() / 100)


def test_every_lai_chau_2023_unit_has_a_boundary(lai_chau):
    units, _, _, geo_2023 = lai_chau
    assert set(units["code"]) == set(geo_2023["code"])


@pytest.fixture(scope="module")
def national():
    return crosswalk.national(admin.units_2023(), admin.units_2025())


@pytest.fixture(scope="module")
def lai_chau_links(lai_chau, national):
    units, *_ = lai_chau
    return national.communes[national.communes["from_code"].isin(units["code"])]


def test_2025_vintage_has_38_units_each_the_sum_of_its_parts(lai_chau, lai_chau_links):
    _, _, _, geo_2023 = lai_chau
    geo_2025 = dissolve_2025(geo_2023, lai_chau_links)
    assert len(geo_2025) == 38 == admin.units_2025().query("province_code == '12'").shape[0]
    parts = geo_2023.merge(lai_chau_links, left_on="code", right_on="from_code")
    sums = parts.groupby("to_code")[["area_km2", "population"]].sum()
    built = geo_2025.set_index("code")
    pd.testing.assert_series_equal(built["area_km2"].sort_index(), sums["area_km2"].sort_index(), check_names=False)
    pd.testing.assert_series_equal(built["population"].sort_index(), sums["population"].sort_index(), check_names=False)
    # The dissolved shape covers its parts: geometric areas agree within 0.5 % (slivers of a thinned file).
    part_area = parts.assign(a=shapely.area(parts.geometry.values)).groupby("to_code")["a"].sum()
    dissolved_area = pd.Series(shapely.area(built.geometry.values), index=built.index)
    assert ((dissolved_area / part_area.reindex(built.index) - 1).abs() < 0.005).all()


def test_new_si_lo_lau_is_old_four_communes(lai_chau, lai_chau_links):
    _, _, _, geo_2023 = lai_chau
    resolution = admin.lai_chau_resolution_1670()
    members = set(resolution.loc[resolution["to_code"] == "03562", "from_code"])
    assert members == {"03562", "03553", "03559", "03550"}
    assert set(lai_chau_links.loc[lai_chau_links["to_code"] == "03562", "from_code"]) == members
    built = dissolve_2025(geo_2023, lai_chau_links).set_index("code").loc["03562"]
    assert built["part_count"] == 4
    for code in members:
        assert built.geometry.covers(shapely.point_on_surface(geo_2023.set_index("code").at[code, "geometry"]))


def _split_first_commune(links: pd.DataFrame, also_to: str) -> pd.DataFrame:
    """The Lai Châu links with their first commune split: its default successor stays, `also_to` gets a part."""
    first = links.iloc[[0]]
    split = pd.concat([links, first.assign(to_code=also_to, is_default=False)], ignore_index=True)
    split.loc[split["from_code"] == first["from_code"].iloc[0], "is_split"] = True
    return split


def test_a_split_communes_polygon_goes_whole_to_its_default_successor(lai_chau, lai_chau_links):
    units, _, _, geo_2023 = lai_chau
    first = lai_chau_links.iloc[0]
    assert first["to_code"] != "03562"
    split = _split_first_commune(lai_chau_links, "03562")
    built = dissolve_2025(geo_2023, split).set_index("code")
    unsplit = dissolve_2025(geo_2023, lai_chau_links).set_index("code")
    assert built.at[first["to_code"], "part_count"] == unsplit.at[first["to_code"], "part_count"]
    assert built.at["03562", "part_count"] == 4  # the split commune is not drawn in its other successor
    assert built.at[first["to_code"], "geometry"].equals(unsplit.at[first["to_code"], "geometry"])

    units_2025 = admin.units_2025().query("province_code == '12'")
    notes = boundary_notes_2025(units_2025, units, geo_2023, split, pd.DataFrame(columns=["to_code", "package_name"]))
    notes = notes.set_index("code")
    assert notes["has_boundary"].all()
    name = f"{units.set_index('code').at[first['from_code'], 'name']} ({first['from_code']})"
    assert notes.at[first["to_code"], "boundary_approximate"]
    assert notes.at[first["to_code"], "boundary_note"] == (
        f"holds the whole of split commune {name}, part of which went to other units"
    )
    assert notes.at["03562", "boundary_approximate"]
    assert name in notes.at["03562", "boundary_note"] and "default successor" in notes.at["03562", "boundary_note"]
    others = notes.drop(index=[first["to_code"], "03562"])
    assert not others["boundary_approximate"].any() and others["boundary_note"].isna().all()


def test_a_unit_without_any_drawable_predecessor_is_not_drawn_and_says_why(lai_chau, lai_chau_links):
    units, _, _, geo_2023 = lai_chau
    lonely = lai_chau_links.groupby("to_code").filter(lambda group: len(group) == 1).iloc[0]
    without = geo_2023[geo_2023["code"] != lonely["from_code"]]
    assert lonely["to_code"] not in set(dissolve_2025(without, lai_chau_links)["code"])
    units_2025 = admin.units_2025().query("province_code == '12'")
    unlisted = pd.DataFrame({"to_code": ["03562"], "package_name": ["Huyện Ví Dụ"]})
    notes = boundary_notes_2025(units_2025, units, without, lai_chau_links, unlisted).set_index("code")
    assert not notes.at[lonely["to_code"], "has_boundary"]
    assert not notes.at[lonely["to_code"], "boundary_approximate"]  # nothing drawn: nothing approximate
    assert notes.at[lonely["to_code"], "boundary_note"].startswith("no boundary for predecessor")
    assert notes.at["03562", "boundary_approximate"]
    assert notes.at["03562", "boundary_note"] == "predecessor not in the 2023 list: Huyện Ví Dụ"


def test_national_file_loads_and_matches_most_units():
    units = admin.units_2023()
    boundaries = load_boundary_file()
    matches = match_boundaries(boundaries, units, admin.name_aliases(), admin.boundary_merges())
    assert len(matches) == len(boundaries) == 11163
    matched = matches["code"].notna()
    assert matched.mean() > 0.8
    # no code is claimed by two polygons unless a merge says so
    claims = matches[matched & (matches["method"] != "merged")]["code"]
    assert not claims.duplicated().any()

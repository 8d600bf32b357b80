"""Commune boundaries for both vintages, built from the one boundary file we have.

The boundary file predates the 2019–2021 mergers. Its polygons are tied to official 2023 codes by
name (geo.matching), polygons of communes merged before 2023 are dissolved into their successor
(data/admin/boundary_merges.csv), and the 2025 units are dissolved from their 2023 predecessors
through the national crosswalk (geo.crosswalk). Population and area travel with the polygons and are
summed the same way; where a 2025 shape is approximate, boundary_notes_2025 says so and why.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from geo import admin
from geo.matching import Candidate, NameMatcher
from geo.names import name_key, nfc


def load_boundary_file(path: Path = admin.BOUNDARY_FILE) -> gpd.GeoDataFrame:
    frame = gpd.read_parquet(path)
    for column in ("province", "district", "commune"):
        frame[column] = frame[column].map(nfc)
    return frame


def _aliases_for(aliases: pd.DataFrame, level: str, province_code: str = "", district_code: str = "") -> dict[str, str]:
    scoped = aliases[aliases["level"] == level]
    if level != "province":
        scoped = scoped[
            (scoped["province_code"] == province_code)
            & ((scoped["district_code"] == "") | (scoped["district_code"] == district_code))
        ]
    return dict(zip(scoped["variant"], scoped["official"]))


def match_boundaries(
    boundaries: pd.DataFrame,
    units: pd.DataFrame,
    aliases: pd.DataFrame,
    merges: pd.DataFrame,
) -> pd.DataFrame:
    """One row per boundary polygon: the 2023 code it belongs to and how that was decided.

    A polygon is looked up among the communes of its own district (every rule, ASCII included).
    Where its district no longer matches, or the commune moved to a new district, the whole
    province is searched by exact or normalised name only: a guess across a province is too
    risky. A code claimed by two polygons goes to the one found in its own district; the other
    is reported unmatched. Polygons of communes merged before 2023 come from `merges`.
    """
    provinces = units.drop_duplicates("province_code")
    province_matcher = NameMatcher(
        (Candidate(r.province_code, r.province_name) for r in provinces.itertuples()),
        _aliases_for(aliases, "province"),
    )
    districts_of = defaultdict(list)
    for r in units.drop_duplicates("district_code").itertuples():
        districts_of[r.province_code].append(Candidate(r.district_code, r.district_name))
    communes_of_district = defaultdict(list)
    communes_of_province = defaultdict(list)
    for r in units.itertuples():
        communes_of_district[r.district_code].append(Candidate(r.code, r.name))
        communes_of_province[r.province_code].append(Candidate(r.code, r.name))
    merged_into = {(m.province_code, name_key(m.boundary_commune)): (m.code_2023, m.note) for m in merges.itertuples()}

    @cache
    def district_matcher(province_code: str) -> NameMatcher:
        return NameMatcher(districts_of[province_code])

    @cache
    def commune_matcher(province_code: str, district_code: str) -> NameMatcher:
        pool = communes_of_district[district_code] if district_code else communes_of_province[province_code]
        return NameMatcher(pool, _aliases_for(aliases, "commune", province_code, district_code))

    rows = []
    for polygon in boundaries.itertuples():
        row = {
            "census_commune_id": int(polygon.census_commune_id),
            "province": polygon.province,
            "district": polygon.district,
            "commune": polygon.commune,
            "vintage": 2023,
            "in_own_district": False,
        }
        province = province_matcher.match(polygon.province)
        if province.code is None:
            rows.append({**row, "code": None, "method": "unmatched", "note": f"province not found ({province.note})"})
            continue
        merged = merged_into.get((province.code, name_key(polygon.commune)))
        if merged:
            rows.append({**row, "code": merged[0], "method": "merged", "note": merged[1], "in_own_district": True})
            continue
        district = district_matcher(province.code).match(polygon.district)
        if district.code:
            found = commune_matcher(province.code, district.code).match(polygon.commune)
            if found.code:
                rows.append(
                    {**row, "code": found.code, "method": found.method, "note": found.note, "in_own_district": True}
                )
                continue
        elsewhere = commune_matcher(province.code, "").match(polygon.commune, allow_ascii=False)
        if elsewhere.code:
            note = "district renamed or split: found elsewhere in the province"
            rows.append({**row, "code": elsewhere.code, "method": elsewhere.method, "note": note})
        else:
            note = elsewhere.note if district.code else f"district not found; {elsewhere.note}"
            rows.append({**row, "code": None, "method": "unmatched", "note": note})
    return _resolve_double_claims(pd.DataFrame(rows))


def _resolve_double_claims(matches: pd.DataFrame) -> pd.DataFrame:
    """Keep one polygon per code (merges aside): the one matched within its own district."""
    claims = matches[matches["code"].notna() & (matches["method"] != "merged")]
    ranked = claims.sort_values(["code", "in_own_district", "census_commune_id"], ascending=[True, False, True])
    losers = ranked[ranked.duplicated("code", keep="first")]
    winners = ranked.drop_duplicates("code", keep="first").set_index("code")["census_commune_id"]
    for index in losers.index:
        code = matches.at[index, "code"]
        matches.at[index, "note"] = f"{code} is already the boundary polygon {winners[code]}"
        matches.at[index, "code"] = None
        matches.at[index, "method"] = "unmatched"
    return matches.drop(columns="in_own_district")


def dissolve_2023(boundaries: gpd.GeoDataFrame, matches: pd.DataFrame) -> gpd.GeoDataFrame:
    """One geometry per 2023 code: the union of its matched polygons, with summed population and area."""
    joined = boundaries.merge(matches[["census_commune_id", "code"]], on="census_commune_id")
    joined = joined[joined["code"].notna()]
    return _dissolve(joined.assign(area_km2=joined["area_ha"] / 100.0, population=joined["population_2009"]), "code")


def dissolve_2025(units_2023_geo: gpd.GeoDataFrame, crosswalk: pd.DataFrame) -> gpd.GeoDataFrame:
    """2025 units dissolved from their 2023 predecessors' polygons, each polygon going to one unit.

    A split commune's polygon goes whole to its default successor (the crosswalk's `is_default`), as its
    figures do: a polygon cannot be cut without the line the resolution drew. A unit is built from
    whatever predecessors have a polygon; boundary_notes_2025 says which shapes are approximate and why.
    """
    drawn = crosswalk[crosswalk["is_default"]]
    parts = units_2023_geo.merge(drawn[["from_code", "to_code"]], left_on="code", right_on="from_code")
    parts = parts.drop(columns=["code", "part_count"]).assign(part_count=1)
    dissolved = _dissolve(parts, "to_code", part_column="part_count")
    return dissolved.rename(columns={"to_code": "code"})


# Why a 2025 shape is approximate, by kind of predecessor: the words of boundary_notes_2025.
_ISSUES = {
    "whole_split": "holds the whole of split commune {}, part of which went to other units",
    "split_elsewhere": "lacks its part of split commune {}, drawn whole in that commune's default successor",
    "no_polygon": "no boundary for predecessor {}",
}


def boundary_notes_2025(
    units_2025: pd.DataFrame,
    units_2023: pd.DataFrame,
    units_2023_geo: pd.DataFrame,
    crosswalk: pd.DataFrame,
    unlisted: pd.DataFrame,
) -> pd.DataFrame:
    """For every 2025 unit: whether dissolve_2025 draws it, whether that shape is approximate, and why.

    Approximate: it holds the whole of a split commune (part of which went elsewhere), it lacks its part
    of a split commune drawn in that commune's default successor, a predecessor has no polygon, or a
    predecessor in the package's list is not in the 2023 list. Population and area, summed over the
    same parts, are approximate for the same reasons.
    """
    names = dict(zip(units_2023["code"], units_2023["name"]))
    links = crosswalk.assign(has_polygon=crosswalk["from_code"].isin(set(units_2023_geo["code"])))
    links["issue"] = None
    links.loc[links["is_default"] & links["is_split"] & links["has_polygon"], "issue"] = "whole_split"
    links.loc[~links["is_default"], "issue"] = "split_elsewhere"
    links.loc[links["is_default"] & ~links["has_polygon"], "issue"] = "no_polygon"
    links["label"] = links["from_code"].map(names) + " (" + links["from_code"] + ")"
    listed = links[links["issue"].notna()].groupby(["to_code", "issue"])["label"].agg(", ".join).to_dict()
    missing = unlisted.groupby("to_code")["package_name"].agg(lambda names: ", ".join(map(str, names))).to_dict()
    drawn = set(links.loc[links["is_default"] & links["has_polygon"], "to_code"])
    linked = set(links["to_code"])
    rows = []
    for code in units_2025["code"]:
        issues = [
            template.format(listed[(code, issue)]) for issue, template in _ISSUES.items() if (code, issue) in listed
        ]
        if code in missing:
            issues.append(f"predecessor not in the 2023 list: {missing[code]}")
        if code not in linked and code not in missing:
            issues.append("no predecessor in the crosswalk")
        rows.append(
            {
                "code": code,
                "has_boundary": code in drawn,
                "boundary_approximate": code in drawn and bool(issues),
                "boundary_note": "; ".join(issues) or None,
            }
        )
    return pd.DataFrame(rows)


SLIVER_MAX_DEGREES2 = 2e-5  # ≈ 0.25 km²: the gaps between neighbouring 2009 polygons are all smaller


def _fill_slivers(geometry):
    """Close the small holes a union leaves where neighbouring source polygons did not quite meet."""
    polygons = []
    for polygon in getattr(geometry, "geoms", [geometry]):
        if not isinstance(polygon, shapely.Polygon):
            continue
        keep = [ring for ring in polygon.interiors if shapely.Polygon(ring).area > SLIVER_MAX_DEGREES2]
        polygons.append(shapely.Polygon(polygon.exterior, keep))
    return shapely.MultiPolygon(polygons) if len(polygons) > 1 else polygons[0] if polygons else geometry


def _dissolve(frame: gpd.GeoDataFrame, by: str, part_column: str | None = None) -> gpd.GeoDataFrame:
    records = []
    for code, group in frame.groupby(by, sort=True):
        geometry = (
            group.geometry.iloc[0] if len(group) == 1 else _fill_slivers(shapely.union_all(group.geometry.values))
        )
        records.append(
            {
                by: code,
                "population": group["population"].sum(min_count=len(group)),
                "area_km2": group["area_km2"].sum(min_count=len(group)),
                "part_count": int(group[part_column].sum()) if part_column else len(group),
                "geometry": shapely.make_valid(geometry),
            }
        )
    return gpd.GeoDataFrame(records, geometry="geometry", crs="EPSG:4326")


def dissolve_provinces(units_geo: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """One shape per province, the union of its units' shapes (`province_code` column): the country map's units.

    Made once when the database is built: a union of ten thousand communes takes seconds, a page has none to spare.
    """
    records = [
        {
            "province_code": code,
            "unit_count": len(group),
            "geometry": shapely.make_valid(_fill_slivers(shapely.union_all(group.geometry.values))),
        }
        for code, group in units_geo.groupby("province_code", sort=True)
    ]
    return gpd.GeoDataFrame(records, geometry="geometry", crs="EPSG:4326")

"""The national 2023 → 2025 crosswalk: each commune of the official 2023 list to its successor(s) of 2025.

The links between old and new units are the package vietnamadminunits' (geo.reform_package); the units
are those of the official lists in data/admin, which come from another package and differ from it in
places, so each unit of ours is first tied to one of the package's, and how is reported:

- 2023 units by code (`code` when the names agree, `code_renamed` when the package spells or names the
  unit otherwise), else by name within the district, then the province (`name`: the package lists it
  under another code, sometimes a unit it was merged with before July 2025), else `unmatched`.
- 2025 units by code only where the names agree too (`code`): the two lists give some 2025 codes to
  different units (00226 is Phường Kim Liên in ours, Phường Văn Miếu - Quốc Tử Giám in the package).
  Then by name within the province (`name`), then by code alone (`code_renamed`), else `unmatched`.
- Units of the package tied to none of ours are reported as `package_only`.

A commune split between several new units keeps one row per successor (`is_split`); the package names
one of them its default successor (`is_default`), where a figure of the whole commune is re-aggregated.
Nothing is dropped: a unit without successor is in the report with the reason.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import pandas as pd

from geo import reform_package
from geo.matching import Candidate, NameMatcher
from geo.names import name_key

REPORT_COLUMNS = ["vintage", "code", "name", "province_code", "method", "package_code", "package_name", "note"]


@dataclass(frozen=True)
class Crosswalk:
    communes: pd.DataFrame  # from_vintage, from_code, to_vintage, to_code, is_split, is_default, source
    provinces: pd.DataFrame  # from_province_code, to_province_code, source
    report: pd.DataFrame  # REPORT_COLUMNS: how each unit of either list (and of the package) was tied
    unlisted: pd.DataFrame  # to_code, package_code, package_name, is_split, note: predecessors not in the 2023 list


def _tie(unit, package_row, method: str, note: str = "") -> dict:
    return {
        "vintage": unit.vintage,
        "code": unit.code,
        "name": unit.name,
        "province_code": unit.province_code,
        "method": method,
        "package_code": None if package_row is None else package_row.code,
        "package_name": None if package_row is None else package_row.name,
        "package_key": None if package_row is None else package_row.key,
        "note": note,
    }


def _renamed(unit, package_row) -> str:
    return "" if name_key(unit.name) == name_key(package_row.name) else f"named {package_row.name} in the package"


def tie_2023(units: pd.DataFrame, before: pd.DataFrame) -> pd.DataFrame:
    """One row per 2023 unit: the package unit it is, and how that was decided."""
    listed = before[before["code"].notna()]
    by_code = {row.code: row for row in listed.itertuples()}
    by_district, by_province = defaultdict(list), defaultdict(list)
    for row in listed.itertuples():
        by_district[(row.province_code, row.district_code)].append(row)
        by_province[row.province_code].append(row)
    matchers: dict[tuple, NameMatcher] = {}

    def found_by_name(pool_key: tuple, pool: list, name: str, allow_ascii: bool):
        if pool_key not in matchers:
            matchers[pool_key] = NameMatcher(Candidate(row.code, row.name) for row in pool)
        return matchers[pool_key].match(name, allow_ascii=allow_ascii).code

    rows = []
    for unit in units.itertuples():
        package_row = by_code.get(unit.code)
        if package_row is not None and package_row.province_code == unit.province_code:
            note = _renamed(unit, package_row)
            rows.append(_tie(unit, package_row, "code_renamed" if note else "code", note))
            continue
        district = (unit.province_code, unit.district_code)
        code = found_by_name(district, by_district[district], unit.name, True) or found_by_name(
            (unit.province_code,), by_province[unit.province_code], unit.name, False
        )
        if code:
            rows.append(_tie(unit, by_code[code], "name", f"code {code} in the package"))
        else:
            note = (
                "not in the package's list of units before 1 July 2025 (merged into a neighbour or renamed "
                "between the two lists; the package does not say into which)"
            )
            rows.append(_tie(unit, None, "unmatched", note))
    ties = pd.DataFrame(rows)
    return _note_shared(ties)


def _note_shared(ties: pd.DataFrame) -> pd.DataFrame:
    """Say where one package unit stands for several of ours (merged between the two lists)."""
    tied = ties[ties["package_code"].notna()]
    shared = tied[tied.duplicated("package_code", keep=False)]
    for package_code, group in shared.groupby("package_code"):
        for index in group.index:
            others = ", ".join(
                f"{n} ({c})" for c, n in zip(group["code"], group["name"]) if c != ties.at[index, "code"]
            )
            merged = f"the package's {ties.at[index, 'package_name']} ({package_code}) also stands for {others}"
            ties.at[index, "note"] = "; ".join(filter(None, [ties.at[index, "note"], merged]))
    return ties


def tie_2025(units: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """One row per 2025 unit: the package unit it is, and how that was decided (one package unit each)."""
    by_code = {row.code: row for row in after.itertuples()}
    by_key = {row.key: row for row in after.itertuples()}
    tied: dict[str, dict] = {}
    claimed: set[str] = set()
    for unit in units.itertuples():
        package_row = by_code.get(unit.code)
        if package_row is not None and package_row.province_code == unit.province_code:
            if not _renamed(unit, package_row):
                tied[unit.code] = _tie(unit, package_row, "code")
                claimed.add(package_row.key)
    left = units[~units["code"].isin(tied)]
    for province_code, group in left.groupby("province_code"):
        pool = after[(after["province_code"] == province_code) & ~after["key"].isin(claimed)]
        matcher = NameMatcher(Candidate(key, name) for key, name in zip(pool["key"], pool["name"]))
        for unit in group.itertuples():
            key = matcher.match(unit.name, allow_ascii=False).code
            if key and key not in claimed:
                package_row = by_key[key]
                tied[unit.code] = _tie(unit, package_row, "name", f"code {package_row.code} in the package")
                claimed.add(key)
    for unit in units[~units["code"].isin(tied)].itertuples():
        package_row = by_code.get(unit.code)
        if (
            package_row is not None
            and package_row.province_code == unit.province_code
            and package_row.key not in claimed
        ):
            tied[unit.code] = _tie(unit, package_row, "code_renamed", _renamed(unit, package_row))
            claimed.add(package_row.key)
        else:
            tied[unit.code] = _tie(unit, None, "unmatched", "no unit of the package has this code or name")
    return pd.DataFrame([tied[code] for code in units["code"]])


def _package_only(vintage: int, package_units: pd.DataFrame, tied_keys: set[str]) -> pd.DataFrame:
    rows = package_units[~package_units["key"].isin(tied_keys)]
    label = rows["name"].fillna(rows["district"]) if "district" in rows else rows["name"]
    note = (
        rows["code"]
        .isna()
        .map(
            {
                True: "a district without communes in the package's list: no commune of the 2023 list lies in it",
                False: "a unit of the package that is in neither official list of data/admin",
            }
        )
    )
    return pd.DataFrame(
        {
            "vintage": vintage,
            "code": None,
            "name": label,
            "province_code": rows["province_code"],
            "method": "package_only",
            "package_code": rows["code"],
            "package_name": label,
            "package_key": rows["key"],
            "note": note,
        }
    )


def national(
    units_2023: pd.DataFrame, units_2025: pd.DataFrame, reform: reform_package.Reform | None = None
) -> Crosswalk:
    """The crosswalk between the official lists of data/admin, through the package's links."""
    reform = reform or reform_package.load()
    old, new = tie_2023(units_2023, reform.before), tie_2025(units_2025, reform.after)
    old_of_key = old[old["package_key"].notna()][["package_key", "code"]].rename(
        columns={"package_key": "before_key", "code": "from_code"}
    )
    new_of_key = new[new["package_key"].notna()][["package_key", "code"]].rename(
        columns={"package_key": "after_key", "code": "to_code"}
    )
    links = reform.links.merge(new_of_key, on="after_key", how="left")
    communes = links.merge(old_of_key, on="before_key").dropna(subset=["to_code"])
    communes = pd.DataFrame(
        {
            "from_vintage": 2023,
            "from_code": communes["from_code"],
            "to_vintage": 2025,
            "to_code": communes["to_code"],
            "is_split": communes["is_split"],
            "is_default": communes["is_default"],
            "source": reform.source,
        }
    ).sort_values(["from_code", "to_code"], ignore_index=True)

    without_successor = ~old["code"].isin(communes["from_code"]) & (old["method"] != "unmatched")
    old.loc[without_successor, "note"] = old.loc[without_successor, "note"].map(
        lambda note: "; ".join(filter(None, [note, "its successors in the package are in no unit of the 2025 list"]))
    )
    old.loc[without_successor, "method"] = "unmatched"

    before = reform.before.set_index("key")
    unlisted = links[~links["before_key"].isin(old_of_key["before_key"]) & links["to_code"].notna()]
    unlisted = pd.DataFrame(
        {
            "to_code": unlisted["to_code"],
            "package_code": before.loc[unlisted["before_key"], "code"].to_numpy(),
            "package_name": before.loc[unlisted["before_key"], "name"]
            .fillna(before.loc[unlisted["before_key"], "district"])
            .to_numpy(),
            "is_split": unlisted["is_split"],
        }
    ).reset_index(drop=True)

    report = pd.concat(
        [
            old,
            new,
            _package_only(2023, reform.before, set(old["package_key"].dropna())),
            _package_only(2025, reform.after, set(new["package_key"].dropna())),
        ],
        ignore_index=True,
    )[REPORT_COLUMNS]
    return Crosswalk(communes, _provinces(units_2023, units_2025, reform), report, unlisted)


def _provinces(units_2023: pd.DataFrame, units_2025: pd.DataFrame, reform: reform_package.Reform) -> pd.DataFrame:
    """2023 province → 2025 province. The package's codes are the official ones: a code unknown to our lists is an error."""
    mapping = reform.provinces.rename(
        columns={"before_province_code": "from_province_code", "after_province_code": "to_province_code"}
    )
    unknown_old = set(mapping["from_province_code"]) - set(units_2023["province_code"])
    unknown_new = set(mapping["to_province_code"]) - set(units_2025["province_code"])
    if unknown_old or unknown_new:
        raise ValueError(
            f"province codes of the package not in the official lists: {sorted(unknown_old | unknown_new)}"
        )
    return mapping.assign(source=reform.source).sort_values("from_province_code", ignore_index=True)

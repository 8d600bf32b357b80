"""The 2025 reform as the package vietnamadminunits (MIT) ships it: the units before and after, and the links.

The package names units by keys made of their names ("tinhlaichau_huyenphongtho_xasilolau"); its
converter file links the keys of the units before 1 July 2025 to those after, and its SQLite file gives
each key its GSO code and name. Both are read from the installed package's data files (read-only), not
through its address parser: the links and codes are all the crosswalk needs. Tying these units to the
official lists of data/admin is geo.crosswalk's job.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from functools import cache
from importlib import metadata, resources

import pandas as pd

from geo.names import nfc

PACKAGE = "vietnamadminunits"
LICENCE = "MIT"


@dataclass(frozen=True)
class Reform:
    before: (
        pd.DataFrame
    )  # key, province_code, province, district_code, district, code, name (code NULL: a district without communes)
    after: pd.DataFrame  # key, province_code, province, code, name, area_km2
    links: pd.DataFrame  # before_key, after_key, is_split, is_default: one row per successor
    provinces: pd.DataFrame  # before_province_code, after_province_code
    source: str  # "vietnamadminunits 1.0.4 (MIT)"


def source() -> str:
    return f"{PACKAGE} {metadata.version(PACKAGE)} ({LICENCE})"


def _read_sql(database, sql: str) -> pd.DataFrame:
    with resources.as_file(database) as path, sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        frame = pd.read_sql(sql, connection)
    for column in frame.columns:
        if frame[column].dtype == object:
            frame[column] = frame[column].map(lambda value: nfc(value) if isinstance(value, str) else value)
    return frame


def _links(converter: dict) -> pd.DataFrame:
    rows = [
        (before, f"{province}_{ward}", False, True)
        for province, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items()
        for ward, befores in wards.items()
        for before in befores
    ]
    rows += [
        (before, f"{province}_{successor['newWardKey']}", True, bool(successor["isDefaultNewWard"]))
        for province, divided in converter["DICT_PROVINCE_WARD_DIVIDED"].items()
        for before, successors in divided.items()
        for successor in successors
    ]
    return pd.DataFrame(rows, columns=["before_key", "after_key", "is_split", "is_default"])


@cache
def load() -> Reform:
    """The package's units and links (read once per process; callers must not modify the frames)."""
    data = resources.files(PACKAGE) / "data"
    converter = json.loads((data / "converter_2025.json").read_text(encoding="utf-8"))
    before = _read_sql(
        data / "dataset.db",
        """SELECT provinceKey || '_' || districtKey || '_' || coalesce(wardKey, '') AS key, provinceKey AS province_key,
                  provinceCode AS province_code, province, districtCode AS district_code, district,
                  wardCode AS code, ward AS name
           FROM admin_units_legacy""",
    )
    after = _read_sql(
        data / "dataset.db",
        """SELECT provinceKey || '_' || wardKey AS key, provinceKey AS province_key, provinceCode AS province_code,
                  province, wardCode AS code, ward AS name, wardAreaKm2 AS area_km2
           FROM admin_units""",
    )
    old_province = dict(zip(before["province_key"], before["province_code"]))
    new_province = dict(zip(after["province_key"], after["province_code"]))
    provinces = pd.DataFrame(
        [(old_province[old], new_province[new]) for new, olds in converter["DICT_PROVINCE"].items() for old in olds],
        columns=["before_province_code", "after_province_code"],
    )
    return Reform(
        before=before.drop(columns="province_key"),
        after=after.drop(columns="province_key"),
        links=_links(converter),
        provinces=provinces,
        source=source(),
    )

"""Readers for the administrative lists in data/admin (official units, Lai Châu's resolution, name fixes).

Codes are kept as zero-padded strings: "03562" is not the number 3562.
"""

from __future__ import annotations

import pandas as pd

from geo.names import nfc, unit_type
from registry.paths import DATA_DIR

ADMIN_DIR = DATA_DIR / "admin"
BOUNDARY_FILE = DATA_DIR / "boundaries" / "vn_communes_2009.parquet"


def _read(name: str) -> pd.DataFrame:
    frame = pd.read_csv(ADMIN_DIR / name, dtype=str, keep_default_na=False)
    for column in frame.columns:
        frame[column] = frame[column].map(nfc)
    return frame


def units_2023() -> pd.DataFrame:
    """The official 2023 list: province, district, commune (10,051 communes)."""
    frame = _read("vn_units_2023.csv").rename(
        columns={"commune_code": "code", "commune": "name", "province": "province_name", "district": "district_name"}
    )
    frame["vintage"] = 2023
    frame["unit_type"] = frame["name"].map(unit_type)
    return frame


def units_2025() -> pd.DataFrame:
    """The official list in force since 1 July 2025: province, commune (3,321 units)."""
    frame = _read("vn_units_2025.csv").rename(
        columns={"commune_code": "code", "commune": "name", "province": "province_name"}
    )
    frame["vintage"] = 2025
    frame["unit_type"] = frame["name"].map(unit_type)
    frame["district_code"] = None
    frame["district_name"] = None
    return frame


def lai_chau_resolution_1670() -> pd.DataFrame:
    """Lai Châu's 106 communes of 2023 -> its 38 units of 2025, as Resolution 1670 lists them.

    The build takes the national crosswalk from geo.crosswalk; this file, transcribed from the
    resolution itself, is the oracle the tests hold the national crosswalk to.
    """
    frame = _read("lai_chau_2025_mergers.csv")
    split_codes = frame.groupby("old_commune_code")["new_commune_code"].transform("nunique") > 1
    return pd.DataFrame(
        {
            "from_vintage": 2023,
            "from_code": frame["old_commune_code"],
            "to_vintage": 2025,
            "to_code": frame["new_commune_code"],
            "is_split": split_codes,
            "source": "Nghị quyết 1670/NQ-UBTVQH15 (16/6/2025)",
        }
    )


def name_aliases() -> pd.DataFrame:
    """Spelling variants in official use: variant -> official name, scoped to a province/district."""
    return _read("name_aliases.csv")


def boundary_merges() -> pd.DataFrame:
    """Boundary polygons of communes that no longer exist in 2023, and the 2023 unit that absorbed them."""
    return _read("boundary_merges.csv")

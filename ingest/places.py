"""Which commune a row means, in which vintage, and where its boundary is.

Staff write a commune as its name (any Unicode form, with or without accents or "Xã"), as a known
spelling variant, or as its code. A code alone is ambiguous across vintages (03562 is Vàng Ma Chải
in 2023 and Sì Lở Lầu in 2025), so a row is always resolved within one vintage. Names are matched
among the communes of the row's district when it is known (in 2025, the units that took over that
district's communes), else nationwide, where guessing from letters without accents is not allowed.
The matching itself is geo.matching.NameMatcher, the same one that tied the boundary file to codes.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from geo import admin
from geo.matching import Candidate, NameMatcher
from geo.names import nfc
from registry.vintages import VINTAGES


@dataclass(frozen=True)
class Resolution:
    code: str | None
    problem: str | None = None  # validation code when code is None
    params: tuple = ()  # (key, value) pairs for the message

    @property
    def params_dict(self) -> dict:
        return dict(self.params)


class Places:
    """Units of both vintages (from the database's `unit` and `crosswalk` tables)."""

    def __init__(self, units: pd.DataFrame, crosswalk: pd.DataFrame):
        units = units.copy()
        self._units = {(int(v), c): row for v, c, row in zip(units["vintage"], units["code"], units.to_dict("records"))}
        self._districts = dict(
            units[units["vintage"] == 2023]
            .dropna(subset=["district_code"])
            .groupby("district_code")["district_name"]
            .first()
        )
        self._frame = units
        self._successors = crosswalk.groupby("from_code")["to_code"].apply(set).to_dict() if len(crosswalk) else {}
        self._matchers: dict[tuple, NameMatcher] = {}
        self._cache: dict[tuple, Resolution] = {}
        try:
            self._aliases = admin.name_aliases()
        except (OSError, ValueError):
            self._aliases = pd.DataFrame(columns=["level", "district_code", "variant", "official"])

    @classmethod
    def load(cls, connection: duckdb.DuckDBPyConnection) -> Places:
        units = connection.execute(
            "SELECT vintage, code, name, district_code, district_name, province_code, province_name, has_boundary FROM unit"
        ).df()
        crosswalk = connection.execute(
            "SELECT from_code, to_code FROM crosswalk WHERE from_vintage = 2023 AND to_vintage = 2025"
        ).df()
        return cls(units, crosswalk)

    # ------------------------------------------------------------ look-ups
    def district_name(self, code: str) -> str | None:
        return self._districts.get(code)

    def unit(self, vintage: int, code: str) -> dict | None:
        return self._units.get((vintage, code))

    def name(self, vintage: int, code: str | None) -> str:
        unit = self.unit(vintage, code) if code else None
        return unit["name"] if unit else ""

    def has_boundary(self, vintage: int, code: str) -> bool:
        unit = self.unit(vintage, code)
        return bool(unit and unit["has_boundary"])

    def communes(self, vintage: int, district_code: str | None) -> pd.DataFrame:
        """The units a file for this district may name (2025: those that took over its communes)."""
        frame = self._frame[self._frame["vintage"] == vintage]
        if district_code is None:
            return frame
        if vintage == 2023:
            return frame[frame["district_code"] == district_code]
        old = self._frame[(self._frame["vintage"] == 2023) & (self._frame["district_code"] == district_code)]["code"]
        successors = set().union(*(self._successors.get(code, set()) for code in old)) if len(old) else set()
        return frame[frame["code"].isin(successors)]

    def _matcher(self, vintage: int, district_code: str | None) -> NameMatcher:
        key = (vintage, district_code)
        if key not in self._matchers:
            pool = self.communes(vintage, district_code)
            aliases = {}
            if district_code is not None and vintage == 2023:
                scoped = self._aliases[
                    (self._aliases["level"] == "commune") & (self._aliases["district_code"] == district_code)
                ]
                aliases = dict(zip(scoped["variant"], scoped["official"]))
            self._matchers[key] = NameMatcher((Candidate(c, n) for c, n in zip(pool["code"], pool["name"])), aliases)
        return self._matchers[key]

    # ------------------------------------------------------------ resolving
    def resolve(self, vintage: int, written: str, district_code: str | None = None) -> Resolution:
        """The code of the unit `written` names in `vintage` (within `district_code` if given)."""
        key = (vintage, written, district_code)
        if key not in self._cache:
            self._cache[key] = self._resolve(vintage, nfc(written), district_code)
        return self._cache[key]

    def _resolve(self, vintage: int, written: str, district_code: str | None) -> Resolution:
        if written.isdigit():
            code = written.zfill(5)
            if len(code) != 5 or self.unit(vintage, code) is None:
                return Resolution(None, "unknown_commune_code", (("vintage", vintage),))
            return self._check_district(vintage, code, district_code)
        found = self._matcher(vintage, district_code).match(written, allow_ascii=district_code is not None)
        if found.code:
            return Resolution(found.code)
        if found.note.startswith("ambiguous"):
            return Resolution(None, "ambiguous_commune", (("candidates", found.note.removeprefix("ambiguous: ")),))
        if district_code is not None:
            elsewhere = self._matcher(vintage, None).match(written, allow_ascii=False)
            if elsewhere.code:
                unit = self.unit(vintage, elsewhere.code)
                return Resolution(
                    None,
                    "commune_not_in_district",
                    (
                        ("district", self.district_name(district_code) or district_code),
                        ("place", f"{unit['name']} ({unit['code']}, {unit['district_name'] or unit['province_name']})"),
                    ),
                )
        where = self.district_name(district_code) if district_code else None
        return Resolution(None, "unknown_commune", (("vintage", vintage), ("where", f" — {where}" if where else "")))

    def _check_district(self, vintage: int, code: str, district_code: str | None) -> Resolution:
        if district_code is None:
            return Resolution(code)
        if code in set(self.communes(vintage, district_code)["code"]):
            return Resolution(code)
        unit = self.unit(vintage, code)
        return Resolution(
            None,
            "commune_not_in_district",
            (
                ("district", self.district_name(district_code) or district_code),
                ("place", f"{unit['name']} ({code}, {unit['district_name'] or unit['province_name']})"),
            ),
        )

    def resolves_in(self, written: str, district_code: str | None) -> list[int]:
        """The vintages in which `written` names exactly one unit (to tell a 2025 row's vintage)."""
        return [vintage for vintage in VINTAGES if self.resolve(vintage, written, district_code).code]


def load_boundaries(
    connection: duckdb.DuckDBPyConnection, pairs: set[tuple[int, str]]
) -> dict[tuple[int, str], object]:
    """Shapely geometries of the named units, read once per validation."""
    import shapely

    if not pairs:
        return {}
    wanted = pd.DataFrame(sorted(pairs), columns=["vintage", "code"])
    connection.register("wanted_units", wanted)
    try:
        rows = connection.execute(
            "SELECT b.vintage, b.code, b.geometry_wkb FROM unit_boundary b JOIN wanted_units w USING (vintage, code)"
        ).fetchall()
    finally:
        connection.unregister("wanted_units")
    return {(int(vintage), code): shapely.from_wkb(bytes(wkb)) for vintage, code, wkb in rows}

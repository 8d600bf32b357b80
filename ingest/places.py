"""Which commune a row means, in which vintage, and where its boundary is.

Staff write a commune as its name (any Unicode form, with or without accents or "Xã"), as a known
spelling variant, or as its code. A code alone is ambiguous across vintages (03562 is Vàng Ma Chải
in 2023 and Sì Lở Lầu in 2025), so a row is always resolved within one vintage. Names are matched
among the communes of the row's district when it is known (in 2025, the units that took over that
district's communes), else nationwide, where guessing from letters without accents is not allowed.
The matching itself is geo.matching.NameMatcher, the same one that tied the boundary file to codes.

A code always wins over a name: official lists hold one code per unit but sometimes two units of one
name in one district (two "Xã Đông Khê" in Thành phố Thanh Hóa, 380), so a row that gives the code is
resolved by it, and a name written beside the code only has to be that unit's name (identify()).
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

    def __init__(self, records: list[dict], crosswalk: list[tuple[str, str]]):
        # Plain dicts, grouped once: a national file names thousands of communes, and filtering the whole
        # unit list for each of them cost more than the rest of the import.
        self._units = {(int(row["vintage"]), row["code"]): row for row in records}
        self._by_vintage: dict[int, list[dict]] = {}
        self._by_district: dict[str, list[dict]] = {}  # 2023 district code -> its communes
        self._districts: dict[str, str] = {}
        for row in records:
            self._by_vintage.setdefault(int(row["vintage"]), []).append(row)
            district = row["district_code"]
            if int(row["vintage"]) == 2023 and isinstance(district, str):
                self._by_district.setdefault(district, []).append(row)
                if district not in self._districts and isinstance(row["district_name"], str):
                    self._districts[district] = row["district_name"]
        self._records = records
        self._frame: pd.DataFrame | None = None  # communes() only (the templates' lists)
        self._successors: dict[str, set[str]] = {}
        for old, new in crosswalk:
            self._successors.setdefault(old, set()).add(new)
        self._matchers: dict[tuple, NameMatcher] = {}
        self._cache: dict[tuple, Resolution] = {}
        self._agreed: dict[tuple, bool] = {}
        self._pools: dict[tuple, list[dict]] = {}
        self._pool_codes: dict[tuple, set[str]] = {}
        try:
            aliases = admin.name_aliases()
        except (OSError, ValueError):
            aliases = pd.DataFrame(columns=["level", "district_code", "variant", "official"])
        self._aliases: dict[str, dict[str, str]] = {}  # 2023 district code -> {variant: official} of its communes
        communes = aliases[aliases["level"] == "commune"]
        for district, variant, official in zip(communes["district_code"], communes["variant"], communes["official"]):
            self._aliases.setdefault(district, {})[variant] = official

    @classmethod
    def load(cls, connection: duckdb.DuckDBPyConnection) -> Places:
        result = connection.execute(
            "SELECT vintage, code, name, district_code, district_name, province_code, province_name, has_boundary FROM unit"
        )
        names = [column[0] for column in result.description]
        units = [dict(zip(names, row)) for row in result.fetchall()]
        crosswalk = connection.execute(
            "SELECT from_code, to_code FROM crosswalk WHERE from_vintage = 2023 AND to_vintage = 2025"
        ).fetchall()
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
        if self._frame is None:
            columns = ["vintage", "code", "name", "district_code", "district_name", "province_code", "province_name"]
            self._frame = pd.DataFrame(self._records, columns=[*columns, "has_boundary"])
        frame = self._frame[self._frame["vintage"] == vintage]
        if district_code is None:
            return frame
        return frame[frame["code"].isin({row["code"] for row in self._pool(vintage, district_code)})]

    def _pool(self, vintage: int, district_code: str | None) -> list[dict]:
        """communes() as unit records, worked out once per vintage and district."""
        key = (vintage, district_code)
        if key not in self._pools:
            if district_code is None:
                pool = self._by_vintage.get(vintage, [])
            elif vintage == 2023:
                pool = self._by_district.get(district_code, [])
            else:
                old = self._by_district.get(district_code, [])
                successors = set().union(*(self._successors.get(row["code"], set()) for row in old))
                pool = [row for row in self._by_vintage.get(vintage, []) if row["code"] in successors]
            self._pools[key] = pool
            self._pool_codes[key] = {row["code"] for row in pool}
        return self._pools[key]

    def _in_pool(self, vintage: int, district_code: str | None, code: str) -> bool:
        self._pool(vintage, district_code)
        return code in self._pool_codes[(vintage, district_code)]

    def _aliases_in(self, vintage: int, district_code: str | None) -> dict[str, str]:
        """Known spelling variants of commune names (variant -> official) of one 2023 district."""
        if district_code is None or vintage != 2023:
            return {}
        return self._aliases.get(district_code, {})

    def _matcher(self, vintage: int, district_code: str | None) -> NameMatcher:
        key = (vintage, district_code)
        if key not in self._matchers:
            self._matchers[key] = NameMatcher(
                (Candidate(row["code"], row["name"]) for row in self._pool(vintage, district_code)),
                self._aliases_in(vintage, district_code),
            )
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
                return Resolution(
                    None,
                    "commune_not_in_district",
                    (
                        ("district", self.district_name(district_code) or district_code),
                        ("place", self.described(vintage, elsewhere.code)),
                    ),
                )
        where = self.district_name(district_code) if district_code else None
        return Resolution(None, "unknown_commune", (("vintage", vintage), ("where", f" — {where}" if where else "")))

    def _check_district(self, vintage: int, code: str, district_code: str | None) -> Resolution:
        if district_code is None:
            return Resolution(code)
        if self._in_pool(vintage, district_code, code):
            return Resolution(code)
        return Resolution(
            None,
            "commune_not_in_district",
            (
                ("district", self.district_name(district_code) or district_code),
                ("place", self.described(vintage, code)),
            ),
        )

    def agrees(self, vintage: int, code: str, written: str) -> bool:
        """Whether `written` (a name in any spelling, a known variant, or a code) names the unit `code`.
        Letters without accents are enough: the code has already chosen the unit, the name only confirms it."""
        key = (vintage, code, written)
        if key not in self._agreed:
            written = nfc(written)
            if written.isdigit():
                self._agreed[key] = written.zfill(5) == code
            else:
                unit = self.unit(vintage, code)
                aliases = self._aliases_in(vintage, unit["district_code"])
                matcher = NameMatcher([Candidate(code, unit["name"])], aliases)
                self._agreed[key] = matcher.match(written, allow_ascii=True).code == code
        return self._agreed[key]

    def identify(
        self, vintage: int, name: str | None, code: str | None, district_code: str | None = None
    ) -> Resolution:
        """The unit a row names by its `name`, its `code` or both, in `vintage` (within `district_code` if given).
        With a code the code decides, and the name must be that unit's (problem `commune_mismatch`)."""
        if not code:
            return self.resolve(vintage, name, district_code)
        found = self.resolve(vintage, code, district_code)
        if found.code is None or not name or self.agrees(vintage, found.code, name):
            return found
        return Resolution(
            None,
            "commune_mismatch",
            (("given", found.code), ("place", self.described(vintage, found.code)), ("written", name)),
        )

    def described(self, vintage: int, code: str) -> str:
        """A unit as a message names it: "Xã Đông Khê (16387, Thành phố Thanh Hóa)"."""
        unit = self.unit(vintage, code)
        return f"{unit['name']} ({code}, {unit['district_name'] or unit['province_name']})"

    def resolves_in(self, name: str | None, code: str | None, district_code: str | None) -> list[int]:
        """The vintages in which the name and code name exactly one unit (to tell a 2025 row's vintage)."""
        return [vintage for vintage in VINTAGES if self.identify(vintage, name, code, district_code).code]


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

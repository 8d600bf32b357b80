"""Everything a report draft says, read from the data through the named queries (and nothing typed in).

gather() asks the same questions the dashboard asks, for one district (or a province) and year, and
keeps each question's name and parameters beside its answer: the draft's appendix cites them, so a
reader can trace every number back to a query anyone can run (`python -m queries run NAME …`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from geo.shapes import for_display, from_wkb
from queries.runner import run

# The figures a province of the 2025 vintage can be summed to from its communes (no district reports).
LISTED_FIGURES = {
    "comm_teams": "comm_teams",
    "communicators": "communicators",
    "communicators_female": "communicators_female",
    "trusted_addresses": "trusted_addresses",
    "trusted_address_members": "trusted_address_members",
    "trusted_address_members_female": "trusted_address_members_female",
    "clubs": "clubs",
    "club_schools": "club_schools",
    "policy_dialogues": "policy_dialogues",
}


@dataclass(frozen=True)
class Scope:
    """The place and year of a draft: a 2023 district, or a province (of the 2023 or 2025 vintage)."""

    year: int
    district_code: str | None = None
    province_code: str | None = None
    vintage: int = 2023

    def __post_init__(self):
        if (self.district_code is None) == (self.province_code is None):
            raise ValueError("a report draft is for one district or one province")
        if self.district_code is not None and self.vintage != 2023:
            raise ValueError("districts exist in the 2023 vintage only")

    @property
    def level(self) -> str:
        return "district" if self.district_code else "province"


@dataclass
class Source:
    """One question asked of the data: the draft's appendix lists them."""

    query: str
    params: dict

    @property
    def text(self) -> str:
        return f"{self.query} {json.dumps(self.params, ensure_ascii=False, sort_keys=True)}"


@dataclass
class Draft:
    scope: Scope
    place: str  # "Huyện Phong Thổ", "Tỉnh Lai Châu"
    province: str
    figures: pd.DataFrame  # report_figures rows (or, 2025 provinces, sums of the communes' lists)
    figures_source: Source
    targets: pd.DataFrame
    budget: pd.DataFrame
    documents: pd.DataFrame
    underserved: pd.DataFrame
    indicators: pd.DataFrame  # commune_indicators of the scope (the map and supervision)
    shapes: object  # GeoDataFrame for the map picture
    sources: dict[str, Source] = field(default_factory=dict)

    def figure(self, code: str):
        """A figure's row, or None where the data cannot give it."""
        rows = self.figures[self.figures["code"] == code]
        return None if rows.empty or pd.isna(rows["value"].iloc[0]) else rows.iloc[0]


def _asked(sources: dict, name: str, params: dict, connection) -> pd.DataFrame:
    sources[name] = Source(name, {k: v for k, v in params.items() if v is not None})
    return run(name, params, connection)


def _listed_figures(indicators: pd.DataFrame) -> pd.DataFrame:
    """Figures summed from the communes' lists, shaped like report_figures rows (no report to compare)."""
    covered = indicators[indicators["covered"].fillna(False).astype(bool)]
    rows = []
    for code, column in LISTED_FIGURES.items():
        if column in covered.columns:
            value = float(covered[column].fillna(0).sum())
            rows.append({"code": code, "value": value, "reported": None, "lower_bound": False, "unit": ""})
    return pd.DataFrame(rows)


AMOUNTS = ("allocated_mvnd", "advanced_mvnd", "disbursed_mvnd", "expected_disbursed_mvnd")


def _province_budget(connection, sources: dict, province_code: str, year: int) -> pd.DataFrame:
    """The budget lines of every district of a (2023) province that reported for the year, summed per
    line, year of allocation and source of funds (amounts add up; rates are divided again from the sums)."""
    districts = run("districts", {"province_code": province_code}, connection)
    reported = [
        code
        for code, years in zip(districts["district_code"], districts["report_years"])
        if not isinstance(years, type(pd.NA)) and years is not None and year in list(years)
    ]
    if not reported:
        return pd.DataFrame()
    sources["budget_lines"] = Source("budget_lines", {"district_code": reported, "year": year})
    lines = pd.concat([run("budget_lines", {"district_code": code, "year": year}, connection) for code in reported])
    if lines.empty:
        return lines
    keys = ["line", "allocation_year", "funding_source"]
    summed = lines.groupby(keys, sort=False)[list(AMOUNTS)].sum(min_count=1).reset_index()
    units = lines.groupby(keys, sort=False)["implementing_unit"].agg(lambda u: ", ".join(dict.fromkeys(u)))
    return summed.merge(units.reset_index(), on=keys)


def gather(connection: duckdb.DuckDBPyConnection, scope: Scope) -> Draft:
    """Ask every question the draft needs, for its scope, on one connection."""
    sources: dict[str, Source] = {}
    place_params = {"district_code": scope.district_code, "province_code": scope.province_code, "year": scope.year}
    units = run(
        "communes",
        {"vintage": scope.vintage, "province_code": scope.province_code, "district_code": scope.district_code},
        connection,
    )
    if units.empty:
        raise LookupError("no unit of this vintage lies in the place asked for")
    province = str(units["province_name"].iloc[0])
    place = str(units["district_name"].iloc[0]) if scope.district_code else province
    where = {
        "vintage": scope.vintage,
        "province_code": scope.province_code if scope.province_code else str(units["province_code"].iloc[0]),
        "district_code": scope.district_code,
        "year": scope.year,
    }
    indicators = _asked(sources, "commune_indicators", where, connection)
    if scope.vintage == 2023:
        figures = _asked(sources, "report_figures", place_params, connection)
        figures_source = sources["report_figures"]
    else:
        figures = _listed_figures(indicators)
        figures_source = sources["commune_indicators"]
    district_only = {"district_code": scope.district_code, "year": scope.year}
    empty = pd.DataFrame()
    targets = _asked(sources, "targets", district_only, connection) if scope.district_code else empty
    if scope.district_code:
        budget = _asked(sources, "budget_lines", district_only, connection)
    elif scope.vintage == 2023:
        budget = _province_budget(connection, sources, scope.province_code, scope.year)
    else:
        budget = empty  # budget lines are reported by 2023 district; a 2025 province has none of its own yet
    documents = _asked(sources, "document_register", district_only, connection) if scope.district_code else empty
    underserved = _asked(sources, "underserved", where, connection)
    boundaries = run("boundaries", {k: where[k] for k in ("vintage", "province_code", "district_code")}, connection)
    shapes = for_display(from_wkb(boundaries)) if not boundaries.empty else None
    return Draft(
        scope,
        place,
        province,
        figures,
        figures_source,
        targets,
        budget,
        documents,
        underserved,
        indicators,
        shapes,
        sources,
    )

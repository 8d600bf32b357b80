"""Which kind a number is: what a district *reported*, what the *real lists* hold, what the *illustration* holds.

The seed spreads the report's district totals over communes so that a map can be drawn at all; staff
then replace that illustration with their real lists commune by commune. Until every list has come a
figure exists in three kinds, and the people in a meeting must never mistake one for another: these
builders put words on each (from `report_figures`, `list_coverage` and `commune_indicators` rows), so
that every page says the same thing the same way, computed from the data as it stands now.
"""

from __future__ import annotations

import pandas as pd

from i18n import translator
from i18n.formatting import number

# The commune-level tables in the order the banner names them; each has words as kind.table.NAME.
LIST_TABLES = ("comm_team", "trusted_address", "club", "event", "supervision", "safe_birth_support", "training")
# Which table a map indicator is counted from (commune_indicators has a <table>_kind column for these).
INDICATOR_TABLE = {
    "comm_teams": "comm_team",
    "communicators": "comm_team",
    "communicators_per_1000": "comm_team",
    "communicators_female_pct": "comm_team",
    "trusted_addresses": "trusted_address",
    "trusted_address_members": "trusted_address",
    "trusted_address_members_female_pct": "trusted_address",
    "clubs": "club",
    "events": "event",
    "event_attendees": "event",
    "policy_dialogues": "event",
}


def _whole(value) -> float:
    return 0.0 if value is None or pd.isna(value) else float(value)


def _amount(value, unit: str, lang: str) -> str:
    return number(_whole(value), lang, 3 if unit == "million VND" else 0)


def figure_detail(row, lang: str) -> str | None:
    """The line under a figure: "77 reported · 2 in real lists (1 of 15 communes) · 75 illustrative" for one `report_figures` row;
    None for a figure of a district-level table (targets, budget), which is the report's own table."""
    t = translator(lang)
    if pd.isna(row["communes_listed"]):
        return None
    unit = row["unit"]
    parts = [t("kind.reported", value=_amount(row["reported"], unit, lang))]
    communes = int(row["communes_listed"])
    real = _amount(row["listed_real"], unit, lang)
    if communes:
        parts.append(
            t.plural(
                "kind.real_in_communes",
                communes,
                value=real,
                real_communes=number(int(row["communes_real"]), lang, 0),
                communes=number(communes, lang, 0),
            )
        )
    else:
        parts.append(t("kind.real", value=real))
    if _whole(row["listed_illustrative"]):
        parts.append(t("kind.illustrative", value=_amount(row["listed_illustrative"], unit, lang)))
    return " · ".join(parts)


def figure_cause(row, lang: str) -> str:
    """Why the lists give another figure than the report (empty where they agree)."""
    t = translator(lang)
    cause = row["cause"]
    if cause == "match":
        return ""
    if cause == "illustrative":
        return t.plural(
            "kind.cause.illustrative",
            int(_whole(row["communes_real"])),
            real=_amount(row["listed_real"], row["unit"], lang),
            real_communes=number(_whole(row["communes_real"]), lang, 0),
            illustrative=_amount(row["listed_illustrative"], row["unit"], lang),
            illustrative_communes=number(_whole(row["communes_illustrative"]), lang, 0),
        )
    return t(f"kind.cause.{cause}")


def coverage_parts(coverage: pd.DataFrame, lang: str, tables: tuple[str, ...] = LIST_TABLES) -> list[str]:
    """How far each of `tables` that has rows in the scope has come: "communication teams 1 of 15 communes"."""
    t = translator(lang)
    parts = []
    by_table = coverage.set_index("fact_table")
    for table in tables:
        if table not in by_table.index:
            continue
        row = by_table.loc[table]
        if int(row["rows_real"]) + int(row["rows_illustrative"]) == 0:
            continue
        name = t(f"kind.table.{table}")
        communes = int(row["communes_listed"])
        if communes:
            parts.append(
                t.plural(
                    "kind.coverage",
                    communes,
                    table=name,
                    real=number(int(row["communes_real"]), lang, 0),
                    communes=number(communes, lang, 0),
                )
            )
        else:
            key = (
                "kind.coverage_district_illustrative"
                if int(row["rows_illustrative"])
                else "kind.coverage_district_real"
            )
            parts.append(t(key, table=name))
    return parts


def meeting_line(coverage: pd.DataFrame, tables: tuple[str, ...], reported: bool, lang: str) -> str | None:
    """The one line a projector has room for: what the large numbers are, and how far the real lists of
    the shown figures' tables have come. None when none of their rows is illustrative."""
    shown = coverage[coverage["fact_table"].isin(tables)]
    if not is_illustrative(shown):
        return None
    t = translator(lang)
    key = "kind.meeting_line.reported" if reported else "kind.meeting_line.listed"
    return t(key, parts=" · ".join(coverage_parts(shown, lang, tables)))


def coverage_detail(coverage: pd.DataFrame | None, table: str, lang: str) -> str | None:
    """The line under a card summed from lists, for one table: "1 communes with real lists · 14 illustrative"."""
    if coverage is None or table not in set(coverage["fact_table"]):
        return None
    row = coverage.set_index("fact_table").loc[table]
    if int(row["rows_real"]) + int(row["rows_illustrative"]) == 0:
        return None
    return translator(lang)(
        "kind.listed_detail",
        real=number(int(row["communes_real"]), lang, 0),
        illustrative=number(int(row["communes_illustrative"]), lang, 0),
    )


def is_illustrative(coverage: pd.DataFrame) -> bool:
    return bool(len(coverage)) and int(coverage["rows_illustrative"].sum()) > 0


def banner(coverage: pd.DataFrame, figures: pd.DataFrame | None, lang: str) -> str | None:
    """The illustrative warning as it is true now: how far each table's real lists have come and, where a
    report is in scope, whether the lists' totals still equal it. None when no illustrative row is left."""
    if not is_illustrative(coverage):
        return None
    t = translator(lang)
    text = [t("kind.banner.illustrative"), t("kind.banner.coverage", parts=" · ".join(coverage_parts(coverage, lang)))]
    if figures is not None and not figures.empty and "cause" in figures.columns:
        listed = figures[figures["communes_listed"].notna()]
        matching = int((listed["cause"] == "match").sum())
        text.append(t.plural("kind.banner.totals", len(listed), matching=matching, total=len(listed)))
        for cause in ("illustrative", "real_lists"):
            count = int((listed["cause"] == cause).sum())
            if count:
                text.append(t.plural(f"kind.banner.differ.{cause}", count, count=count))
    return " ".join(text)


def disagreement(figures: pd.DataFrame | None, lang: str) -> str | None:
    """Where no illustration is left (no banner), the figures whose real lists disagree with the report."""
    if figures is None or figures.empty or "cause" not in figures.columns:
        return None
    count = int((figures["cause"] == "real_lists").sum())
    return translator(lang).plural("kind.banner.differ.real_lists", count, count=count) if count else None


def unit_kind(kind, lang: str) -> str | None:
    """A commune's figure in a tooltip: from a real list, illustrative, or both while lists arrive."""
    if kind is None or pd.isna(kind):
        return None
    return translator(lang)(f"kind.unit.{kind}")


def unit_kinds(values: pd.DataFrame, indicator: str, lang: str) -> list[str | None]:
    """Each unit's kind of figure for the shown indicator: from the <table>_kind column of
    `commune_indicators`, else (provinces) from the unit's illustrative flag; None where not covered."""
    table = INDICATOR_TABLE.get(indicator)
    column = f"{table}_kind" if table else None
    if column in values.columns:
        return [unit_kind(kind, lang) if covered else None for kind, covered in zip(values[column], values["covered"])]
    return [
        None if not covered else unit_kind("illustrative" if illustrative else "real", lang)
        for covered, illustrative in zip(values["covered"], values["illustrative"].fillna(False))
    ]


def map_note(values: pd.DataFrame, indicator: str, lang: str) -> str | None:
    """The legend's line on the kind of the shown indicator: "Illustrative in 14 of 15 communes (real list: 1)"."""
    table = INDICATOR_TABLE.get(indicator)
    column = f"{table}_kind" if table else None
    if column is None or column not in values.columns:
        return translator(lang)("map.illustrative_note") if bool(values["illustrative"].fillna(False).any()) else None
    kinds = values[column].dropna()
    illustrative = int(kinds.isin(["illustrative", "mixed"]).sum())
    if not illustrative:
        return None
    return translator(lang).plural(
        "kind.map_note",
        len(kinds),
        illustrative=number(illustrative, lang, 0),
        units=number(len(kinds), lang, 0),
        real=number(int(kinds.isin(["real", "mixed"]).sum()), lang, 0),
    )

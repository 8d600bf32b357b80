"""The "compare with an earlier year" controls the overview, the map and the underserved page share.

Only years before the shown one with listed data for the same place are offered (the `timeline` query's
years), so a comparison never opens on a year that has nothing to compare.
"""

from __future__ import annotations

import streamlit as st

from ui import data
from views.change import MODES

NO_COMPARISON = "none"  # an option of its own (None would mean "nothing chosen")


def earlier_years(vintage: int, province_code: str | None, district_code: str | None, year: int | None) -> list[int]:
    """Years before `year` with listed data for the place, newest first."""
    if year is None:
        return []
    rows = data.query("timeline", vintage=vintage, province_code=province_code, district_code=district_code)
    return sorted({int(y) for y in rows["year"] if int(y) < year}, reverse=True)


def earlier_year(years: list[int], t, key: str) -> int | None:
    """A select of `years` (newest first) and "no comparison"; None when nothing is chosen or offered."""
    if not years:
        return None
    chosen = st.selectbox(
        t("overview.compare_with"),
        [NO_COMPARISON, *years],
        format_func=lambda y: t("overview.compare_none") if y == NO_COMPARISON else str(y),
        key=key,
    )
    return None if chosen == NO_COMPARISON else chosen


def change_mode(t, key: str) -> str:
    """Difference or change in per cent, for a change map."""
    return st.radio(t("change.mode"), MODES, format_func=lambda m: t(f"change.mode.{m}"), horizontal=True, key=key)

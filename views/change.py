"""What changed between two years: the key figures with their change, and a change map by commune.

Both years are read in the same boundaries (the vintage shown), so a 2023 figure and a 2026 one meet on
the 2025 units. A commune without data in one of the two years has no change: it is shown as such,
never as a zero. An arrow appears only here, where it means a change over time.
"""

from __future__ import annotations

import folium
import geopandas as gpd
import pandas as pd

from geo.classify import diverging_classes
from geo.mapping import choropleth_map
from i18n import translator
from i18n.formatting import number
from views.kpis import Kpi
from views.timeline import indicator_label

# The figures whose change the overview shows as cards (codes of the `timeline` query).
CHANGE_KPIS = ("comm_teams", "communicators", "trusted_addresses", "clubs")


def signed(value, lang: str, minus: str = "−") -> str:
    """+3, −2, 0: a change as a reader expects to see it (st.metric reads the direction of a delta from a
    leading ASCII "-", so a card's delta is written with that one)."""
    text = number(abs(float(value)), lang, 0)
    return f"+{text}" if value > 0 else f"{minus}{text}" if value < 0 else text


def change_cards(timeline: pd.DataFrame, year: int, earlier: int, lang: str) -> list[Kpi]:
    """One card per figure: its listed total in `year`, and the change since `earlier` (rows of `timeline`)."""
    t = translator(lang)
    by_year = timeline.pivot_table(index="indicator", columns="year", values="value", aggfunc="sum")
    cards = []
    for code in CHANGE_KPIS:
        now = by_year.at[code, year] if code in by_year.index and year in by_year.columns else None
        then = by_year.at[code, earlier] if code in by_year.index and earlier in by_year.columns else None
        now = None if now is None or pd.isna(now) else float(now)
        then = None if then is None or pd.isna(then) else float(then)
        delta = (
            None
            if now is None or then is None
            else f"{signed(now - then, lang, '-')} {t('change.since', year=earlier)}"
        )
        cards.append(
            Kpi(
                code,
                indicator_label(code, lang),
                "–" if now is None else number(now, lang, 0),
                delta,
                t(
                    "change.card_help",
                    year=year,
                    earlier=earlier,
                    before="–" if then is None else number(then, lang, 0),
                ),
            )
        )
    return cards


def change_values(before: pd.DataFrame, after: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """One row per unit of `after` (rows of `commune_indicators` of two years, same vintage and scope): the
    indicator in each year and the change; both NULL-safe: `change` is missing unless both years have data."""
    columns = ["code", "name", indicator, "covered"]
    joined = after[columns].merge(before[columns], on="code", how="left", suffixes=("", "_before"))
    has_both = joined["covered"].fillna(False).astype(bool) & joined["covered_before"].fillna(False).astype(bool)
    joined = joined.rename(columns={indicator: "after", f"{indicator}_before": "before"})
    joined["change"] = (joined["after"] - joined["before"]).where(has_both)
    joined["both_years"] = has_both
    return joined[["code", "name", "before", "after", "change", "both_years"]]


def change_map(
    shapes: gpd.GeoDataFrame, values: pd.DataFrame, indicator: str, year: int, earlier: int, lang: str
) -> folium.Map:
    """The change of one indicator by commune, diverging colours centred on zero (views.change.change_values)."""
    t = translator(lang)
    shown = values.assign(
        change_text=[t("change.no_data_one_year") if pd.isna(c) else signed(c, lang) for c in values["change"]],
        before_text=[number(v, lang, 0) if both else "–" for v, both in zip(values["before"], values["both_years"])],
        after_text=[number(v, lang, 0) if both else "–" for v, both in zip(values["after"], values["both_years"])],
    )
    return choropleth_map(
        shapes,
        shown,
        value_column="change",
        title=t("change.map_title", indicator=indicator_label(indicator, lang), year=year, earlier=earlier),
        unit="",
        tooltip={
            "name": t("tooltip.commune"),
            "before_text": str(earlier),
            "after_text": str(year),
            "change_text": t("change.tooltip_change"),
        },
        no_data_label=t("change.no_data_one_year"),
        number=lambda v: signed(v, lang),
        bins=diverging_classes(shown["change"]),
    )

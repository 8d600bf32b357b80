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
from geo.indicators import INDICATORS
from geo.mapping import choropleth_map
from geo.names import strip_prefix
from i18n import translator
from i18n.formatting import number
from views.kpis import Kpi
from views.timeline import indicator_label

# The figures whose change the overview shows as cards (codes of the `timeline` query).
CHANGE_KPIS = ("comm_teams", "communicators", "trusted_addresses", "clubs")
MODES = ("difference", "percent")  # what a change map colours by


def signed(value, lang: str, minus: str = "−", decimals: int = 0) -> str:
    """+3, −2, 0: a change as a reader expects to see it (st.metric reads the direction of a delta from a
    leading ASCII "-", so a card's delta is written with that one)."""
    text = number(abs(float(value)), lang, decimals)
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
        flags = timeline[(timeline["indicator"] == code) & timeline["year"].isin([earlier, year])]
        illustrative_years = sorted(int(y) for y in flags.loc[flags["illustrative"].fillna(False).astype(bool), "year"])
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
                t("change.card_illustrative", years=", ".join(map(str, illustrative_years)))
                if illustrative_years
                else None,
                change=True,
            )
        )
    return cards


def _flag(column: pd.Series) -> pd.Series:
    """A yes/no column where a missing row (a unit absent in one year) is no."""
    return column.astype("boolean").fillna(False).astype(bool)


def change_values(before: pd.DataFrame, after: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """One row per unit of `after` (rows of `commune_indicators` or `province_indicators` of two years, same
    vintage and scope): the indicator in each year, the change and the change in per cent; both NULL-safe:
    `change` is missing unless both years have data, `percent` also where the earlier year had none.
    `approximate` marks a unit whose figures come partly from a split commune of the other map."""
    columns = ["code", "name", indicator, "covered", "approximate", "illustrative"]
    before = before.reindex(columns=columns)
    after = after.reindex(columns=columns)
    joined = after.merge(before, on="code", how="left", suffixes=("", "_before"))
    has_both = _flag(joined["covered"]) & _flag(joined["covered_before"])
    joined = joined.rename(columns={indicator: "after", f"{indicator}_before": "before"})
    joined["change"] = (joined["after"] - joined["before"]).where(has_both)
    earlier = pd.to_numeric(joined["before"], errors="coerce")
    joined["percent"] = (joined["change"] / earlier * 100).where(has_both & (earlier > 0))
    joined["both_years"] = has_both
    joined["approximate"] = _flag(joined["approximate"]) | _flag(joined["approximate_before"])
    joined["illustrative"] = _flag(joined["illustrative"]) | _flag(joined["illustrative_before"])
    return joined[["code", "name", "before", "after", "change", "percent", "both_years", "approximate", "illustrative"]]


def _decimals(indicator: str) -> int:
    return INDICATORS[indicator].decimals if indicator in INDICATORS else 0


def _change_text(row, indicator: str, mode: str, earlier: int, lang: str) -> str:
    t = translator(lang)
    if not row.both_years:
        return t("change.no_data_one_year")
    if mode == "percent":
        if pd.isna(row.percent):
            return t("change.none_before", earlier=earlier)
        return f"{signed(round(row.percent), lang)} %"
    text = signed(row.change, lang, decimals=_decimals(indicator))
    return f"{text} ({t('change.approximate')})" if row.approximate else text


def change_map(
    shapes: gpd.GeoDataFrame,
    values: pd.DataFrame,
    indicator: str,
    year: int,
    earlier: int,
    lang: str,
    mode: str = "difference",
    unit_label: str = "tooltip.commune",
) -> folium.Map:
    """The change of one indicator by unit, diverging colours centred on zero (views.change.change_values);
    mode `percent` colours by the change in whole per cent, where the earlier year had something to compare."""
    if mode not in MODES:
        raise ValueError(f"unknown change mode {mode!r}; use one of {', '.join(MODES)}")
    t = translator(lang)
    coloured = values["change"] if mode == "difference" else values["percent"].round()
    shown = values.assign(
        coloured=coloured,
        change_text=[_change_text(row, indicator, mode, earlier, lang) for row in values.itertuples()],
        before_text=[
            number(v, lang, _decimals(indicator)) if both else "–"
            for v, both in zip(values["before"], values["both_years"])
        ],
        after_text=[
            number(v, lang, _decimals(indicator)) if both else "–"
            for v, both in zip(values["after"], values["both_years"])
        ],
    )
    compared = shown[shown["both_years"]]
    illustrative = int(compared["illustrative"].sum())
    note = (
        t.plural("change.map_illustrative", len(compared), illustrative=illustrative, units=len(compared))
        if illustrative
        else None
    )
    shown["data_kind"] = [t("value.illustrative") if flag else t("kind.unit.real") for flag in shown["illustrative"]]
    return choropleth_map(
        shapes,
        shown,
        value_column="coloured",
        title=t("change.map_title", indicator=indicator_label(indicator, lang), year=year, earlier=earlier),
        unit="%" if mode == "percent" else "",
        tooltip={
            "name": t(unit_label),
            "before_text": str(earlier),
            "after_text": str(year),
            "change_text": t("change.tooltip_change"),
            "data_kind": t("tooltip.data_kind"),
        },
        illustrative_note=note,
        no_data_label=t("change.no_data_one_year" if mode == "difference" else "change.no_percent", earlier=earlier),
        number=lambda v: signed(v, lang, decimals=_decimals(indicator) if mode == "difference" else 0),
        bins=diverging_classes(shown["coloured"]),
        labels={
            code: strip_prefix(name) for code, name in zip(values["code"], values["name"]) if isinstance(name, str)
        },
        labels_name=t("layer.names"),
    )


def ranking_moves(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """The underserved ranking of two years side by side (rows of the `underserved` query, same view): each
    commune ranked in either year with both ranks and `moved` = earlier rank − later rank, so a positive move
    is a commune that climbed the list (it became more underserved than the others), missing if it was
    ranked in one year only. Sorted as the later year ranks them, then the communes it no longer ranks."""
    columns = ["code", "name", "rank", "score", "gaps", "approximate"]
    joined = after.reindex(columns=columns).merge(
        before.reindex(columns=columns), on="code", how="outer", suffixes=("", "_before")
    )
    joined["name"] = joined["name"].fillna(joined["name_before"])
    joined["moved"] = joined["rank_before"] - joined["rank"]
    joined["approximate"] = _flag(joined["approximate"]) | _flag(joined["approximate_before"])
    joined = joined.sort_values(["rank", "rank_before", "code"], na_position="last")
    return joined[
        ["code", "name", "rank_before", "rank", "moved", "score_before", "score", "gaps_before", "gaps", "approximate"]
    ].reset_index(drop=True)


def movement_text(moved, rank, rank_before, lang: str) -> str:
    """A move in the ranking as words: ▲ 3 places (more underserved), ▼ 2, unchanged, new, no longer ranked."""
    t = translator(lang)
    if pd.isna(rank_before):
        return t("change.rank_new")
    if pd.isna(rank):
        return t("change.rank_gone")
    if moved > 0:
        return t.plural("change.rank_up", int(moved), places=int(moved))
    if moved < 0:
        return t.plural("change.rank_down", int(-moved), places=int(-moved))
    return t("change.rank_same")


def moves_table(moves: pd.DataFrame, year: int, earlier: int, lang: str) -> pd.DataFrame:
    """The two rankings as a page shows them: commune, rank and score of each year, the move in words."""
    t = translator(lang)

    def rank_text(value) -> str:
        return "–" if pd.isna(value) else str(int(value))

    def score_text(value) -> str:
        return "–" if pd.isna(value) else number(value, lang, 1)

    names = [f"{name} ≈" if approximate else name for name, approximate in zip(moves["name"], moves["approximate"])]
    return pd.DataFrame(
        {
            t("underserved.col.name"): names,
            t("change.col.rank", year=earlier): [rank_text(v) for v in moves["rank_before"]],
            t("change.col.rank", year=year): [rank_text(v) for v in moves["rank"]],
            t("change.col.movement"): [
                movement_text(row.moved, row.rank, row.rank_before, lang) for row in moves.itertuples()
            ],
            t("change.col.score", year=earlier): [score_text(v) for v in moves["score_before"]],
            t("change.col.score", year=year): [score_text(v) for v in moves["score"]],
        }
    )

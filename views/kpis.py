"""The overview's key figures, computed from query results (pure: no Streamlit, so tests can call it).

A district's cards show what the district *reported*; what the lists hold (real or illustrative) is
the line beneath (views/data_kind.py), so a headline never changes kind because one commune's list
arrived first. Where no report is in scope the cards are sums of the lists, and say so.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from i18n import translator
from i18n.formatting import number, percent
from views.data_kind import coverage_detail, figure_detail


@dataclass(frozen=True)
class Kpi:
    code: str
    label: str
    value: str
    delta: str | None
    help: str
    detail: str | None = None  # the line under the number: which kind it is, how far the real lists have come
    change: bool = False  # the delta is a change over time: only then does the card draw an arrow and a colour


def overview_questions(
    vintage: int, province_code: str | None, district_code: str | None, year: int | None
) -> dict[str, tuple[str, dict]]:
    """The named questions the overview's key figures need for a scope, {key: (query, params)}: the units'
    activity (provinces for the whole country), the lists' coverage and, for a district, its report's
    figures, targets and printed percentages. The figures are recomputed from the lists once: the cards
    quote the percentages as printed, so they need not be recomputed again (report_percentages does that
    for the reconciliation). Asked together (queries.runner.run_all), they share one connection."""
    where = {"vintage": vintage, "province_code": province_code, "district_code": district_code}
    year = year or 0
    questions = {
        "activity": ("province_indicators", {"vintage": vintage, "year": year})
        if province_code is None
        else ("commune_indicators", {**where, "year": year}),
        "coverage": ("list_coverage", {**where, "year": year}),
    }
    if district_code is not None and year:
        report = {"district_code": district_code, "year": year}
        questions |= {
            "figures": ("report_figures", report),
            "targets": ("targets", report),
            "percentages": ("printed_percentages", report),
        }
    return questions


def _figures(report_figures: pd.DataFrame, column: str) -> dict[str, float | None]:
    return {
        code: (None if pd.isna(value) else float(value))
        for code, value in zip(report_figures["code"], report_figures[column])
    }


def _details(report_figures: pd.DataFrame, lang: str) -> dict[str, str | None]:
    if "cause" not in report_figures.columns:
        return {}
    return {row["code"]: figure_detail(row, lang) for _, row in report_figures.iterrows()}


def _target(targets: pd.DataFrame, code: str) -> float | None:
    row = targets[targets["code"] == code]
    if row.empty or pd.isna(row["target_value"].iloc[0]):
        return None
    return float(row["target_value"].iloc[0])


def overview_kpis(
    report_figures: pd.DataFrame, targets: pd.DataFrame, percentages: pd.DataFrame, year: int, lang: str
) -> list[Kpi]:
    """Six cards: teams, communicators, trusted addresses, clubs, targets achieved, disbursement.
    Counts are the report's; the disbursement rate and targets come from the report's own tables.
    `percentages` needs `code` and `printed` (rows of printed_percentages or report_percentages)."""
    fig = _figures(report_figures, "reported")
    listed = _figures(report_figures, "value")
    details = _details(report_figures, lang)
    n = lambda v, d=0: number(v, lang, d)  # noqa: E731
    t = translator(lang)
    cards = []

    teams, team_target = fig.get("comm_teams"), _target(targets, "comm_teams")
    cards.append(
        Kpi(
            "comm_teams",
            t("kpi.comm_teams"),
            n(teams),
            None
            if team_target is None or teams is None
            else f"{teams - team_target:+.0f} " + t("kpi.vs_target", target=n(team_target)),
            t("kpi.comm_teams.help", value=n(teams), communes=n(fig.get("comm_team_communes")), target=n(team_target)),
            details.get("comm_teams"),
        )
    )
    communicators, women = fig.get("communicators"), fig.get("communicators_female")
    share = women / communicators if communicators and women is not None else None
    cards.append(
        Kpi(
            "communicators",
            t("kpi.communicators"),
            n(communicators),
            None,
            t("kpi.communicators.help", women=n(women), share=percent(share, lang)),
            details.get("communicators"),
        )
    )
    addresses, address_target = fig.get("trusted_addresses"), _target(targets, "trusted_addresses")
    cards.append(
        Kpi(
            "trusted_addresses",
            t("kpi.trusted_addresses"),
            n(addresses),
            None
            if address_target is None or addresses is None
            else f"{addresses - address_target:+.0f} " + t("kpi.vs_target", target=n(address_target)),
            t(
                "kpi.trusted_addresses.help",
                members=n(fig.get("trusted_address_members")),
                women=n(fig.get("trusted_address_members_female")),
                target=n(address_target),
            ),
            details.get("trusted_addresses"),
        )
    )
    cards.append(
        Kpi(
            "clubs",
            t("kpi.clubs"),
            n(fig.get("clubs")),
            None,
            t("kpi.clubs.help", schools=n(fig.get("club_schools")), communes=n(fig.get("club_communes"))),
            details.get("clubs"),
        )
    )
    achieved = int((targets["status"].isin(["achieved", "exceeded"])).sum()) if not targets.empty else None
    announced = report_figures.loc[report_figures["code"] == "targets_total", "reported"]
    announced = float(announced.iloc[0]) if not announced.empty else None
    named = len(targets) if not targets.empty else None
    cards.append(
        Kpi(
            "targets",
            t("kpi.targets"),
            "–" if achieved is None else f"{achieved}/{n(announced if announced else named)}",
            None
            if achieved is None or not announced
            else t("kpi.targets_share", share=percent(achieved / announced, lang)),
            t("kpi.targets.help", announced=n(announced), named=n(named)),
        )
    )
    planned, disbursed = listed.get(f"budget_{year}_mvnd"), listed.get(f"disbursed_{year}_mvnd")
    printed = percentages.loc[percentages["code"] == f"disbursed_{year}_pct", "printed"]
    cards.append(
        Kpi(
            "disbursement",
            t("kpi.disbursement", year=year),
            percent(disbursed / planned, lang) if planned and disbursed is not None else "–",
            None,
            t(
                "kpi.disbursement.help",
                disbursed=n(disbursed, 3),
                planned=n(planned),
                printed=printed.iloc[0] if not printed.empty else "–",
            ),
        )
    )
    return cards


def listed_kpis(indicators: pd.DataFrame, lang: str, coverage: pd.DataFrame | None = None) -> list[Kpi]:
    """Cards summed from the lists (one row per commune or province, `commune_indicators` or
    `province_indicators`), for a province or the whole country, where no report gives a total; with the
    scope's `list_coverage`, each says how many communes its table has real lists from."""
    t = translator(lang)
    covered = indicators[indicators["covered"].fillna(False).astype(bool)]
    units = len(covered)

    def total(column: str) -> float:
        return float(covered[column].fillna(0).sum())

    communicators, women = total("communicators"), total("communicators_female")
    share = percent(women / communicators, lang) if communicators else "–"
    help_text = t.plural("kpi.listed.help", units, units=number(units, lang, 0), of=number(len(indicators), lang, 0))
    cards = [
        ("comm_teams", t("kpi.comm_teams"), total("comm_teams"), help_text, "comm_team"),
        (
            "communicators",
            t("kpi.communicators"),
            communicators,
            t("kpi.listed.women", share=share) + " " + help_text,
            "comm_team",
        ),
        ("trusted_addresses", t("kpi.trusted_addresses"), total("trusted_addresses"), help_text, "trusted_address"),
        ("clubs", t("kpi.clubs"), total("clubs"), help_text, "club"),
        ("events", t("indicator.events"), total("events"), help_text, "event"),
    ]
    return [
        Kpi(code, label, number(value, lang, 0), None, help, coverage_detail(coverage, table, lang))
        for code, label, value, help, table in cards
    ] + [Kpi("units_with_data", t("kpi.units_with_data"), number(units, lang, 0), None, help_text)]

"""The budget year by year (rows of the `budget` query over every report year of a place): what each year had
(its own plan and the funds carried into it from the year before), what was advanced, disbursed and expected,
and the carry-over chain — how much of one year's funds passed into the next, and what became of it there.

Each report speaks of three lines: the funds of the year before carried over, the year's plan, and the plan
for the year after. A year is complete only when its own report is in; a link of the chain whose report is
missing says so rather than showing a zero.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from i18n import translator
from i18n.formatting import number
from views.charts import AMOUNT_COLOURS, _empty, _illustrative, _layout

MEASURES = ("allocated_mvnd", "advanced_mvnd", "disbursed_mvnd", "expected_disbursed_mvnd")
CARRIED_COLOUR = "#d7dee9"
PLANNED_COLOUR = "#ffffff"


def _sum(rows: pd.DataFrame, column: str) -> float | None:
    """A sum that stays missing when no row states the amount (the report gives none), never a zero."""
    values = pd.to_numeric(rows[column], errors="coerce").dropna()
    return None if values.empty else float(values.sum())


def budget_by_year(lines: pd.DataFrame) -> pd.DataFrame:
    """One row per year and funding source with money in it: `plan` (the year's own allocation), `carried_in`
    (an earlier year's funds carried into it), `planned` (what an earlier report planned for it), and the
    advanced, disbursed and expected-disbursed amounts of its plan and carried funds together.
    `reported` says whether the year's own report is in."""
    if lines.empty:
        return pd.DataFrame(
            columns=[
                "year",
                "funding_source",
                "planned",
                "plan",
                "carried_in",
                "advanced_mvnd",
                "disbursed_mvnd",
                "expected_disbursed_mvnd",
                "reported",
                "illustrative",
            ]
        )
    report_years = set(lines["year"].astype(int))
    spent = lines[lines["line"].isin(["plan", "carryover"])].assign(at=lambda f: f["year"].astype(int))
    planned = lines[lines["line"] == "planned_next"].assign(at=lambda f: f["allocation_year"].astype(int))
    keys = sorted(set(zip(spent["at"], spent["funding_source"])) | set(zip(planned["at"], planned["funding_source"])))
    rows = []
    for year, source in keys:
        own = spent[(spent["at"] == year) & (spent["funding_source"] == source)]
        ahead = planned[(planned["at"] == year) & (planned["funding_source"] == source)]
        rows.append(
            {
                "year": year,
                "funding_source": source,
                "planned": _sum(ahead, "allocated_mvnd"),
                "plan": _sum(own[own["line"] == "plan"], "allocated_mvnd"),
                "carried_in": _sum(own[own["line"] == "carryover"], "allocated_mvnd"),
                "advanced_mvnd": _sum(own, "advanced_mvnd"),
                "disbursed_mvnd": _sum(own, "disbursed_mvnd"),
                "expected_disbursed_mvnd": _sum(own, "expected_disbursed_mvnd"),
                "reported": year in report_years,
                "illustrative": bool(own["illustrative"].any() or ahead["illustrative"].any()),
            }
        )
    return pd.DataFrame(rows)


def carryover_chain(lines: pd.DataFrame) -> pd.DataFrame:
    """One row per year whose funds appear in a report, and funding source: the year's plan and what was
    disbursed of it in the year, then the part carried into the next year and what became of it there.
    `next_reported` is false where the next year's report is not in yet (the chain stops there)."""
    report_years = set(lines["year"].astype(int)) if not lines.empty else set()
    own = lines[lines["line"] == "plan"]
    carried = lines[lines["line"] == "carryover"]
    keys = sorted(
        set(zip(own["allocation_year"].astype(int), own["funding_source"]))
        | set(zip(carried["allocation_year"].astype(int), carried["funding_source"]))
    )
    rows = []
    for year, source in keys:
        plan = own[(own["allocation_year"] == year) & (own["funding_source"] == source)]
        onward = carried[(carried["allocation_year"] == year) & (carried["funding_source"] == source)]
        rows.append(
            {
                "funds_year": year,
                "funding_source": source,
                "allocated": _sum(plan, "allocated_mvnd"),
                "disbursed": _sum(plan, "disbursed_mvnd"),
                "expected": _sum(plan, "expected_disbursed_mvnd"),
                "carried": _sum(onward, "allocated_mvnd"),
                "carried_advanced": _sum(onward, "advanced_mvnd"),
                "carried_disbursed": _sum(onward, "disbursed_mvnd"),
                "carried_expected": _sum(onward, "expected_disbursed_mvnd"),
                "own_reported": year in report_years,
                "next_reported": year + 1 in report_years,
                "illustrative": bool(plan["illustrative"].any() or onward["illustrative"].any()),
            }
        )
    return pd.DataFrame(rows)


def chain_table(chain: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The carry-over chain as a page shows it; a link whose report is missing says which report."""
    t = translator(lang)

    def mvnd(value) -> str:
        return "–" if value is None or pd.isna(value) else number(value, lang, 3)

    def own(row, column) -> str:
        return mvnd(row[column]) if row["own_reported"] else t("budget_years.no_report", year=row["funds_year"])

    def onward(row, column) -> str:
        return mvnd(row[column]) if row["next_reported"] else t("budget_years.no_report", year=row["funds_year"] + 1)

    rows = [row for _, row in chain.iterrows()]
    return pd.DataFrame(
        {
            t("budget_years.col.funds_year"): [str(row["funds_year"]) for row in rows],
            t("column.funding_source"): [row["funding_source"] for row in rows],
            t("budget_years.col.allocated"): [own(row, "allocated") for row in rows],
            t("budget_years.col.disbursed"): [own(row, "disbursed") for row in rows],
            t("budget_years.col.expected"): [own(row, "expected") for row in rows],
            t("budget_years.col.carried"): [onward(row, "carried") for row in rows],
            t("budget_years.col.carried_advanced"): [onward(row, "carried_advanced") for row in rows],
            t("budget_years.col.carried_disbursed"): [onward(row, "carried_disbursed") for row in rows],
            t("budget_years.col.carried_expected"): [onward(row, "carried_expected") for row in rows],
            t("column.illustrative"): [
                t("value.illustrative" if row["illustrative"] else "value.reported") for row in rows
            ],
        }
    )


def budget_years_chart(by_year: pd.DataFrame, lang: str) -> go.Figure:
    """Per year (all sources): the funds it had — its plan with the carried-in funds stacked on it, or only
    the plan an earlier report made for it (hollow) — beside what was advanced, disbursed and expected."""
    t = translator(lang)
    title = t("budget_years.chart_title")
    fig = go.Figure()
    if by_year.empty:
        return _layout(_empty(fig, lang), lang, title)
    years = by_year.groupby("year", sort=True)
    table = pd.DataFrame(
        {
            column: years[column].apply(lambda s: None if s.dropna().empty else float(s.dropna().sum()))
            for column in ("planned", "plan", "carried_in", *MEASURES[1:])
        }
    )
    table["reported"] = years["reported"].any()
    labels = [str(year) for year in table.index]
    unit = t("chart.mvnd")

    def bar(name, values, colour, group, base=None, line=None, key=""):
        values = [None if v is None or pd.isna(v) else float(v) for v in values]
        fig.add_trace(
            go.Bar(
                name=name,
                x=labels,
                y=values,
                base=base,
                offsetgroup=group,
                marker={"color": colour, "line": line or {"width": 0}},
                text=["" if v is None else number(v, lang, 0) for v in values],
                textposition="inside" if key in ("plan", "carried") else "outside",
                cliponaxis=False,
                textfont={"size": 13},
                hovertemplate="%{x}<br>" + name + ": %{text} " + unit + "<extra></extra>",
            )
        )

    plan = table["plan"].where(table["reported"])
    bar(t("budget_years.plan"), plan, AMOUNT_COLOURS["allocated_mvnd"], "funds", key="plan")
    bar(
        t("budget_years.carried_in"),
        table["carried_in"].where(table["reported"]),
        CARRIED_COLOUR,
        "funds",
        base=[0 if v is None or pd.isna(v) else float(v) for v in plan],
        key="carried",
    )
    bar(
        t("budget_years.planned_ahead"),
        table["planned"].where(~table["reported"]),
        PLANNED_COLOUR,
        "funds",
        line={"color": AMOUNT_COLOURS["allocated_mvnd"], "width": 2},
    )
    for column in MEASURES[1:]:
        bar(t(f"chart.amount.{column}"), table[column], AMOUNT_COLOURS[column], column)
    funds = table[["plan", "carried_in"]].fillna(0).sum(axis=1).where(table["reported"], table["planned"])
    top = max(
        float(pd.to_numeric(funds, errors="coerce").max() or 0), float(table[list(MEASURES[1:])].max().max() or 0)
    )
    fig.update_xaxes(type="category", title_text=t("timeline.year"))
    fig.update_yaxes(range=[0, top * 1.18 or 1], tickformat=",.0f")
    fig = _layout(fig, lang, title, y_title=unit, height=500, illustrative=_illustrative(by_year))
    fig.update_layout(
        barmode="group",
        bargap=0.25,
        bargroupgap=0.06,
        legend={"y": -0.14, "yanchor": "top"},  # six entries: below the plot, not over the title
        margin={"t": 60, "b": 120},
    )
    return fig


def by_year_table(by_year: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Per year and source: the year's funds and what became of them, million VND; a year without its own
    report shows only what an earlier report planned for it."""
    t = translator(lang)

    def mvnd(value) -> str:
        return "–" if value is None or pd.isna(value) else number(value, lang, 3)

    rows = [row for _, row in by_year.iterrows()]
    return pd.DataFrame(
        {
            t("timeline.year"): [str(row["year"]) for row in rows],
            t("column.funding_source"): [row["funding_source"] for row in rows],
            t("budget_years.planned_ahead"): [mvnd(row["planned"]) for row in rows],
            t("budget_years.plan"): [mvnd(row["plan"]) for row in rows],
            t("budget_years.carried_in"): [mvnd(row["carried_in"]) for row in rows],
            **{
                t(f"column.{column}"): [mvnd(row[column]) for row in rows]
                for column in ("advanced_mvnd", "disbursed_mvnd", "expected_disbursed_mvnd")
            },
            t("budget_years.col.report"): [
                t("value.yes") if row["reported"] else t("budget_years.no_report", year=row["year"]) for row in rows
            ],
        }
    )

"""The targets, budget, reconciliation and document pages as people read them: metric cards, tables with
headers and codes in words, and the report's inconsistencies spelled out.

Pure functions of query frames (no Streamlit), so tests can call them. These tables are a handful of rows read
in a meeting, so numbers are written out as the language writes them (1.234,5), with a dash where the report
gives no figure (a grid would print "None"); the document register keeps real dates so it sorts by time.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from i18n import translator
from i18n.formatting import number, percent
from i18n.markup import markdown_text
from registry.codes import TARGET_STATUSES
from views.charts import budget_line_label, doc_type_label
from views.data_kind import figure_cause
from views.kpis import Kpi

ACHIEVED = ("exceeded", "achieved")


def in_language(explanation, lang: str) -> str:
    """The seed writes explanations as 'Vietnamese / English': the half of the language asked for."""
    if explanation is None or (isinstance(explanation, float) and pd.isna(explanation)) or not str(explanation).strip():
        return ""
    halves = str(explanation).split(" / ", 1)
    return halves[0 if lang == "vi" or len(halves) == 1 else 1].strip()


def _num(values, lang: str, decimals: int = 0) -> list[str]:
    return ["–" if pd.isna(v) else number(v, lang, decimals) for v in values]


def _pct(values, lang: str, decimals: int = 1) -> list[str]:
    return ["–" if pd.isna(v) else percent(v, lang, decimals) for v in values]


# ---------------------------------------------------------------- targets


def target_cards(targets: pd.DataFrame, figures: pd.DataFrame, lang: str) -> list[Kpi]:
    """Named targets, achieved (count and share of the named), the report's own count, and those not reached."""
    t = translator(lang)
    named = len(targets)
    achieved = int(targets["status"].isin(ACHIEVED).sum())
    exceeded = int((targets["status"] == "exceeded").sum())
    reported = figures.set_index("code")["reported"] if not figures.empty else pd.Series(dtype=float)
    announced = float(reported["targets_total"]) if "targets_total" in reported else None
    announced_achieved = float(reported["targets_achieved"]) if "targets_achieved" in reported else None
    cards = [
        Kpi(
            "named",
            t("targets.card.named"),
            number(named, lang, 0),
            None,
            t("targets.card.named.help", announced=number(announced, lang, 0), named=number(named, lang, 0)),
        ),
        Kpi(
            "achieved",
            t("targets.card.achieved"),
            f"{number(achieved, lang, 0)}/{number(named, lang, 0)}",
            percent(achieved / named, lang, 1) if named else None,
            t(
                "targets.card.achieved.help",
                exceeded=number(exceeded, lang, 0),
                achieved=number(achieved - exceeded, lang, 0),
            ),
        ),
    ]
    if announced and announced_achieved is not None:
        cards.append(
            Kpi(
                "as_reported",
                t("targets.card.as_reported"),
                f"{number(announced_achieved, lang, 0)}/{number(announced, lang, 0)}",
                percent(announced_achieved / announced, lang, 1),
                t("targets.card.as_reported.help"),
            )
        )
    behind = named - achieved
    cards.append(
        Kpi(
            "behind",
            t("targets.card.behind"),
            number(behind, lang, 0),
            percent(behind / named, lang, 1) if named else None,
            t("targets.card.behind.help", not_started=number(int((targets["status"] == "not_started").sum()), lang, 0)),
        )
    )
    return cards


def targets_table(targets: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One content area's targets: name, target, actual, share of target, status, source."""
    t = translator(lang)
    share = targets["actual_value"] / targets["target_value"].where(targets["target_value"] > 0)
    return pd.DataFrame(
        {
            t("column.target"): targets["name_vi" if lang == "vi" else "name_en"].to_numpy(),
            t("column.target_value"): _num(targets["target_value"], lang),
            t("column.actual_value"): _num(targets["actual_value"], lang),
            t("targets.col.share"): _pct(share, lang),
            t("column.status"): [t(f"status.{s}") if s in TARGET_STATUSES else s for s in targets["status"]],
            t("column.source"): targets["source"].to_numpy(),
        }
    )


# ---------------------------------------------------------------- budget


def assigned_lines(lines: pd.DataFrame) -> pd.DataFrame:
    """The lines of funds already assigned (carried over or the year's plan), not next year's plan."""
    return lines[lines["line"].isin(("carryover", "plan"))]


def budget_cards(lines: pd.DataFrame, lang: str) -> list[Kpi]:
    """Total assigned, then each line's rates (computed by the query), then the next year's plan."""
    t = translator(lang)
    mvnd = lambda v: number(v, lang, 3)  # noqa: E731
    cards = []
    assigned = assigned_lines(lines)
    if not assigned.empty:
        years = sorted(assigned["allocation_year"].unique())
        span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
        parts = "; ".join(
            f"{budget_line_label(row, lang)}: {mvnd(row['allocated_mvnd'])}" for _, row in assigned.iterrows()
        )
        cards.append(
            Kpi(
                "assigned",
                t("budget.card.assigned", years=span),
                f"{mvnd(assigned['allocated_mvnd'].sum())} {t('budget.mvnd_short')}",
                None,
                t("budget.card.assigned.help", parts=parts),
            )
        )
    for _, row in lines.iterrows():
        label = budget_line_label(row, lang)
        if pd.notna(row["disbursed_rate"]):
            cards.append(
                Kpi(
                    f"disbursed_{row['record_id']}",
                    t("budget.card.disbursed", line=label),
                    percent(row["disbursed_rate"], lang, 1),
                    None,
                    t("budget.card.ratio.help", part=mvnd(row["disbursed_mvnd"]), whole=mvnd(row["allocated_mvnd"])),
                )
            )
        if pd.notna(row["expected_disbursed_rate"]):
            by = row["expected_by"]
            cards.append(
                Kpi(
                    f"expected_{row['record_id']}",
                    t("budget.card.expected", line=label),
                    percent(row["expected_disbursed_rate"], lang, 1),
                    None,
                    t(
                        "budget.card.expected.help",
                        part=mvnd(row["expected_disbursed_mvnd"]),
                        whole=mvnd(row["allocated_mvnd"]),
                        by="–" if pd.isna(by) else pd.Timestamp(by).strftime("%d/%m/%Y"),
                    ),
                )
            )
        if row["line"] == "planned_next" and pd.notna(row["allocated_mvnd"]):
            cards.append(
                Kpi(
                    f"planned_{row['record_id']}",
                    t("budget.card.planned", year=row["allocation_year"]),
                    f"{mvnd(row['allocated_mvnd'])} {t('budget.mvnd_short')}",
                    None,
                    t("budget.card.planned.help", unit=row["implementing_unit"]),
                )
            )
    return cards


def budget_table(lines: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Every budget line by year, source and implementing unit: amounts (million VND) and computed rates."""
    t = translator(lang)
    return pd.DataFrame(
        {
            t("budget.col.line"): [budget_line_label(row, lang) for _, row in lines.iterrows()],
            t("column.allocation_year"): lines["allocation_year"].astype(str).to_numpy(),
            t("column.funding_source"): lines["funding_source"].to_numpy(),
            t("column.implementing_unit"): lines["implementing_unit"].to_numpy(),
            t("column.allocated_mvnd"): _num(lines["allocated_mvnd"], lang, 3),
            t("column.advanced_mvnd"): _num(lines["advanced_mvnd"], lang, 3),
            t("column.disbursed_mvnd"): _num(lines["disbursed_mvnd"], lang, 3),
            t("column.expected_disbursed_mvnd"): _num(lines["expected_disbursed_mvnd"], lang, 3),
            t("budget.col.disbursed_rate"): _pct(lines["disbursed_rate"], lang),
            t("budget.col.expected_disbursed_rate"): _pct(lines["expected_disbursed_rate"], lang),
            t("column.expected_by"): [
                "–" if pd.isna(d) else pd.Timestamp(d).strftime("%d/%m/%Y") for d in lines["expected_by"]
            ],
            t("column.illustrative"): [
                t("value.illustrative" if f else "value.reported") for f in lines["illustrative"]
            ],
            t("column.source"): lines["source"].to_numpy(),
        }
    )


# ---------------------------------------------------------------- reconciliation


@dataclass(frozen=True)
class Finding:
    """One place where the report and the data (or the report and itself) disagree, and why."""

    code: str
    kind: str  # figure | arithmetic | data | lower_bound | lists (the lists, not the report, differ)
    headline: str
    detail: str


def _figure_number(value, unit: str, lang: str) -> str:
    return number(value, lang, 3 if unit == "million VND" else 0)


def _kind_columns(figures: pd.DataFrame, lang: str) -> dict:
    """The lists' figure split into real lists and illustration, and why it differs from the report."""
    if "cause" not in figures.columns:
        return {}
    t = translator(lang)
    listed = figures["communes_listed"].notna()
    return {
        t("reconciliation.col.real"): _num(figures["listed_real"].astype(float).fillna(0).where(listed), lang, 3),
        t("reconciliation.col.illustrative"): _num(
            figures["listed_illustrative"].astype(float).fillna(0).where(listed), lang, 3
        ),
        t("reconciliation.col.cause"): [figure_cause(row, lang) for _, row in figures.iterrows()],
    }


def reconciliation_table(figures: pd.DataFrame, lang: str):
    """Every figure of the report (rows of `report_figures`): reported, recomputed, section, match, why not.

    Named by its description and section, as the report names it: the figure's code is ours, not the reader's."""
    t = translator(lang)
    notes = []
    for _, row in figures.iterrows():
        note = in_language(row["explanation"], lang)
        if row["lower_bound"]:
            note = " ".join(filter(None, [t("reconciliation.lower_bound_note"), note]))
        notes.append(note)
    frame = pd.DataFrame(
        {
            t("reconciliation.col.what"): figures["description_vi" if lang == "vi" else "description_en"].to_numpy(),
            t("column.section"): figures["section"].to_numpy(),
            t("reconciliation.col.printed"): figures["printed"].to_numpy(),
            t("reconciliation.col.reported"): _num(figures["reported"].astype(float), lang, 3),
            t("reconciliation.col.recomputed"): _num(figures["value"].astype(float), lang, 3),
            **_kind_columns(figures, lang),
            t("reconciliation.col.unit"): [
                t(f"reconciliation.unit.{u}") if t.has(f"reconciliation.unit.{u}") else u for u in figures["unit"]
            ],
            t("reconciliation.col.match"): [
                t("reconciliation.match.yes") if m else t("reconciliation.match.no") for m in figures["matches"]
            ],
            t("reconciliation.col.note"): notes,
        }
    )
    mismatch = t("reconciliation.match.no")
    return frame.style.apply(
        lambda r: ["background-color: #fbe3dc" if r[t("reconciliation.col.match")] == mismatch else "" for _ in r],
        axis=1,
    )


def percentage_table(percentages: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Every percentage the report prints (rows of `report_percentages`), recomputed twice."""
    t = translator(lang)
    return pd.DataFrame(
        {
            t("reconciliation.col.what"): percentages[
                "description_vi" if lang == "vi" else "description_en"
            ].to_numpy(),
            t("column.section"): percentages["section"].to_numpy(),
            t("reconciliation.col.printed"): percentages["printed"].to_numpy(),
            t("reconciliation.col.ratio"): [
                f"{number(n, lang, 3)} / {number(d, lang, 3)}"
                for n, d in zip(percentages["numerator_reported"], percentages["denominator_reported"])
            ],
            t("reconciliation.col.pct_from_report"): _pct(percentages["pct_from_report"].astype(float) / 100, lang, 2),
            t("reconciliation.col.pct_from_data"): _pct(percentages["pct_from_data"].astype(float) / 100, lang, 2),
            t("reconciliation.col.arithmetic"): [
                t("reconciliation.match.yes") if m else t("reconciliation.match.no") for m in percentages["matches"]
            ],
            t("reconciliation.col.data_agrees"): [
                t("reconciliation.match.yes") if ok else t("reconciliation.match.no") for ok in data_agrees(percentages)
            ],
        }
    )


def data_agrees(percentages: pd.DataFrame) -> list[bool]:
    """Whether the data gives the same ratio as the report's own figures (to 0.01 percentage point)."""
    return [
        pd.notna(d) and abs(float(d) - float(r)) < 0.005
        for d, r in zip(percentages["pct_from_data"], percentages["pct_from_report"])
    ]


def findings(figures: pd.DataFrame, percentages: pd.DataFrame, lang: str) -> list[Finding]:
    """The report's inconsistencies and caveats, each explained with the numbers that show it, as Markdown: the
    report's own words (which an import may bring) are escaped."""
    t = translator(lang)
    found = []
    for _, row in figures[~figures["matches"].astype(bool)].iterrows():
        lists = row.get("cause") in ("illustrative", "real_lists")  # the lists differ, not the report
        found.append(
            Finding(
                row["code"],
                "lists" if lists else "figure",
                t(
                    "reconciliation.finding.lists" if lists else "reconciliation.finding.figure",
                    printed=markdown_text(row["printed"]),
                    section=markdown_text(row["section"]),
                    value=_figure_number(row["value"], row["unit"], lang),
                ),
                markdown_text(in_language(row["explanation"], lang))
                or (figure_cause(row, lang) if "cause" in row else "")
                or t("reconciliation.finding.figure.generic"),
            )
        )
    for _, row in percentages.iterrows():
        description = markdown_text(row["description_vi" if lang == "vi" else "description_en"])
        ratio = f"{number(row['numerator_reported'], lang, 3)} / {number(row['denominator_reported'], lang, 3)}"
        if not row["matches"]:
            found.append(
                Finding(
                    row["code"],
                    "arithmetic",
                    t(
                        "reconciliation.finding.arithmetic",
                        printed=markdown_text(row["printed"]),
                        section=markdown_text(row["section"]),
                    ),
                    t(
                        "reconciliation.finding.arithmetic.detail",
                        what=description,
                        ratio=ratio,
                        exact=percent(float(row["pct_from_report"]) / 100, lang, 2),
                        printed_pct=f"{number(row['reported_pct'], lang, 2)} %",
                    ),
                )
            )
    agree = data_agrees(percentages)
    for ok, (_, row) in zip(agree, percentages.iterrows()):
        if not ok and pd.notna(row["pct_from_data"]):
            found.append(
                Finding(
                    row["code"],
                    "data",
                    t(
                        "reconciliation.finding.data",
                        printed=markdown_text(row["printed"]),
                        section=markdown_text(row["section"]),
                    ),
                    t(
                        "reconciliation.finding.data.detail",
                        what=markdown_text(row["description_vi" if lang == "vi" else "description_en"]),
                        report=percent(float(row["pct_from_report"]) / 100, lang, 2),
                        data=percent(float(row["pct_from_data"]) / 100, lang, 2),
                    ),
                )
            )
    for _, row in figures[figures["lower_bound"].astype(bool)].iterrows():
        found.append(
            Finding(
                row["code"],
                "lower_bound",
                t("reconciliation.finding.lower_bound", printed=markdown_text(row["printed"])),
                t("reconciliation.finding.lower_bound.detail", value=_figure_number(row["value"], row["unit"], lang)),
            )
        )
    return found


# ---------------------------------------------------------------- documents


def documents_table(documents: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The register as a plain frame (dates stay dates, so the grid sorts them by time)."""
    t = translator(lang)
    return pd.DataFrame(
        {
            t("column.issued_on"): pd.to_datetime(documents["issued_on"]).to_numpy(),
            t("column.number"): documents["number"].to_numpy(),
            t("column.doc_type"): [doc_type_label(d, lang) for d in documents["doc_type"]],
            t("column.issuer"): documents["issuer"].to_numpy(),
            t("column.title"): documents["title"].fillna("–").to_numpy(),
            t("column.section"): documents["section"].to_numpy(),
        }
    )

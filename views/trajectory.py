"""Targets as trajectories: how far each cumulative target of a period (e.g. 2022–2025) has come year by year,
and whether the pace so far reaches it by the period's end.

A target's actual is cumulative, as the reports state it. The pace is the average gain per year since the
period began, counted from zero at its start (the reports give no baseline), so the projection is a straight
line: actual ÷ years elapsed × years of the period. It is a reading aid for "will we make it?", not a
forecast, and the page says so. Rows are those of the `target_progress` query.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from i18n import translator
from i18n.formatting import number
from views.charts import STATUS_COLOURS, _empty, _layout

PACE_STATUSES = ("achieved", "on_track", "off_track")
PACE_COLOURS = {"achieved": STATUS_COLOURS["exceeded"], "on_track": "#62a86f", "off_track": "#c4553a"}
NEEDED_COLOUR = "#8a8f98"
ACTUAL_COLOUR = "#2d4a77"


@dataclass(frozen=True)
class Pace:
    code: str
    name_vi: str
    name_en: str
    target: float
    period_start: int
    period_end: int
    year: int  # the latest year with a reported actual
    actual: float
    needed_by_now: float  # where a straight line from zero to the target stands in `year`
    projected: float  # the actual at the period's end if the pace so far holds
    needed_per_year: float | None  # what each remaining year must add; None when no year remains
    status: str  # achieved | on_track | off_track
    illustrative: bool

    def name(self, lang: str) -> str:
        return self.name_vi if lang == "vi" else self.name_en


def paces(progress: pd.DataFrame) -> list[Pace]:
    """One Pace per target that has a target value and at least one reported actual, in the query's order."""
    if progress.empty:
        return []
    reported = progress[progress["reported"] & progress["actual_value"].notna() & progress["target_value"].notna()]
    result = []
    for code in dict.fromkeys(reported["code"]):
        rows = reported[reported["code"] == code].sort_values("year")
        latest = rows.iloc[-1]
        start, end, year = int(latest["period_start"]), int(latest["period_end"]), int(latest["year"])
        target, actual = float(latest["target_value"]), float(latest["actual_value"])
        length, elapsed = end - start + 1, min(max(year - start + 1, 1), end - start + 1)
        projected = actual / elapsed * length
        remaining = end - year
        status = "achieved" if actual >= target else "on_track" if projected >= target else "off_track"
        result.append(
            Pace(
                code=code,
                name_vi=latest["name_vi"],
                name_en=latest["name_en"],
                target=target,
                period_start=start,
                period_end=end,
                year=year,
                actual=actual,
                needed_by_now=target * elapsed / length,
                projected=projected,
                needed_per_year=max(target - actual, 0) / remaining if remaining > 0 else None,
                status=status,
                illustrative=bool(rows["illustrative"].any()),
            )
        )
    return result


def pace_table(items: list[Pace], lang: str) -> pd.DataFrame:
    """The paces as a page lists them: target, where it stands, where a steady pace ends, what it needs."""
    t = translator(lang)

    def amount(value) -> str:
        return "–" if value is None else number(value, lang, 0 if float(value).is_integer() else 1)

    return pd.DataFrame(
        {
            t("column.target"): [item.name(lang) for item in items],
            t("pace.col.target_value"): [f"{amount(i.target)} ({i.period_end})" for i in items],
            t("pace.col.actual"): [f"{amount(i.actual)} ({i.year})" for i in items],
            t("pace.col.needed_by_now"): [amount(i.needed_by_now) for i in items],
            t("pace.col.projected"): [amount(None if i.status == "achieved" else i.projected) for i in items],
            t("pace.col.needed_per_year"): [amount(i.needed_per_year) for i in items],
            t("pace.col.status"): [t(f"pace.status.{i.status}") for i in items],
            t("column.illustrative"): [t("value.illustrative" if i.illustrative else "value.reported") for i in items],
        }
    )


def trajectory_chart(progress: pd.DataFrame, item: Pace, lang: str) -> go.Figure:
    """One target over its period: the straight line from zero to the target (what a steady pace needs),
    the reported actuals, and the steady-pace projection from the latest actual to the period's end."""
    t = translator(lang)
    title = t("pace.chart_title", target=item.name(lang), end=item.period_end)
    fig = go.Figure()
    rows = progress[(progress["code"] == item.code) & progress["reported"] & progress["actual_value"].notna()]
    if rows.empty:
        return _layout(_empty(fig, lang), lang, title)
    rows = rows.sort_values("year")
    origin = item.period_start - 1
    fig.add_trace(
        go.Scatter(
            x=[origin, item.period_end],
            y=[0, item.target],
            mode="lines",
            name=t("pace.needed"),
            line={"color": NEEDED_COLOUR, "dash": "dash", "width": 2},
            hovertemplate="%{x}: %{y}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=rows["year"].astype(int).tolist(),  # reported years only: nothing is drawn between them and zero
            y=rows["actual_value"].astype(float).tolist(),
            mode="lines+markers+text",
            name=t("pace.actual"),
            text=[number(v, lang, 0) for v in rows["actual_value"]],
            textposition="top center",
            line={"color": ACTUAL_COLOUR, "width": 3},
            marker={"size": 13, "color": ACTUAL_COLOUR},
            hovertemplate="%{x}: %{y}<extra></extra>",
        )
    )
    if item.year < item.period_end and item.status != "achieved":  # a target reached needs no projection
        fig.add_trace(
            go.Scatter(
                x=[item.year, item.period_end],
                y=[item.actual, item.projected],
                mode="lines+markers+text",
                name=t("pace.projected"),
                text=["", number(item.projected, lang, 0)],
                textposition="middle right",
                line={"color": PACE_COLOURS[item.status], "dash": "dot", "width": 3},
                marker={"size": [0, 13], "symbol": "circle-open", "color": PACE_COLOURS[item.status]},
                hovertemplate="%{x}: %{y}<extra></extra>",
            )
        )
    fig.add_hline(
        y=item.target,
        line={"color": "#c4553a", "width": 1},
        annotation_text=t("timeline.target", value=number(item.target, lang, 0), end=item.period_end),
        annotation_position="top left",
    )
    years = list(range(origin, item.period_end + 1))
    fig.update_xaxes(
        tickmode="array", tickvals=years, ticktext=[str(y) for y in years], range=[origin - 0.3, item.period_end + 0.6]
    )
    top = max(item.target, item.projected, float(rows["actual_value"].max()))
    fig.update_yaxes(range=[0, top * 1.2 or 1])
    return _layout(fig, lang, title, x_title=t("timeline.year"), height=380, illustrative=item.illustrative)

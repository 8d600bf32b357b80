"""An indicator over the years (rows of the `timeline` query), with the target of its period as a line.

A year whose figure rests on illustrative rows is drawn with a hollow marker and the chart's title says
ILLUSTRATIVE, as every chart drawn from illustration does.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from i18n import translator
from i18n.formatting import number
from views.charts import _empty, _layout

# The indicators the timeline offers, in the order the overview lists them (the `timeline` query's codes).
TIMELINE_INDICATORS = (
    "comm_teams",
    "communicators",
    "trusted_addresses",
    "clubs",
    "events",
    "policy_dialogues",
    "supervised_communes",
    "training_participants",
    "safe_birth_mothers_paid",
)
LINE_COLOUR = "#2d4a77"
TARGET_COLOUR = "#c4553a"


def indicator_label(code: str, lang: str) -> str:
    """A map indicator's words where it has them, else the report figure's."""
    t = translator(lang)
    return t(f"indicator.{code}") if t.has(f"indicator.{code}") else t(f"import.choice.code.{code}")


def target_for(targets: pd.DataFrame, indicator: str) -> tuple[float, int] | None:
    """The period target of an indicator (value, last year of the period) from `targets` rows, if one is set."""
    if targets is None or targets.empty:
        return None
    rows = targets[(targets["code"] == indicator) & targets["target_value"].notna()]
    if rows.empty:
        return None
    return float(rows["target_value"].iloc[0]), int(rows["period_end"].iloc[0])


def timeline_chart(rows: pd.DataFrame, indicator: str, lang: str, target: tuple[float, int] | None = None) -> go.Figure:
    t = translator(lang)
    title = indicator_label(indicator, lang)
    shown = rows[rows["indicator"] == indicator].sort_values("year") if not rows.empty else rows
    fig = go.Figure()
    if shown.empty:
        return _layout(_empty(fig, lang), lang, title)
    illustrative = shown["illustrative"].fillna(False).astype(bool)
    fig.add_trace(
        go.Scatter(
            x=shown["year"],
            y=shown["value"],
            mode="lines+markers+text",
            name=t("timeline.listed"),
            text=[number(v, lang, 0) for v in shown["value"]],
            textposition="top center",
            line={"color": LINE_COLOUR, "width": 3},
            marker={
                "size": 13,
                "color": LINE_COLOUR,
                "symbol": ["circle-open" if flag else "circle" for flag in illustrative],
                "line": {"width": 2, "color": LINE_COLOUR},
            },
            customdata=[t("value.illustrative") if flag else t("kind.unit.real") for flag in illustrative],
            hovertemplate="%{x}: %{text} (%{customdata})<extra></extra>",
        )
    )
    if target is not None:
        value, end = target
        fig.add_hline(
            y=value,
            line={"color": TARGET_COLOUR, "dash": "dash", "width": 2},
            annotation_text=t("timeline.target", value=number(value, lang, 0), end=end),
            annotation_position="bottom right",
        )
    years = shown["year"].astype(int).tolist()
    fig.update_xaxes(tickmode="array", tickvals=years, ticktext=[str(y) for y in years])
    top = max([*shown["value"].astype(float), target[0] if target else 0])
    fig.update_yaxes(range=[0, top * 1.2 or 1])
    return _layout(fig, lang, title, x_title=t("timeline.year"), height=360, illustrative=bool(illustrative.any()))

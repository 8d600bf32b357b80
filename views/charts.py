"""Plotly figures of the targets, budget, reconciliation and document pages, built from query frames.

Pure functions (no Streamlit) so a test can check that what a chart draws is exactly the rows of the query
it claims to show. Every figure: sober colours, large type for a projector, axis titles in the chosen
language, numbers written as that language writes them (Plotly `separators`, and labels from i18n/formatting),
and "ILLUSTRATIVE" in the title of any chart drawn from illustrative rows.
"""

from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go

from i18n import translator
from i18n.formatting import number, percent
from registry.codes import BUDGET_LINES, TARGET_STATUSES

FONT = {"family": "Inter, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif", "size": 15, "color": "#1f2d3d"}
SEPARATORS = {"vi": ",.", "en": ".,"}  # Plotly: decimal mark, then thousands mark
STATUS_COLOURS = {
    "exceeded": "#1b7a4a",
    "achieved": "#62a86f",
    "not_achieved": "#c4553a",
    "not_started": "#8a8f98",
    "no_report": "#dde1e6",
}
AMOUNTS = ("allocated_mvnd", "advanced_mvnd", "disbursed_mvnd", "expected_disbursed_mvnd")
AMOUNT_COLOURS = {
    "allocated_mvnd": "#b9c5d6",
    "advanced_mvnd": "#7f95b3",
    "disbursed_mvnd": "#2d4a77",
    "expected_disbursed_mvnd": "#d99a2b",
}
RATES = ("advanced_rate", "disbursed_rate", "expected_disbursed_rate")
RATE_COLOURS = {"advanced_rate": "#7f95b3", "disbursed_rate": "#2d4a77", "expected_disbursed_rate": "#d99a2b"}
CHECK_COLOURS = {"pct_from_report": "#2d4a77", "pct_from_data": "#d99a2b"}
DOC_COLOURS = ("#2d4a77", "#d99a2b", "#62a86f", "#c4553a", "#7f95b3", "#8a8f98", "#5b3f8c")
TRACK = "#e6e9ee"
ILLUSTRATIVE_COLOUR = "#9fb0c6"


def wrap(label: str, width: int = 42) -> str:
    """Long Vietnamese target names on several lines, so the axis stays readable."""
    return "<br>".join(textwrap.wrap(str(label), width, break_on_hyphens=False)) or str(label)


def _name(row, lang: str) -> str:
    return row["name_vi"] if lang == "vi" else row["name_en"]


def _illustrative(frame: pd.DataFrame) -> bool:
    return "illustrative" in frame.columns and bool(frame["illustrative"].fillna(False).astype(bool).any())


def _layout(
    fig: go.Figure,
    lang: str,
    title: str,
    *,
    x_title: str | None = None,
    y_title: str | None = None,
    height: int = 420,
    illustrative: bool = False,
) -> go.Figure:
    t = translator(lang)
    if illustrative:
        title = f"{title} — {t('chart.illustrative')}"
    fig.update_layout(
        template="plotly_white",
        separators=SEPARATORS.get(lang, ",."),
        font=FONT,
        height=height,
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 19}},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.01, "x": 0, "xanchor": "left", "font": {"size": 14}},
        margin={"l": 10, "r": 30, "t": 90, "b": 60},
        hoverlabel={"font": {"size": 14}},
        uniformtext={"minsize": 12, "mode": "show"},
    )
    fig.update_xaxes(title_text=x_title, gridcolor="#eceff3", zerolinecolor="#c9ced6", automargin=True)
    fig.update_yaxes(title_text=y_title, gridcolor="#eceff3", zerolinecolor="#c9ced6", automargin=True)
    return fig


def _empty(fig: go.Figure, lang: str, message_key: str = "chart.no_data") -> go.Figure:
    t = translator(lang)
    fig.add_annotation(
        text=t(message_key),
        showarrow=False,
        x=0.5,
        y=0.5,
        xref="paper",
        yref="paper",
        font={"size": 16, "color": "#6b7380"},
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


# ---------------------------------------------------------------- targets


def measurable_targets(targets: pd.DataFrame) -> pd.DataFrame:
    """The targets with a number for both target and actual: the ones a progress bar can be drawn for."""
    keep = targets["target_value"].notna() & targets["actual_value"].notna() & (targets["target_value"] > 0)
    return targets[keep]


def target_progress(targets: pd.DataFrame, lang: str) -> go.Figure:
    """Bullet chart: each measurable target's actual as a share of its target (100 % = target reached).

    `targets` are rows of the `targets` query. Targets without a number are left to the status grid.
    """
    t = translator(lang)
    rows = measurable_targets(targets)
    period = f"{targets['period_start'].min()}–{targets['period_end'].max()}" if not targets.empty else ""
    fig = go.Figure()
    if rows.empty:
        return _layout(_empty(fig, lang), lang, t("chart.targets_progress", period=period))
    labels = [wrap(_name(row, lang), 34) for _, row in rows.iterrows()]
    shares = (100 * rows["actual_value"] / rows["target_value"]).tolist()
    fig.add_trace(
        go.Bar(
            name=t("chart.target_level"),
            x=[100] * len(rows),
            y=labels,
            orientation="h",
            width=0.72,
            marker={"color": TRACK},
            hoverinfo="skip",
        )
    )
    fig.add_trace(
        go.Bar(
            name=t("chart.actual"),
            x=shares,
            y=labels,
            orientation="h",
            width=0.36,
            marker={"color": [STATUS_COLOURS.get(s, STATUS_COLOURS["not_started"]) for s in rows["status"]]},
            customdata=rows["code"].tolist(),
            text=[
                f"{number(actual, lang, 0)}/{number(target, lang, 0)} · {percent(share / 100, lang, 1)}"
                for actual, target, share in zip(rows["actual_value"], rows["target_value"], shares)
            ],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}<br>%{text}<extra></extra>",
        )
    )
    fig.add_vline(x=100, line={"color": "#1f2d3d", "width": 2, "dash": "dot"})
    fig.update_layout(barmode="overlay", bargap=0.35)
    fig.update_xaxes(range=[0, max(125, max(shares) * 1.3)], ticksuffix=" %")
    fig.update_yaxes(autorange="reversed")
    return _layout(
        fig,
        lang,
        t("chart.targets_progress", period=period),
        x_title=t("chart.share_of_target"),
        height=140 + 90 * len(rows),
        illustrative=_illustrative(rows),
    )


def _grid_label(row, lang: str) -> str:
    area = translator(lang)("chart.content_area_short", area=row["content_area"])
    return f"{area} · {wrap(_name(row, lang), 46)}"


def _cell_text(row, lang: str) -> str:
    if not row["reported"]:
        return ""
    actual, target = row["actual_value"], row["target_value"]
    if pd.notna(actual) and pd.notna(target):
        return f"{number(actual, lang, 0)}/{number(target, lang, 0)}"
    return "" if pd.isna(actual) else number(actual, lang, 0)


def target_status_grid(progress: pd.DataFrame, lang: str) -> go.Figure:
    """Each target (rows, grouped by content area) by year of its period (columns), coloured by its status.

    `progress` are rows of the `target_progress` query; a year without a report is drawn as "no report".
    One trace per status, so the legend reads as the key.
    """
    t = translator(lang)
    fig = go.Figure()
    if progress.empty:
        return _layout(_empty(fig, lang), lang, t("chart.targets_by_year"))
    frame = progress.assign(
        label=[_grid_label(row, lang) for _, row in progress.iterrows()],
        kind=[s if r and isinstance(s, str) else "no_report" for s, r in zip(progress["status"], progress["reported"])],
        cell=[_cell_text(row, lang) for _, row in progress.iterrows()],
    )
    order = list(dict.fromkeys(frame["label"]))
    years = [str(y) for y in sorted(frame["year"].unique())]
    for kind in (*TARGET_STATUSES, "no_report"):
        part = frame[frame["kind"] == kind]
        if part.empty:
            continue
        label = t(f"chart.status.{kind}")
        fig.add_trace(
            go.Scatter(
                name=label,
                x=part["year"].astype(str).tolist(),
                y=part["label"].tolist(),
                mode="markers+text",
                marker={
                    "symbol": "square",
                    "size": 34,
                    "color": STATUS_COLOURS[kind],
                    "line": {"color": "#ffffff", "width": 1},
                },
                text=part["cell"].tolist(),
                textfont={"size": 11, "color": "#ffffff" if kind != "no_report" else "#6b7380"},
                customdata=part[["code", "year"]].values.tolist(),
                hovertemplate="%{y}<br>%{x}: " + label + " %{text}<extra></extra>",
            )
        )
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=years, side="top", showgrid=False)
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=order, autorange="reversed", showgrid=False)
    fig = _layout(
        fig, lang, t("chart.targets_by_year"), height=150 + 52 * len(order), illustrative=_illustrative(progress)
    )
    fig.update_layout(legend={"y": -0.02, "yanchor": "top"}, margin={"t": 110, "b": 70})
    return fig


def target_by_commune(communes: pd.DataFrame, lang: str) -> go.Figure:
    """One target's actual in each commune (rows of `target_communes` for one code), largest first.

    Bars resting on the illustrative allocation are hatched, and the title says ILLUSTRATIVE.
    """
    t = translator(lang)
    fig = go.Figure()
    if communes.empty:
        return _layout(_empty(fig, lang), lang, t("chart.by_commune", target=""))
    name = _name(communes.iloc[0], lang)
    place = communes["commune_name"].fillna(t("chart.no_commune")).tolist()
    flags = communes["illustrative"].fillna(False).astype(bool).tolist()
    fig.add_trace(
        go.Bar(
            name=name,
            x=place,
            y=communes["actual"].tolist(),
            customdata=communes["commune_code"].tolist(),
            marker={
                "color": [ILLUSTRATIVE_COLOUR if f else "#2d4a77" for f in flags],
                "pattern": {"shape": ["/" if f else "" for f in flags], "fgcolor": "#ffffff"},
            },
            text=[number(v, lang, 0) for v in communes["actual"]],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{x}: %{text}<extra></extra>",
        )
    )
    top = float(communes["actual"].max() or 0)
    fig.update_yaxes(rangemode="tozero", range=[0, max(1.0, top * 1.2)], dtick=1 if top <= 10 else None)
    fig.update_xaxes(tickangle=-35)
    fig = _layout(
        fig,
        lang,
        t("chart.by_commune", target=wrap(name, 70)),
        x_title=t("chart.commune"),
        y_title=t("chart.count"),
        height=460,
        illustrative=any(flags),
    )
    fig.update_layout(showlegend=False)
    return fig


# ---------------------------------------------------------------- budget


def budget_line_label(row, lang: str) -> str:
    """'2022 carried over', '2023 plan', '2024 planned': a budget line as the report speaks of it."""
    t = translator(lang)
    key = f"chart.budget_line.{row['line']}"
    return (
        t(key, year=row["allocation_year"])
        if row["line"] in BUDGET_LINES
        else f"{row['line']} {row['allocation_year']}"
    )


def _mvnd(value, lang: str) -> str:
    return "" if pd.isna(value) else number(value, lang, 3)


def budget_amounts(lines: pd.DataFrame, lang: str) -> go.Figure:
    """Allocated, advanced, disbursed and expected-disbursed million VND of each budget line (`budget_lines` rows).

    A missing amount (the report gives none) draws no bar rather than a zero.
    """
    t = translator(lang)
    fig = go.Figure()
    title = t("chart.budget_amounts")
    if lines.empty:
        return _layout(_empty(fig, lang), lang, title)
    labels = [budget_line_label(row, lang) for _, row in lines.iterrows()]
    unit = t("chart.mvnd")
    for column in AMOUNTS:
        values = [None if pd.isna(v) else float(v) for v in lines[column]]
        fig.add_trace(
            go.Bar(
                name=t(f"chart.amount.{column}"),
                x=labels,
                y=values,
                marker={"color": AMOUNT_COLOURS[column]},
                customdata=lines["record_id"].tolist(),
                text=[_mvnd(v, lang) for v in lines[column]],
                textposition="outside",
                cliponaxis=False,
                textfont={"size": 13},
                hovertemplate="%{x}<br>%{fullData.name}: %{text} " + unit + "<extra></extra>",
            )
        )
    top = float(lines[list(AMOUNTS)].max().max())
    fig.update_yaxes(range=[0, top * 1.18], tickformat=",.0f")
    fig.update_layout(barmode="group", bargap=0.25, bargroupgap=0.06)
    return _layout(fig, lang, title, y_title=unit, height=470, illustrative=_illustrative(lines))


def rated_lines(lines: pd.DataFrame) -> pd.DataFrame:
    """The budget lines with an allocation and at least one rate (a next year's plan has none yet)."""
    return lines[lines["allocated_mvnd"].fillna(0).gt(0) & lines[list(RATES)].notna().any(axis=1)]


def budget_rates(lines: pd.DataFrame, lang: str) -> go.Figure:
    """Advanced, disbursed and expected-disbursed as a share of each line's allocation, computed by the query."""
    t = translator(lang)
    rows = rated_lines(lines)
    fig = go.Figure()
    title = t("chart.budget_rates")
    if rows.empty:
        return _layout(_empty(fig, lang), lang, title)
    labels = [budget_line_label(row, lang) for _, row in rows.iterrows()]
    for column in RATES:
        shares = [None if pd.isna(v) else 100 * float(v) for v in rows[column]]
        fig.add_trace(
            go.Bar(
                name=t(f"chart.rate.{column}"),
                y=labels,
                x=shares,
                orientation="h",
                marker={"color": RATE_COLOURS[column]},
                customdata=rows["record_id"].tolist(),
                text=["" if pd.isna(v) else percent(v, lang, 1) for v in rows[column]],
                textposition="outside",
                cliponaxis=False,
                hovertemplate="%{y}<br>%{fullData.name}: %{text}<extra></extra>",
            )
        )
    fig.add_vline(x=100, line={"color": "#1f2d3d", "width": 1, "dash": "dot"})
    fig.update_layout(barmode="group", bargap=0.3)
    fig.update_xaxes(range=[0, 110], ticksuffix=" %")
    fig.update_yaxes(autorange="reversed")
    return _layout(
        fig,
        lang,
        title,
        x_title=t("chart.share_of_allocation"),
        height=200 + 110 * len(rows),
        illustrative=_illustrative(rows),
    )


# ---------------------------------------------------------------- reconciliation


def percentage_gaps(percentages: pd.DataFrame) -> dict[str, list]:
    """How far each recomputed percentage lies from the printed one, in percentage points (None: no data)."""
    printed = percentages["reported_pct"].astype(float)
    return {
        column: [None if pd.isna(v) else float(v) for v in percentages[column].astype(float) - printed]
        for column in ("pct_from_report", "pct_from_data")
    }


def percentage_check(percentages: pd.DataFrame, lang: str) -> go.Figure:
    """Each percentage the report prints (rows of `report_percentages`): how far the same ratio of the report's own
    figures, and of the data, lies from it. Zero means the printed figure is right; drawn as differences so a
    gap of 0,67 points is visible, which it would not be on a 0-100 % scale."""
    t = translator(lang)
    fig = go.Figure()
    title = t("chart.percentage_check")
    if percentages.empty:
        return _layout(_empty(fig, lang), lang, title)
    labels = [
        f"{wrap(d, 34)}<br><i>{p}</i>"
        for d, p in zip(percentages["description_vi" if lang == "vi" else "description_en"], percentages["printed"])
    ]
    for column, gaps in percentage_gaps(percentages).items():
        fig.add_trace(
            go.Bar(
                name=t(f"chart.check.{column}"),
                x=gaps,
                y=labels,
                orientation="h",
                marker={"color": CHECK_COLOURS[column]},
                customdata=percentages["code"].tolist(),
                text=["–" if g is None else f"{'+' if g > 0 else ''}{number(g, lang, 2)}" for g in gaps],
                textposition="outside",
                cliponaxis=False,
                hovertext=[f"{percent(float(v) / 100, lang, 2)}" if pd.notna(v) else "–" for v in percentages[column]],
                hovertemplate="%{y}<br>%{fullData.name}: %{hovertext} (%{text})<extra></extra>",
            )
        )
    widest = max([abs(g) for gaps in percentage_gaps(percentages).values() for g in gaps if g is not None] + [1.0])
    fig.add_vline(x=0, line={"color": "#1f2d3d", "width": 2})
    fig.update_layout(barmode="group", bargap=0.3)
    fig.update_xaxes(range=[-widest * 1.35, widest * 1.35], zeroline=False)
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, lang, title, x_title=t("chart.percentage_points"), height=190 + 95 * len(percentages))


# ---------------------------------------------------------------- documents


def doc_type_label(doc_type: str, lang: str) -> str:
    """A document type in words (decision, plan…); an unknown type is shown as its code, never dropped."""
    t = translator(lang)
    key = f"chart.doc_type.{doc_type}"
    return t(key) if t.has(key) else str(doc_type)


def document_timeline(documents: pd.DataFrame, lang: str) -> go.Figure:
    """The cited documents on a time axis (`document_register` rows): one row per document, named by its
    number and listed in order of issue, coloured by type; the subject shows on hover. One row each, so
    documents issued days apart never hide each other's labels."""
    t = translator(lang)
    fig = go.Figure()
    title = t("chart.document_timeline")
    dated = documents[documents["issued_on"].notna()]
    if dated.empty:
        return _layout(_empty(fig, lang), lang, title)
    dated = dated.assign(issued_on=pd.to_datetime(dated["issued_on"])).sort_values(
        ["issued_on", "number"], kind="stable"
    )
    repeated = dated["number"].duplicated(keep=False)  # the same number from two issuers must stay two rows
    dated = dated.assign(
        row_label=[f"{n} · {d:%d/%m/%Y}" if r else n for n, d, r in zip(dated["number"], dated["issued_on"], repeated)]
    )
    for position, doc_type in enumerate(dict.fromkeys(dated["doc_type"])):
        part = dated[dated["doc_type"] == doc_type]
        hover = [
            f"<b>{row['number']}</b> · {row['issued_on']:%d/%m/%Y}<br>{row['issuer'] or ''}<br>{wrap(row['title'] or '–', 60)}"
            for _, row in part.iterrows()
        ]
        fig.add_trace(
            go.Scatter(
                name=doc_type_label(doc_type, lang),
                x=part["issued_on"].tolist(),
                y=part["row_label"].tolist(),
                mode="markers",
                marker={
                    "size": 15,
                    "color": DOC_COLOURS[position % len(DOC_COLOURS)],
                    "line": {"width": 1, "color": "#ffffff"},
                },
                customdata=part["record_id"].tolist(),
                hovertext=hover,
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    fig.update_xaxes(type="date", tickformat="%m/%Y", dtick="M2")
    fig.update_yaxes(
        type="category",
        categoryorder="array",
        categoryarray=dated["row_label"].tolist(),
        autorange="reversed",
        gridcolor="#f1f3f6",
    )
    return _layout(fig, lang, title, x_title=t("chart.issued_on"), height=170 + 30 * len(dated))


def plotly_config(name: str) -> dict:
    """Chart toolbar for meetings: no Plotly logo; the camera button saves a 2x PNG named after the chart."""
    return {"displaylogo": False, "toImageButtonOptions": {"format": "png", "filename": name, "scale": 2}}

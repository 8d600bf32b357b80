"""The map as a picture for slides: a PNG drawn on the server with GeoPandas and Matplotlib.

A projector in a district hall has no internet and a slide deck wants a file, so this draws the same
classes and colours as the interactive map, with a title, a legend with units, a scale bar, a north
arrow, the sources and the date, and the "illustrative" label where it applies. Matplotlib's own
DejaVu Sans has every Vietnamese letter, so no system font is needed. No pyplot: a Figure per call
is thread-safe inside Streamlit.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import geopandas as gpd
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.patheffects import withStroke

from geo.classify import NO_DATA, classify, colour_for

WIDTH_IN, HEIGHT_IN, DPI = 16, 9, 120  # 1920 × 1080 pixels
KM_PER_DEGREE = 111.32


@dataclass(frozen=True)
class PointSet:
    """Points of one kind of record for the picture: positions, colour and legend label."""

    label: str
    colour: str
    longitude: Sequence[float]
    latitude: Sequence[float]


@dataclass(frozen=True)
class PictureText:
    title: str
    subtitle: str
    legend_title: str
    no_data: str
    sources: str
    north: str = "N"
    illustrative_note: str | None = None
    outline_label: str | None = None
    extra_notes: Sequence[str] = field(default_factory=tuple)


def _wrapped(label: str, width: int = 30) -> str:
    return textwrap.fill(label, width)


def _nice_length_km(span_km: float) -> float:
    """A round scale-bar length about a fifth of the map's width."""
    target = span_km / 5
    magnitude = 10 ** math.floor(math.log10(target))
    for step in (1, 2, 5, 10):
        if step * magnitude >= target:
            return step * magnitude
    return 10 * magnitude


def _scale_bar(ax, minx, miny, maxx, maxy, number: Callable) -> None:
    mid_lat = math.radians((miny + maxy) / 2)
    km_per_lon_degree = KM_PER_DEGREE * math.cos(mid_lat)
    length_km = _nice_length_km((maxx - minx) * km_per_lon_degree)
    length_deg = length_km / km_per_lon_degree
    x0, y0 = minx + 0.04 * (maxx - minx), miny + 0.05 * (maxy - miny)
    ax.plot([x0, x0 + length_deg], [y0, y0], color="black", linewidth=4, solid_capstyle="butt", zorder=5)
    ax.plot([x0, x0 + length_deg / 2], [y0, y0], color="white", linewidth=2, solid_capstyle="butt", zorder=6)
    ax.text(
        x0 + length_deg / 2,
        y0 + 0.015 * (maxy - miny),
        f"{number(length_km)} km",
        ha="center",
        va="bottom",
        fontsize=13,
        zorder=6,
    )


def _north_arrow(ax, letter: str) -> None:
    ax.annotate(
        letter,
        xy=(0.95, 0.95),
        xytext=(0.95, 0.85),
        xycoords="axes fraction",
        ha="center",
        va="center",
        fontsize=18,
        fontweight="bold",
        arrowprops={"facecolor": "black", "width": 5, "headwidth": 14},
    )


def map_picture(
    shapes: gpd.GeoDataFrame,
    values: pd.DataFrame,
    *,
    value_column: str,
    text: PictureText,
    number: Callable = str,
    method: str = "natural_breaks",
    classes: int = 5,
    fixed_breaks: Sequence[float] = (),
    points: Sequence[PointSet] = (),
    outline_codes: Sequence[str] = (),
    labels: Mapping[str, str] | None = None,
) -> bytes:
    """A 1920×1080 PNG of `value_column` by unit, with the same classes as the interactive map; with
    `labels` ({code: text}), each unit's text at a point inside it, haloed so it reads on any fill."""
    joined = shapes[["code", "geometry"]].merge(values, on="code", how="left")
    bins = classify(joined[value_column], method, classes, fixed_breaks)
    fills = [colour_for(v, bins) for v in joined[value_column]]

    figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI, facecolor="white")
    FigureCanvasAgg(figure)
    figure.text(0.02, 0.955, text.title, fontsize=26, fontweight="bold", va="center")
    figure.text(0.02, 0.91, text.subtitle, fontsize=15, color="#444", va="center")
    ax = figure.add_axes([0.02, 0.09, 0.66, 0.79])
    ax.set_axis_off()
    gpd.GeoDataFrame(geometry=joined.geometry.values, crs=shapes.crs).plot(
        ax=ax, color=fills, edgecolor="#444", linewidth=0.7
    )
    handles = [
        Patch(
            facecolor=b.colour,
            edgecolor="#555",
            label=number(b.lower) if math.isclose(b.lower, b.upper) else f"{number(b.lower)} – {number(b.upper)}",
        )
        for b in bins
    ]
    handles.append(Patch(facecolor=NO_DATA, edgecolor="#555", label=_wrapped(text.no_data)))
    outlined = shapes[shapes["code"].isin(set(outline_codes))]
    if not outlined.empty and text.outline_label:
        outlined.boundary.plot(ax=ax, color="#c0392b", linewidth=2.2, linestyle="--")
        handles.append(
            Line2D([], [], color="#c0392b", linewidth=2.2, linestyle="--", label=_wrapped(text.outline_label))
        )
    for point_set in points:
        ax.scatter(
            point_set.longitude,
            point_set.latitude,
            s=36,
            color=point_set.colour,
            edgecolor="#222",
            linewidth=0.6,
            zorder=4,
        )
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                markersize=9,
                markerfacecolor=point_set.colour,
                markeredgecolor="#222",
                label=_wrapped(point_set.label),
            )
        )

    for code, geometry in zip(shapes["code"], shapes.geometry):
        if labels and labels.get(code) and geometry is not None and not geometry.is_empty:
            anchor = geometry.representative_point()
            ax.text(
                anchor.x,
                anchor.y,
                _wrapped(labels[code], 14),
                fontsize=11,
                ha="center",
                va="center",
                zorder=5,
                path_effects=[withStroke(linewidth=3, foreground="white")],
            )
    minx, miny, maxx, maxy = shapes.total_bounds
    pad_x, pad_y = 0.03 * (maxx - minx), 0.03 * (maxy - miny)
    ax.set_xlim(minx - pad_x, maxx + pad_x)
    ax.set_ylim(miny - pad_y, maxy + pad_y)
    ax.set_aspect(1 / math.cos(math.radians((miny + maxy) / 2)))  # lon/lat drawn at true shape
    _scale_bar(ax, minx - pad_x, miny - pad_y, maxx + pad_x, maxy + pad_y, number)
    _north_arrow(ax, text.north)

    legend_ax = figure.add_axes([0.70, 0.09, 0.28, 0.79])
    legend_ax.set_axis_off()
    legend_ax.legend(
        handles=handles,
        title=_wrapped(text.legend_title, 34),
        loc="upper left",
        fontsize=14,
        title_fontsize=15,
        frameon=False,
        alignment="left",
    )
    notes = [*text.extra_notes]
    if text.illustrative_note:
        legend_ax.text(
            0,
            0.02,
            textwrap.fill(text.illustrative_note, 44),
            fontsize=13,
            color="#8a4b00",
            style="italic",
            va="bottom",
        )
    footer = "\n".join(textwrap.fill(line, 190) for line in [text.sources, *notes])
    figure.text(0.02, 0.015, footer, fontsize=11, color="#444", va="bottom", linespacing=1.4)

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": "Project 8 dashboard"})
    return buffer.getvalue()

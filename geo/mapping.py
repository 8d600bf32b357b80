"""Folium maps as pure functions: data in, folium.Map out (no Streamlit here, so tests can render them).

folium does not escape tooltip or popup text, and the map's iframe is not sandboxed from the app:
every value we place in a tooltip or legend goes through html.escape here.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

import folium
import geopandas as gpd
import pandas as pd
from branca.element import MacroElement, Template

from geo import assets

BOUNDARY_ATTRIBUTION = "Boundaries: censusVN2009 (M. Choisy, L. Contamin), MIT licence"
# ColorBrewer YlGnBu, 5 classes; the first colour is kept for zero so "nothing here" reads as pale.
PALETTE = ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"]
NO_DATA = "#d9d9d9"


@dataclass(frozen=True)
class Bin:
    lower: float
    upper: float
    colour: str


def classify(values: pd.Series, classes: int = 5) -> list[Bin]:
    """Equal-interval classes over the non-missing values; whole-number classes for counts."""
    present = values.dropna().astype(float)
    if present.empty:
        return []
    low, high = float(present.min()), float(present.max())
    if math.isclose(low, high):
        return [Bin(low, high, PALETTE[-1])]
    if (present == present.round()).all():
        step = max(1, math.ceil((high - low + 1) / classes))
        count = math.ceil((high - low + 1) / step)
        colours = PALETTE[:count] if count == len(PALETTE) else [PALETTE[round(i * (len(PALETTE) - 1) / max(count - 1, 1))] for i in range(count)]
        return [Bin(low + i * step, min(low + (i + 1) * step - 1, high), colours[i]) for i in range(count)]
    step = (high - low) / classes
    return [Bin(low + i * step, low + (i + 1) * step, PALETTE[i]) for i in range(classes)]


def colour_for(value, bins: list[Bin]) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or not bins:
        return NO_DATA
    for item in bins:
        if value <= item.upper + 1e-9:
            return item.colour
    return bins[-1].colour


_LEGEND = """
{% macro html(this, kwargs) %}
<div class="p8-legend" style="position:absolute; z-index:1000; top:12px; right:12px; background:rgba(255,255,255,.92);
     padding:8px 10px; border-radius:6px; box-shadow:0 1px 4px rgba(0,0,0,.3); font:13px/1.35 sans-serif; max-width:260px">
  {{ this.body }}
</div>
{% endmacro %}
"""

_ATTRIBUTION = """
{% macro script(this, kwargs) %}
L.control.scale({imperial: false}).addTo({{ this._parent.get_name() }});
{{ this._parent.get_name() }}.attributionControl.setPrefix(false);
{{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.text_json }});
{% endmacro %}
"""


class _Legend(MacroElement):
    def __init__(self, body_html: str):
        super().__init__()
        self._name = "Legend"
        self.body = body_html
        self._template = Template(_LEGEND)


class _Attribution(MacroElement):
    def __init__(self, text: str):
        super().__init__()
        self._name = "Attribution"
        import json

        self.text_json = json.dumps(html.escape(text))
        self._template = Template(_ATTRIBUTION)


def legend_html(title: str, unit: str, bins: list[Bin], no_data_label: str, note: str | None = None, number=str) -> str:
    rows = [f"<div style='font-weight:600;margin-bottom:4px'>{html.escape(title)}"
            f"{' (' + html.escape(unit) + ')' if unit else ''}</div>"]
    for item in bins:
        label = number(item.lower) if math.isclose(item.lower, item.upper) else f"{number(item.lower)} – {number(item.upper)}"
        rows.append(
            f"<div><span style='display:inline-block;width:14px;height:14px;background:{item.colour};"
            f"border:1px solid #777;margin-right:6px;vertical-align:-2px'></span>{html.escape(label)}</div>"
        )
    rows.append(
        f"<div><span style='display:inline-block;width:14px;height:14px;background:{NO_DATA};border:1px solid #777;"
        f"margin-right:6px;vertical-align:-2px'></span>{html.escape(no_data_label)}</div>"
    )
    if note:
        rows.append(f"<div style='margin-top:4px;color:#8a4b00;font-style:italic'>{html.escape(note)}</div>")
    return "".join(rows)


def choropleth_map(
    shapes: gpd.GeoDataFrame,
    values: pd.DataFrame,
    *,
    value_column: str,
    title: str,
    unit: str,
    tooltip: dict[str, str],
    no_data_label: str,
    illustrative_note: str | None = None,
    number=str,
    inline_assets: bool = False,
) -> folium.Map:
    """A commune choropleth with tooltips, a legend and attributions, and no dependency on a CDN.

    shapes: one row per commune with `code`, `name` and display geometry (geo.shapes.for_display).
    values: one row per commune with `code`, `value_column` and every column named in `tooltip`
    (column -> label). Values are formatted with `number` and escaped.
    """
    joined = shapes[["code", "geometry"]].merge(values, on="code", how="left")
    bins = classify(joined[value_column])
    properties = pd.DataFrame({"code": joined["code"], "fill": [colour_for(v, bins) for v in joined[value_column]]})
    for column in tooltip:
        properties[column] = [
            html.escape(number(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else ("" if v is None or v is pd.NA else str(v)))
            for v in joined[column]
        ]
    layer_data = gpd.GeoDataFrame(properties, geometry=joined.geometry.values, crs=shapes.crs)

    minx, miny, maxx, maxy = shapes.total_bounds
    fmap = folium.Map(tiles=None, control_scale=False, zoom_control=True, zoom_snap=0.25, zoom_delta=0.5)
    fmap.default_js = assets.served_js()
    fmap.default_css = assets.served_css()
    fmap.fit_bounds([[miny, minx], [maxy, maxx]])
    folium.GeoJson(
        layer_data.to_json(drop_id=True),
        name=title,
        style_function=lambda feature: {
            "fillColor": feature["properties"]["fill"],
            "color": "#444",
            "weight": 1,
            "fillOpacity": 0.85,
        },
        highlight_function=lambda feature: {"weight": 3, "color": "#000"},
        tooltip=folium.GeoJsonTooltip(
            fields=list(tooltip), aliases=[html.escape(label) for label in tooltip.values()], sticky=True
        ),
    ).add_to(fmap)
    fmap.add_child(_Legend(legend_html(title, unit, bins, no_data_label, illustrative_note, number)))
    fmap.add_child(_Attribution(BOUNDARY_ATTRIBUTION))
    if inline_assets:
        fmap.default_js, fmap.default_css = [], []
        fmap.get_root().header.add_child(folium.Element(assets.inline_head()), name="inline_leaflet")
    return fmap

"""Folium maps as pure functions: data in, folium.Map out (no Streamlit here, so tests can render them).

folium does not escape tooltip or popup text, and the map's iframe is not sandboxed from the app:
every value we place in a tooltip or legend is HTML-escaped here or in geo/layers.py.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import folium
import geopandas as gpd
import pandas as pd
from branca.element import MacroElement, Template

from geo import assets, fast_render
from geo.classify import NO_DATA, PALETTES, Bin, classify, colour_for
from geo.layers import HATCH_FILL, CommuneLayer, HatchPattern, Helpers, UnitLabels, escaped

fast_render.install()  # every map of the app renders without compiling its own output

BOUNDARY_ATTRIBUTION = "Boundaries: censusVN2009 (M. Choisy, L. Contamin), MIT licence"
PALETTE = PALETTES[5]
# Base maps: "none" draws on plain background and needs no internet; the others fetch tiles.
BASEMAPS = {"none": None, "osm": "OpenStreetMap", "carto_light": "CartoDB positron"}
LABELS_AT_MOST = 400  # more units than this (the whole country by commune): no names, they could not be read


@dataclass(frozen=True)
class LegendSymbol:
    """A point or outline layer's entry in the legend."""

    label: str
    colour: str
    shape: str = "circle"  # circle | bubble | outline | note (a line of text, no swatch)


_LEGEND = """
{% macro header(this, kwargs) %}
<style>
  .leaflet-control-layers { font: 12px/1.4 sans-serif; }
  .leaflet-control-layers label { margin: 1px 0; }
  .leaflet-tooltip { font: 13px/1.35 sans-serif; }
  .p8-legend summary { outline-offset: 2px; }
  @media print {  /* on paper: the map as big as its frame, no buttons, the legend open (see the script) */
    #map_div, .folium-map { height: 100vh !important; }
    .leaflet-control-zoom, .leaflet-control-layers { display: none !important; }
  }
  @media (max-width: 560px) {  /* a phone: the attribution on one short line, the folded legend above it */
    .leaflet-control-attribution { font-size: 9px; max-width: 62vw; white-space: normal; }
    .p8-legend { bottom: 36px !important; }
  }
</style>
{% endmacro %}
{% macro html(this, kwargs) %}
<details class="p8-legend" open style="position:absolute; z-index:1000; bottom:24px; left:12px; background:rgba(255,255,255,.92);
     padding:6px 9px; border-radius:6px; box-shadow:0 1px 4px rgba(0,0,0,.3); font:{{ this.font_px }}px/1.3 sans-serif;
     max-width:{{ this.font_px * 21 }}px; max-height:calc(100% - 80px); overflow-y:auto">
  <summary style="font-weight:600; cursor:pointer; margin-bottom:4px">{{ this.summary }}</summary>
  {{ this.body }}
</details>
{% endmacro %}
{% macro script(this, kwargs) %}
(function (map) {
    var bounds = {{ this.bounds_json }}, legend = document.querySelector(".p8-legend"), touched = false, wanted = null;
    if (legend) legend.addEventListener("toggle", function () { if (legend.open !== wanted) touched = true; });
    // Fit the units into the part of the map the legend leaves free; on a phone-sized map, fold the legend.
    window.p8Fit = function () {
        if (!bounds) return;
        var size = map.getSize(), pad = 8;
        if (legend) {
            if (!touched) legend.open = wanted = size.x >= {{ this.fold_below_px }} && size.y >= 360;
            if (legend.open && legend.offsetWidth + 16 < size.x / 2) pad = legend.offsetWidth + 16;
        }
        map.fitBounds(bounds, {paddingTopLeft: [pad, 8], paddingBottomRight: [8, 8], animate: false});
    };
    window.p8Fit();
    // Printing resizes the frame: open the legend for paper, refit, and give the screen back its own state after.
    var onScreen = null;
    function printing(isPrint) {
        if (isPrint && legend && onScreen === null) {
            onScreen = {open: legend.open, touched: touched};
            legend.open = wanted = true;
            touched = true;
        }
        if (!isPrint && legend && onScreen !== null) {
            legend.open = wanted = onScreen.open;
            touched = onScreen.touched;
            onScreen = null;
        }
        map.invalidateSize({animate: false});
        window.p8Fit();
    }
    var print = window.matchMedia && window.matchMedia("print");
    if (print && print.addEventListener) print.addEventListener("change", function (e) { printing(e.matches); });
    window.addEventListener("beforeprint", function () { printing(true); });
    window.addEventListener("afterprint", function () { printing(false); });
})({{ this._parent.get_name() }});
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
    """The legend, foldable (folded at first on a phone-sized map), and the fit that keeps every unit out from under it."""

    FOLD_BELOW_PX = 560

    def __init__(self, summary: str, body_html: str, bounds: list | None, font_px: int = 12):
        super().__init__()
        self._name = "Legend"
        self.summary = html.escape(summary)
        self.body = body_html
        self.font_px = int(font_px)
        self.fold_below_px = self.FOLD_BELOW_PX
        from geo.layers import compact_json

        self.bounds_json = compact_json(bounds)
        self._template = Template(_LEGEND)


class _Attribution(MacroElement):
    def __init__(self, text: str):
        super().__init__()
        self._name = "Attribution"
        from geo.layers import compact_json

        self.text_json = compact_json(html.escape(text))
        self._template = Template(_ATTRIBUTION)


# The legend's picture of HatchPattern (a CSS gradient: the legend is HTML, not SVG).
HATCH_SWATCH = "repeating-linear-gradient(45deg,#9e9e9e 0 2px,#f2f2f2 2px 5px)"


def _swatch(colour: str, shape: str = "square") -> str:
    radius = "50%" if shape in ("circle", "bubble") else "0"
    fill = "transparent" if shape == "outline" else HATCH_SWATCH if shape == "hatch" else colour
    border = {"outline": f"2px dashed {colour}", "bubble": "1px solid #fff;box-shadow:0 0 0 1px #999"}.get(
        shape, "1px solid #555"
    )
    opacity = "opacity:.7;" if shape == "bubble" else ""
    return (
        f"<span style='display:inline-block;width:14px;height:14px;background:{fill};border:{border};{opacity}"
        f"border-radius:{radius};margin-right:6px;vertical-align:-2px'></span>"
    )


def legend_title(title: str, unit: str) -> str:
    return f"<div style='font-weight:600;margin-bottom:4px'>{html.escape(title)}{' (' + html.escape(unit) + ')' if unit else ''}</div>"


def legend_html(
    title: str,
    unit: str,
    bins: list[Bin],
    no_data_label: str,
    note: str | None = None,
    number=str,
    symbols: Sequence[LegendSymbol] = (),
    no_data_hatch: bool = False,
    with_title: bool = True,
) -> str:
    rows = [legend_title(title, unit)] if with_title else []
    for item in bins:
        label = (
            number(item.lower)
            if math.isclose(item.lower, item.upper)
            else f"{number(item.lower)} – {number(item.upper)}"
        )
        rows.append(f"<div>{_swatch(item.colour)}{html.escape(label)}</div>")
    rows.append(f"<div>{_swatch(NO_DATA, 'hatch' if no_data_hatch else 'square')}{html.escape(no_data_label)}</div>")
    if symbols:
        rows.append("<div style='margin-top:6px'></div>")
        rows.extend(
            f"<div style='color:#444;font-size:.92em'>{html.escape(s.label)}</div>"
            if s.shape == "note"
            else f"<div>{_swatch(s.colour, s.shape)}{html.escape(s.label)}</div>"
            for s in symbols
        )
    if note:
        rows.append(f"<div style='margin-top:4px;color:#8a4b00;font-style:italic'>{html.escape(note)}</div>")
    return "".join(rows)


def _formatted(value, number: Callable) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return escaped(value)
    return "" if isinstance(value, float) and math.isnan(value) else html.escape(number(value))


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
    number: Callable = str,
    method: str = "natural_breaks",
    classes: int = 5,
    fixed_breaks: Sequence[float] = (),
    overlays: Sequence[folium.map.Layer] = (),
    symbols: Sequence[LegendSymbol] = (),
    basemap: str = "none",
    inline_assets: bool = False,
    legend_font_px: int = 12,
    no_data_hatch: bool = True,
    bins: Sequence | None = None,
    labels: Mapping[str, str] | None = None,
    labels_name: str = "Names",
) -> folium.Map:
    """A commune choropleth with tooltips, optional point/outline layers, a legend, attributions,
    and no dependency on a CDN.

    shapes: one row per unit with `code` and display geometry (geo.shapes.for_display).
    values: one row per unit with `code`, `value_column` and every column named in `tooltip`
    (column -> label). Numbers are formatted with `number`; everything is escaped.
    no_data_hatch: draw units without a value hatched (HatchPattern), so that "no data" cannot be taken
    for the grey of the background or for a low value; off only where a map has no such units to show.
    bins: classes computed by the caller (e.g. geo.classify.diverging_classes for a change) instead of `method`.
    labels: unit code -> name written on the map (a layer called `labels_name`, shown, switchable); left out
    above LABELS_AT_MOST units, where names could not be read anyway.
    """
    if basemap not in BASEMAPS:
        raise ValueError(f"unknown basemap {basemap!r}; use one of {', '.join(BASEMAPS)}")
    joined = shapes[["code", "geometry"]].merge(values, on="code", how="left")
    bins = list(bins) if bins is not None else classify(joined[value_column], method, classes, fixed_breaks)
    fills = [colour_for(v, bins) for v in joined[value_column]]
    if no_data_hatch:
        fills = [HATCH_FILL if pd.isna(v) else fill for v, fill in zip(joined[value_column], fills)]
    properties = pd.DataFrame({"code": joined["code"], "fill": fills})
    for column in tooltip:
        properties[column] = [_formatted(v, number) for v in joined[column]]
    layer_data = gpd.GeoDataFrame(properties, geometry=joined.geometry.values, crs=shapes.crs)

    fmap = folium.Map(tiles=None, control_scale=False, zoom_control=True, zoom_snap=0.25, zoom_delta=0.5)
    # Marker clusters need a maxZoom, and with no tile layer nothing else sets one.
    fmap.options.update(maxZoom=18, minZoom=4)
    fmap.default_js = assets.served_js()
    fmap.default_css = assets.served_css()
    bounds = None
    if len(shapes):
        minx, miny, maxx, maxy = shapes.total_bounds
        bounds = [[round(miny, 5), round(minx, 5)], [round(maxy, 5), round(maxx, 5)]]
        fmap.fit_bounds(bounds)
    if BASEMAPS[basemap]:
        folium.TileLayer(BASEMAPS[basemap], control=False).add_to(fmap)
    fmap.add_child(Helpers(), name="p8_helpers")
    CommuneLayer(
        layer_data, name=title, tooltip=tooltip, grid=shapes.attrs.get("grid", 1e-5), control=bool(overlays)
    ).add_to(fmap)
    if no_data_hatch:
        fmap.add_child(HatchPattern(), name="p8_hatch")
    overlays = list(overlays)
    if labels and len(shapes) <= LABELS_AT_MOST:
        overlays.append(UnitLabels(shapes, dict(labels), name=labels_name, font_px=legend_font_px + 1))
    for layer in overlays:
        layer.add_to(fmap)
    if overlays:
        # Collapsed: opened on demand, it must not hide communes at the initial view.
        folium.LayerControl(collapsed=True, position="topright").add_to(fmap)
    fmap.add_child(
        _Legend(
            f"{title} ({unit})" if unit else title,
            legend_html(
                title, unit, bins, no_data_label, illustrative_note, number, symbols, no_data_hatch, with_title=False
            ),
            bounds,
            legend_font_px,
        )
    )
    fmap.add_child(_Attribution(BOUNDARY_ATTRIBUTION))
    if inline_assets:
        fmap.default_js, fmap.default_css = [], []
        fmap.get_root().header.add_child(folium.Element(assets.inline_head()), name="inline_leaflet")
    return fmap

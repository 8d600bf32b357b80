"""Map layers as compact JavaScript: commune polygons, point records, outlines.

folium's own GeoJson repeats a style switch over every feature id and pretty-prints its data; for
10,000 communes that alone is megabytes. These layers send each feature's colour and tooltip values
once, as compact JSON, and let a few lines of JavaScript style and label them. Every text placed in
a tooltip is HTML-escaped in Python before it is sent (folium does not escape, and the map's iframe
is not sandboxed from the app).
"""

from __future__ import annotations

import hashlib
import html
import json
import threading
import zlib
from collections import OrderedDict

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from branca.element import MacroElement, Template
from folium.map import Layer

_JS_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def compact_json(value) -> str:
    """JSON without spaces, safe inside a <script> element."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    for char, escaped in _JS_UNSAFE.items():
        text = text.replace(char, escaped)
    return text


def escaped(value) -> str:
    return (
        ""
        if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value))
        else html.escape(str(value))
    )


_TOOLTIP_JS = """
function p8_tooltip(fields, labels, properties) {
    var rows = [];
    for (var i = 0; i < fields.length; i++) {
        var value = properties[fields[i]];
        if (value === null || value === undefined || value === "") continue;
        rows.push("<tr><th style='text-align:left;padding-right:8px;font-weight:600'>" + labels[i] + "</th><td>" + value + "</td></tr>");
    }
    return "<table>" + rows.join("") + "</table>";
}
"""


_DECODE_JS = """
function p8_decode(packed) {
    var grid = packed.grid, ox = packed.origin[0], oy = packed.origin[1], shared = packed.shared || {};
    packed.features.forEach(function (f) {
        for (var column in shared) { if (column in f.p) f.p[column] = shared[column][f.p[column]]; }
    });
    return {type: "FeatureCollection", features: packed.features.map(function (f) {
        var polygons = f.g.map(function (polygon) {
            return polygon.map(function (ring) {
                var out = [], x = 0, y = 0;
                for (var i = 0; i < ring.length; i += 2) {
                    x += ring[i]; y += ring[i + 1];
                    out.push([(ox + x) * grid, (oy + y) * grid]);
                }
                out.push(out[0]);
                return out;
            });
        });
        return {type: "Feature", properties: f.p, geometry: {type: "MultiPolygon", coordinates: polygons}};
    })};
}
"""


def pack_features(frame: gpd.GeoDataFrame, columns: list[str], grid: float) -> dict:
    """Features as integer deltas on a grid (decoded by p8_decode in the browser).

    GeoJSON spells every coordinate out in full ("103.4031,22.499"); a ring's steps on a fixed grid
    are small integers ("12,-7"), which roughly halves what a map sends. Rings are not closed (the
    decoder closes them). Lossless for geometry already snapped to `grid` (geo.shapes.for_display).
    """
    records = frame[columns].to_dict("records")
    shared = _share_repeated(records, columns)
    # Rings start at their absolute grid point (origin 0): a few more digits per ring, but the cached rings
    # are sent as they are, not copied for each map.
    features = [{"p": p, "g": polygons} for p, polygons in zip(records, grid_rings(frame.geometry.values, grid))]
    origin = [0, 0]
    return {"grid": grid, "origin": origin, "features": features, "shared": shared}


def _share_repeated(records: list[dict], columns: list[str]) -> dict[str, list]:
    """Texts repeated across many units (a data-kind label on ten thousand communes) are sent once: the feature
    keeps the text's index in `shared[column]` (p8_decode puts the text back). Changes `records` in place."""
    shared = {}
    if len(records) < 50:
        return shared
    for column in columns:
        values = [None if isinstance(v, float) and np.isnan(v) else v for v in (r[column] for r in records)]
        if column == "code" or not all(isinstance(v, str) or v is None for v in values):
            continue
        distinct = list(dict.fromkeys(values))
        if len(distinct) * 4 > len(values):
            continue
        index = {value: i for i, value in enumerate(distinct)}
        for record, value in zip(records, values):
            record[column] = index[value]
        shared[column] = distinct
    return shared


_RINGS_CACHE: OrderedDict[tuple, list] = OrderedDict()
_RINGS_CACHE_SIZE = 24
_RINGS_LOCK = threading.Lock()  # sessions run in threads of one server


def grid_rings(geometries, grid: float) -> list[list[list[list[int]]]]:
    """Each geometry's polygons as rings of grid steps (first point absolute, then deltas).

    The slow part of drawing ten thousand communes, so it is remembered per set of geometries (a digest of
    their WKB): a rerun, or another session on the same scope, never walks the coordinates again."""
    key = (grid, hashlib.blake2b(b"".join(shapely.to_wkb(geometries)), digest_size=16).digest())
    with _RINGS_LOCK:
        if key in _RINGS_CACHE:
            _RINGS_CACHE.move_to_end(key)
            return _RINGS_CACHE[key]
    out = []
    for geometry in geometries:
        polygons = []
        for polygon in getattr(geometry, "geoms", [geometry]):
            if polygon is None or polygon.is_empty:
                continue
            rings = []
            for ring in [polygon.exterior, *polygon.interiors]:
                steps = np.rint(np.asarray(ring.coords)[:-1] / grid).astype(np.int64)
                steps[1:] -= steps[:-1].copy()
                rings.append(steps.ravel().tolist())
            polygons.append(rings)
        out.append(polygons)
    with _RINGS_LOCK:
        _RINGS_CACHE[key] = out
        if len(_RINGS_CACHE) > _RINGS_CACHE_SIZE:
            _RINGS_CACHE.popitem(last=False)
    return out


def unpack_features(packed: dict) -> list[dict]:
    """The GeoJSON features p8_decode builds in the browser (Python twin, for tests and exports)."""
    grid, (ox, oy) = packed["grid"], packed["origin"]
    shared = packed.get("shared", {})
    features = []
    for feature in packed["features"]:
        properties = {k: shared[k][v] if k in shared else v for k, v in feature["p"].items()}
        polygons = []
        for polygon in feature["g"]:
            rings = []
            for ring in polygon:
                steps = np.cumsum(np.asarray(ring, dtype=np.int64).reshape(-1, 2), axis=0) + [ox, oy]
                coords = (steps * grid).tolist()
                rings.append(coords + coords[:1])
            polygons.append(rings)
        features.append(
            {
                "type": "Feature",
                "properties": properties,
                "geometry": {"type": "MultiPolygon", "coordinates": polygons},
            }
        )
    return features


class Helpers(MacroElement):
    """The decoder and tooltip functions, once per map: add to the map before any CommuneLayer.

    A child of the map rather than of the page, because streamlit-folium sends only the scripts of
    the map's children to the browser.
    """

    _template = Template("{% macro script(this, kwargs) %}" + _TOOLTIP_JS + _DECODE_JS + "{% endmacro %}")

    def __init__(self):
        super().__init__()
        self._name = "Helpers"


HATCH_ID = "p8-no-data-hatch"
HATCH_FILL = f"url(#{HATCH_ID})"  # a unit's `fill` that draws it hatched (see HatchPattern)


class HatchPattern(MacroElement):
    """A diagonal hatch as an SVG pattern, defined once per map, so units with no data can be told apart
    from units whose value is low even in grey print: give them fill HATCH_FILL.

    Leaflet draws all polygons into one <svg> in the overlay pane, created with the first polygon; the
    pattern goes into that svg's <defs> (now if it exists, else when a layer is added). A child of the
    map, like Helpers, so that streamlit-folium sends it.
    """

    _template = Template("""
{% macro script(this, kwargs) %}
(function (map) {
    var ns = "http://www.w3.org/2000/svg";
    function define() {
        var svg = map.getPanes().overlayPane.querySelector("svg");
        if (!svg || svg.querySelector("#{{ this.pattern_id }}")) return;
        var defs = document.createElementNS(ns, "defs");
        var pattern = document.createElementNS(ns, "pattern");
        var attributes = {id: "{{ this.pattern_id }}", patternUnits: "userSpaceOnUse", width: 8, height: 8,
                          patternTransform: "rotate(45)"};
        for (var name in attributes) pattern.setAttribute(name, attributes[name]);
        var back = document.createElementNS(ns, "rect");
        back.setAttribute("width", 8); back.setAttribute("height", 8); back.setAttribute("fill", "{{ this.background }}");
        var line = document.createElementNS(ns, "line");
        line.setAttribute("x1", 0); line.setAttribute("y1", 0); line.setAttribute("x2", 0); line.setAttribute("y2", 8);
        line.setAttribute("stroke", "{{ this.colour }}"); line.setAttribute("stroke-width", 3);
        pattern.appendChild(back); pattern.appendChild(line); defs.appendChild(pattern);
        svg.insertBefore(defs, svg.firstChild);
    }
    define();
    map.on("layeradd", define);
})({{ this._parent.get_name() }});
{% endmacro %}
""")

    def __init__(self, colour: str = "#9e9e9e", background: str = "#f2f2f2"):
        super().__init__()
        self._name = "HatchPattern"
        self.pattern_id = HATCH_ID
        self.colour, self.background = colour, background


class UnitLabels(Layer):
    """Unit names, readable on a projector, at a point inside each unit: a layer that can be switched off.

    A label that would cover one already shown is hidden (larger units first, so the names a room looks for
    stay) and comes back when zooming in makes room. Names are set as text, never as HTML.
    """

    _template = Template("""
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = L.layerGroup();
(function (group) {
    if (!document.getElementById("p8-label-style")) {
        var style = document.createElement("style");
        style.id = "p8-label-style";
        style.textContent = ".p8-label{background:none;border:none}" +
            ".p8-label span{position:absolute;transform:translate(-50%,-50%);white-space:nowrap;" +
            "font:600 {{ this.font_px }}px/1.1 'Segoe UI',Roboto,Arial,sans-serif;color:#1d2733;pointer-events:none;" +
            "text-shadow:0 0 2px #fff,0 0 2px #fff,0 0 3px #fff,0 0 4px #fff}";
        document.head.appendChild(style);
    }
    var markers = {{ this.labels_json }}.map(function (item) {
        var span = document.createElement("span");
        span.textContent = item[0];
        var marker = L.marker([item[1], item[2]], {
            icon: L.divIcon({className: "p8-label", html: span, iconSize: null}),
            interactive: false, keyboard: false
        });
        marker.addTo(group);
        return marker;
    });
    function declutter() {
        var shown = [];
        markers.forEach(function (marker) {
            var element = marker.getElement();
            if (!element) return;
            var span = element.firstChild;
            span.style.visibility = "visible";
            var box = span.getBoundingClientRect();
            var covers = shown.some(function (other) {
                return !(box.right < other.left || box.left > other.right || box.bottom < other.top || box.top > other.bottom);
            });
            if (covers) span.style.visibility = "hidden"; else shown.push(box);
        });
    }
    group.on("add", function () { setTimeout(declutter, 0); });
    group.declutter = declutter;
})({{ this.get_name() }});
{{ this._parent.get_name() }}.on("zoomend resize", function () {
    if ({{ this._parent.get_name() }}.hasLayer({{ this.get_name() }})) {{ this.get_name() }}.declutter();
});
{% endmacro %}
""")

    def __init__(self, shapes: gpd.GeoDataFrame, names: dict[str, str], *, name: str, font_px: int = 13):
        super().__init__(name=name, overlay=True, control=True, show=True)
        self._name = "UnitLabels"
        self.font_px = int(font_px)
        placed = shapes[shapes["code"].isin(names) & ~shapes.geometry.is_empty]
        # Larger units claim their place first (area in square degrees: only the order matters here).
        order = pd.Series(shapely.area(placed.geometry.values), index=placed.index).sort_values(ascending=False).index
        spots = placed.loc[order].geometry.representative_point()
        self.labels_json = compact_json(
            [
                [str(names[code]), round(point.y, 5), round(point.x, 5)]
                for code, point in zip(placed.loc[order, "code"], spots)
            ]
        )


class CommuneLayer(Layer):
    """Filled unit polygons; properties `fill` (colour) and the tooltip fields, already escaped."""

    _template = Template("""
{% macro script(this, kwargs) %}
var {{ this.get_name() }}_data = {{ this.data_json }};
var {{ this.get_name() }}_fields = {{ this.fields_json }}, {{ this.get_name() }}_labels = {{ this.labels_json }};
var {{ this.get_name() }}_features = p8_decode({{ this.get_name() }}_data);
{% if this.interactive_json == "true" %}window.p8_units = {{ this.get_name() }}_features;{% endif %}
var {{ this.get_name() }} = L.geoJson({{ this.get_name() }}_features, {
    style: function (feature) {
        return {fillColor: feature.properties.fill || "transparent", color: "{{ this.line }}", weight: {{ this.weight }},
                fillOpacity: {{ this.opacity }}, dashArray: {{ this.dash_json }},
                className: "{{ this.css_class }} p8-code-" + feature.properties.code};
    },
    interactive: {{ this.interactive_json }},
    onEachFeature: function (feature, layer) {
        {% if this.fields %}
        layer.bindTooltip(function () {
            return p8_tooltip({{ this.get_name() }}_fields, {{ this.get_name() }}_labels, feature.properties);
        }, {sticky: true});
        layer.on("mouseover", function () { layer.setStyle({weight: {{ this.weight }} + 2, color: "#000"}); });
        layer.on("mouseout", function () { {{ this.get_name() }}.resetStyle(layer); });
        {% endif %}
    }
});
{% endmacro %}
""")

    def __init__(
        self,
        frame: gpd.GeoDataFrame,
        *,
        name: str,
        tooltip: dict[str, str] | None = None,
        grid: float = 1e-5,
        line: str = "#444",
        weight: float = 1,
        opacity: float = 0.85,
        dash: str | None = None,
        interactive: bool = True,
        overlay: bool = True,
        control: bool = True,
        show: bool = True,
    ):
        super().__init__(name=name, overlay=overlay, control=control, show=show)
        self._name = "CommuneLayer"
        tooltip = tooltip or {}
        columns = list(dict.fromkeys(c for c in ["code", "fill", *tooltip] if c in frame.columns))
        self.data_json = compact_json(pack_features(frame, columns, grid))
        self.fields = list(tooltip)
        self.fields_json = compact_json(self.fields)
        self.labels_json = compact_json([html.escape(label) for label in tooltip.values()])
        self.line, self.weight, self.opacity = line, weight, opacity
        self.dash_json = compact_json(dash)
        self.interactive_json = "true" if interactive else "false"
        self.css_class = "p8-unit" if interactive else "p8-outline"


class PointLayer(Layer):
    """Circle markers, clustered if dense, from rows [latitude, longitude, radius, code, text, flags].

    `text` is the record's own escaped tooltip lines; the layer's title and the two notes (flag 1:
    approximate position, flag 2: illustrative) are sent once per layer, not once per point. Each
    marker carries its unit's code as a GeoJSON property, so clicking a point selects its commune
    just as clicking the polygon does.
    """

    _template = Template("""
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = {% if this.cluster %}L.markerClusterGroup({showCoverageOnHover: false, maxClusterRadius: 40}){% else %}L.featureGroup(){% endif %};
(function (title, notes, points) {
    points.forEach(function (p) {
        var marker = L.circleMarker([p[0], p[1]], {radius: p[2], color: "{{ this.line }}", weight: 1, fillColor: "{{ this.colour }}",
                                                   fillOpacity: {{ this.fill_opacity }}, className: "{{ this.css_class }} p8-{{ this.kind }}"});
        marker.feature = {type: "Feature", properties: {code: p[3], layer: "{{ this.kind }}"}};
        var lines = ["<b>" + title + "</b>", p[4]];
        if (p[5] & 1) lines.push("<i>" + notes[0] + "</i>");
        if (p[5] & 2) lines.push("<i style='color:#8a4b00'>" + notes[1] + "</i>");
        marker.bindTooltip(lines.join("<br>"));
        {{ this.get_name() }}.addLayer(marker);
    });
})({{ this.title_json }}, {{ this.notes_json }}, {{ this.points_json }});
{% endmacro %}
""")

    def __init__(
        self,
        rows: list[list],
        *,
        name: str,
        title: str,
        notes: tuple[str, str],
        kind: str,
        colour: str,
        cluster: bool = False,
        show: bool = True,
        bubbles: bool = False,
    ):
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "PointLayer"
        self.points_json = compact_json(rows)
        self.title_json = compact_json(html.escape(title))
        self.notes_json = compact_json([html.escape(note) for note in notes])
        self.kind, self.colour, self.cluster = kind, colour, cluster
        # Bubbles are see-through with a white rim, so a commune's colour and a neighbour's bubble show through.
        self.line, self.fill_opacity = ("#ffffff", 0.7) if bubbles else ("#222", 0.9)
        self.css_class = "p8-bubble" if bubbles else "p8-point"


def _seed(code: str, salt: str) -> int:
    return zlib.crc32(f"{code}/{salt}".encode())


def points_inside(polygon, count: int, seed: int) -> list[tuple[float, float]]:
    """`count` reproducible points inside `polygon` (lon, lat), kept off its border where possible."""
    if count <= 0 or polygon is None or polygon.is_empty:
        return []
    rng = np.random.default_rng(seed)
    inner = polygon.buffer(-0.1 * np.sqrt(polygon.area / np.pi))
    target = inner if not inner.is_empty else polygon
    minx, miny, maxx, maxy = target.bounds
    found: list[tuple[float, float]] = []
    for _ in range(50):
        xs = rng.uniform(minx, maxx, 8 * count)
        ys = rng.uniform(miny, maxy, 8 * count)
        inside = shapely.contains_xy(target, xs, ys)
        found.extend(zip(xs[inside].tolist(), ys[inside].tolist()))
        if len(found) >= count:
            return found[:count]
    anchor = polygon.representative_point()
    return found + [(anchor.x, anchor.y)] * (count - len(found))


def place_points(records: pd.DataFrame, shapes: gpd.GeoDataFrame) -> pd.DataFrame:
    """Records with `latitude`/`longitude` filled: a recorded position where there is one, else a
    reproducible point inside the record's unit (`approximate_position` true), else dropped.
    """
    out = records.copy()
    out["approximate_position"] = out["latitude"].isna() | out["longitude"].isna()
    geometry = dict(zip(shapes["code"], shapes.geometry))
    for (layer, code), group in out[out["approximate_position"]].groupby(["layer", "code"], sort=False):
        spots = points_inside(geometry.get(code), len(group), _seed(code, layer))
        if spots:
            out.loc[group.index[: len(spots)], "longitude"] = [x for x, _ in spots]
            out.loc[group.index[: len(spots)], "latitude"] = [y for _, y in spots]
    return out.dropna(subset=["latitude", "longitude"]).reset_index(drop=True)


def placed_rows(rows: pd.DataFrame, shapes: gpd.GeoDataFrame, layer: str) -> pd.DataFrame:
    """Rows of a fact table (`commune_code`, `latitude`, `longitude`) for a points export: a row without a
    recorded position gets the same kind of reproducible point inside its commune as on the map, with
    `approximate_position` true, so a GIS shows it; a row whose commune has no boundary keeps no position."""
    out = rows.copy()
    missing = out["latitude"].isna() | out["longitude"].isna()
    out["approximate_position"] = missing
    geometry = dict(zip(shapes["code"], shapes.geometry))
    for code, group in out[missing & out["commune_code"].notna()].groupby("commune_code", sort=False):
        spots = points_inside(geometry.get(code), len(group), _seed(code, layer))
        if spots:
            out.loc[group.index[: len(spots)], "longitude"] = [x for x, _ in spots]
            out.loc[group.index[: len(spots)], "latitude"] = [y for _, y in spots]
    out["approximate_position"] = missing & out["latitude"].notna()
    return out


# layer -> (colour, clustered): ColorBrewer Dark2, distinct from the choropleth's blues.
POINT_STYLES = {
    "comm_team": ("#d95f02", True),
    "trusted_address": ("#7570b3", False),
    "club": ("#1b9e77", False),
    "event": ("#e7298a", False),
}
OUTLINE_COLOUR = "#c0392b"


def _radius(layer: str, people) -> float:
    size = 0.0 if people is None or pd.isna(people) else float(people)
    if layer == "trusted_address":
        return 5 + min(np.sqrt(size), 6)
    if layer == "event":
        return 4 + min(np.sqrt(size) / 4, 8)
    return 6 if layer == "club" else 5


APPROXIMATE, ILLUSTRATIVE = 1, 2  # PointLayer flags


def point_text(row, words: dict[str, str], number) -> str:
    """A record's own tooltip lines, escaped: place, kind, details, people, unit.
    `words` holds the translated labels (see views/map_view.point_words)."""
    lines = []
    place = escaped(row.place)
    if place:
        lines.append(place)
    if isinstance(row.subtype, str) and row.subtype:
        lines.append(escaped(words.get(f"subtype.{row.subtype}", row.subtype)))
    if isinstance(row.detail, str) and row.detail:
        lines.append(escaped(row.detail))
    if row.people is not None and not pd.isna(row.people):
        people = f"{number(row.people)} {words['people']}"
        if row.people_female is not None and not pd.isna(row.people_female):
            people += f" ({number(row.people_female)} {words['female']})"
        lines.append(escaped(people))
    lines.append(escaped(row.unit_name))
    return "<br>".join(lines)


def point_flags(row) -> int:
    return (APPROXIMATE if row.approximate_position else 0) | (ILLUSTRATIVE if row.illustrative else 0)


def record_layers(
    points: pd.DataFrame, *, names: dict[str, str], words: dict[str, str], number=str
) -> list[PointLayer]:
    """One point layer per kind of record present (placed by `place_points`), in POINT_STYLES order."""
    layers = []
    notes = (words["approximate"], words["illustrative"])
    for layer, (colour, cluster) in POINT_STYLES.items():
        rows = points[points["layer"] == layer]
        if rows.empty:
            continue
        data = [
            [
                round(r.latitude, 5),
                round(r.longitude, 5),
                round(_radius(layer, r.people), 1),
                r.code,
                point_text(r, words, number),
                point_flags(r),
            ]
            for r in rows.itertuples()
        ]
        layers.append(
            PointLayer(
                data,
                name=f"{names[layer]} ({len(rows)})",
                title=names[layer],
                notes=notes,
                kind=layer,
                colour=colour,
                cluster=cluster,
            )
        )
    return layers


# layer -> the indicator column that counts its records (commune_indicators and province_indicators).
COUNT_COLUMNS = {"comm_team": "comm_teams", "trusted_address": "trusted_addresses", "club": "clubs", "event": "events"}
BUBBLE_MAX_PX, BUBBLE_MIN_PX = 22.0, 3.0
# Where a unit's four bubbles sit around its inner point (fractions of the unit's typical radius), so they do not stack.
_BUBBLE_OFFSETS = {"comm_team": (-0.3, 0.3), "trusted_address": (0.3, 0.3), "club": (-0.3, -0.3), "event": (0.3, -0.3)}


def bubble_anchors(shapes: gpd.GeoDataFrame) -> pd.DataFrame:
    """One spot per unit and kind of record for its bubble: around a point inside the unit, or on that point
    where the offset would leave the unit. Computed once per set of shapes (the page caches it)."""
    inner = shapes.geometry.representative_point()
    reach = np.sqrt(shapely.area(shapes.geometry.values) / np.pi)  # in degrees: only a scale for the offsets
    rows = []
    for layer, (dx, dy) in _BUBBLE_OFFSETS.items():
        xs = inner.x.to_numpy() + dx * reach
        ys = inner.y.to_numpy() + dy * reach
        inside = shapely.contains_xy(shapes.geometry.to_numpy(), xs, ys)
        rows.append(
            pd.DataFrame(
                {
                    "code": shapes["code"].to_numpy(),
                    "layer": layer,
                    "longitude": np.where(inside, xs, inner.x.to_numpy()),
                    "latitude": np.where(inside, ys, inner.y.to_numpy()),
                }
            )
        )
    return pd.concat(rows, ignore_index=True)


def bubble_radius(count: float, largest: float) -> float:
    """Circle *area* in proportion to the count (a radius in proportion would overstate big counts)."""
    if largest <= 0 or count <= 0:
        return 0.0
    return round(max(BUBBLE_MIN_PX, BUBBLE_MAX_PX * float(np.sqrt(count / largest))), 1)


def bubble_layers(
    counts: pd.DataFrame, anchors: pd.DataFrame, *, names: dict[str, str], unit_word: dict[str, str], notes, number=str
) -> tuple[list[PointLayer], float]:
    """One bubble layer per kind of record: a circle per unit whose area says how many records it has.

    counts: one row per unit with `code`, `name`, `covered`, `illustrative` and the COUNT_COLUMNS.
    The payload is one circle per unit and kind, however many records there are. Returns the layers and the
    largest count (the legend's reference circle)."""
    shown = counts[counts["covered"].fillna(False).astype(bool)]
    largest = max(
        (float(shown[column].fillna(0).max()) for column in COUNT_COLUMNS.values() if column in shown), default=0
    )
    spots = anchors.set_index(["code", "layer"])
    layers = []
    for layer, column in COUNT_COLUMNS.items():
        if column not in shown or not (shown[column].fillna(0) > 0).any():
            continue
        data, total = [], 0
        for row in shown[shown[column].fillna(0) > 0].itertuples():
            count = float(getattr(row, column))
            if (row.code, layer) not in spots.index:
                continue
            spot = spots.loc[(row.code, layer)]
            total += count
            text = f"{escaped(row.name)}: {html.escape(number(count))} {html.escape(unit_word[layer])}"
            flags = ILLUSTRATIVE if bool(row.illustrative) else 0
            data.append(
                [
                    round(float(spot["latitude"]), 5),
                    round(float(spot["longitude"]), 5),
                    bubble_radius(count, largest),
                    row.code,
                    text,
                    flags,
                ]
            )
        colour, _ = POINT_STYLES[layer]
        layers.append(
            PointLayer(
                data,
                name=f"{names[layer]} ({number(total)})",
                title=names[layer],
                notes=notes,
                kind=layer,
                colour=colour,
                bubbles=True,
            )
        )
    return layers, largest


class OutlineLayer(Layer):
    """Dashed outlines of some of the map's units, drawn from the units layer's own shapes (`p8_units`, set by
    the interactive CommuneLayer added before it): only the codes are sent, not the rings a second time (at
    country scale the supervised communes' rings alone were 0.8 MB). Clicks pass through to the map below."""

    _template = Template("""
{% macro script(this, kwargs) %}
var {{ this.get_name() }}_codes = new Set({{ this.codes_json }});
var {{ this.get_name() }} = L.geoJson({type: "FeatureCollection", features: (window.p8_units || {features: []}).features
    .filter(function (f) { return {{ this.get_name() }}_codes.has(f.properties.code); })
    .map(function (f) { return {type: "Feature", properties: {code: f.properties.code}, geometry: f.geometry}; })}, {
    style: function (feature) {
        return {fillColor: "transparent", color: "{{ this.line }}", weight: {{ this.weight }}, fillOpacity: 0,
                dashArray: {{ this.dash_json }}, className: "p8-outline p8-code-" + feature.properties.code};
    },
    interactive: false
});
{% endmacro %}
""")

    def __init__(
        self, codes: list[str], *, name: str, line: str = OUTLINE_COLOUR, weight: float = 2.5, dash: str = "6 4"
    ):
        super().__init__(name=name, overlay=True, control=True, show=True)
        self._name = "OutlineLayer"
        self.codes = list(codes)
        self.codes_json = compact_json(self.codes)
        self.line, self.weight = line, weight
        self.dash_json = compact_json(dash)


def outline_layer(shapes: gpd.GeoDataFrame, codes, *, name: str) -> OutlineLayer | None:
    """Dashed outlines of the units among `codes` that the map draws (e.g. the supervised communes)."""
    wanted = set(codes)
    chosen = [code for code in shapes["code"] if code in wanted]
    return OutlineLayer(chosen, name=name) if chosen else None

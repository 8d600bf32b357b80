"""What the map page shows, as pure functions of query results (no Streamlit here, so tests can call them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import folium
import geopandas as gpd
import pandas as pd

from geo.indicators import INDICATORS, Indicator
from geo.layers import (
    COUNT_COLUMNS,
    OUTLINE_COLOUR,
    POINT_STYLES,
    bubble_anchors,
    bubble_layers,
    outline_layer,
    record_layers,
)
from geo.mapping import LegendSymbol, choropleth_map
from geo.names import strip_prefix
from i18n import translator
from i18n.formatting import date, number
from i18n.markup import html_text, markdown_text
from registry.codes import CLUB_STATUSES, EVENT_TYPES
from views import data_kind

if TYPE_CHECKING:  # matplotlib is imported only when a picture is drawn
    from geo.picture import PictureText


@dataclass(frozen=True)
class MapChoice:
    indicator: str
    method: str
    classes: int
    vintage: int
    basemap: str
    # each: one point per record | bubbles: one circle per unit, area ∝ its count | none: the country's
    # communes (forty thousand circles would hide the map and cost megabytes; the provinces' map has them)
    records: str = "each"


# Above this many records in view, the map draws counts per unit (bubbles) and one commune's records at a time:
# thousands of points say nothing on a screen and cost the browser megabytes.
RECORDS_AT_MOST = 400
RECORD_VIEWS = ("each", "bubbles")


def records_in_view(indicators: pd.DataFrame) -> int:
    """How many point records the units in view hold (the counts the choropleth also shows)."""
    covered = indicators[indicators["covered"].fillna(False).astype(bool)]
    return int(sum(covered[column].fillna(0).sum() for column in COUNT_COLUMNS.values() if column in covered))


def default_record_view(indicators: pd.DataFrame) -> str:
    return "each" if records_in_view(indicators) <= RECORDS_AT_MOST else "bubbles"


def indicator_values(indicators: pd.DataFrame, indicator: Indicator, lang: str) -> pd.DataFrame:
    """One row per unit with the value to colour by (missing where the unit has no figures) and its
    tooltip columns, formatted and labelled in `lang`."""
    t = translator(lang)
    values = indicators.copy()
    values["value"] = values[indicator.code].where(values["covered"]).astype("Float64").astype(object)
    values.loc[values["value"].isna(), "value"] = None
    unit = t(f"unit.{indicator.unit}")
    values["value_text"] = [
        None if v is None else f"{number(v, lang, indicator.decimals)} {unit}" for v in values["value"]
    ]
    values["data_kind"] = data_kind.unit_kinds(values, indicator.code, lang)
    values["note"] = [
        t.plural("map.partly_outside", int(parts), parts=int(parts)) if parts and parts > 0 else None
        for parts in values.get("outside_parts", pd.Series(0, index=values.index)).fillna(0)
    ]
    return values


def tooltip_fields(lang: str) -> dict[str, str]:
    t = translator(lang)
    return {
        "name": t("tooltip.commune"),
        "value_text": t("tooltip.value"),
        "data_kind": t("tooltip.data_kind"),
        "note": t("tooltip.note"),
    }


def point_words(lang: str) -> dict[str, str]:
    t = translator(lang)
    words = {f"layer.{layer}": t(f"layer.{layer}") for layer in POINT_STYLES}
    words |= {f"subtype.{s}": t(f"subtype.{s}") for s in (*EVENT_TYPES, *CLUB_STATUSES)}
    return words | {
        "people": t("map.word_people"),
        "female": t("map.word_female"),
        "approximate": t("map.approximate"),
        "illustrative": t("map.point_illustrative"),
    }


def coverage_map(
    shapes: gpd.GeoDataFrame,
    indicators: pd.DataFrame,
    points: pd.DataFrame,
    choice: MapChoice,
    lang: str,
    inline_assets: bool = False,
    legend_font_px: int = 12,
    anchors: pd.DataFrame | None = None,
) -> folium.Map:
    """The map page's map: the chosen indicator by unit, record points (or bubbles of their counts per unit,
    plus the records of the units in `points`), supervised outlines, legend.

    anchors: where each unit's bubbles sit (geo.layers.bubble_anchors of `shapes`; the page passes its cached copy).
    """
    t = translator(lang)
    indicator = INDICATORS[choice.indicator]
    values = indicator_values(indicators, indicator, lang)
    names = {layer: t(f"layer.{layer}") for layer in POINT_STYLES}
    words = point_words(lang)
    layers, symbols = [], []
    if choice.records == "bubbles":
        unit_word = {layer: t(f"unit.{INDICATORS[column].unit}") for layer, column in COUNT_COLUMNS.items()}
        bubbles, largest = bubble_layers(
            indicators,
            bubble_anchors(shapes) if anchors is None else anchors,
            names=names,
            unit_word=unit_word,
            notes=(words["approximate"], words["illustrative"]),
            number=lambda v: number(v, lang, 0),
        )
        layers += bubbles
        symbols += [
            LegendSymbol(t("map.bubble_symbol", layer=names[layer.kind]), layer.colour, "bubble") for layer in bubbles
        ]
        if bubbles:
            symbols.append(LegendSymbol(t("map.bubble_note", largest=number(largest, lang, 0)), "", "note"))
    points_layers = record_layers(points, names=names, words=words, number=lambda v: number(v, lang, 0))
    layers += points_layers
    symbols += [
        LegendSymbol(t(f"layer.{layer}"), POINT_STYLES[layer][0])
        for layer in POINT_STYLES
        if (points["layer"] == layer).any()
    ]
    supervised = indicators.loc[indicators["supervised"], "code"]
    outline = outline_layer(shapes, supervised, name=t("layer.supervised"))
    if outline is not None:
        layers.append(outline)
        symbols.append(LegendSymbol(t("layer.supervised"), OUTLINE_COLOUR, "outline"))
    covered = values[values["covered"]]
    note = data_kind.map_note(covered, indicator.code, lang)
    return choropleth_map(
        shapes,
        values,
        value_column="value",
        title=t(f"indicator.{indicator.code}"),
        unit=t(f"unit.{indicator.unit}"),
        tooltip=tooltip_fields(lang),
        no_data_label=t("map.no_data"),
        illustrative_note=note,
        number=lambda v: number(v, lang, indicator.decimals),
        method=choice.method,
        classes=choice.classes,
        fixed_breaks=indicator.fixed_breaks,
        overlays=layers,
        symbols=symbols,
        basemap=choice.basemap,
        inline_assets=inline_assets,
        legend_font_px=legend_font_px,
        labels=unit_names(indicators),
        labels_name=t("layer.names"),
    )


def map_summary(indicators: pd.DataFrame, indicator: str, lang: str, count: int = 3) -> str | None:
    """The map in one sentence, for whoever cannot see it (a screen reader, the minutes of a meeting): the
    units with the highest and the lowest value among those with data, as Markdown (the names escaped).
    None when no unit has data."""
    t = translator(lang)
    decimals = INDICATORS[indicator].decimals if indicator in INDICATORS else 0
    shown = indicators[indicators["covered"].fillna(False).astype(bool)].dropna(subset=[indicator])
    if shown.empty:
        return None
    ranked = shown.sort_values([indicator, "name"], ascending=[False, True])

    def listed(rows: pd.DataFrame) -> str:
        return ", ".join(
            f"{markdown_text(strip_prefix(r['name']))} ({number(r[indicator], lang, decimals)})"
            for _, r in rows.iterrows()
        )

    label = t(f"indicator.{indicator}") if t.has(f"indicator.{indicator}") else indicator
    if len(ranked) <= count:
        return t("map.summary_few", indicator=label, units=listed(ranked))
    return t(
        "map.summary",
        indicator=label,
        top=listed(ranked.head(count)),
        bottom=listed(ranked.tail(count).iloc[::-1]),
    )


def unit_names(indicators: pd.DataFrame) -> dict[str, str]:
    """The names a map writes on its units: without "Xã", "Phường", "Tỉnh" (the legend says what they are)."""
    return {code: strip_prefix(name) for code, name in zip(indicators["code"], indicators["name"])}


def clicked_code(result) -> str | None:
    """The unit code of what was last clicked in st_folium's answer (a polygon or a point), if any."""
    drawing = (result or {}).get("last_active_drawing") or {}
    code = (drawing.get("properties") or {}).get("code")
    return code if isinstance(code, str) else None


def commune_records(points: pd.DataFrame, code: str, layer: str, lang: str) -> pd.DataFrame:
    """One unit's records of one kind, with headers and values in `lang` (the drill-down tables)."""
    t = translator(lang)
    rows = points[(points["code"] == code) & (points["layer"] == layer)]
    table = pd.DataFrame({t("detail.col_place"): rows["place"].fillna("")})
    if layer in ("club", "event"):
        table[t("detail.col_kind")] = [t(f"subtype.{s}") if isinstance(s, str) else "" for s in rows["subtype"]]
    if layer in ("trusted_address", "club", "event"):
        table[t("detail.col_detail")] = rows["detail"].fillna("").to_numpy()
    if layer != "club":
        table[t("detail.col_people")] = rows["people"].to_numpy()
    if layer in ("comm_team", "trusted_address"):
        table[t("detail.col_female")] = rows["people_female"].to_numpy()
    if layer != "club":
        table[t("detail.col_date")] = [date(d, lang) for d in rows["dated"]]
    table[t("detail.col_data")] = [t("value.illustrative") if i else t("kind.unit.real") for i in rows["illustrative"]]
    return table.reset_index(drop=True)


def _picture_text(
    indicator: Indicator, lang: str, place: str, year, vintage: int, illustrative: bool, has_outlines: bool, today
) -> PictureText:
    from geo.picture import PictureText

    t = translator(lang)
    return PictureText(
        title=t("picture.title", indicator=t(f"indicator.{indicator.code}"), place=place, year=year or "–"),
        subtitle=t("picture.subtitle", vintage=t(f"vintage.{vintage}")),
        legend_title=f"{t(f'indicator.{indicator.code}')} ({t(f'unit.{indicator.unit}')})",
        no_data=t("map.no_data"),
        sources=t("picture.sources", date=date(today, lang)),
        north=t("picture.north"),
        illustrative_note=t("picture.illustrative") if illustrative else None,
        outline_label=t("layer.supervised") if has_outlines else None,
        extra_notes=(t("map.vintage_note_2025"),) if vintage == 2025 else (),
    )


def coverage_picture(
    shapes: gpd.GeoDataFrame,
    indicators: pd.DataFrame,
    points: pd.DataFrame,
    choice: MapChoice,
    lang: str,
    place: str,
    year,
    today=None,
    labels: bool = False,
) -> bytes:
    """The same map as a 1920×1080 PNG for slides (see geo/picture.py), with commune names if `labels`."""
    import datetime

    from geo.picture import PointSet, map_picture

    t = translator(lang)
    indicator = INDICATORS[choice.indicator]
    values = indicator_values(indicators, indicator, lang)
    point_sets = [
        PointSet(t(f"layer.{layer}"), POINT_STYLES[layer][0], rows["longitude"].tolist(), rows["latitude"].tolist())
        for layer in POINT_STYLES
        if not (rows := points[points["layer"] == layer]).empty
    ]
    supervised = indicators.loc[indicators["supervised"], "code"].tolist()
    illustrative = bool(values.loc[values["covered"], "illustrative"].any())
    words = _picture_text(
        indicator, lang, place, year, choice.vintage, illustrative, bool(supervised), today or datetime.date.today()
    )
    return map_picture(
        shapes,
        values,
        value_column="value",
        text=words,
        number=lambda v: number(v, lang, indicator.decimals),
        method=choice.method,
        classes=choice.classes,
        fixed_breaks=indicator.fixed_breaks,
        points=point_sets,
        outline_codes=supervised,
        labels=unit_names(indicators) if labels else None,
    )


def standalone_page(
    shapes: gpd.GeoDataFrame,
    indicators: pd.DataFrame,
    points: pd.DataFrame,
    choice: MapChoice,
    lang: str,
    place: str,
    year,
) -> str:
    """The interactive map as one HTML file that works offline (Leaflet inlined; tiles only if chosen)."""
    t = translator(lang)
    fmap = coverage_map(shapes, indicators, points, choice, lang, inline_assets=True)
    title = t("picture.title", indicator=t(f"indicator.{choice.indicator}"), place=place, year=year or "–")
    fmap.get_root().title = html_text(title)
    return fmap.get_root().render()

"""What the map page shows, as pure functions of query results (no Streamlit here, so tests can call them)."""

from __future__ import annotations

from dataclasses import dataclass

import folium
import geopandas as gpd
import pandas as pd

from geo.indicators import INDICATORS, Indicator
from geo.layers import POINT_STYLES, OUTLINE_COLOUR, outline_layer, record_layers
from geo.mapping import LegendSymbol, choropleth_map
from ui.formatting import number
from ui.i18n import text


@dataclass(frozen=True)
class MapChoice:
    indicator: str
    method: str
    classes: int
    vintage: int
    basemap: str


def indicator_values(indicators: pd.DataFrame, indicator: Indicator, lang: str) -> pd.DataFrame:
    """One row per unit with the value to colour by (missing where the unit has no figures) and its
    tooltip columns, formatted and labelled in `lang`."""
    t = lambda key, **v: text(key, lang, **v)  # noqa: E731
    values = indicators.copy()
    values["value"] = values[indicator.code].where(values["covered"]).astype("Float64").astype(object)
    values.loc[values["value"].isna(), "value"] = None
    unit = t(f"unit.{indicator.unit}")
    values["value_text"] = [
        None if v is None else f"{number(v, lang, indicator.decimals)} {unit}"
        for v in values["value"]
    ]
    values["data_kind"] = [
        None if not covered else t("value.illustrative") if illustrative else t("value.reported")
        for covered, illustrative in zip(values["covered"], values["illustrative"])
    ]
    values["note"] = [
        t("map.partly_outside", parts=int(parts)) if parts and parts > 0 else None
        for parts in values.get("outside_parts", pd.Series(0, index=values.index)).fillna(0)
    ]
    return values


def tooltip_fields(lang: str) -> dict[str, str]:
    return {"name": text("tooltip.commune", lang), "value_text": text("tooltip.value", lang),
            "data_kind": text("tooltip.data_kind", lang), "note": text("tooltip.note", lang)}


def point_words(lang: str) -> dict[str, str]:
    words = {f"layer.{layer}": text(f"layer.{layer}", lang) for layer in POINT_STYLES}
    words |= {f"subtype.{s}": text(f"subtype.{s}", lang)
              for s in ("market_event", "campaign", "policy_dialogue", "set_up_not_launched", "launched")}
    return words | {"people": text("map.word_people", lang), "female": text("map.word_female", lang),
                    "approximate": text("map.approximate", lang), "illustrative": text("map.point_illustrative", lang)}


def coverage_map(shapes: gpd.GeoDataFrame, indicators: pd.DataFrame, points: pd.DataFrame, choice: MapChoice,
                 lang: str, inline_assets: bool = False) -> folium.Map:
    """The map page's map: the chosen indicator by unit, record points, supervised outlines, legend."""
    indicator = INDICATORS[choice.indicator]
    values = indicator_values(indicators, indicator, lang)
    layers = record_layers(points, names={layer: text(f"layer.{layer}", lang) for layer in POINT_STYLES},
                           words=point_words(lang), number=lambda v: number(v, lang, 0))
    symbols = [LegendSymbol(text(f"layer.{layer}", lang), POINT_STYLES[layer][0])
               for layer in POINT_STYLES if (points["layer"] == layer).any()]
    supervised = indicators.loc[indicators["supervised"], "code"]
    outline = outline_layer(shapes, supervised, name=text("layer.supervised", lang), grid=shapes.attrs.get("grid", 1e-5))
    if outline is not None:
        layers.append(outline)
        symbols.append(LegendSymbol(text("layer.supervised", lang), OUTLINE_COLOUR, "outline"))
    covered = values[values["covered"]]
    note = text("map.illustrative_note", lang) if covered["illustrative"].any() else None
    return choropleth_map(
        shapes, values, value_column="value", title=text(f"indicator.{indicator.code}", lang),
        unit=text(f"unit.{indicator.unit}", lang), tooltip=tooltip_fields(lang), no_data_label=text("map.no_data", lang),
        illustrative_note=note, number=lambda v: number(v, lang, indicator.decimals), method=choice.method,
        classes=choice.classes, fixed_breaks=indicator.fixed_breaks, overlays=layers, symbols=symbols,
        basemap=choice.basemap, inline_assets=inline_assets,
    )


def clicked_code(result) -> str | None:
    """The unit code of what was last clicked in st_folium's answer (a polygon or a point), if any."""
    drawing = (result or {}).get("last_active_drawing") or {}
    code = (drawing.get("properties") or {}).get("code")
    return code if isinstance(code, str) else None


def commune_records(points: pd.DataFrame, code: str, layer: str, lang: str) -> pd.DataFrame:
    """One unit's records of one kind, with headers and values in `lang` (the drill-down tables)."""
    t = lambda key: text(key, lang)  # noqa: E731
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
        table[t("detail.col_date")] = rows["dated"].to_numpy()
    table[t("detail.col_data")] = [t("value.illustrative") if i else t("value.reported") for i in rows["illustrative"]]
    return table.reset_index(drop=True)

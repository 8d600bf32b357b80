"""Underserved communes: the criteria and their documented defaults, the view a planner adjusts and
shares through the URL, the reasons written out as sentences, and the ranking as a table and a map.

Pure functions (no Streamlit), so tests can call them. The score and the rank are computed in SQL
(queries/underserved.sql) so the page, its export and `python -m queries run underserved` agree; the
settings' names here are that query's parameter names, and the defaults here are the ones its header
documents (tests/test_underserved.py keeps the two equal).

Defaults, and why (a planner may disagree: every one is adjustable on the page):
- no trusted address, weight 3: the trusted address is the commune's safe place for victims of domestic
  violence (content area 2); a commune without one has no protection at all.
- short of a commune-level target, weight 3: a commitment made for that commune itself was missed.
- few communicators, weight 2, below 10 per 1,000 residents: teams are the programme's main reach
  (content area 1); Phong Thổ had about 12 per 1,000 in 2023 (596 communicators, 2009 population).
- no club although the commune has a lower-secondary school, weight 2: the "Leaders of change" club is
  the programme's channel to adolescents (content area 3). Unknown without a school list.
- low share of women among communicators, weight 1, below 27 %: the district's share in 2023
  (162 of 596 = 27.2 %), so a commune below it does worse than the district.
- no policy dialogue, weight 1: the district held one in 2023, so nearly every commune lacks one and
  it separates communes little.
- not supervised in the year, weight 1: a gap in oversight rather than in service.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import folium
import geopandas as gpd
import pandas as pd

from geo.mapping import choropleth_map
from i18n import translator
from i18n.formatting import number, percent
from i18n.markup import markdown_text
from registry.vintages import VINTAGES


@dataclass(frozen=True)
class Setting:
    """One adjustable number: a threshold or a criterion's weight (the name is the query parameter)."""

    name: str
    default: float
    minimum: float
    maximum: float
    step: float

    def options(self, current: float | None = None) -> list[float]:
        """Every value a planner can pick, step by step, plus a value a shared link holds between two steps.

        A select slider over these values shows them in the reader's number format (a plain slider only
        knows printf formats, so Vietnamese would read "10.0")."""
        count = round((self.maximum - self.minimum) / self.step)
        values = {round(self.minimum + index * self.step, 6) for index in range(count + 1)}
        if current is not None and self.minimum <= current <= self.maximum:
            values.add(float(current))
        return sorted(values)


# In the order of the issue (and of the query's columns); weight defaults as documented above.
CRITERIA = (
    "no_trusted_address",
    "few_communicators",
    "few_women_communicators",
    "no_policy_dialogue",
    "no_club",
    "not_supervised",
    "target_shortfall",
)
DEFAULT_WEIGHTS = {
    "no_trusted_address": 3.0,
    "few_communicators": 2.0,
    "few_women_communicators": 1.0,
    "no_policy_dialogue": 1.0,
    "no_club": 2.0,
    "not_supervised": 1.0,
    "target_shortfall": 3.0,
}
THRESHOLDS = (
    Setting("min_communicators_per_1000", 10.0, 0.0, 50.0, 0.5),
    Setting("min_female_pct", 27.0, 0.0, 100.0, 1.0),
)
WEIGHTS = tuple(Setting(f"weight_{code}", DEFAULT_WEIGHTS[code], 0.0, 10.0, 0.5) for code in CRITERIA)
SETTINGS = {s.name: s for s in (*THRESHOLDS, *WEIGHTS)}
# The criterion a threshold belongs to (for help texts).
THRESHOLD_OF = {"few_communicators": "min_communicators_per_1000", "few_women_communicators": "min_female_pct"}

EXTENTS = ("district", "province")  # rank within the district chosen in the sidebar, or its whole province
COLOUR_BY = ("gaps", "score")  # what the map colours units by
CHOICES = {"vintage": VINTAGES, "extent": EXTENTS, "colour": COLOUR_BY}  # URL key -> allowed values


@dataclass(frozen=True)
class View:
    """Everything that decides what the page shows beyond the shared scope: kept in the URL."""

    values: dict = field(default_factory=lambda: {name: s.default for name, s in SETTINGS.items()})
    vintage: int = 2023
    extent: str = "district"
    colour_by: str = "gaps"

    def weight(self, criterion: str) -> float:
        return self.values[f"weight_{criterion}"]

    def query_params(self) -> dict[str, float]:
        """The `underserved` query's threshold and weight parameters."""
        return dict(self.values)


@dataclass(frozen=True)
class Rejected:
    """A URL value that could not be used (the default was used instead)."""

    name: str
    value: str
    minimum: float | None = None
    maximum: float | None = None


def plain(value: float) -> str:
    """A number as the URL and the CLI write it: 3, 2.5 (a point, no thousands separator)."""
    return f"{value:g}" if math.isfinite(value) else str(value)


def _number_in(text_value: str, setting: Setting) -> float | None:
    try:
        value = float(text_value.strip())
    except (ValueError, AttributeError):
        return None
    if not math.isfinite(value) or not setting.minimum <= value <= setting.maximum:
        return None
    return value


def from_url(query: Mapping[str, str]) -> tuple[View, list[Rejected]]:
    """The view a URL asks for; every unusable value is reported and replaced by its default.

    Keys the page does not know are left alone (the scope and language belong to app.py)."""
    view, rejected = View(), []
    values = dict(view.values)
    for name, setting in SETTINGS.items():
        if name not in query:
            continue
        value = _number_in(query[name], setting)
        if value is None:
            rejected.append(Rejected(name, str(query[name]), setting.minimum, setting.maximum))
        else:
            values[name] = value
    choices = {"vintage": view.vintage, "extent": view.extent, "colour": view.colour_by}
    for key, allowed in CHOICES.items():
        if key not in query:
            continue
        wanted = next((option for option in allowed if str(option) == str(query[key]).strip()), None)
        if wanted is None:
            rejected.append(Rejected(key, str(query[key])))
        else:
            choices[key] = wanted
    return replace(
        view, values=values, vintage=choices["vintage"], extent=choices["extent"], colour_by=choices["colour"]
    ), rejected


def fields(view: View) -> dict:
    """The view as {URL key: value} (numbers and choices, not text): what the page's widgets hold."""
    return dict(view.values) | {"vintage": view.vintage, "extent": view.extent, "colour": view.colour_by}


def from_fields(chosen: Mapping) -> View:
    """The view the page's widgets hold (the inverse of `fields`)."""
    return View(
        values={name: float(chosen[name]) for name in SETTINGS},
        vintage=int(chosen["vintage"]),
        extent=chosen["extent"],
        colour_by=chosen["colour"],
    )


def to_url(view: View) -> dict[str, str]:
    """Every setting of the view as URL parameters, so a shared link shows exactly this view even if the
    defaults change later."""
    return {key: plain(value) if key in SETTINGS else str(value) for key, value in fields(view).items()}


def rejected_text(items: list[Rejected], lang: str) -> str:
    """One sentence naming each ignored URL value and what it should have been, as Markdown: the values are
    whatever a link carried, so they are escaped."""
    t = translator(lang)
    parts = []
    for item in items:
        if item.minimum is not None:
            parts.append(
                t(
                    "underserved.rejected_number",
                    name=markdown_text(item.name),
                    value=markdown_text(item.value),
                    minimum=number(item.minimum, lang, 1),
                    maximum=number(item.maximum, lang, 1),
                )
            )
        else:
            parts.append(
                t("underserved.rejected_choice", name=markdown_text(item.name), value=markdown_text(item.value))
            )
    return t("underserved.url_rejected", items="; ".join(parts))


# ---------------------------------------------------------------- reasons in words


def _present(value) -> bool:
    return value is not None and value is not pd.NA and not (isinstance(value, float) and math.isnan(value))


def reason_codes(row) -> list[str]:
    """The criteria that count for this row, heaviest first, as the query lists them."""
    reasons = row["reasons"] if _present(row["reasons"]) else ""
    return [code for code in (part.strip() for part in str(reasons).split(",")) if code]


def reason_sentence(code: str, row, view: View, lang: str, year) -> str:
    """One gap of one commune as a full sentence, with its figures and the threshold it fell below."""
    t = translator(lang)
    if code == "few_communicators":
        return t(
            "reason.few_communicators",
            value=number(row["communicators_per_1000"], lang, 2),
            threshold=number(view.values["min_communicators_per_1000"], lang, 1),
        )
    if code == "few_women_communicators":
        return t(
            "reason.few_women_communicators",
            value=percent(row["communicators_female_pct"] / 100, lang),
            female=number(row["communicators_female"], lang, 0),
            total=number(row["communicators"], lang, 0),
            threshold=percent(view.values["min_female_pct"] / 100, lang, 0),
        )
    if code == "no_club":
        schools = int(row["lower_secondary_schools"])
        return t.plural("reason.no_club", schools, schools=number(schools, lang, 0))
    if code == "target_shortfall":
        total = int(row["commune_targets"])
        return t.plural(
            "reason.target_shortfall",
            total,
            missed=number(row["commune_targets_missed"], lang, 0),
            total=number(total, lang, 0),
        )
    return t(f"reason.{code}", year=year)


def reasons_text(row, view: View, lang: str, year) -> str:
    """All of a commune's reasons, heaviest first, as sentences a planner can read out; with a warning
    where part of a merged unit has no data (its gaps there are unknown, not absent)."""
    t = translator(lang)
    sentences = [reason_sentence(code, row, view, lang, year) for code in reason_codes(row)]
    if not sentences:
        sentences.append(t("reason.none"))
    parts_without = int(row["parts_without_data"]) if _present(row.get("parts_without_data")) else 0
    if parts_without:
        known = int(row["parts"]) - parts_without
        sentences.append(t.plural("reason.partial", known, known=known, parts=int(row["parts"]), year=year))
    return " ".join(sentences)


def _judged(value, lang: str) -> str:
    t = translator(lang)
    if not _present(value):
        return t("underserved.value.unknown")
    return t("value.yes") if bool(value) else t("value.no")


def _data_kind(illustrative, lang: str) -> str:
    t = translator(lang)
    return t("value.illustrative") if bool(illustrative) else t("kind.unit.real")


def ranking_table(rows: pd.DataFrame, view: View, lang: str, year) -> pd.DataFrame:
    """The ranking as the page shows it: rank, commune, score, gaps, reasons in sentences, data kind."""
    t = translator(lang)
    return pd.DataFrame(
        {
            t("underserved.col.rank"): rows["rank"].astype(int).to_numpy(),
            t("underserved.col.name"): rows["name"].to_numpy(),
            t("underserved.col.score"): [number(v, lang, 1) for v in rows["score"]],
            t("underserved.col.gaps"): rows["gaps"].astype(int).to_numpy(),
            t("underserved.col.reasons"): [reasons_text(row, view, lang, year) for _, row in rows.iterrows()],
            t("underserved.col.data"): [_data_kind(v, lang) for v in rows["illustrative"]],
        }
    )


def export_table(rows: pd.DataFrame, view: View, lang: str, year) -> pd.DataFrame:
    """The ranking for a spreadsheet: the page's columns, numbers as numbers, and one column per
    criterion (yes / no / unknown) with the figures it was judged on."""
    t = translator(lang)
    table = pd.DataFrame(
        {
            t("underserved.col.rank"): rows["rank"].astype(int).to_numpy(),
            t("underserved.col.code"): rows["code"].to_numpy(),
            t("underserved.col.name"): rows["name"].to_numpy(),
            t("underserved.col.score"): rows["score"].astype(float).to_numpy(),
            t("underserved.col.gaps"): rows["gaps"].astype(int).to_numpy(),
            t("underserved.col.reasons"): [reasons_text(row, view, lang, year) for _, row in rows.iterrows()],
        }
    )
    for code in CRITERIA:
        table[t(f"criterion.{code}")] = [_judged(v, lang) for v in rows[code]]
    table[t("underserved.col.communicators_per_1000")] = rows["communicators_per_1000"].astype(float).to_numpy()
    table[t("underserved.col.communicators_female_pct")] = rows["communicators_female_pct"].astype(float).to_numpy()
    table[t("underserved.col.trusted_addresses")] = rows["trusted_addresses"].astype(int).to_numpy()
    table[t("underserved.col.clubs")] = rows["clubs"].astype(int).to_numpy()
    table[t("underserved.col.policy_dialogues")] = rows["policy_dialogues"].astype(int).to_numpy()
    table[t("underserved.col.data")] = [_data_kind(v, lang) for v in rows["illustrative"]]
    return table


def settings_lines(view: View, lang: str) -> list[tuple[str, str]]:
    """The thresholds and weights as (label, value) lines, for an export's About sheet."""
    t = translator(lang)
    lines = [(t(f"underserved.threshold.{s.name}"), number(view.values[s.name], lang, 1)) for s in THRESHOLDS]
    lines += [
        (t("underserved.weight_label", criterion=t(f"criterion.{code}")), number(view.weight(code), lang, 1))
        for code in CRITERIA
    ]
    return lines


def settings_summary(view: View, lang: str) -> str:
    """The current thresholds and weights in one line (shown above the collapsed settings)."""
    t = translator(lang)
    weights = ", ".join(f"{t(f'criterion.{code}')} {number(view.weight(code), lang, 1)}" for code in CRITERIA)
    return t(
        "underserved.summary",
        per_1000=number(view.values["min_communicators_per_1000"], lang, 1),
        female=percent(view.values["min_female_pct"] / 100, lang, 0),
        weights=weights,
    )


# ---------------------------------------------------------------- map


def map_values(rows: pd.DataFrame, indicators: pd.DataFrame, view: View, lang: str, year) -> pd.DataFrame:
    """One row per unit of the scope: the value to colour by (gap count or score; missing where the
    unit is not ranked) and its tooltip texts. `indicators` is commune_indicators for the same scope,
    which says why an unranked unit is not ranked (not a project commune, or no data)."""
    t = translator(lang)
    ranked = rows.set_index("code")
    count = len(rows)
    out = []
    for unit in indicators.itertuples():
        if unit.code in ranked.index:
            row = ranked.loc[unit.code]
            value = float(row["gaps"] if view.colour_by == "gaps" else row["score"])
            out.append(
                {
                    "code": unit.code,
                    "name": unit.name,
                    "value": value,
                    "rank_text": t("underserved.rank_value", rank=int(row["rank"]), count=count),
                    "score_text": number(row["score"], lang, 1),
                    "gaps_text": number(row["gaps"], lang, 0),
                    "reasons_text": reasons_text(row, view, lang, year),
                    "data_kind": _data_kind(row["illustrative"], lang),
                    "note": None,
                }
            )
        else:
            note = t("underserved.not_project", year=year) if unit.covered else t("underserved.no_data", year=year)
            out.append(
                {
                    "code": unit.code,
                    "name": unit.name,
                    "value": None,
                    "rank_text": None,
                    "score_text": None,
                    "gaps_text": None,
                    "reasons_text": None,
                    "data_kind": None,
                    "note": note,
                }
            )
    values = pd.DataFrame(
        out,
        columns=["code", "name", "value", "rank_text", "score_text", "gaps_text", "reasons_text", "data_kind", "note"],
    )
    values["value"] = values["value"].astype("Float64").astype(object)
    values.loc[values["value"].isna(), "value"] = None
    return values


TOOLTIP_STYLE = "<style>.leaflet-tooltip td { white-space: normal; min-width: 220px; max-width: 380px; }</style>"


def gap_map(
    shapes: gpd.GeoDataFrame,
    rows: pd.DataFrame,
    indicators: pd.DataFrame,
    view: View,
    lang: str,
    year,
    basemap: str = "none",
    inline_assets: bool = False,
) -> folium.Map:
    """The ranking as a map: units coloured by their number of gaps (or score), units not ranked hatched."""
    t = translator(lang)
    values = map_values(rows, indicators, view, lang, year)
    by_gaps = view.colour_by == "gaps"
    tooltip = {
        "name": t("tooltip.commune"),
        "rank_text": t("underserved.col.rank"),
        "score_text": t("underserved.col.score"),
        "gaps_text": t("underserved.col.gaps"),
        "reasons_text": t("underserved.col.reasons"),
        "data_kind": t("tooltip.data_kind"),
        "note": t("tooltip.note"),
    }
    illustrative = bool(rows["illustrative"].any()) if len(rows) else False
    fmap = choropleth_map(
        shapes,
        values,
        value_column="value",
        title=t(f"underserved.colour.{view.colour_by}"),
        unit="",
        tooltip=tooltip,
        no_data_label=t("underserved.legend_not_ranked"),
        illustrative_note=t("map.illustrative_note") if illustrative else None,
        number=lambda v: number(v, lang, 0 if by_gaps else 1),
        method="fixed" if by_gaps else "natural_breaks",
        classes=5,
        fixed_breaks=(0, 1, 2, 3, 4, 5),
        basemap=basemap,
        inline_assets=inline_assets,
        no_data_hatch=True,
    )
    # Reasons are sentences: let them wrap instead of running off the map (Leaflet tooltips do not wrap).
    fmap.get_root().header.add_child(folium.Element(TOOLTIP_STYLE), name="p8_gap_tooltip")
    return fmap

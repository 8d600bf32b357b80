"""Underserved communes: the `underserved` query on the seed database, the pure module views/gap_analysis.py,
the runner's DOUBLE parameters, and the hatched "not ranked" units of the map builder."""

from __future__ import annotations

import html
import io
import json
import re
import shutil
import subprocess
import sys

import duckdb
import openpyxl
import pandas as pd
import pytest

from geo.layers import HATCH_FILL, HATCH_ID, unpack_features
from geo.mapping import choropleth_map
from geo.shapes import for_display, from_wkb
from i18n import translator
from i18n.markup import markdown_text
from queries import export
from queries.runner import Param, QueryError, get, run
from tests.conftest import ROOT, cli_env
from views import gap_analysis as ga

PHONG_THO = {"district_code": "109", "year": 2023}
EVIL = "<img src=x onerror=alert(1)>"


def underserved(connection, vintage=2023, **params) -> pd.DataFrame:
    return run("underserved", {"vintage": vintage, **PHONG_THO, **params}, connection)


@pytest.fixture(scope="module")
def ranking(connection) -> pd.DataFrame:
    return underserved(connection)


def competition_ranks(scores: pd.Series) -> list[int]:
    """1 + how many score higher: equal scores share a rank (1, 1, 3, …)."""
    return [1 + int((scores > score).sum()) for score in scores]


# ---------------------------------------------------------------- the query


def test_one_row_per_project_commune_with_the_columns_the_issue_names(connection, ranking):
    indicators = run("commune_indicators", {"vintage": 2023, **PHONG_THO}, connection)
    assert sorted(ranking["code"]) == sorted(indicators.loc[indicators["is_project"], "code"])
    assert {"code", "name", "score", "rank", "reasons", *ga.CRITERIA} <= set(ranking.columns)
    assert len(ranking) > 10


def test_a_commune_without_a_trusted_address_is_flagged_for_it(connection, ranking):
    with_address = {
        code
        for (code,) in connection.execute(
            "SELECT DISTINCT commune_code FROM trusted_address WHERE year = 2023 AND vintage = 2023 AND district_code = '109'"
        ).fetchall()
    }
    without = ranking[~ranking["code"].isin(with_address)]
    assert len(without) >= 3 and len(with_address) >= 3
    assert without["no_trusted_address"].all()
    assert not ranking.loc[ranking["code"].isin(with_address), "no_trusted_address"].any()
    assert all("no_trusted_address" in ga.reason_codes(row) for _, row in without.iterrows())


def test_score_is_the_weighted_sum_of_the_gaps_and_rank_follows_it(ranking):
    view = ga.View()
    expected = sum(ranking[c].fillna(False).astype(bool) * view.weight(c) for c in ga.CRITERIA)
    assert ranking["score"].tolist() == pytest.approx(expected.tolist())
    assert ranking["rank"].tolist() == competition_ranks(ranking["score"])
    assert ranking["rank"].is_monotonic_increasing
    assert ranking["gaps"].tolist() == [len(ga.reason_codes(row)) for _, row in ranking.iterrows()]


def test_thresholds_decide_the_two_proportion_criteria(connection, ranking):
    assert (ranking["few_communicators"] == (ranking["communicators_per_1000"] < 10)).all()
    stricter = underserved(connection, min_communicators_per_1000=14, min_female_pct=30)
    assert (stricter["few_communicators"] == (stricter["communicators_per_1000"] < 14)).all()
    assert (stricter["few_women_communicators"] == (stricter["communicators_female_pct"] < 30)).all()
    assert stricter["few_communicators"].sum() > ranking["few_communicators"].sum()
    assert stricter["few_women_communicators"].sum() > ranking["few_women_communicators"].sum()


def test_raising_one_weight_lifts_exactly_the_communes_that_have_that_gap(connection, ranking):
    criterion = "few_women_communicators"
    raised = underserved(connection, **{f"weight_{criterion}": 100})
    flagged = set(raised.loc[raised[criterion].fillna(False).astype(bool), "code"])
    assert 0 < len(flagged) < len(raised)
    # every commune with the gap now ranks above every commune without it …
    assert set(raised["code"].head(len(flagged))) == flagged
    # … keeping, within each group, the order of the default scores
    default_score = ranking.set_index("code")["score"]
    for group in (raised[raised["code"].isin(flagged)], raised[~raised["code"].isin(flagged)]):
        assert default_score[group["code"]].is_monotonic_decreasing
    assert raised["code"].tolist() != ranking["code"].tolist()  # the ranking did change
    by_code = raised.set_index("code")["score"]
    for code in flagged:
        assert by_code[code] == pytest.approx(default_score[code] + 100 - ga.DEFAULT_WEIGHTS[criterion])


def test_a_weight_of_zero_drops_the_criterion_from_score_and_reasons_but_not_from_its_column(connection, ranking):
    ignored = underserved(connection, weight_no_policy_dialogue=0)
    assert ignored["no_policy_dialogue"].sum() == ranking["no_policy_dialogue"].sum() > 0
    assert not any("no_policy_dialogue" in ga.reason_codes(row) for _, row in ignored.iterrows())
    merged = ignored.set_index("code")[["score", "gaps"]].join(
        ranking.set_index("code")[["score", "gaps", "no_policy_dialogue"]].add_suffix("_default")
    )
    dropped = merged["no_policy_dialogue_default"].astype(int)
    assert (merged["score"] == merged["score_default"] - dropped * ga.DEFAULT_WEIGHTS["no_policy_dialogue"]).all()
    assert (merged["gaps"] == merged["gaps_default"] - dropped).all()


def test_unknowable_criteria_are_null_not_false(ranking):
    # no school list: a commune with a club has none of that gap, one without is unknown
    assert (ranking.loc[ranking["clubs"] > 0, "no_club"] == False).all()  # noqa: E712
    assert ranking.loc[ranking["clubs"] == 0, "no_club"].isna().all()
    assert ranking["target_shortfall"].isna().all()  # the 2023 report sets no commune targets
    assert ranking.loc[ranking["communicators"] == 0, "few_women_communicators"].isna().all()


def test_nonsense_settings_are_refused_with_a_message(connection):
    with pytest.raises(QueryError, match="weights must be 0 or more"):
        underserved(connection, weight_no_club=-1)
    with pytest.raises(QueryError, match="min_female_pct"):
        underserved(connection, min_female_pct=150)
    with pytest.raises(QueryError, match="must be a number"):
        underserved(connection, weight_no_club="lots")


def test_the_documented_defaults_are_the_querys_defaults(connection, ranking):
    query = get("underserved")
    documented = {}
    for param in query.params:
        if param.type == "DOUBLE":
            found = re.search(r"\(default ([\d.]+)\)", param.help)
            assert found, param.name
            documented[param.name] = float(found.group(1))
            assert re.search(rf"coalesce\(CAST\(\${param.name} AS DOUBLE\), {found.group(1)}\)", query.sql), param.name
    assert documented == {name: setting.default for name, setting in ga.SETTINGS.items()}
    explicit = underserved(connection, **ga.View().query_params())
    pd.testing.assert_frame_equal(explicit, ranking)


# ---------------------------------------------------------------- 2025 through the crosswalk


@pytest.fixture(scope="module")
def parts(connection) -> pd.DataFrame:
    """The 2023 figures of every Phong Thổ commune with the 2025 unit it went to."""
    figures = run("commune_indicators", {"vintage": 2023, **PHONG_THO}, connection)
    places = connection.execute(
        "SELECT from_code AS code, to_code FROM place_map WHERE from_vintage = 2023 AND to_vintage = 2025"
    ).df()
    return figures.merge(places, on="code")


def test_the_2025_aggregation_equals_the_sum_of_its_parts(connection, parts):
    units = underserved(connection, vintage=2025).set_index("code")
    assert len(units) >= 4
    counts = ["comm_teams", "communicators", "communicators_female", "trusted_addresses", "clubs", "policy_dialogues"]
    summed = parts.groupby("to_code")[counts].sum()
    for code, unit in units.iterrows():
        assert unit[counts].astype(int).tolist() == summed.loc[code].astype(int).tolist(), code
        share = 100 * unit["communicators_female"] / unit["communicators"]
        assert unit["communicators_female_pct"] == pytest.approx(round(share, 1))
    reported = connection.execute(
        "SELECT reported FROM report_figure WHERE district_code = '109' AND year = 2023 AND code = 'communicators'"
    ).fetchone()[0]
    assert units["communicators"].sum() == int(reported)


def test_2025_gaps_are_judged_on_the_whole_unit(connection, parts):
    units = underserved(connection, vintage=2025).set_index("code")
    whole = units[units["parts_without_data"] == 0]
    assert len(whole) >= 3
    by_unit = parts.groupby("to_code")
    for code, unit in whole.iterrows():
        mine = by_unit.get_group(code)
        assert unit["no_trusted_address"] == (mine["trusted_addresses"].sum() == 0)
        assert unit["not_supervised"] == (not mine["supervised"].any())
        assert unit["no_policy_dialogue"] == (mine["policy_dialogues"].sum() == 0)
        assert unit["parts"] == len(mine)


def test_a_2025_unit_with_parts_lacking_data_asserts_no_gap_there(connection):
    units = underserved(connection, vintage=2025)
    partial = units[units["parts_without_data"] > 0]
    assert len(partial) >= 1  # Phường Đoàn Kết took in wards of Lai Châu town, which did not report
    assert not partial[list(ga.CRITERIA)].fillna(False).astype(bool).any(axis=None)
    assert (partial["parts"] > partial["parts_without_data"]).all()


def test_commune_targets_and_school_lists_count_once_they_exist(database_path, tmp_path):
    copy = tmp_path / "with_targets.duckdb"
    shutil.copy(database_path, copy)
    with duckdb.connect(str(copy)) as connection:
        connection.execute("""
            CREATE OR REPLACE VIEW commune_target AS SELECT * FROM (VALUES
                (2023, 2023, '03391', 'comm_teams', 6.0, 5.0), (2023, 2023, '03391', 'clubs', 2.0, 2.0),
                (2023, 2023, '03490', 'clubs', 1.0, 1.0), (2022, 2023, '03559', 'clubs', 9.0, 0.0))
                AS t(year, vintage, commune_code, code, target_value, actual_value);
            CREATE OR REPLACE VIEW commune_school AS SELECT * FROM (VALUES
                (2023, '03490', 1), (2023, '03550', 0), (2023, '03391', 0))
                AS s(vintage, commune_code, lower_secondary_schools);
        """)
        rows = underserved(connection).set_index("code")
        successors = underserved(connection, vintage=2025).set_index("code")
        successor = connection.execute(
            "SELECT to_code FROM place_map WHERE from_vintage = 2023 AND from_code = '03391' AND to_vintage = 2025"
        ).fetchone()[0]
    assert rows.loc["03391", "target_shortfall"] == True  # noqa: E712  5 of 6 teams
    assert (rows.loc["03391", "commune_targets"], rows.loc["03391", "commune_targets_missed"]) == (2, 1)
    assert rows.loc["03490", "target_shortfall"] == False  # noqa: E712
    assert pd.isna(rows.loc["03559", "target_shortfall"])  # its target is of another year
    assert rows.loc["03490", "no_club"] == True and rows.loc["03550", "no_club"] == False  # noqa: E712
    assert rows.loc["03391", "no_club"] == False  # noqa: E712  it has clubs
    assert "target_shortfall" in ga.reason_codes(rows.loc["03391"]) and "no_club" in ga.reason_codes(rows.loc["03490"])
    assert successors.loc[successor, "target_shortfall"] == True  # noqa: E712
    sentence = ga.reason_sentence("target_shortfall", rows.loc["03391"], ga.View(), "en", 2023)
    assert sentence == "It is short of 1 of its 2 commune-level targets."
    assert "1 trường THCS" in ga.reason_sentence("no_club", rows.loc["03490"], ga.View(), "vi", 2023)


def test_the_command_line_answers_the_question_for_a_province_in_2025(database_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "queries",
            "run",
            "underserved",
            "--param",
            "province_code=12",
            "--param",
            "year=2023",
            "--param",
            "vintage=2025",
            "--param",
            "weight_no_trusted_address=2.5",
            "--format",
            "json",
        ],
        cwd=ROOT,
        env=cli_env(database_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows and {"code", "name", "score", "rank", "reasons", *ga.CRITERIA} <= set(rows[0])
    assert all(isinstance(row["score"], (int, float)) and isinstance(row["rank"], int) for row in rows)


# ---------------------------------------------------------------- the runner's DOUBLE type


def test_double_parameters_take_decimal_numbers_and_refuse_the_rest():
    weight = Param("weight", "DOUBLE", False, "")
    assert weight.convert("2.5") == 2.5 and weight.convert(" 3 ") == 3.0 and weight.convert(1) == 1.0
    assert weight.convert(None) is None and weight.convert("") is None
    for bad in ("abc", "nan", "inf", "-inf", "1_0", "2,5"):
        with pytest.raises(QueryError, match="weight must be a number"):
            weight.convert(bad)


# ---------------------------------------------------------------- the view in the URL


def test_an_empty_url_gives_the_documented_defaults():
    view, rejected = ga.from_url({})
    assert rejected == [] and view == ga.View()
    assert view.weight("no_trusted_address") == 3 and view.values["min_female_pct"] == 27


def test_the_url_round_trip_keeps_every_setting():
    view, _ = ga.from_url(
        {
            "weight_no_club": "0",
            "min_communicators_per_1000": "12.5",
            "vintage": "2025",
            "extent": "province",
            "colour": "score",
            "lang": "en",
        }
    )
    assert view.weight("no_club") == 0 and view.values["min_communicators_per_1000"] == 12.5
    assert (view.vintage, view.extent, view.colour_by) == (2025, "province", "score")
    url = ga.to_url(view)
    assert url["weight_no_club"] == "0" and url["min_communicators_per_1000"] == "12.5" and "lang" not in url
    assert set(url) == set(ga.SETTINGS) | {"vintage", "extent", "colour"}
    again, rejected = ga.from_url(url)
    assert again == view and rejected == []
    assert ga.from_fields(ga.fields(view)) == view


@pytest.mark.parametrize(
    "key, value",
    [
        ("weight_no_club", "abc"),
        ("weight_no_club", "-1"),
        ("weight_no_club", "11"),
        ("weight_no_club", "nan"),
        ("min_female_pct", "101"),
        ("vintage", "2024"),
        ("extent", "country"),
        ("colour", "Điểm"),
        ("extent", "![x](http://evil.example/x.png)"),
    ],
)
def test_an_unusable_url_value_is_reported_and_replaced_by_its_default(key, value):
    view, rejected = ga.from_url({key: value, "weight_not_supervised": "4"})
    assert [(r.name, r.value) for r in rejected] == [(key, value)]
    assert ga.fields(view)[key] == ga.fields(ga.View())[key]
    assert view.weight("not_supervised") == 4  # the good values are kept
    for lang in ("vi", "en"):
        message = ga.rejected_text(rejected, lang)
        assert f"{markdown_text(key)}={markdown_text(value)}" in message and message != ga.rejected_text(
            rejected, "en" if lang == "vi" else "vi"
        )


# ---------------------------------------------------------------- reasons in words


def test_reasons_are_full_sentences_in_both_languages_heaviest_first(ranking):
    row = ranking.iloc[0]
    codes = ga.reason_codes(row)
    assert len(codes) >= 2
    weights = [ga.DEFAULT_WEIGHTS[c] for c in codes]
    assert weights == sorted(weights, reverse=True)
    for lang in ("vi", "en"):
        sentences = [ga.reason_sentence(code, row, ga.View(), lang, 2023) for code in codes]
        assert all(s[0].isupper() and s.endswith(".") for s in sentences)
        assert ga.reasons_text(row, ga.View(), lang, 2023) == " ".join(sentences)
    assert ga.reasons_text(row, ga.View(), "vi", 2023) != ga.reasons_text(row, ga.View(), "en", 2023)


def test_a_proportion_reason_gives_the_figure_and_the_threshold_as_each_language_writes_them(connection):
    rows = underserved(connection, min_communicators_per_1000=12.5)
    row = rows[rows["few_communicators"].fillna(False).astype(bool) & (rows["communicators_per_1000"] % 1 != 0)].iloc[0]
    figure = row["communicators_per_1000"]
    vi = ga.reason_sentence(
        "few_communicators", row, ga.View(values={**ga.View().values, "min_communicators_per_1000": 12.5}), "vi", 2023
    )
    en = ga.reason_sentence(
        "few_communicators", row, ga.View(values={**ga.View().values, "min_communicators_per_1000": 12.5}), "en", 2023
    )
    assert f"{figure:.2f}".rstrip("0").rstrip(".").replace(".", ",") in vi and "12,5" in vi
    assert f"{figure:.2f}".rstrip("0").rstrip(".") in en and "12.5" in en


def test_a_commune_without_gaps_says_so():
    row = pd.Series({"reasons": "", "parts": 1, "parts_without_data": 0})
    assert ga.reasons_text(row, ga.View(), "en", 2023) == translator("en")("reason.none")


def test_a_partly_covered_unit_says_what_cannot_be_judged(connection):
    units = underserved(connection, vintage=2025)
    row = units[units["parts_without_data"] > 0].iloc[0]
    known = int(row["parts"] - row["parts_without_data"])
    assert f"Only {known} of the {int(row['parts'])} former communes" in ga.reasons_text(row, ga.View(), "en", 2023)


def test_the_ranking_table_speaks_the_language_and_keeps_the_order(ranking):
    for lang in ("vi", "en"):
        table = ga.ranking_table(ranking, ga.View(), lang, 2023)
        t = translator(lang)
        assert list(table.columns)[:2] == [t("underserved.col.rank"), t("underserved.col.name")]
        assert table.iloc[:, 0].tolist() == ranking["rank"].tolist() and len(table) == len(ranking)
        assert set(table[t("underserved.col.data")]) == {t("value.illustrative")}


def test_the_export_keeps_numbers_and_criteria_and_cannot_run_formulas(ranking):
    hostile = ranking.assign(name=['=HYPERLINK("http://x")'] + ranking["name"].tolist()[1:])
    table = ga.export_table(hostile, ga.View(), "vi", 2023)
    assert translator("vi")("criterion.no_trusted_address") in table.columns
    workbook = openpyxl.load_workbook(
        io.BytesIO(export.to_xlsx(table, formats={}, about=ga.settings_lines(ga.View(), "vi")))
    )
    sheet = workbook.active
    header = [c.value for c in sheet[1]]
    assert header == list(table.columns) and sheet.max_row == len(table) + 1
    score_column = header.index(translator("vi")("underserved.col.score")) + 1
    assert [sheet.cell(r, score_column).value for r in range(2, sheet.max_row + 1)] == ranking["score"].tolist()
    assert sheet.cell(2, header.index("Xã") + 1).value.startswith("'=")
    assert "About" in workbook.sheetnames
    csv = export.to_csv(table).decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("Hạng,Mã xã,Xã,Điểm")
    assert set(table[translator("vi")("criterion.no_club")]) == {"Không", "chưa rõ"}  # clubs where known, else unknown


# ---------------------------------------------------------------- the map


@pytest.fixture(scope="module")
def shapes(connection):
    return for_display(from_wkb(run("boundaries", {"vintage": 2023, "district_code": "109"}, connection)))


def features(page: str) -> dict[str, dict]:
    decoder = json.JSONDecoder()
    payloads = [decoder.raw_decode(page, m.end())[0] for m in re.finditer(r"var \w+_data = (?=\{)", page)]
    return {f["properties"]["code"]: f["properties"] for p in payloads for f in unpack_features(p)}


def test_the_gap_map_hatches_units_not_ranked_and_explains_why(connection, ranking, shapes):
    indicators = run("commune_indicators", {"vintage": 2023, **PHONG_THO}, connection)
    page = ga.gap_map(shapes, ranking, indicators, ga.View(), "en", 2023).get_root().render()
    shown = features(page)
    assert len(shown) == len(shapes) > len(ranking)
    ranked = set(ranking["code"])
    assert all((props["fill"] == HATCH_FILL) == (code not in ranked) for code, props in shown.items())
    assert page.count(f'"{HATCH_ID}"') == 1  # the pattern is defined once
    outsider = next(code for code in shown if code not in ranked)
    assert shown[outsider]["note"] == "Not a project commune in 2023"
    first = ranking.iloc[0]
    assert shown[first["code"]]["rank_text"] == f"1 of {len(ranking)}"
    assert "repeating-linear-gradient" in page and "Not ranked" in page  # the legend shows the hatch


def test_the_map_can_colour_by_score_and_escapes_every_text(connection, ranking, shapes):
    indicators = run("commune_indicators", {"vintage": 2023, **PHONG_THO}, connection)
    hostile = ranking.assign(name=EVIL)
    page = (
        ga.gap_map(shapes, hostile, indicators.assign(name=EVIL), ga.View(colour_by="score"), "vi", 2023)
        .get_root()
        .render()
    )
    shown = features(page)
    assert EVIL not in page and {props["name"] for props in shown.values()} == {html.escape(EVIL)}
    assert "Điểm" in page
    fills = {code: props["fill"] for code, props in shown.items()}
    top, bottom = ranking.iloc[0]["code"], ranking.iloc[-1]["code"]
    assert fills[top] != fills[bottom] and HATCH_FILL not in (fills[top], fills[bottom])


def test_no_data_is_hatched_unless_turned_off_and_streamlit_folium_sends_the_pattern(connection, shapes):
    from streamlit_folium import generate_leaflet_string

    values = run("commune_indicators", {"vintage": 2023, **PHONG_THO}, connection)
    values = values.assign(value=values["trusted_addresses"].where(values["trusted_addresses"] > 0))
    options = dict(value_column="value", title="t", unit="", tooltip={"name": "Xã"}, no_data_label="Không có số liệu")
    plain = choropleth_map(shapes, values, **options, no_data_hatch=False).get_root().render()
    assert HATCH_ID not in plain and "repeating-linear-gradient" not in plain
    assert "#d9d9d9" in {props["fill"] for props in features(plain).values()}
    fmap = choropleth_map(shapes, values, **options)
    hatched = fmap.get_root().render()
    missing = set(values.loc[values["value"].isna(), "code"])
    assert missing and {code for code, props in features(hatched).items() if props["fill"] == HATCH_FILL} == missing
    assert "createElementNS" in hatched and "patternTransform" in hatched
    assert HATCH_ID in generate_leaflet_string(fmap)

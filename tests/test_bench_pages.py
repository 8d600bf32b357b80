"""The page-query benchmark runs on a small national load and returns sane figures, and it asks what the pages ask."""

from __future__ import annotations

import re

from bench import pages
from queries.runner import catalog, get
from registry.vintages import VINTAGES
from tests.conftest import ROOT

ASKED = re.compile(r"""\b(?:query|run|_asked)\(\s*(?:sources,\s*)?"(\w+)\"""")


def test_figures_on_a_small_load(national_load):
    every: list[pages.Measured] = []
    found = pages.figures(national_load, runs=1, every=every)
    assert [figure.unit for figure in found] == ["s", "MB"] * 3
    assert all("20,000 records" in figure.what for figure in found)
    for figure in found:
        assert figure.at_most and figure.goal == (0.5 if figure.unit == "s" else 500.0)
    assert all(0 < figure.measured < 30 for figure in found[::2])  # seconds
    assert all(0 < figure.measured < 4_000 for figure in found[1::2])  # MB
    names = {item.name for item in every}
    assert {"data_scopes", "years", "commune_indicators", "list_coverage", "timeline", "comm_team"} <= names
    country = [item for item in every if item.name == "commune_indicators" and item.params.get("province_code") is None]
    assert country and all(item.rows > 3_000 for item in country)  # every unit of the country, in rows


def test_the_questions_are_those_the_pages_ask_with_parameters_the_queries_take():
    asked = set()
    for folder in ("pages", "ui", "report"):
        for path in (ROOT / folder).glob("*.py"):
            asked |= set(ASKED.findall(path.read_text(encoding="utf-8"))) & set(catalog())
    benched = set()
    for vintage in VINTAGES:
        for _, province, district in pages.SCOPES:
            for name, params in pages.questions(vintage, province, district):
                get(name).bind(params)  # raises if a parameter is not the query's
                benched.add(name)
    assert asked and asked <= benched, asked - benched

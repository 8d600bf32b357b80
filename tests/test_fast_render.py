"""Rendering without compiling the output as Jinja gives the same bytes, faster."""

import re
import time

import pytest

from geo import fast_render
from geo.layers import place_points
from geo.shapes import for_display, from_wkb
from queries.runner import run
from views.map_view import MapChoice, coverage_map


@pytest.fixture
def district_map(connection):
    scope = {"vintage": 2023, "district_code": "109"}
    shapes = for_display(from_wkb(run("boundaries", scope, connection)))
    indicators = run("commune_indicators", {**scope, "year": 2023}, connection)
    points = place_points(run("map_points", {**scope, "year": 2023}, connection), shapes)
    return lambda: coverage_map(
        shapes, indicators, points, MapChoice("comm_teams", "natural_breaks", 5, 2023, "none"), "vi"
    )


def rendered(fmap) -> str:
    """The page with folium's random element ids numbered in order of appearance, so two builds compare."""
    numbers: dict[str, str] = {}
    return re.sub(
        r"[0-9a-f]{32}", lambda m: numbers.setdefault(m.group(), f"id{len(numbers)}"), fmap.get_root().render()
    )


def test_the_same_bytes_with_and_without_jinja_for_plain_text(district_map):
    fast_render.uninstall()
    try:
        with_jinja = rendered(district_map())
    finally:
        fast_render.install()
    assert rendered(district_map()) == with_jinja
    assert len(with_jinja) > 10_000


@pytest.mark.parametrize(
    "text, plain",
    [("var a = [1,2];\n", True), ("{{ 'map_1' }}", False), ("{% if x %}", False), ("a\r\nb", False), ("{#x#}", False)],
)
def test_only_text_jinja_would_leave_alone_is_kept_verbatim(text, plain):
    from branca.element import Template

    assert fast_render.is_plain(text) == plain
    if plain:
        assert fast_render.Verbatim(text).render() == Template(text).render()


def test_a_big_layer_renders_without_compiling_it(district_map):
    from branca.element import Element

    big = "var data = [" + ",".join(str(i) for i in range(300_000)) + "];\n"
    started = time.perf_counter()
    Element(big).render()
    fast = time.perf_counter() - started
    fast_render.uninstall()
    try:
        started = time.perf_counter()
        Element(big).render()
        slow = time.perf_counter() - started
    finally:
        fast_render.install()
    assert fast * 5 < slow

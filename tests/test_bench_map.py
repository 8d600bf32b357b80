"""The map benchmark runs on a small national load and reports every map row of the scale issue."""

import pytest

from bench import national
from bench.map import figures


@pytest.fixture(scope="module")
def load(tmp_path_factory, database_path):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("P8_DB", str(database_path))
        return national.build(tmp_path_factory.mktemp("bench_map") / "national.duckdb", records=20_000, seed=5)


def test_the_map_rows_are_measured_and_plausible(load):
    found = {f.what: f for f in figures(load)}
    district, province, country = (
        found[f"map payload, {s}"] for s in ("district", "province", "country (commune level)")
    )
    assert 5 < district.measured < province.measured < country.measured  # KB, growing with the units shown
    assert "17 units" in district.detail and "106 units" in province.detail
    assert "gzip" in country.detail
    ratio = found["page map vs naive folium (GeoJson + a marker per record)"]
    assert ratio.unit == "×" and not ratio.at_most and ratio.measured > 1
    assert all(f.row().endswith(("PASS", "FAIL")) or "(" in f.row() for f in found.values())

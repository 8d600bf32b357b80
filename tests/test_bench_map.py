"""The map benchmark runs on a small national load and reports every map row of the scale issue."""

from bench.map import figures


def test_the_map_rows_are_measured_and_plausible(national_load):
    found = {f.what: f for f in figures(national_load)}
    district, province, country = (
        found[f"map payload, {s}"] for s in ("district", "province", "country (commune level)")
    )
    assert 5 < district.measured < province.measured < country.measured  # KB, growing with the units shown
    assert "17 units" in district.detail and "106 units" in province.detail
    assert "gzip" in country.detail
    ratio = found["page map vs naive folium (GeoJson + a marker per record)"]
    assert ratio.unit == "×" and not ratio.at_most and ratio.measured > 1
    assert all(f.row().endswith(("PASS", "FAIL")) or "(" in f.row() for f in found.values())

"""The rerun benchmark runs end to end on a small load: its own server, two scopes, memory, sane figures."""

from __future__ import annotations

from bench.rerun import figures


def test_the_rerun_benchmark_measures_both_scopes_and_the_server_memory(database_path):
    rows = {row.what: row for row in figures(database_path, runs=2)}
    district = rows["warm rerun, district Phong Thổ (109)"]
    country = rows["warm rerun, country, commune level"]
    for rerun in (district, country):
        assert rerun.unit == "s" and 0 < rerun.measured < 60
        assert "median of 2" in rerun.detail
    assert country.measured > district.measured  # ten thousand communes cost more than seventeen
    memory = rows["server memory after a country map (1 session)"]
    assert memory.unit == "MB" and 100 < memory.measured < 4_000  # a Python server holding a country map
    extra = rows["server memory per extra session (country map)"]
    assert -50 < extra.measured < memory.measured

"""The `timeline` question and its chart: every year with data, other years arriving through the import path."""

from __future__ import annotations

import pandas as pd
import pytest

from ingest import pipeline
from queries.runner import run
from store.database import opened
from tests.ingest_support import csv_bytes, db, prepare, teams  # noqa: F401
from views.timeline import target_for, timeline_chart

PHONG_THO = {"vintage": 2023, "province_code": "12", "district_code": "109"}
# Indicators the report figures recompute the same way (figure_value), so the two questions must agree.
SHARED = (
    "comm_teams",
    "communicators",
    "trusted_addresses",
    "clubs",
    "policy_dialogues",
    "supervised_communes",
    "training_classes",
    "training_participants",
    "safe_birth_mothers_paid",
)


def timeline(database, **params) -> pd.DataFrame:
    with opened(database) as connection:
        return run("timeline", params, connection)


def test_a_year_of_the_timeline_is_the_years_listed_figures(connection):
    rows = run("timeline", PHONG_THO, connection)
    figures = run("report_figures", {"district_code": "109", "year": 2023}, connection).set_index("code")
    values = rows[rows["year"] == 2023].set_index("indicator")["value"]
    for code in SHARED:
        assert values[code] == float(figures.at[code, "value"]), code
    assert set(rows["year"]) == {2023}
    flags = rows.set_index("indicator")["illustrative"]
    assert flags["comm_teams"] and not flags["policy_dialogues"] and not flags["supervised_communes"]


def test_an_imported_year_joins_the_timeline_as_real(db):
    two = teams(["Mù Sang", "Bản Hồ Sì Pan", 9, 4, 2024, ""], ["Dào San", "Bản Tả Phìn", 7, 3, 2024, ""])
    pipeline.commit(prepare(csv_bytes(two), db, name="2024.csv"), db, "lan", "app")
    rows = timeline(db, **PHONG_THO, indicator="comm_teams")
    assert rows[["year", "value", "illustrative"]].values.tolist() == [[2023, 77.0, True], [2024, 2.0, False]]
    communicators = timeline(db, **PHONG_THO, indicator="communicators")
    assert communicators.set_index("year")["value"].to_dict() == {2023: 596.0, 2024: 16.0}


def test_a_2025_keyed_year_is_compared_on_the_2025_units(db):
    """2023 rows are re-aggregated to the 2025 units that took their communes over; a 2026 list keyed by
    a 2025 unit (Xã Dào San) adds its year, and the province of 2025 holds both."""
    rows_2026 = teams(*[["Xã Dào San", f"Bản {n}", 6, 3, 2026, ""] for n in range(3)])
    prepared = prepare(csv_bytes(rows_2026), db, name="2026.csv", default_district=None)
    assert prepared.ok, [p.as_dict() for p in prepared.errors]
    assert {r["vintage"] for r in prepared.validated.records} == {"2025"}
    pipeline.commit(prepared, db, "lan", "app")
    in_2025 = timeline(db, vintage=2025, province_code="12", indicator="comm_teams")
    assert in_2025.set_index("year")["value"].to_dict() == {2023: 77.0, 2026: 3.0}
    assert in_2025.set_index("year")["illustrative"].to_dict() == {2023: True, 2026: False}
    country = timeline(db, vintage=2025, indicator="comm_teams")
    assert country.set_index("year")["value"].to_dict() == {2023: 77.0, 2026: 3.0}


def test_an_unknown_vintage_is_refused(connection):
    with pytest.raises(Exception, match="vintage must be 2023 or 2025"):
        run("timeline", {"vintage": 2024}, connection)


def test_the_chart_marks_illustrative_years_and_draws_the_target(connection):
    rows = pd.DataFrame(
        {
            "year": [2023, 2024],
            "indicator": ["comm_teams", "comm_teams"],
            "value": [77.0, 80.0],
            "illustrative": [True, False],
        }
    )
    targets = run("targets", {"district_code": "109", "year": 2023}, connection)
    target = target_for(targets, "comm_teams")
    assert target == (75.0, 2025)
    figure = timeline_chart(rows, "comm_teams", "en", target)
    (line,) = figure.data
    assert list(line.x) == [2023, 2024] and list(line.y) == [77.0, 80.0]
    assert list(line.marker.symbol) == ["circle-open", "circle"]
    assert list(line.customdata) == ["illustrative", "real list"]
    assert figure.layout.annotations[0].text == "Target 75 by 2025"
    assert "ILLUSTRATIVE" in figure.layout.title.text
    vi = timeline_chart(rows, "comm_teams", "vi", target)
    assert vi.layout.annotations[0].text == "Chỉ tiêu 75 đến năm 2025" and list(vi.data[0].text) == ["77", "80"]
    empty = timeline_chart(rows.head(0), "comm_teams", "en")
    assert not empty.data

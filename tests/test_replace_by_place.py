"""Real lists replace the illustration place by place: one commune's list changes that commune only.

Every commune-level table is tried the same way, with files made from the table's own export (as
staff would fill the template): a real list for one commune, then undo, then lists for every place.
"""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from ingest import pipeline, templates
from ingest.places import Places
from queries.runner import run
from registry.tables import IMPORT_TABLES
from store.database import opened
from tests.ingest_support import db, prepare, snapshot  # noqa: F401
from views.data_kind import LIST_TABLES

# The free-text part of each commune-level table's natural key: changed so that a real row is a new row.
KEY_TEXT = {
    "comm_team": "village",
    "trusted_address": "name",
    "club": "club_name",
    "event": "topic",
    "supervision": "supervisor",
    "safe_birth_support": "package",
    "training": "topic",
}
DISTRICT, YEAR = "109", 2023


def export(db, table: str) -> pd.DataFrame:
    """The table's rows as its export writes them (the illustrative column as yes/no words)."""
    with opened(db) as connection:
        places = Places.load(connection)
        return templates.export_frame(connection, IMPORT_TABLES[table], places, DISTRICT, YEAR)


def is_illustrative(frame: pd.DataFrame) -> pd.Series:
    assert set(frame["illustrative"]) <= {"Có", "Không"}
    return frame["illustrative"] == "Có"


def real_list(rows: pd.DataFrame, table: str) -> bytes:
    """One real row per place of `rows` (a copy of its first row, under a new key), as a CSV file."""
    firsts = rows.groupby(rows["commune_code"].fillna("district"), sort=True).head(1).copy()
    firsts["record_id"] = None
    firsts["illustrative"] = "Không"
    firsts[KEY_TEXT[table]] = firsts[KEY_TEXT[table]].fillna("").astype(str) + " (danh sách thực tế)"
    return templates.to_csv(IMPORT_TABLES[table], firsts)


def by_place(db, table: str) -> dict[str | None, list]:
    """Each place's stored rows (commune code, or None for district-level rows)."""
    with duckdb.connect(str(db), read_only=True) as connection:
        frame = connection.execute(f"SELECT * FROM {table} ORDER BY record_id").df()
    return {
        place: sorted(map(tuple, rows.astype(object).where(rows.notna(), None).to_numpy().tolist()))
        for place, rows in frame.groupby(frame["commune_code"].fillna("district"), dropna=False)
    }


def reported(db) -> pd.DataFrame:
    with duckdb.connect(str(db), read_only=True) as connection:
        return connection.execute("SELECT * FROM report_figure ORDER BY code").df()


def coverage(db, table: str) -> pd.Series:
    with opened(db) as connection:
        frame = run("list_coverage", {"vintage": 2023, "district_code": DISTRICT, "year": YEAR}, connection)
    return frame.set_index("fact_table").loc[table]


def illustrative_places(frame: pd.DataFrame) -> pd.Series:
    shown = frame[is_illustrative(frame)]
    return shown["commune_code"].fillna("district").value_counts().sort_index(ascending=False)


@pytest.mark.parametrize("table", LIST_TABLES)
def test_one_communes_list_replaces_that_communes_illustration_only_and_undo_restores_it(db, table):
    original, before_places, figures_reported = snapshot(db, table), by_place(db, table), reported(db)
    frame = export(db, table)
    counts = illustrative_places(frame)
    # the place with most illustrative rows (for trainings: the district, where the seed put them all);
    # a table without illustrative rows (supervision: the report names the communes) gets a real list too
    place = counts.idxmax() if len(counts) else frame["commune_code"].dropna().iloc[0]
    chosen = frame[frame["commune_code"].fillna("district") == place]
    replaced = int(counts.get(place, 0))
    before = coverage(db, table)

    prepared = prepare(real_list(chosen, table), db, name=f"{table}.csv", default_district=DISTRICT)
    assert prepared.ok, [p.as_dict() for p in prepared.errors]
    assert (prepared.plan.added, prepared.plan.updated, prepared.plan.removed) == (1, 0, replaced)
    assert [p.code for p in prepared.plan.places] == ([place if place != "district" else DISTRICT] if replaced else [])
    entry = pipeline.commit(prepared, db, "lan", "app")
    assert entry.rows_removed == replaced

    after_places = by_place(db, table)
    assert {k: v for k, v in after_places.items() if k != place} == {
        k: v for k, v in before_places.items() if k != place
    }  # every other place keeps its rows, illustrative or real, exactly
    assert len(after_places[place]) == len(before_places[place]) - replaced + 1
    pd.testing.assert_frame_equal(reported(db), figures_reported)  # what the district reported is unchanged
    after = coverage(db, table)
    assert after["rows_real"] == before["rows_real"] + 1
    assert after["rows_illustrative"] == before["rows_illustrative"] - replaced
    history = pipeline.history(db)
    if replaced:
        assert history.loc[0, "places_made_real"]  # the log names the place that turned real

    undone = pipeline.undo_last(db, "lan")
    assert (undone.rows_deleted, undone.rows_restored) == (1, replaced)
    assert snapshot(db, table) == original  # byte-identical table contents


# The seed's supervision rows are the report's own (it names the communes): there is no illustration to replace.
@pytest.mark.parametrize("table", [table for table in LIST_TABLES if table != "supervision"])
def test_lists_from_every_place_leave_no_illustrative_row(db, table):
    frame = export(db, table)
    counts = illustrative_places(frame)
    illustrative = frame[is_illustrative(frame)]
    assert not illustrative.empty
    prepared = prepare(real_list(illustrative, table), db, name=f"{table}.csv", default_district=DISTRICT)
    assert prepared.ok, [p.as_dict() for p in prepared.errors]
    assert prepared.plan.removed == int(counts.sum()) and len(prepared.plan.places) == len(counts)
    pipeline.commit(prepared, db, "lan", "app")
    with duckdb.connect(str(db), read_only=True) as connection:
        left = connection.execute(f"SELECT count(*) FILTER (illustrative), count(*) FROM {table}").fetchall()[0]
    assert left == (0, len(frame) - int(counts.sum()) + len(counts))


def test_the_teams_figure_keeps_the_reported_number_and_lists_show_how_far_they_have_come(db):
    """The walk of the issue: Mù Sang sends its 2-team list first. The district still reported 77; the
    lists hold 2 real teams in 1 of 15 communes and the illustration of the other 14."""
    with opened(db) as connection:
        before = run("report_figures", {"district_code": DISTRICT, "year": YEAR}, connection).set_index("code")
    frame = export(db, "comm_team")
    mu_sang = frame[frame["commune"] == "Xã Mù Sang"]
    illustrative_mu_sang = int(is_illustrative(mu_sang).sum())
    two = pd.concat([mu_sang.head(1), mu_sang.head(1)])
    two["village"] = ["Bản Hồ Sì Pan", "Bản Mới"]
    two["communicators"] = [12, 8]
    two["communicators_female"] = [6, 2]
    two["record_id"] = None
    two["illustrative"] = "Không"
    prepared = prepare(templates.to_csv(IMPORT_TABLES["comm_team"], two), db, name="mu_sang.csv")
    assert [p.name for p in prepared.plan.places] == ["Xã Mù Sang"]
    pipeline.commit(prepared, db, "lan", "app")
    with opened(db) as connection:
        after = run("report_figures", {"district_code": DISTRICT, "year": YEAR}, connection).set_index("code")
    teams = after.loc["comm_teams"]
    assert teams["reported"] == before.loc["comm_teams", "reported"] == 77
    assert teams["listed_real"] == 2 and teams["listed_illustrative"] == 77 - illustrative_mu_sang
    assert teams["value"] - before.loc["comm_teams", "value"] == 2 - illustrative_mu_sang  # exactly the difference
    assert (teams["communes_real"], teams["communes_listed"]) == (1, 15)
    assert teams["cause"] == "illustrative"
    communicators = after.loc["communicators"]
    assert communicators["listed_real"] == 20
    assert after.loc["clubs", "cause"] == "match"  # other tables are untouched

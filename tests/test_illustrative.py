"""The illustrative allocation: totals equal the report, the data is labelled, the files are reproducible."""

import csv

import pytest
from hypothesis import given
from hypothesis import strategies as st

from store.illustrative import SEED_DIR, TOTALS, allocate, build_tables, phong_tho_communes, write_tables


@pytest.fixture(scope="module")
def tables():
    return build_tables(phong_tho_communes())


def test_regenerating_gives_the_committed_files_byte_for_byte(tables, tmp_path):
    for path in write_tables(tables, tmp_path):
        assert path.read_bytes() == (SEED_DIR / path.name).read_bytes(), (
            f"{path.name} differs: run python -m store.illustrative"
        )


def test_team_totals_equal_the_report(tables):
    teams = tables["comm_team"]
    assert len(teams) == TOTALS["comm_teams"]
    assert len({t["commune_code"] for t in teams}) == 15
    assert sum(t["communicators"] for t in teams) == TOTALS["communicators"]
    assert sum(t["communicators_female"] for t in teams) == TOTALS["communicators_female"]
    assert all(t["communicators_female"] <= t["communicators"] for t in teams)


def test_trusted_address_totals_equal_the_report(tables):
    rows = tables["trusted_address"]
    assert len(rows) == TOTALS["trusted_addresses"]
    assert sum(r["members"] for r in rows) == TOTALS["trusted_address_members"]
    assert sum(r["members_female"] for r in rows) == TOTALS["trusted_address_members_female"]


def test_reported_communes_are_used_as_given(tables):
    names = {c["code"]: c["name"] for c in phong_tho_communes()}
    assert {names[r["commune_code"]] for r in tables["club"]} == {
        "Xã Mù Sang",
        "Xã Lả Nhì Thàng",
        "Xã Sin Suối Hồ",
        "Xã Vàng Ma Chải",
        "Xã Mồ Sì San",
    }
    assert {names[r["commune_code"]] for r in tables["supervision"]} == {
        "Xã Sì Lở Lầu",
        "Xã Vàng Ma Chải",
        "Xã Mồ Sì San",
        "Xã Pa Vây Sử",
        "Xã Dào San",
        "Xã Bản Lang",
        "Xã Nậm Xe",
    }
    dialogue = [r for r in tables["event"] if r["event_type"] == "policy_dialogue"]
    assert [names[r["commune_code"]] for r in dialogue] == ["Xã Lả Nhì Thàng"]
    assert not dialogue[0]["illustrative"] and all(not r["illustrative"] for r in tables["supervision"])


def test_invented_rows_are_flagged_and_say_so(tables):
    for name in ("comm_team", "trusted_address", "club", "training", "safe_birth_support"):
        for row in tables[name]:
            assert row["illustrative"] is True
            assert "illustrative" in row["source"].lower()


def test_committed_seed_files_are_nfc_utf8():
    import unicodedata

    for path in SEED_DIR.glob("*.csv"):
        text = path.read_text(encoding="utf-8")
        assert unicodedata.is_normalized("NFC", text), path.name
        assert next(csv.reader([text.splitlines()[0]]))[0] != ""


@given(
    total=st.integers(0, 2000),
    weights=st.lists(st.floats(0, 1000, allow_nan=False), min_size=1, max_size=30),
    minimum=st.integers(0, 3),
)
def test_allocate_splits_exactly(total, weights, minimum):
    if minimum * len(weights) > total:
        with pytest.raises(ValueError):
            allocate(total, weights, minimum=minimum)
        return
    shares = allocate(total, weights, minimum=minimum)
    assert sum(shares) == total and min(shares) >= minimum


@given(sizes=st.lists(st.integers(0, 20), min_size=1, max_size=20), data=st.data())
def test_allocate_respects_caps(sizes, data):
    total = data.draw(st.integers(0, sum(sizes)))
    shares = allocate(total, [1.0] * len(sizes), caps=sizes)
    assert sum(shares) == total and all(s <= c for s, c in zip(shares, sizes))

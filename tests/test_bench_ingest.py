"""The import benchmark runs on a small national load and returns sane figures; and the stored-key
match done inside DuckDB (ingest/keys.py) folds every PLAIN text exactly as Python does."""

from __future__ import annotations

import duckdb

from bench.ingest import figures
from ingest.keys import PLAIN, _folded_sql, _part, _plain_sql


def test_figures_on_a_small_load(database_path):
    found = figures(rows=2_000, communes=500, stored=20_000, source=database_path)
    assert [figure.unit for figure in found] == ["rows/s"] * 4 + ["MB"]
    read_csv, read_xlsx, plain, full, memory = found
    assert read_csv.what == "read CSV, 2,000 rows" and read_xlsx.what == "read XLSX (calamine), 2,000 rows"
    assert all(0 < f.measured < 100_000_000 and f.goal == 20_000 and not f.at_most for f in (read_csv, read_xlsx))
    assert "openpyxl" in read_xlsx.detail
    assert "2,000 rows over 500 communes" in plain.what and "20,000" in full.what
    assert 0 < plain.measured < 10_000_000 and 0 < full.measured < 10_000_000
    assert not plain.at_most and plain.goal == 20_000
    assert 50 < memory.measured < 4_000 and memory.at_most and memory.goal == 1_000  # a whole Python process


def test_duckdb_folds_plain_texts_as_python_does():
    """Every character below U+2000, alone and between letters: where DuckDB calls the text PLAIN, its key
    must be Python's, or a stored row could miss its match (and be added twice)."""
    texts = [text for i in range(0x20, 0x2000) for text in (chr(i), f"A{chr(i)}b", f"  X {chr(i)}  Ê\u0302 ")]
    texts += ["Bản  Mới", " bản mới ", "I\u0307a", "Straße", "ẞ", "ǰ", "Aͅb"]
    connection = duckdb.connect()
    rows = connection.execute(
        f"SELECT v, {_plain_sql('v')}, {_folded_sql('v')} FROM (SELECT unnest(?) AS v) t", [texts]
    ).fetchall()
    wrong = [(text, key, _part(text)) for text, plain, key in rows if plain and key != _part(text)]
    assert wrong == []
    assert sum(plain for _, plain, _ in rows) > 2_000  # Latin with accents is plain
    assert not any(plain for text, plain, _ in rows if text in ("Straße", "ẞ", "ǰ", "I\u0307a", "Aͅb"))
    assert PLAIN.startswith("[") and PLAIN.endswith("]*")

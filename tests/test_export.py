"""The writers behind every export: formulas never run, Vietnamese survives, numbers stay numbers."""

import io
import json

import openpyxl
import pandas as pd
import pytest

from queries.export import neutralise, to_csv, to_json, to_xlsx

NASTY = pd.DataFrame(
    {
        "name": ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2", "@SUM(A1)", "\tTab", "Xã Vàng Ma Chải", "ordinary"],
        "count": [1, -2, 3, 4, 5, 6, 7],
        "share": [0.5, None, 1.25, 0.0, 2.0, 3.5, 4.0],
    }
)


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@x", "\tx", "\rx"])
def test_formula_like_text_is_neutralised(text):
    assert neutralise(text) == "'" + text


def test_numbers_and_ordinary_text_are_untouched():
    assert neutralise(-2) == -2 and neutralise("Mù Sang") == "Mù Sang"


def test_csv_neutralises_text_keeps_numbers_and_vietnamese():
    data = to_csv(NASTY)
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert back["name"].tolist()[:5] == ["'" + v for v in NASTY["name"][:5]]
    assert back["name"][5] == "Xã Vàng Ma Chải"
    assert back["count"].tolist() == NASTY["count"].tolist()


def test_xlsx_has_no_formula_cells_and_reads_back():
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(NASTY)))
    sheet = book.active
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    values = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [v[0] for v in values][:2] == ["'=HYPERLINK(\"http://x\",\"y\")", "'+1+1"]
    assert values[5][0] == "Xã Vàng Ma Chải"
    assert [v[1] for v in values] == NASTY["count"].tolist()
    assert values[1][2] is None and values[2][2] == 1.25
    assert sheet["A1"].font.bold and sheet.freeze_panes == "A2"


def test_json_is_plain_numbers_and_nulls():
    rows = json.loads(to_json(NASTY))
    assert rows[1] == {"name": "+1+1", "count": -2, "share": None}
    assert rows[5]["name"] == "Xã Vàng Ma Chải"

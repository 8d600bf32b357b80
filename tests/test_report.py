"""The annual report draft (report/): read back with python-docx and checked against the data."""

from __future__ import annotations

import datetime
import io
import re
import shutil
import subprocess
import sys

import duckdb
import pytest
from docx import Document

from i18n.formatting import number
from queries.runner import run
from registry.vintages import VINTAGES
from report.content import Scope, gather
from report.document import write
from store.database import opened
from tests.conftest import ROOT, cli_env

TODAY = datetime.date(2026, 11, 30)
VIETNAMESE_LETTERS = re.compile(r"[àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]", re.I)


def draft_of(database, lang="vi", **scope):
    with opened(database) as connection:
        draft = gather(connection, Scope(**({"year": 2023} | scope)))
    return draft, Document(io.BytesIO(write(draft, lang, TODAY)))


def all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def appendix(document) -> dict[str, list[str]]:
    table = next(t for t in document.tables if t.rows[0].cells[-1].text == "Nguồn (truy vấn và tham số)")
    return {row.cells[0].text: [c.text for c in row.cells[1:]] for row in table.rows[1:]}


@pytest.fixture(scope="module")
def phong_tho(database_path):
    return draft_of(database_path, district_code="109")


def test_every_figure_of_the_report_is_in_the_appendix_with_the_datas_value_and_its_query(database_path, phong_tho):
    _, document = phong_tho
    with opened(database_path) as connection:
        figures = run("report_figures", {"district_code": "109", "year": 2023}, connection)
    cited = appendix(document)
    for row in figures.itertuples():
        decimals = 3 if row.unit == "million VND" else 0
        assert cited[row.description_vi][0] == number(float(row.value), "vi", decimals), row.code
        assert cited[row.description_vi][2].startswith('report_figures {"district_code": "109", "year": 2023}')
    assert cited["Tổ truyền thông cộng đồng đã thành lập"][1].startswith("77 theo báo cáo · 0 trong danh sách thực tế")


def test_sentences_carry_the_datas_figures_and_say_what_is_illustrative(phong_tho):
    draft, document = phong_tho
    text = all_text(document)
    teams = draft.figure("comm_teams")["value"]
    assert f"Duy trì {number(float(teams), 'vi', 0)} tổ truyền thông cộng đồng tại 15 xã" in text
    assert "trong đó 162 là nữ (27,2 %)" in text  # 162 / 596, computed
    assert "thu hút hơn 2.000 người tham dự" in text  # a lower bound is said as one
    sentence = next(p.text for p in document.paragraphs if p.text.startswith("Duy trì 77 tổ"))
    assert "(Minh họa một phần: 77 theo báo cáo" in sentence
    dialogue = next(p.text for p in document.paragraphs if "đối thoại chính sách với" in p.text)
    assert "Minh họa" not in dialogue  # the one dialogue is the report's own, not illustration


def test_rates_are_computed_from_the_budget_lines(phong_tho):
    _, document = phong_tho
    text = all_text(document)
    for rate in ("9,7 %", "63,4 %", "45,6 %"):
        assert rate in text
    assert "318,36 triệu đồng (9,7 %)" in text and "774,229 triệu đồng (63,4 %)" in text
    assert "1.500 triệu đồng (45,6 %)" in text


def test_a_changed_budget_line_changes_the_rate(database_path, tmp_path):
    copy = tmp_path / "p8.duckdb"
    shutil.copy(database_path, copy)
    with duckdb.connect(str(copy)) as connection:
        connection.execute("UPDATE budget SET disbursed_mvnd = 1645.5 WHERE line = 'plan' AND district_code = '109'")
    _, document = draft_of(copy, district_code="109")
    assert "1.645,5 triệu đồng (50,0 %)" in all_text(document) and "(9,7 %)" not in all_text(document)


def test_the_draft_has_the_map_the_tables_and_the_places_for_staff(phong_tho):
    draft, document = phong_tho
    assert len(document.inline_shapes) == 1  # the coverage map, with commune names drawn in
    headers = [[cell.text for cell in table.rows[0].cells] for table in document.tables]
    assert ["ND", "Chỉ tiêu", "Mục tiêu", "Thực hiện", "Tình trạng"] in headers
    assert any(header[0] == "Khoản vốn" for header in headers)
    targets = next(t for t in document.tables if t.rows[0].cells[0].text == "ND")
    assert len(targets.rows) - 1 == len(draft.targets)
    staff = [p for p in document.paragraphs if p.text.startswith("[Cán bộ viết:")]
    assert len(staff) >= 4 and all(run.font.highlight_color is not None for p in staff for run in p.runs)
    text = all_text(document)
    assert "Mù Sang: Xã chưa có địa chỉ tin cậy cộng đồng nào." in text  # underserved, with reasons
    assert "Quyết định số 970/QĐ-UBND ngày 8 tháng 4 năm 2022 của UBND huyện Phong Thổ" in text
    assert "HUYỆN PHONG THỔ" in text and "Độc lập - Tự do - Hạnh phúc" in text


def test_the_english_draft_has_no_vietnamese_interface_text(database_path):
    draft, document = draft_of(database_path, lang="en", district_code="109")
    text = all_text(document)
    data_words = {draft.place, draft.province, *draft.indicators["name"], *draft.underserved["name"]}
    for frame, columns in (
        (draft.documents, ("number", "issuer", "title", "section")),
        (draft.budget, ("funding_source", "implementing_unit")),
    ):
        for column in columns:
            data_words |= {str(v) for v in frame[column].dropna()}
    data_words |= {name.split(" ", 1)[1] for name in data_words if name.startswith(("Xã ", "Huyện ", "Thị trấn "))}
    type_words = {"Xã", "Huyện", "Tỉnh", "Thị", "trấn", "Phường"}  # an interface word must not hide behind a name
    data_words |= {w for name in draft.indicators["name"] for w in re.split(r"[\s/()]+", name) if w not in type_words}
    data_words |= {"Lản"}  # the report's other spelling of Lả Nhì Thàng, kept in its figure descriptions
    data_words |= {word.upper() for word in data_words}
    for word in sorted(data_words, key=len, reverse=True):
        text = text.replace(word, "")
    left = VIETNAMESE_LETTERS.findall(text)
    assert not left, text[max(0, text.find(left[0]) - 80) : text.find(left[0]) + 40]
    assert "9.7 %" in all_text(document) and "APPENDIX: WHERE EACH FIGURE COMES FROM" in all_text(document)


@pytest.mark.parametrize("vintage", VINTAGES)
def test_a_province_draft_rolls_up_its_districts_or_communes(database_path, vintage):
    province = "12" if vintage == 2023 else run_province_2025(database_path)
    draft, document = draft_of(database_path, province_code=province, vintage=vintage)
    text = all_text(document)
    assert "Lai Châu" in draft.place and draft.place.upper() in text
    assert "tổ truyền thông cộng đồng" in text and "xem bản dự thảo của mỗi huyện" in text
    assert len(document.inline_shapes) == 1


def run_province_2025(database_path) -> str:
    """The 2025 province that took over Lai Châu's communes."""
    with duckdb.connect(str(database_path), read_only=True) as connection:
        return connection.execute(
            "SELECT to_province_code FROM province_crosswalk WHERE from_province_code = '12' AND to_vintage = 2025"
        ).fetchall()[0][0]


def draft_cli(database, district_code: str, output) -> subprocess.CompletedProcess:
    command = ["draft", "--district-code", district_code, "--year", "2023", "--output", str(output)]
    return subprocess.run(
        [sys.executable, "-m", "report", *command], cwd=ROOT, env=cli_env(database), capture_output=True, timeout=300
    )


def test_the_command_line_writes_a_draft_and_refuses_bad_choices(database_env, tmp_path):
    output = tmp_path / "phong_tho_2023.docx"
    done = draft_cli(database_env, "109", output)
    assert done.returncode == 0, done.stderr.decode()
    assert "9,7 %" in all_text(Document(str(output)))
    wrong = draft_cli(database_env, "109", tmp_path / "x.pdf")
    assert wrong.returncode == 2 and b".docx" in wrong.stderr and b"Traceback" not in wrong.stderr
    nowhere = draft_cli(database_env, "999", output)
    assert nowhere.returncode == 2 and b"No draft" in nowhere.stderr and b"Traceback" not in nowhere.stderr


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_report_page_makes_the_draft_to_download(database_env, lang):
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    app.query_params["lang"] = lang
    app.run()
    app.switch_page("pages/report.py").run()
    assert not app.exception and not app.get("download_button")  # nothing is made before it is asked for
    app.button(key="report_make").click().run()
    assert not app.exception, app.exception
    (button,) = app.get("download_button")
    assert button.proto.label == ("Tải bản dự thảo (.docx)" if lang == "vi" else "Download the draft (.docx)")
    assert any(("sẵn sàng" if lang == "vi" else "is ready") in s.value for s in app.success)


def test_a_provinces_funds_are_the_sums_of_its_districts_with_rates_divided_again(database_path, tmp_path):
    copy = tmp_path / "p8.duckdb"
    shutil.copy(database_path, copy)
    with duckdb.connect(str(copy)) as connection:  # Tam Đường reports the same lines, its plan disbursed in full
        connection.execute(
            """INSERT INTO budget SELECT * REPLACE (record_id || '-106' AS record_id, '106' AS district_code,
                   CASE WHEN line = 'plan' THEN allocated_mvnd ELSE disbursed_mvnd END AS disbursed_mvnd)
               FROM budget WHERE district_code = '109'"""
        )
        connection.execute(
            """INSERT INTO report_figure SELECT * REPLACE ('rf-106-' || code AS record_id, '106' AS district_code)
               FROM report_figure WHERE district_code = '109'"""
        )
    draft, document = draft_of(copy, province_code="12")
    text = all_text(document)
    assert "Kế hoạch vốn năm 2023: 6.582 triệu đồng; đã giải ngân 3.609,36 triệu đồng (54,8 %)" in text
    assert draft.sources["budget_lines"].params == {"district_code": ["106", "109"], "year": 2023}


def test_dates_are_written_as_official_documents_write_them():
    from i18n.formatting import long_date

    assert long_date("2023-12-15", "vi") == "ngày 15 tháng 12 năm 2023"
    assert long_date(datetime.date(2023, 12, 5), "en") == "5 December 2023"
    assert long_date(None, "vi") == ""

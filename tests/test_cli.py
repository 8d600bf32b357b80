"""python -m queries and python -m store as a script would call them (real processes, real files)."""

import json
import subprocess
import sys

import openpyxl
import pytest

from tests.conftest import ROOT, cli_env


def cli(*args, env):
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, env=env, capture_output=True, timeout=300)


@pytest.fixture(scope="module")
def env(database_path):
    return cli_env(database_path)


def test_list_names_every_query_with_its_parameters(env):
    result = cli("queries", "list", env=env)
    assert result.returncode == 0
    out = result.stdout.decode()
    for name in ("communes", "report_figures"):
        assert f"\n{name}\n" in "\n" + out
    assert "--param district_code=<code3>  (required)" in out


def test_report_figures_json_has_numbers_as_numbers(env):
    result = cli("queries", "run", "report_figures", "--param", "district_code=109", "--param", "year=2023", "--format", "json", env=env)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    by_code = {row["code"]: row for row in rows}
    assert by_code["communicators"]["value"] == 596 and isinstance(by_code["communicators"]["value"], int)
    assert by_code["disbursed_2023_mvnd"]["reported"] == pytest.approx(318.36)
    assert by_code["comm_teams"]["matches"] is True
    assert by_code["targets_total"]["matches"] is False and by_code["targets_total"]["explanation"]


def test_csv_to_stdout_has_no_bom_but_a_file_has_one(env, tmp_path):
    piped = cli("queries", "run", "communes", "--param", "vintage=2023", "--param", "district_code=109", env=env)
    assert piped.returncode == 0 and piped.stdout.startswith(b"vintage,code,name")
    assert len(piped.stdout.decode().strip().splitlines()) == 18
    target = tmp_path / "out" / "communes.csv"
    written = cli("queries", "run", "communes", "--param", "vintage=2023", "--param", "district_code=109", "--output", str(target), env=env)
    assert written.returncode == 0
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and "Xã Vàng Ma Chải".encode() in data


def test_xlsx_output_reads_back(env, tmp_path):
    target = tmp_path / "communes.xlsx"
    result = cli("queries", "run", "communes", "--param", "vintage=2025", "--param", "province_code=12", "--format", "xlsx", "--output", str(target), env=env)
    assert result.returncode == 0, result.stderr
    sheet = openpyxl.load_workbook(target).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("vintage", "code", "name") and len(rows) == 39
    assert sheet.freeze_panes == "A2"
    assert ("03562", "Xã Sì Lở Lầu") in {(r[1], r[2]) for r in rows[1:]}


@pytest.mark.parametrize(
    "args, message",
    [
        (["run", "nope"], "no query named"),
        (["run", "communes"], "needs parameter vintage"),
        (["run", "communes", "--param", "vintage"], "KEY=VALUE"),
        (["run", "communes", "--param", "vintage=2025", "--param", "district_code=109"], "2023 vintage only"),
        (["run", "communes", "--param", "vintage=2023", "--param", "size=big"], "no parameter size"),
    ],
)
def test_wrong_questions_exit_2_with_a_message(env, args, message):
    result = cli("queries", *args, env=env)
    assert result.returncode == 2
    assert message in result.stderr.decode() and b"Traceback" not in result.stderr
    assert result.stdout == b""


def test_unknown_format_is_a_usage_error(env):
    result = cli("queries", "run", "communes", "--param", "vintage=2023", "--format", "pdf", env=env)
    assert result.returncode == 2 and b"invalid choice" in result.stderr


def test_a_locked_database_exits_1_with_advice(locked_database, database_path):
    result = cli("queries", "run", "provinces", "--param", "vintage=2023", "--db", str(locked_database), env=cli_env(database_path))
    assert result.returncode == 1
    assert b"another program" in result.stderr and b"Traceback" not in result.stderr


def test_db_option_builds_a_missing_database(tmp_path, database_path):
    target = tmp_path / "fresh" / "p8.duckdb"
    result = cli("queries", "run", "communes", "--param", "vintage=2023", "--param", "district_code=109", "--db", str(target), env=cli_env(database_path))
    assert result.returncode == 0 and target.exists()
    status = cli("store", "status", "--db", str(target), env=cli_env(database_path))
    assert status.returncode == 0 and b"unchanged" in status.stdout
    again = cli("store", "build", "--db", str(target), env=cli_env(database_path))
    assert again.returncode == 0 and b"nothing to do" in again.stdout

"""python -m queries and python -m store as a script would call them (real processes, real files)."""

import json
import os
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
    result = cli(
        "queries",
        "run",
        "report_figures",
        "--param",
        "district_code=109",
        "--param",
        "year=2023",
        "--format",
        "json",
        env=env,
    )
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
    written = cli(
        "queries",
        "run",
        "communes",
        "--param",
        "vintage=2023",
        "--param",
        "district_code=109",
        "--output",
        str(target),
        env=env,
    )
    assert written.returncode == 0
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and "Xã Vàng Ma Chải".encode() in data


def test_xlsx_output_reads_back(env, tmp_path):
    target = tmp_path / "communes.xlsx"
    result = cli(
        "queries",
        "run",
        "communes",
        "--param",
        "vintage=2025",
        "--param",
        "province_code=12",
        "--format",
        "xlsx",
        "--output",
        str(target),
        env=env,
    )
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


def test_a_locked_database_exits_3_with_advice(locked_database, database_path):
    result = cli(
        "queries",
        "run",
        "provinces",
        "--param",
        "vintage=2023",
        "--db",
        str(locked_database),
        env=cli_env(database_path),
    )
    assert result.returncode == 3
    assert b"another program" in result.stderr and b"Traceback" not in result.stderr


def test_a_missing_db_path_is_refused_and_built_only_on_purpose(tmp_path, database_path):
    """A mistyped --db must not become a new database that an import then fills: only `store build` makes one."""
    target = tmp_path / "fresh" / "p8.duckdb"
    asked = ["queries", "run", "communes", "--param", "vintage=2023", "--param", "district_code=109"]
    refused = cli(*asked, "--db", str(target), env=cli_env(database_path))
    assert refused.returncode == 3 and not target.exists() and not target.parent.exists()
    said = refused.stderr.decode()
    assert str(target) in said and f"python -m store build --db {target}" in said and "Traceback" not in said
    status = cli("store", "status", "--db", str(target), env=cli_env(database_path))
    assert status.returncode == 3 and not target.exists()
    built = cli("store", "build", "--db", str(target), env=cli_env(database_path))
    assert built.returncode == 0 and target.exists()
    assert cli(*asked, "--db", str(target), env=cli_env(database_path)).returncode == 0
    status = cli("store", "status", "--db", str(target), env=cli_env(database_path))
    assert status.returncode == 0 and b"unchanged" in status.stdout
    again = cli("store", "build", "--db", str(target), env=cli_env(database_path))
    assert again.returncode == 0 and b"nothing to do" in again.stdout


# ---------------------------------------------------------------- fact tables and their exports


def test_list_names_every_fact_table_query(env):
    from registry.tables import FACT_TABLES

    out = "\n" + cli("queries", "list", env=env).stdout.decode()
    assert all(f"\n{name}\n" in out for name in FACT_TABLES)


def test_fact_table_xlsx_equals_the_query_and_says_where_it_came_from(env, tmp_path, connection):
    import pandas as pd

    from queries.runner import run

    target = tmp_path / "t.xlsx"
    result = cli(
        "queries",
        "run",
        "comm_team",
        "--param",
        "district_code=109",
        "--param",
        "year=2023",
        "--format",
        "xlsx",
        "--output",
        str(target),
        env=env,
    )
    assert result.returncode == 0, result.stderr
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["comm_team", "About"]
    rows = list(book.active.iter_rows(values_only=True))
    expected = run("comm_team", {"district_code": "109", "year": 2023}, connection)
    assert rows[0] == tuple(expected.columns)
    assert [r[expected.columns.get_loc("record_id")] for r in rows[1:]] == expected["record_id"].tolist()
    assert [r[expected.columns.get_loc("communicators")] for r in rows[1:]] == expected["communicators"].tolist()
    assert (
        rows[1][expected.columns.get_loc("established_on")]
        == pd.Timestamp(expected["established_on"][0]).to_pydatetime()
    )
    about = dict(book["About"].iter_rows(values_only=True))
    assert about["Bộ lọc — Huyện"] == "109" and about["Số dòng"] == "77" and "UTC+7" in about["Thời điểm xuất"]


def test_lang_option_writes_what_the_tables_page_writes(env, tmp_path, connection):
    from queries.runner import run
    from views.table_view import view

    target = tmp_path / "event.xlsx"
    result = cli(
        "queries",
        "run",
        "event",
        "--param",
        "event_type=campaign",
        "--lang",
        "vi",
        "--format",
        "xlsx",
        "--output",
        str(target),
        env=env,
    )
    assert result.returncode == 0, result.stderr
    rows = list(openpyxl.load_workbook(target).active.iter_rows(values_only=True))
    shown = view(run("event", {"event_type": "campaign"}, connection), "vi")
    assert rows[0] == tuple(shown.columns) and len(rows) == len(shown) + 1 == 5
    assert {r[shown.columns.get_loc("Loại sự kiện")] for r in rows[1:]} == {"Chiến dịch truyền thông"}
    csv = cli("queries", "run", "event", "--param", "event_type=campaign", "--lang", "en", env=env)
    assert csv.stdout.decode().startswith("Year,Boundary vintage,") and "Communication campaign" in csv.stdout.decode()


def test_geojson_of_commune_polygons_with_values(env, tmp_path):
    target = tmp_path / "teams.geojson"
    result = cli(
        "queries",
        "run",
        "comm_team",
        "--param",
        "vintage=2025",
        "--param",
        "district_code=109",
        "--format",
        "geojson",
        "--output",
        str(target),
        env=env,
    )
    assert result.returncode == 0, result.stderr
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["metadata"]["attribution"] == "Boundaries: censusVN2009 (M. Choisy, L. Contamin), MIT licence"
    assert sum(f["properties"]["records"] for f in document["features"]) == document["metadata"]["rows"] == 77
    names = {f["properties"]["commune_name"] for f in document["features"]}
    assert "Xã Sì Lở Lầu" in names and len(names) == 6
    assert all(f["geometry"]["type"] in ("Polygon", "MultiPolygon") for f in document["features"])


def test_geojson_points_of_trusted_addresses_place_unlocated_rows_in_their_commune(env):
    result = cli("queries", "run", "trusted_address", "--param", "district_code=109", "--format", "geojson", env=env)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert len(document["features"]) == 9 and document["metadata"]["features_without_coordinates"] == 0
    assert all(f["geometry"]["type"] == "Point" for f in document["features"])
    assert all(f["properties"]["approximate_position"] is True for f in document["features"])
    polygons = cli("queries", "run", "trusted_address", "--format", "geojson", "--geometry", "communes", env=env)
    assert polygons.returncode == 0, polygons.stderr
    assert {f["geometry"]["type"] for f in json.loads(polygons.stdout)["features"]} <= {"Polygon", "MultiPolygon"}


def test_geojson_of_boundaries_uses_their_own_geometry(env):
    result = cli(
        "queries",
        "run",
        "boundaries",
        "--param",
        "vintage=2023",
        "--param",
        "district_code=109",
        "--format",
        "geojson",
        env=env,
    )
    assert result.returncode == 0, result.stderr
    features = json.loads(result.stdout)["features"]
    assert len(features) == 17 and "geometry_wkb" not in features[0]["properties"]


@pytest.mark.parametrize(
    "args, message",
    [
        (["run", "target", "--format", "geojson"], "no geometry, coordinates or commune"),
        (["run", "comm_team", "--format", "geojson", "--geometry", "points"], "--geometry communes"),
        (["run", "comm_team", "--geometry", "points"], "--format geojson only"),
        (["run", "event", "--param", "vintage=2030"], "vintage must be 2023 or 2025"),
    ],
)
def test_geojson_of_what_has_no_place_exits_2_and_writes_nothing(env, tmp_path, args, message):
    target = tmp_path / "out.geojson"
    result = cli("queries", *args, "--output", str(target), env=env)
    assert result.returncode == 2 and message in result.stderr.decode() and b"Traceback" not in result.stderr
    assert not target.exists() and list(tmp_path.iterdir()) == []


def test_an_exported_file_gets_the_usual_permissions(env, tmp_path):
    """Written through a private temporary file, the export still ends up as any new file would (umask)."""
    mask = os.umask(0)
    os.umask(mask)
    target = tmp_path / "shared.csv"
    assert cli("queries", "run", "club", "--output", str(target), env=env).returncode == 0
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask

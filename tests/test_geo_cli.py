"""python -m geo map: a slide-ready PNG and an offline HTML page, and clear refusals that write nothing."""

import re
import struct
import subprocess
import sys

import pytest

from tests.conftest import cli_env


def geo_map(tmp_path, database_path, *args):
    return subprocess.run(
        [sys.executable, "-m", "geo", "map", *args],
        cwd=tmp_path,
        env=cli_env(database_path),
        capture_output=True,
        text=True,
        timeout=300,
    )


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_png_for_slides(tmp_path, database_path):
    out = tmp_path / "slides" / "phong_tho.png"
    result = geo_map(
        tmp_path,
        database_path,
        "--indicator",
        "comm_teams",
        "--district-code",
        "109",
        "--year",
        "2023",
        "--vintage",
        "2023",
        "--output",
        str(out),
    )
    assert result.returncode == 0, result.stderr
    width, height = png_size(out.read_bytes())
    assert width >= 1600 and height >= 900
    assert "17 units" in result.stdout
    assert not list(out.parent.glob(".*.part"))


def test_html_page_that_works_offline(tmp_path, database_path):
    out = tmp_path / "lai_chau_2025.html"
    result = geo_map(
        tmp_path,
        database_path,
        "--indicator",
        "communicators_per_1000",
        "--province-code",
        "12",
        "--year",
        "2023",
        "--vintage",
        "2025",
        "--basemap",
        "none",
        "--lang",
        "en",
        "--output",
        str(out),
    )
    assert result.returncode == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    assert not re.findall(r'<(?:script|link)[^>]*(?:src|href)="https?://', page)
    assert "Communicators per 1,000 residents" in page and "censusVN2009" in page
    assert "<title>Communicators per 1,000 residents — " in page


@pytest.mark.parametrize(
    "args, message",
    [
        (["--output", "map.pdf"], "must end in .png or .html"),
        (["--output", "map.png", "--basemap", "osm"], "--basemap none"),
        (["--output", "map.png", "--vintage", "2019"], "invalid choice"),
        (["--output", "map.png", "--indicator", "happiness"], "invalid choice"),
    ],
)
def test_wrong_requests_exit_2_and_write_nothing(tmp_path, database_path, args, message):
    base = {
        "--indicator": "comm_teams",
        "--district-code": "109",
        "--year": "2023",
        "--vintage": "2023",
        "--output": "x",
    }
    for flag, value in zip(args[::2], args[1::2]):
        base[flag] = value
    result = geo_map(tmp_path, database_path, *[part for pair in base.items() for part in pair])
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_district_without_boundaries_is_refused(tmp_path, database_path):
    result = geo_map(
        tmp_path,
        database_path,
        "--indicator",
        "comm_teams",
        "--district-code",
        "999",
        "--year",
        "2023",
        "--vintage",
        "2023",
        "--output",
        "x.png",
    )
    assert result.returncode == 2 and "no boundaries" in result.stderr and not (tmp_path / "x.png").exists()


def test_district_and_province_are_exclusive(tmp_path, database_path):
    result = geo_map(
        tmp_path,
        database_path,
        "--indicator",
        "comm_teams",
        "--district-code",
        "109",
        "--province-code",
        "12",
        "--year",
        "2023",
        "--vintage",
        "2023",
        "--output",
        "x.png",
    )
    assert result.returncode == 2 and "not allowed with" in result.stderr

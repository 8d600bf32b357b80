"""Where a command writes its --output: only over an ordinary file or nothing, whole or not at all.

Real processes, real files: a symbolic link, a FIFO, a character device made in the test's folder
(never /dev/null itself: a regression would replace it), a folder, a path under a file, and a full
disk simulated by a file size limit (RLIMIT_FSIZE: writes fail with EFBIG, as on a full disk).
"""

from __future__ import annotations

import os
import resource
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from store.faults import EXIT_WRITE
from store.files import OutputError, write_output
from tests.conftest import ROOT, cli_env

COMMUNES = ["queries", "run", "communes", "--param", "vintage=2023", "--param", "district_code=109"]
# One writer of each command line; the output path goes last.
WRITERS = {
    "queries": [*COMMUNES, "--output"],
    "ingest": ["ingest", "--template", "comm_team", "--output"],
    "geo": [
        "geo",
        "map",
        "--indicator",
        "comm_teams",
        "--district-code",
        "109",
        "--year",
        "2023",
        "--vintage",
        "2023",
        "--output",
    ],
    "report": ["report", "template", "--output"],
}
SUFFIX = {"queries": ".csv", "ingest": ".csv", "geo": ".html", "report": ".docx"}


def run(args: list[str], database: Path, file_size_limit: int | None = None) -> subprocess.CompletedProcess:
    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_size_limit, file_size_limit))

    return subprocess.run(
        [sys.executable, "-m", *args],
        cwd=ROOT,
        env=cli_env(database),
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=limit if file_size_limit else None,
    )


def refused_in_one_line(result: subprocess.CompletedProcess, target: Path) -> str:
    said = result.stderr.strip()
    assert result.returncode == EXIT_WRITE, said
    assert "Traceback" not in said and len(said.splitlines()) == 1, said
    assert said.startswith(f"error: {target}: ") and " / " in said  # Vietnamese / English
    return said


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def device_node(folder: Path, suffix: str) -> Path:
    """A character device like /dev/null (1, 3), made here so that a failure cannot harm the machine's own."""
    node = folder / f"null{suffix}"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device node needs root")
    return node


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_no_command_replaces_a_symlink_a_device_or_a_folder(command, tmp_path, database_path):
    kept = tmp_path / "kept.txt"
    kept.write_text("the file the link points at", encoding="utf-8")
    link = tmp_path / f"link{SUFFIX[command]}"
    link.symlink_to(kept)
    device = device_node(tmp_path, SUFFIX[command])
    folder = tmp_path / f"folder{SUFFIX[command]}"
    folder.mkdir()
    for target in (link, device, folder):
        said = refused_in_one_line(run([*WRITERS[command], str(target)], database_path), target)
        assert ("folder" if target is folder else "not an ordinary file") in said
    assert link.is_symlink() and os.readlink(link) == str(kept)
    assert kept.read_text(encoding="utf-8") == "the file the link points at"
    assert stat.S_ISCHR(os.lstat(device).st_mode)
    assert folder.is_dir() and not any(folder.iterdir())
    assert leftovers(tmp_path) == []


def test_a_pipe_and_a_path_under_a_file_are_refused(tmp_path, database_path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    refused_in_one_line(run([*WRITERS["queries"], str(fifo)], database_path), fifo)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    plain = tmp_path / "plain.csv"
    plain.write_text("x", encoding="utf-8")
    under = plain / "sub" / "out.csv"
    said = refused_in_one_line(run([*WRITERS["ingest"], str(under)], database_path), under)
    assert "part of the path is a file" in said and plain.read_text(encoding="utf-8") == "x"


@pytest.mark.parametrize(
    "writer",
    [WRITERS["queries"], ["ingest", "--export", "comm_team", "--output"], ["report", "template", "--output"]],
    ids=lambda writer: writer[0],
)
def test_a_full_disk_leaves_the_old_file_whole_and_exits_4(writer, tmp_path, database_path):
    target = tmp_path / f"out{'.docx' if writer[0] == 'report' else '.csv'}"
    target.write_bytes(b"yesterday's export")
    result = run([*writer, str(target)], database_path, file_size_limit=1000)
    said = refused_in_one_line(result, target)
    assert "disk is full or a file size limit" in said
    assert target.read_bytes() == b"yesterday's export" and leftovers(tmp_path) == []
    written = run([*writer, str(target)], database_path)
    assert written.returncode == 0 and target.stat().st_size > 1000


def test_an_ordinary_file_is_replaced_and_a_new_one_made_with_its_folder(tmp_path, database_path):
    existing = tmp_path / "communes.csv"
    existing.write_text("old", encoding="utf-8")
    assert run([*WRITERS["queries"], str(existing)], database_path).returncode == 0
    assert existing.read_text(encoding="utf-8-sig").startswith("vintage,code,name")
    fresh = tmp_path / "new" / "folder" / "communes.csv"
    assert run([*WRITERS["queries"], str(fresh)], database_path).returncode == 0 and fresh.is_file()


@pytest.mark.parametrize(
    "make, code",
    [
        (lambda folder: folder / "sub", "output.folder"),
        (lambda folder: os.mkfifo(folder / "fifo") or folder / "fifo", "output.not_regular"),
        (lambda folder: (folder / "link").symlink_to(folder / "nowhere") or folder / "link", "output.not_regular"),
        (lambda folder: (folder / "file").write_text("x") and folder / "file" / "out.csv", "output.no_folder"),
    ],
    ids=["folder", "fifo", "dangling-link", "under-a-file"],
)
def test_write_output_refuses_what_is_not_an_ordinary_file(tmp_path, make, code):
    (tmp_path / "sub").mkdir()
    target = make(tmp_path)
    with pytest.raises(OutputError) as refused:
        write_output(target, b"data")
    assert refused.value.code == code and refused.value.exit_code == EXIT_WRITE
    assert not (tmp_path / "nowhere").exists() and leftovers(tmp_path) == []


@pytest.mark.parametrize("writer", [COMMUNES, ["ingest", "--template", "comm_team"]], ids=lambda writer: writer[0])
def test_standard_output_on_a_full_device_is_said_in_one_line(writer, database_path):
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    with open("/dev/full", "wb") as full:
        result = subprocess.run(
            [sys.executable, "-m", *writer],
            cwd=ROOT,
            env=cli_env(database_path),
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=300,
        )
    said = refused_in_one_line(result, Path("<standard output>"))
    assert "not enough space" in said

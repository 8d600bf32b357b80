"""`make lint` (so `make test` and CI) runs ruff with pyproject.toml's rules; it passes on the tree and fails on a fault."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _ruff(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ruff", *args], cwd=cwd, capture_output=True, text=True)


def test_the_tree_passes_lint_and_format():
    assert _ruff("check", ".").returncode == 0
    assert _ruff("format", "--check", ".").returncode == 0


@pytest.mark.parametrize(
    ("source", "rule"),
    [
        ("import os\n", "F401"),
        ("def shown():\n    return undefined_name\n", "F821"),
        ("import zlib\nimport abc\n\nprint(zlib, abc)\n", "I001"),
    ],
)
def test_a_deliberate_fault_fails_lint(tmp_path, source, rule):
    (tmp_path / "pyproject.toml").write_bytes((ROOT / "pyproject.toml").read_bytes())
    (tmp_path / "faulty.py").write_text(source, encoding="utf-8")
    result = _ruff("check", "--output-format", "concise", ".", cwd=tmp_path)
    assert result.returncode == 1 and rule in result.stdout, result.stdout


def test_unformatted_code_fails_the_format_check(tmp_path):
    (tmp_path / "pyproject.toml").write_bytes((ROOT / "pyproject.toml").read_bytes())
    (tmp_path / "ugly.py").write_text("x = {  'a':1 }\n", encoding="utf-8")
    assert _ruff("format", "--check", ".", cwd=tmp_path).returncode == 1

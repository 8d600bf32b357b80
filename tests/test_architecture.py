"""The layers of docs/ARCHITECTURE.md, checked on every import statement of the code (lazy ones too).

A package may import packages of lower layers only; packages of one layer do not import each other.
Command-line entry points (`*/__main__.py`, bench/) may use every framework-free layer, never the
Streamlit glue. Only app.py, pages/ and ui/ may import streamlit.
"""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

LAYERS = (  # top to bottom
    ("app", "pages"),
    ("ui",),
    ("report",),
    ("views",),
    ("ingest",),
    ("queries",),
    ("store",),
    ("geo",),
    ("registry", "i18n"),
)
STREAMLIT = ("streamlit", "streamlit_folium")
STREAMLIT_USERS = ("app", "pages", "ui")
# A benchmark that talks to a running server reads its messages: the wire format, not the Streamlit API; and
# one that sizes a map's message builds it as the map component does (its message builder, not st_folium).
WIRE_FORMAT = ("streamlit.proto", "streamlit_folium")
ENTRY_POINT_MAY_NOT_USE = ("app", "pages", "ui")
LAYER_OF = {package: depth for depth, layer in enumerate(LAYERS) for package in layer}


def _owner(path: Path, root: Path) -> str:
    parts = path.relative_to(root).parts
    return parts[0] if len(parts) > 1 else path.stem


def _is_entry_point(path: Path, root: Path) -> bool:
    return path.name == "__main__.py" or _owner(path, root) == "bench"


def _imported_modules(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
    return found


def code_files(root: Path) -> list[Path]:
    packages = [root / name for layer in LAYERS for name in layer if name != "app"] + [root / "bench"]
    files = [root / "app.py"] if (root / "app.py").exists() else []
    for package in packages:
        files += sorted(package.rglob("*.py")) if package.is_dir() else []
    return files


def violations(root: Path) -> list[str]:
    """Every import that breaks the layers, as 'file:line: importer -> imported (why)'."""
    found = []
    for path in code_files(root):
        owner = _owner(path, root)
        entry_point = _is_entry_point(path, root)
        for line, module in _imported_modules(path):
            target = module.split(".")[0]
            where = f"{path.relative_to(root)}:{line}: {owner} -> {module}"
            reads_the_wire = owner == "bench" and module.startswith(WIRE_FORMAT)
            if target in STREAMLIT and owner not in STREAMLIT_USERS and not reads_the_wire:
                found.append(f"{where} (only {', '.join(STREAMLIT_USERS)} may import streamlit)")
            if target not in LAYER_OF or target == owner:
                continue
            if entry_point:
                if target in ENTRY_POINT_MAY_NOT_USE:
                    found.append(f"{where} (a command-line entry point never uses the Streamlit layers)")
            elif owner in LAYER_OF and LAYER_OF[target] <= LAYER_OF[owner]:
                kind = "same layer" if LAYER_OF[target] == LAYER_OF[owner] else "upwards"
                found.append(f"{where} ({kind}: {owner} may import only {', '.join(_below(owner))})")
    return found


def _below(package: str) -> list[str]:
    return [name for layer in LAYERS[LAYER_OF[package] + 1 :] for name in layer]


def test_every_package_of_the_tree_has_a_layer():
    packages = {p.name for p in ROOT.iterdir() if (p / "__init__.py").exists()} - {"tests", "bench"}
    assert packages <= set(LAYER_OF), (
        f"give {sorted(packages - set(LAYER_OF))} a layer in LAYERS and docs/ARCHITECTURE.md"
    )


def test_the_code_keeps_its_layers():
    assert len(code_files(ROOT)) > 50
    assert violations(ROOT) == []


@pytest.fixture
def tree(tmp_path) -> Path:
    """A copy of the code to break on purpose."""
    for name in [n for layer in LAYERS for n in layer if n != "app"] + ["bench"]:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "app.py", tmp_path / "app.py")
    assert violations(tmp_path) == []
    return tmp_path


def _append(path: Path, line: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + f"\n\ndef _deliberate():\n    {line}\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "line", "expected"),
    [
        ("store/database.py", "from queries.runner import run", "store -> queries.runner (upwards"),
        ("geo/shapes.py", "import views.charts", "geo -> views.charts (upwards"),
        ("ingest/keys.py", "from ui import data", "ingest -> ui (upwards"),
        ("registry/paths.py", "from i18n import translator", "registry -> i18n (same layer"),
        ("views/kpis.py", "import streamlit as st", "only app, pages, ui may import streamlit"),
        ("queries/__main__.py", "from ui.state import Scope", "entry point never uses the Streamlit layers"),
        ("bench/map.py", "import pages.map", "entry point never uses the Streamlit layers"),
    ],
)
def test_a_deliberate_violation_is_caught(tree, file, line, expected):
    _append(tree / file, line)
    found = violations(tree)
    assert len(found) == 1 and expected in found[0], found


def test_comments_refer_to_documents_of_the_repository():
    """A clone holds docs/ARCHITECTURE.md and the READMEs, not the planning documents or the issue tracker."""
    outside = re.compile(r"DESIGN\s*§|\bissue\s+#?\d+", re.IGNORECASE)
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in [
            *code_files(ROOT),
            *ROOT.glob("tests/**/*.py"),
            *ROOT.glob("data/*.sql"),
            *ROOT.glob("queries/*.sql"),
        ]
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if outside.search(line) and path.name != "test_architecture.py"
    ]
    assert found == []

"""Folders of the repository that code in several layers reads (seed data, boundaries, schema)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"

"""Leaflet served by the app itself, so that maps draw in a district hall with no internet.

folium points its pages at public CDNs by default; with no network the map stays blank. The
XStatic packages ship Leaflet; we copy what the map uses into static/vendor/ (Streamlit serves
static/ at /app/static/ when server.enableStaticServing is on) and point every map at it. A
standalone HTML export inlines the same files instead.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import xstatic.pkg.leaflet as xstatic_leaflet

ROOT = Path(__file__).resolve().parent.parent
VENDOR_DIR = ROOT / "static" / "vendor"
URL_PREFIX = "/app/static/vendor"

# (name, file under the package's data dir)
_JS = [("leaflet", "leaflet.js")]
_CSS = [("leaflet_css", "leaflet.css")]


def install_static_assets() -> Path:
    """Copy Leaflet into static/vendor/leaflet (idempotent, cheap when already there)."""
    source = Path(xstatic_leaflet.BASE_DIR)
    target = VENDOR_DIR / "leaflet"
    if not (target / "leaflet.js").exists() or (target / "leaflet.js").stat().st_size != (source / "leaflet.js").stat().st_size:
        target.mkdir(parents=True, exist_ok=True)
        for name in ("leaflet.js", "leaflet.css"):
            shutil.copy2(source / name, target / name)
        shutil.copytree(source / "images", target / "images", dirs_exist_ok=True)
    return target


def served_js() -> list[tuple[str, str]]:
    return [(name, f"{URL_PREFIX}/leaflet/{file}") for name, file in _JS]


def served_css() -> list[tuple[str, str]]:
    return [(name, f"{URL_PREFIX}/leaflet/{file}") for name, file in _CSS]


def inline_head() -> str:
    """<style>/<script> tags with Leaflet's own text, for a page that must work as a lone file."""
    source = Path(xstatic_leaflet.BASE_DIR)
    css = (source / "leaflet.css").read_text(encoding="utf-8")
    js = (source / "leaflet.js").read_text(encoding="utf-8")
    return f"<style>{css}</style>\n<script>{js}</script>"


if __name__ == "__main__":
    print(install_static_assets().relative_to(ROOT))

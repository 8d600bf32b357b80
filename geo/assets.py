"""Leaflet served by the app itself, so that maps draw in a district hall with no internet.

folium points its pages at public CDNs by default; with no network the map stays blank. The
XStatic packages ship Leaflet and Leaflet.markercluster; we copy what the map uses into
static/vendor/ (Streamlit serves static/ at /app/static/ when server.enableStaticServing is on) and
point every map at it. A standalone HTML export inlines the same files instead.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import xstatic.pkg.leaflet as xstatic_leaflet
import xstatic.pkg.leaflet_markercluster as xstatic_markercluster

ROOT = Path(__file__).resolve().parent.parent
VENDOR_DIR = ROOT / "static" / "vendor"
URL_PREFIX = "/app/static/vendor"

# folder under static/vendor -> (package data dir, scripts, stylesheets)
_PACKAGES = {
    "leaflet": (Path(xstatic_leaflet.BASE_DIR), ["leaflet.js"], ["leaflet.css"]),
    "markercluster": (
        Path(xstatic_markercluster.BASE_DIR),
        ["leaflet.markercluster.js"],
        ["MarkerCluster.css", "MarkerCluster.Default.css"],
    ),
}


def install_static_assets() -> Path:
    """Copy the map's scripts and styles into static/vendor (idempotent, cheap when already there)."""
    for folder, (source, scripts, styles) in _PACKAGES.items():
        target = VENDOR_DIR / folder
        for name in scripts + styles:
            if not (target / name).exists() or (target / name).stat().st_size != (source / name).stat().st_size:
                target.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source / name, target / name)
        if (source / "images").is_dir() and not (target / "images").is_dir():
            shutil.copytree(source / "images", target / "images", dirs_exist_ok=True)
    return VENDOR_DIR


def served_js() -> list[tuple[str, str]]:
    return [
        (f"{folder}_{name}", f"{URL_PREFIX}/{folder}/{name}")
        for folder, (_, scripts, _) in _PACKAGES.items()
        for name in scripts
    ]


def served_css() -> list[tuple[str, str]]:
    return [
        (f"{folder}_{name}", f"{URL_PREFIX}/{folder}/{name}")
        for folder, (_, _, styles) in _PACKAGES.items()
        for name in styles
    ]


def inline_head() -> str:
    """<style>/<script> tags with the files' own text, for a page that must work as a lone file."""
    parts = []
    for source, scripts, styles in _PACKAGES.values():
        parts += [f"<style>{(source / name).read_text(encoding='utf-8')}</style>" for name in styles]
        parts += [f"<script>{(source / name).read_text(encoding='utf-8')}</script>" for name in scripts]
    return "\n".join(parts)


if __name__ == "__main__":
    print(install_static_assets().relative_to(ROOT))

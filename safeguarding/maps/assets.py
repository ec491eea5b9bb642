"""The files the map page loads, all from Python packages or the app's own resources.

Leaflet comes from ``xstatic-leaflet``; the app's own script and style, and the
vendored protomaps-leaflet (``resources/map/vendor``), from ``resources/map``.
The UI serves them under ``app:/assets/<folder>/<file>``; nothing comes from a CDN.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from safeguarding.paths import resource_path

ASSET_BASE = "app:/assets"
"""The URL prefix the map page loads its assets from."""

_MIME = {
    ".js": "text/javascript",
    ".css": "text/css",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".json": "application/json",
    ".map": "application/json",
}


def asset_folders() -> dict[str, Path]:
    """Return ``{url folder: local folder}`` of every asset folder."""
    import xstatic.pkg.leaflet as leaflet

    return {
        "leaflet": Path(leaflet.BASE_DIR),
        "lat": resource_path("resources", "map"),
    }


def asset_file(url_path: str) -> tuple[Path, str] | None:
    """Return the local file and MIME type for an asset URL path, or ``None``.

    Args:
        url_path: The path after ``app:/assets/``, e.g. ``"leaflet/leaflet.js"``.

    Returns:
        ``(file, mime type)``, or ``None`` if there is no such asset; a path that
        tries to leave its folder (``..``) is never served.
    """
    folder_name, _, rest = url_path.strip("/").partition("/")
    folder = asset_folders().get(folder_name)
    if folder is None or not rest:
        return None
    root = folder.resolve()
    candidate = (root / rest).resolve()
    if root not in candidate.parents or not candidate.is_file():
        return None
    mime = _MIME.get(candidate.suffix.lower()) or mimetypes.guess_type(candidate.name)[0] or "application/octet-stream"
    return candidate, mime


def default_js() -> list[tuple[str, str]]:
    """The scripts every map page loads first: ``[(name, URL)]`` of the local copies."""
    return [
        ("leaflet", f"{ASSET_BASE}/leaflet/leaflet.js"),
    ]


def default_css() -> list[tuple[str, str]]:
    """The style sheets every map page loads: ``[(name, URL)]`` of the local copies."""
    return [("leaflet_css", f"{ASSET_BASE}/leaflet/leaflet.css")]

"""The open-source components bundled with the app, their versions and licences (for Help → About)."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import metadata

# Distributions shipped with the app and the licence each is published under,
# used when the installed package carries no licence metadata (e.g. when frozen).
KNOWN_LICENCES: dict[str, str] = {
    "PySide6": "LGPL-3.0-only (Qt for Python; Qt itself under LGPL-3.0)",
    "sqlite-utils": "Apache-2.0",
    "reportlab": "BSD-3-Clause",
    "folium": "MIT",
    "platformdirs": "MIT",
    "tzdata": "Apache-2.0",
    "fontpkg-noto-sans": "OFL-1.1 (Noto Sans font)",
    "fontpkg-noto-sans-arabic": "OFL-1.1 (Noto Sans Arabic font)",
    "justmytype-intl-cjk": "MIT (the Noto Sans SC, TC, JP and KR fonts it ships: OFL-1.1)",
    "justmytype-intl-rtl": "MIT (the Noto Sans Hebrew and Arabic fonts it ships: OFL-1.1)",
    "fonttools": "MIT",
    "uharfbuzz": "Apache-2.0 (HarfBuzz: MIT)",
    "pillow": "MIT-CMU",
    "mapbox-vector-tile": "MIT",
    "pmtiles": "BSD-3-Clause",
    "psycopg": "LGPL-3.0-only",
    "psycopg-binary": "LGPL-3.0-only (with libpq: PostgreSQL Licence; OpenSSL: Apache-2.0)",
}


@dataclass(frozen=True)
class Component:
    """A bundled component: distribution name, installed version ("" if unknown) and licence."""

    name: str
    version: str
    licence: str


def bundled_components() -> list[Component]:
    """Return the bundled components with versions from the installed packages' metadata."""
    components = []
    for name, fallback in KNOWN_LICENCES.items():
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = ""
        components.append(Component(name, version, fallback))
    return components

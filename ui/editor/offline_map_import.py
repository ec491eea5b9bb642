"""File → Import offline map… and the Map page's Import button: ask for a map file, check it, keep a copy."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from safeguarding.errors import SafeguardingError
from safeguarding.maps.offline import OfflineMaps
from safeguarding.maps.tilecheck import MapInfo
from ui.interaction import Interaction


def ask_and_import_offline_map(
    parent: QWidget, interaction: Interaction, maps: OfflineMaps, point: tuple[float, float] | None
) -> MapInfo | None:
    """File → Import offline map…: ask for an MBTiles or PMTiles file, check it and keep a copy.

    Args:
        point: ``(lat, lon)`` the map must cover (the location), or ``None`` to skip that check.

    Returns:
        The imported map, or ``None`` if cancelled or refused (the user was told why).
    """
    path = interaction.open_path(
        parent, "Import offline map", Path.home(), "Offline maps (*.mbtiles *.pmtiles);;All files (*)"
    )
    if path is None:
        return None
    try:
        info = maps.import_file(path, point)
    except SafeguardingError as error:
        interaction.error(parent, "Offline map not imported", str(error))
        return None
    interaction.inform(
        parent, "Offline map imported", f"The offline map '{info.name}' is ready to use, with no network needed."
    )
    return info


__all__ = ["ask_and_import_offline_map"]

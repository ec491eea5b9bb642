"""A visit saved with Light "Not recorded" says so in the visits table; it is not a removed option."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt

from safeguarding.forms import FormDefinition
from safeguarding.model import Observation
from ui.models import ObservationTableModel


def test_light_not_recorded_is_not_a_removed_option(form: FormDefinition) -> None:
    visits = ObservationTableModel(form)
    start = datetime(2026, 10, 9, 14, 30, tzinfo=UTC)
    end = datetime(2026, 10, 9, 16, 0, tzinfo=UTC)
    visits.set_rows(
        [
            Observation(start=start, end=end, light=""),
            Observation(start=start, end=end, light="gaslight"),
            Observation(start=start, end=end, light="dark_lit"),
        ]
    )
    shown = [visits.data(visits.index(row, visits.LIGHT), Qt.ItemDataRole.DisplayRole) for row in range(3)]
    assert shown == ["Not recorded", "gaslight (no longer in the form)", "Dark, with street lighting"]

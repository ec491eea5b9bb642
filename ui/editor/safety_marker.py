"""Placing safety-mapping marks on the Map page: choose a session and a kind, then click the map.

A click adds a mark of the chosen kind (feels safe, feels unsafe, avoided) to
the chosen session at once; for a route, each click adds a point and "Finish
route" saves the line. Marks are saved through the store and the Map page's
safety layer is redrawn. Sessions are created on the Safety mapping page.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from safeguarding.errors import SafeguardingError
from safeguarding.safety_mapping.model import MarkKind, SafetyMark, SafetySession
from safeguarding.store import Store
from safeguarding.timeutil import format_uk_date
from ui.interaction import Interaction


class SafetyMarker(QWidget):
    """The session and kind choosers and the "Finish route" button, and what a click on the map does.

    Emits ``marks_changed`` after a mark is saved; ``draft_changed(points)`` while a route is drawn.
    """

    marks_changed = Signal()
    draft_changed = Signal(list)

    def __init__(self, store: Store, interaction: Interaction, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._interaction = interaction
        self.assessment_id: str | None = None
        self.route: list[tuple[float, float]] = []
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.session = QComboBox(self)
        self.session.setAccessibleName("Safety-mapping session the marks belong to")
        self.kind = QComboBox(self)
        self.kind.setAccessibleName("Kind of safety-mapping mark")
        for kind in MarkKind:
            self.kind.addItem(kind.label, kind.value)
        self.finish_route = QPushButton("Finish route", self)
        self.hint = QLabel(self)
        layout.addWidget(QLabel("Session", self))
        layout.addWidget(self.session)
        layout.addWidget(self.kind)
        layout.addWidget(self.finish_route)
        layout.addWidget(self.hint, 1)
        self.finish_route.clicked.connect(self.save_route)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

    def load(self, assessment_id: str, sessions: list[SafetySession]) -> None:
        """List the assessment's sessions (latest selected)."""
        self.assessment_id = assessment_id
        self.session.clear()
        for number, session in enumerate(sessions, start=1):
            self.session.addItem(
                f"{number}. {format_uk_date(session.held_on)} ({session.people} took part)", session.id
            )
        self.session.setCurrentIndex(self.session.count() - 1)
        self.hint.setText(
            "" if sessions else "Add a session on the Safety mapping page first (who took part, by role and number)."
        )

    def _kind_changed(self) -> None:
        is_route = self.kind.currentData() == MarkKind.ROUTE.value
        self.finish_route.setEnabled(is_route and len(self.route) >= 2)
        if not is_route and self.route:
            self.route = []
            self.draft_changed.emit([])

    def _save(self, mark: SafetyMark, title: str) -> bool:
        try:
            self._store.safety.save_mark(mark)
        except SafeguardingError as error:
            self._interaction.error(self, title, str(error))
            return False
        self.marks_changed.emit()
        return True

    def clicked(self, latitude: float, longitude: float, confirm: Callable[[float, float], bool]) -> None:
        """A click on the map in safety-mapping mode: a mark of a place, or the next point of a route."""
        session_id = self.session.currentData()
        if not session_id:
            self._interaction.error(self, "Mark not added", self.hint.text() or "Choose a session first.")
            return
        if not confirm(latitude, longitude):
            return
        kind = MarkKind(self.kind.currentData())
        if kind == MarkKind.ROUTE:
            self.route.append((latitude, longitude))
            self.draft_changed.emit([list(p) for p in self.route])
            self.finish_route.setEnabled(len(self.route) >= 2)
            return
        self._save(SafetyMark(str(session_id), kind, [(latitude, longitude)]), "Mark not added")

    def save_route(self) -> None:
        """Save the points clicked so far as a route of the chosen session."""
        session_id = self.session.currentData()
        if not session_id or len(self.route) < 2:
            return
        if self._save(SafetyMark(str(session_id), MarkKind.ROUTE, list(self.route)), "Route not saved"):
            self.route = []
            self.draft_changed.emit([])
            self.finish_route.setEnabled(False)

"""The "Context weighting" page: which contexts drive the harm seen here, with a small chart.

Each context from the plan library gets a weight (0-10) and a rationale. Changes
are saved straight away through the plan repository; the heaviest context is
named above the chart.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from safeguarding.errors import SafeguardingError
from safeguarding.forms import Section
from safeguarding.model import Assessment, Location
from safeguarding.plan.library import shipped_library
from safeguarding.plan.records import MAX_WEIGHT, MIN_WEIGHT, ContextWeight
from ui.editor.registry import PageContext
from ui.theme import message_style

BAR = QColor("#5c6bc0")
HEAVIEST = QColor("#c62828")


class WeightChart(QWidget):
    """Horizontal bars, one per context, the heaviest in a stronger colour and named in words."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Context weighting chart")
        self._rows: list[tuple[str, int, bool]] = []
        self.setMinimumHeight(40)

    def set_rows(self, rows: list[tuple[str, int, bool]]) -> None:
        """Show ``(label, weight, is_heaviest)`` rows."""
        self._rows = rows
        self.setMinimumHeight(12 + 24 * max(len(rows), 1))
        self.setAccessibleDescription("; ".join(f"{label}: {weight} of {MAX_WEIGHT}" for label, weight, _ in rows))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        metrics = painter.fontMetrics()
        label_width = max([metrics.horizontalAdvance(label) for label, _, _ in self._rows] + [80]) + 12
        span = max(self.width() - label_width - 60, 40)
        for index, (label, weight, heaviest) in enumerate(self._rows):
            top = 6 + index * 24
            painter.setPen(self.palette().windowText().color())
            painter.drawText(QRectF(0, top, label_width - 8, 20), Qt.AlignmentFlag.AlignVCenter, label)
            painter.fillRect(QRectF(label_width, top + 3, span, 14), QColor("#eeeeee"))
            colour = HEAVIEST if heaviest else BAR
            painter.fillRect(QRectF(label_width, top + 3, span * weight / MAX_WEIGHT, 14), colour)
            painter.drawText(
                QRectF(label_width + span + 6, top, 120, 20), Qt.AlignmentFlag.AlignVCenter, f"{weight}/{MAX_WEIGHT}"
            )
        painter.end()


class WeightingPage(QScrollArea):
    """Context weighting: a weight and rationale per context, saved as the user works."""

    records_changed = Signal()

    def __init__(self, section: Section, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"page_{section.id}")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._store = context.store
        self._library = shipped_library()
        self.assessment: Assessment | None = None
        self._loading = False
        body = QWidget(self)
        layout = QVBoxLayout(body)
        title = QLabel(section.title, body)
        title.setObjectName("pageTitle")
        intro = QLabel(section.help + " Weights run from 0 (not a factor) to 10 (the main driver).", body)
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(title)
        layout.addWidget(intro)
        grid = QGridLayout()
        grid.addWidget(QLabel("<b>Context</b>", body), 0, 0)
        grid.addWidget(QLabel(f"<b>Weight ({MIN_WEIGHT}-{MAX_WEIGHT})</b>", body), 0, 1)
        grid.addWidget(QLabel("<b>Why</b>", body), 0, 2)
        self.spins: dict[str, QSpinBox] = {}
        self.rationales: dict[str, QLineEdit] = {}
        for row, ctx in enumerate(self._library.contexts, start=1):
            label = QLabel(ctx.label, body)
            label.setToolTip(ctx.help)
            spin = QSpinBox(body)
            spin.setRange(MIN_WEIGHT, MAX_WEIGHT)
            spin.setAccessibleName(f"Weight of {ctx.label}")
            spin.setToolTip(ctx.help)
            label.setBuddy(spin)
            rationale = QLineEdit(body)
            rationale.setAccessibleName(f"Why: {ctx.label}")
            rationale.setPlaceholderText(ctx.help)
            spin.valueChanged.connect(self._save)
            rationale.editingFinished.connect(self._save)
            self.spins[ctx.id] = spin
            self.rationales[ctx.id] = rationale
            grid.addWidget(label, row, 0)
            grid.addWidget(spin, row, 1)
            grid.addWidget(rationale, row, 2)
        grid.setColumnStretch(2, 1)
        layout.addLayout(grid)
        self.summary = QLabel(body)
        self.summary.setObjectName("heaviestContext")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Heaviest context")
        self.chart = WeightChart(body)
        self.message = QLabel(body)
        self.message.setStyleSheet(message_style(bold=False))
        self.message.setWordWrap(True)
        layout.addWidget(self.summary)
        layout.addWidget(self.chart)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.setWidget(body)

    def first_editor(self) -> QWidget | None:
        """The first weight."""
        return next(iter(self.spins.values()), None)

    def load(self, assessment: Assessment, location: Location | None = None) -> None:
        """Show the assessment's weights."""
        self.assessment = assessment
        plan = assessment.plan or self._store.plan.load(assessment.id)
        stored = {weight.context: weight for weight in plan.weights}
        self._loading = True
        for context_id, spin in self.spins.items():
            weight = stored.get(context_id)
            spin.setValue(weight.weight if weight else 0)
            self.rationales[context_id].setText(weight.rationale if weight else "")
        self._loading = False
        self.message.setText("")
        self._show(plan.weights)

    def entered(self) -> list[ContextWeight]:
        """The weights as entered (contexts with a weight or a rationale)."""
        weights = []
        for ctx in self._library.contexts:
            value, why = self.spins[ctx.id].value(), self.rationales[ctx.id].text().strip()
            if value or why:
                weights.append(ContextWeight(ctx.id, ctx.label, value, why))
        return weights

    def _save(self) -> None:
        if self._loading or self.assessment is None:
            return
        weights = self.entered()
        try:
            self._store.plan.save_weights(self.assessment.id, weights)
        except SafeguardingError as error:
            self.message.setText(str(error))
            return
        self.message.setText("")
        self._show(sorted(weights, key=lambda w: -w.weight))
        self.records_changed.emit()

    def _show(self, weights: list[ContextWeight]) -> None:
        weighted = [w for w in weights if w.weight > MIN_WEIGHT]
        heaviest = max(weighted, key=lambda w: w.weight) if weighted else None
        if heaviest is None:
            self.summary.setText("No context has been weighted yet.")
        else:
            self.summary.setText(
                f"<b>Heaviest context: {_escape(heaviest.label)} ({heaviest.weight}/{MAX_WEIGHT})</b>"
                + (f" — {_escape(heaviest.rationale)}" if heaviest.rationale else "")
            )
        self.chart.set_rows(
            [(w.label, w.weight, heaviest is not None and w.context == heaviest.context) for w in weighted]
        )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

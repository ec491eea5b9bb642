"""The "Context weighting" page: which contexts drive the harm seen here, with a small chart.

Each context from the plan library gets a weight (0-10) and a rationale. Changes
are saved straight away through the plan repository (a reason when the field is
left); the heaviest context is named above the chart. A reason being typed is kept
as a draft, and a save changes only the weights and reasons changed here: another
window's are kept, and the same one changed in both is a choice between the two.
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

from safeguarding.drafts import Draft, excerpt
from safeguarding.errors import SafeguardingError
from safeguarding.forms import Section
from safeguarding.model import Assessment, Location
from safeguarding.plan.library import shipped_library
from safeguarding.plan.records import MAX_WEIGHT, MIN_WEIGHT, ContextWeight
from safeguarding.store import EditConflictError, rebase
from ui.editing.conflicts import resolve
from ui.editing.editable import reveal_page
from ui.editor.registry import PageContext
from ui.theme import message_style

BAR = QColor("#5c6bc0")
HEAVIEST = QColor("#1a237e")  # the bars' blue, darker: red would read as a RAG rating


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
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no Tab stop: it shows no focus (its fields do)
        self._store = context.store
        self._interaction = context.interaction
        self._user = context.user
        self._library = shipped_library()
        self.assessment: Assessment | None = None
        self._place = ""
        self.base: list[ContextWeight] = []  # the weights as shown (the base of the next save)
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
        if context.drafts is not None:
            context.drafts.watch(self, body)

    def first_editor(self) -> QWidget | None:
        """The first weight."""
        return next(iter(self.spins.values()), None)

    def load(self, assessment: Assessment, location: Location | None = None) -> None:
        """Show the assessment's weights."""
        self.assessment = assessment
        self._place = location.name if location is not None else ""
        plan = assessment.plan or self._store.plan.load(assessment.id)
        self._show_weights(plan.weights)
        self.message.setText("")
        self._show(plan.weights)

    def _show_weights(self, weights: list[ContextWeight]) -> None:
        """Show stored weights; they are the base of the next save."""
        stored = {weight.context: weight for weight in weights}
        self._loading = True
        for context_id, spin in self.spins.items():
            weight = stored.get(context_id)
            spin.setValue(weight.weight if weight else 0)
            self.rationales[context_id].setText(weight.rationale if weight else "")
        self._loading = False
        self.base = self.entered()  # as shown: the fields are the base

    def entered(self) -> list[ContextWeight]:
        """The weights as entered (contexts with a weight or a rationale)."""
        weights = []
        for ctx in self._library.contexts:
            value, why = self.spins[ctx.id].value(), self.rationales[ctx.id].text().strip()
            if value or why:
                weights.append(ContextWeight(ctx.id, ctx.label, value, why))
        return weights

    def _save(self) -> bool:
        if self._loading or self.assessment is None:
            return True
        for _attempt in range(3):
            weights = self.entered()
            try:
                self._store.plan.save_weights(self.assessment.id, weights, base=self.base)
            except EditConflictError as error:
                if not self._choose(error):
                    return False
                continue
            except SafeguardingError as error:
                self.message.setText(str(error))
                return False
            self.base = weights
            self.message.setText("")
            self._show(sorted(weights, key=lambda w: -w.weight))
            self.records_changed.emit()
            return True
        self.message.setText("The weights keep being changed in another window. Try again in a moment.")
        return False

    def _values(self, weights: list[ContextWeight]) -> dict[str, object]:
        values: dict[str, object] = {}
        for ctx in self._library.contexts:
            weight = next((w for w in weights if w.context == ctx.id), None)
            values[f"{ctx.id}.weight"] = weight.weight if weight else 0
            values[f"{ctx.id}.rationale"] = weight.rationale if weight else ""
        return values

    def _set_values(self, values: dict[str, object]) -> None:
        self._loading = True
        for ctx in self._library.contexts:
            self.spins[ctx.id].setValue(int(values.get(f"{ctx.id}.weight", 0)))  # type: ignore[call-overload]
            self.rationales[ctx.id].setText(str(values.get(f"{ctx.id}.rationale", "")))
        self._loading = False

    def _choose(self, error: EditConflictError) -> bool:
        """Another window saved the same weight or reason: ask which to keep; show the merged weighting."""
        assert self.assessment is not None
        labels = {ctx.id: ctx.label for ctx in self._library.contexts}

        def label(key: str) -> str:
            context, _, field = key.partition(".")
            return f"{labels.get(context, context)}: {'weight' if field == 'weight' else 'why'}"

        resolution = resolve(
            self,
            self._interaction,
            error,
            label=label,
            is_text=lambda key: key.endswith(".rationale"),
            me=self._user,
        )
        if resolution is None:
            self.message.setText(f"Not saved yet: {error} Change a weight again to choose.")
            return False
        stored = self._store.plan.load(self.assessment.id).weights
        merged = rebase(self._values(self.entered()), self._values(self.base), self._values(stored))
        for conflict in error.conflicts:
            merged[conflict.column] = resolution.value(conflict)
        self._show_weights(stored)
        self._set_values(merged)
        return True

    # -- drafts (a reason being typed, as an Editable) ----------------------------------

    def drafts(self) -> list[Draft]:
        """Weights or reasons typed but not saved, as a draft."""
        if self.assessment is None:
            return []
        typed, shown = self._values(self.entered()), self._values(self.base)
        if typed == shown:
            return []
        return [
            Draft(
                key=f"weights:{self.assessment.id}",
                kind="weights",
                record_id=self.assessment.id,
                assessment_id=self.assessment.id,
                label=f"the context weighting of {self._place or 'the location'}",
                payload=typed,
                base=shown,
                excerpt=excerpt(*(str(v) for k, v in typed.items() if k.endswith(".rationale") and v != shown[k])),
            )
        ]

    def save_unsaved(self) -> str | None:
        """Save the weights and reasons typed; None if saved, else why not."""
        return None if self._save() else (self.message.text() or "the weights could not be saved")

    def discard_unsaved(self) -> None:
        """Show the weights as saved again."""
        self._show_weights(self.base)

    def restore_draft(self, draft: Draft) -> bool:
        """Show a weighting draft, unsaved, against the weights it was typed on."""
        if draft.kind != "weights":
            return False
        shown = draft.base or {}
        self.base = [
            ContextWeight(
                ctx.id, ctx.label, int(shown.get(f"{ctx.id}.weight", 0)), str(shown.get(f"{ctx.id}.rationale", ""))
            )
            for ctx in self._library.contexts
            if shown.get(f"{ctx.id}.weight") or shown.get(f"{ctx.id}.rationale")
        ]
        self._set_values(draft.payload)
        return True

    def reveal(self) -> None:
        """Show this page."""
        reveal_page(self)

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

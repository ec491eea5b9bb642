"""The Police figures page: recorded crime and anti-social behaviour near the place, as in the report.

Shows the same figures as the report's section (:mod:`safeguarding.crime.summary`):
the distance records are counted within (changeable, saved with the assessment),
the two periods, counts by type inside the boundary and within the distance,
the months, the streets with most records, and the caveats and source. Police
data is imported with the button here or File → Import police data….
Every text from the data goes on screen escaped. A distance changed but not yet
counted is kept as a draft, and saving it never overwrites a distance another
window saved meanwhile without asking.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSpinBox, QTextBrowser, QVBoxLayout, QWidget

from safeguarding.crime.summary import CAVEATS, MAX_RADIUS_M, MIN_RADIUS_M, SOURCE, CrimeFigures, figures_for
from safeguarding.drafts import Draft
from safeguarding.errors import SafeguardingError
from safeguarding.forms import Section
from safeguarding.model import Assessment, Location
from safeguarding.store import EditConflictError, Store
from ui.editing.conflicts import resolve
from ui.editing.editable import reveal_page
from ui.editor.page_header import add_page_header
from ui.interaction import Interaction

if TYPE_CHECKING:
    from ui.editing.keeper import DraftKeeper
    from ui.tasks import Task

POLICE = "police"
"""The kind of draft of a distance changed on the Police figures page."""


def _e(text: object) -> str:
    return html.escape(str(text))


def figures_html(figures: CrimeFigures | None) -> str:
    """The figures as simple HTML for a QTextBrowser (all data text escaped)."""
    if figures is None:
        return "<p>The location has no point on the map and no boundary, so no police figures can be counted.</p>"
    parts: list[str] = []
    if not figures.held:
        parts.append(
            f"<p><b>No police data is held for {_e(figures.earlier.label)} or {_e(figures.recent.label)}.</b> "
            "Import police.uk street-level files for the force area (Import police data…).</p>"
        )
    else:
        where = "inside the boundary and" if figures.has_boundary else "(no boundary drawn:"
        tail = "" if figures.has_boundary else ")"
        parts.append(
            f"<p>Records {where} within {figures.radius_m:,} m of the place{tail}: last 12 months "
            f"({_e(figures.recent.label)}) and the 12 before ({_e(figures.earlier.label)}). "
            f"Data from: {_e(', '.join(figures.forces))}.</p>"
        )
        if figures.missing:
            parts.append(f"<p><b>No data held for {len(figures.missing)} of the 24 months</b> "
                         f"({_e(', '.join(figures.missing))}): missing, not zero.</p>")  # fmt: skip
        head = ["Crime type"]
        if figures.has_boundary:
            head += ["Inside, last 12 months", "Inside, year before"]
        head += [f"Within {figures.radius_m:,} m, last 12 months", "Year before"]
        rows = []
        for count in figures.by_type:
            values = [count.inside_recent, count.inside_earlier] if figures.has_boundary else []
            values += [count.near_recent, count.near_earlier]
            rows.append([_e(count.crime_type), *(f"{v:,}" for v in values)])
        totals = [figures.total(True, True), figures.total(True, False)] if figures.has_boundary else []
        totals += [figures.total(False, True), figures.total(False, False)]
        rows.append(["<b>All records</b>", *(f"<b>{v:,}</b>" for v in totals)])
        parts.append(_table(head, rows))
        parts.append("<h3>By month</h3>")
        parts.append(
            _table(
                ["Month", "Records"], [[m, "no data" if m in figures.missing else f"{n:,}"] for m, n in figures.monthly]
            )
        )
        if figures.streets:
            parts.append("<h3>Streets with most records, last 12 months</h3>")
            parts.append(_table(["Street", "Records"], [[_e(place), f"{n:,}"] for place, n in figures.streets]))
    parts.append("<h3>Read these figures with care</h3><ul>")
    parts += [f"<li>{_e(caveat)}</li>" for caveat in CAVEATS]
    parts.append(f"</ul><p><small>{_e(SOURCE)}</small></p>")
    return "".join(parts)


def _table(head: list[str], rows: list[list[str]]) -> str:
    out = ['<table border="1" cellspacing="0" cellpadding="3"><tr>']
    out += [f"<th>{_e(h)}</th>" for h in head]
    out.append("</tr>")
    for row in rows:
        out.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>")
    out.append("</table>")
    return "".join(out)


class PolicePage(QWidget):
    """Police figures near the place. Emits ``records_changed`` after the distance is saved."""

    records_changed = Signal()

    def __init__(
        self,
        section: Section,
        store: Store,
        interaction: Interaction,
        parent: QWidget | None = None,
        *,
        drafts: DraftKeeper | None = None,
        user: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName(f"page_{section.id}")
        self._store = store
        self._interaction = interaction
        self._user = user
        self.shown_radius = 0  # the stored distance shown (the base of the next save)
        self.assessment: Assessment | None = None
        self.location: Location | None = None
        self.figures: CrimeFigures | None = None
        self.problem = ""
        self.import_task: Task | None = None
        layout = QVBoxLayout(self)
        add_page_header(self, section, layout)
        row = QHBoxLayout()
        self.radius = QSpinBox(self)
        self.radius.setRange(MIN_RADIUS_M, MAX_RADIUS_M)
        self.radius.setSingleStep(25)
        self.radius.setSuffix(" m")
        self.radius.setAccessibleName("Count records within this distance of the place, in metres")
        self.apply_button = QPushButton("Count within this distance", self)
        self.import_button = QPushButton("Import police data…", self)
        row.addWidget(QLabel("Distance from the boundary", self))
        row.addWidget(self.radius)
        row.addWidget(self.apply_button)
        row.addStretch(1)
        row.addWidget(self.import_button)
        layout.addLayout(row)
        self.view = QTextBrowser(self)
        self.view.setAccessibleName("Police figures")
        self.view.setOpenLinks(False)
        layout.addWidget(self.view, 1)
        self.apply_button.clicked.connect(self.apply_radius)
        self.import_button.clicked.connect(self.import_data)
        if drafts is not None:
            drafts.watch(self, self.radius)

    def load(self, assessment: Assessment, location: Location) -> None:
        """Show the figures of ``assessment``."""
        self.assessment, self.location = assessment, location
        self.shown_radius = self._store.crime.radius(assessment.id)
        self.radius.setValue(self.shown_radius)
        self.refresh()

    def refresh(self) -> None:
        """Count again from the stored police data."""
        if self.assessment is None or self.location is None:
            return
        self.figures = figures_for(self._store.crime, self.location, self.assessment)
        self.view.setHtml(figures_html(self.figures))

    def showEvent(self, event: QShowEvent) -> None:
        """Count again when shown: the boundary may have changed on the Map page."""
        super().showEvent(event)
        self.refresh()

    def apply_radius(self) -> bool:
        """Save the distance and count again; True if saved.

        If another window saved another distance meanwhile, the user chooses which to keep.
        """
        if self.assessment is None:
            return True
        self.problem = ""
        for _attempt in range(3):
            try:
                self.shown_radius = self._store.crime.set_radius(
                    self.assessment.id, self.radius.value(), base=self.shown_radius
                )
            except EditConflictError as error:
                if not self._choose(error):
                    return False
                continue
            except SafeguardingError as error:
                self.problem = str(error)
                self._interaction.error(self, "Distance not saved", str(error))
                return False
            self.records_changed.emit()
            self.refresh()
            return True
        return False

    def _choose(self, error: EditConflictError) -> bool:
        resolution = resolve(
            self,
            self._interaction,
            error,
            label=lambda _key: "Police figures: the distance records are counted within (metres)",
            is_text=lambda _key: False,
            me=self._user,
        )
        if resolution is None:
            self.problem = f"{error} Count again to choose."
            return False
        assert self.assessment is not None
        chosen = resolution.value(error.conflicts[0])
        self.shown_radius = self._store.crime.radius(self.assessment.id)
        self.radius.setValue(int(chosen))
        return True

    # -- drafts (a distance changed but not counted, as an Editable) -----------------------

    def drafts(self) -> list[Draft]:
        """A distance changed but not saved, as a draft."""
        assessment = self.assessment
        if assessment is None or self.radius.value() == self.shown_radius:
            return []
        place = self.location.name if self.location is not None else "the location"
        return [
            Draft(
                key=f"{POLICE}:{assessment.id}",
                kind=POLICE,
                record_id=assessment.id,
                assessment_id=assessment.id,
                label=f"the distance of the police figures for {place}",
                payload={"radius_m": self.radius.value()},
                base={"radius_m": self.shown_radius},
                excerpt=f"{self.radius.value():,} m",
            )
        ]

    def save_unsaved(self) -> str | None:
        """Save the distance; None if saved, else why not."""
        return None if self.apply_radius() else (self.problem or "the distance could not be saved")

    def discard_unsaved(self) -> None:
        """Show the saved distance again."""
        self.radius.setValue(self.shown_radius)

    def restore_draft(self, draft: Draft) -> bool:
        """Show a distance draft, unsaved, against the distance it was changed from."""
        if draft.kind != POLICE:
            return False
        self.shown_radius = int((draft.base or {}).get("radius_m", self.shown_radius))
        self.radius.setValue(int(draft.payload.get("radius_m", self.shown_radius)))
        return True

    def reveal(self) -> None:
        """Show this page."""
        reveal_page(self)

    def import_data(self) -> None:
        """Import police.uk files, then count again."""
        from ui.police_import import import_police_data

        self.import_task = import_police_data(self, self._interaction, self._store, lambda _report: self.refresh())

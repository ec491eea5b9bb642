"""What the checks of the audit trail found, said in the window: a mark in the status bar and a message.

The trail is checked when the database opens (the part written since the last
check, the anchor beside the file, its guards and triggers) and before every
backup, the same way and whole once a day (:func:`~safeguarding.store.audit_anchor.whole_check_due`;
:mod:`safeguarding.store.audit_chain`). A break not reported before
is shown in a message, in words (which entry, when, what happened), then recorded
in the trail as reported (a ``notice`` entry), so it is not shown again at every
start; the status bar keeps saying the trail is broken while it is.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel

from safeguarding.errors import SafeguardingError

if TYPE_CHECKING:
    from safeguarding.store import ChainReport
    from ui.window_host import WindowHost

ADVICE = (
    "The audit trail is how the app shows who changed what. A break means that records, or the trail itself, "
    "may have been changed outside the app. Nothing has been changed or removed by this check. Tell your "
    "information governance officer; keep the backups (the last one taken while the trail was intact is kept "
    "for 90 days), and export the history of the assessments concerned (Records → Assessment history), which "
    "says where the trail breaks."
)


class AuditStatus:
    """Shows the audit trail's state in the main window.

    Args:
        host: The main window.
        when_unlocked: Runs a callable now, or once the window is unlocked (messages never show over the lock).

    Attributes:
        label: The status-bar mark, shown while the trail is broken.
        last: The last report shown.
    """

    def __init__(self, host: WindowHost, when_unlocked: Callable[[Callable[[], None]], None]) -> None:
        self.host = host
        self.when_unlocked = when_unlocked
        self.last: ChainReport | None = None
        self._told: set[str] = set()  # breaks shown (or about to be) to this database in this session
        self._told_store: object = None
        self.label = QLabel(host.window())
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setStyleSheet("background: #b71c1c; color: #fff; font-weight: bold; padding: 2px 8px;")
        self.label.setAccessibleName("Audit trail state")
        self.label.hide()
        host.statusBar().addPermanentWidget(self.label)

    def show(self, report: ChainReport | None) -> None:
        """Show ``report``: the status-bar mark, and a message for breaks not reported before (recorded as shown)."""
        self.last = report
        if report is None or report.intact:
            self.label.hide()
            return
        first = next((item for item in report.breaks if item.seq), report.breaks[0])
        start = f" from entry {first.seq:,}" if first.seq else ""
        self.label.setText(f"Audit trail broken{start}")
        self.label.setToolTip(f"{report.summary()} Records → Check the audit trail… says more.")
        self.label.show()
        store = self.host.store
        if store is not self._told_store:
            self._told, self._told_store = set(), store
        fresh = [item for item in report.new_breaks if item.key not in self._told]
        if not fresh:
            return  # reported before, or a message about it is already on its way
        self._told.update(item.key for item in fresh)

        def tell() -> None:
            if self.host.store is not store or store is None:
                return
            words = "\n\n".join(item.describe() for item in fresh)
            self.host.interaction.error(
                self.host.window(), "The audit trail is broken", f"{report.summary()}\n\n{words}\n\n{ADVICE}"
            )
            try:
                store.audit.record_notices(fresh, "shown in the window")
            except SafeguardingError as error:
                self.host.statusBar().showMessage(f"The report could not be noted in the trail: {error}", 15000)

        QTimer.singleShot(0, self.host.window(), lambda: self.when_unlocked(tell))

"""The lock: hide the window behind the lock screen on Ctrl+L and after idle time.

Locking covers the window's page with a :class:`~ui.security.dialogs.LockScreen`
and disables the menus; open dialogs are hidden. Unsaved work is written as drafts
first (inside the encrypted database) and stays on screen behind the lock, so it is
still there after unlocking, and offered back if the app is killed while locked. Idle time is measured by
an event filter on the window that restarts a timer on every key press, mouse
press or wheel turn (time spent only in a separate dialog counts as idle).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

from safeguarding.security.throttle import UnlockThrottle

if TYPE_CHECKING:
    from safeguarding.security.keys import Key
    from ui.security.dialogs import LockScreen
    from ui.window_host import WindowHost

IDLE_KEY = "lock_idle_minutes"
DEFAULT_IDLE_MINUTES = 10
IDLE_CHOICES = (5, 10, 15, 30, 0)
_ACTIVITY = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel, QEvent.Type.TouchBegin})


class _ActivityFilter(QObject):
    """Restarts the idle timer on user input anywhere in the app."""

    def __init__(self, timer: QTimer, parent: QObject) -> None:
        super().__init__(parent)  # destroyed with the window, which removes it from the application
        self._timer = timer

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and self._timer.isActive():
            self._timer.start()
        return False


class IdleLock(QObject):
    """Locks the window on request and after idle time; unlocks with the database's passphrase.

    Signals:
        unlocked: The lock screen was removed (the menus are usable again).
        unlocked_with_recovery_key: Emitted after ``unlocked`` when the recovery key was used:
            the passphrase was forgotten, so a new one is asked for.

    Attributes:
        locked: True while the lock screen is shown.
        lock_screen: The lock screen while locked.
        idle_timer: Locks the app when it fires (restarted by activity).
        throttle: Wrong-passphrase delays, shared by every unlock in this session.
    """

    unlocked = Signal()
    unlocked_with_recovery_key = Signal()

    def __init__(self, host: WindowHost, throttle: UnlockThrottle) -> None:
        super().__init__(host.window())
        self.host = host
        self.locked = False
        self.lock_screen: LockScreen | None = None
        self.throttle = throttle
        self._hidden: list[QWidget] = []
        self._after_unlock: list[Callable[[], None]] = []
        self.idle_timer = QTimer(host.window())
        self.idle_timer.setSingleShot(True)
        self.idle_timer.setTimerType(Qt.TimerType.PreciseTimer)  # restarts are exact (a coarse timer rounds)
        self.idle_timer.timeout.connect(self.lock)
        self._filter = _ActivityFilter(self.idle_timer, host.window())
        self._watched: QObject | None = None

    @property
    def key(self) -> Key | None:
        """The open database's data key (None: plain or none open)."""
        store = self.host.store
        return store.opened.key if store is not None else None

    def watch_activity(self) -> None:
        """Watch the window's input for activity (call once it is shown).

        The filter sits on the window's native ``QWindow``, which receives every key
        and mouse event for the window before Qt hands it to a widget. (An
        application-wide Python event filter crashed QtWebEngine in tests.)
        """
        handle = self.host.windowHandle()
        if handle is not None and handle is not self._watched:
            handle.installEventFilter(self._filter)
            self._watched = handle

    def idle_minutes(self) -> int:
        """Minutes without use before the app locks (0 = never), from the database's settings."""
        store = self.host.store
        if store is None:
            return 0
        try:
            return max(0, int(store.meta.get(IDLE_KEY, str(DEFAULT_IDLE_MINUTES))))
        except ValueError:
            return DEFAULT_IDLE_MINUTES

    def restart(self) -> None:
        """Start the idle timer again for the open database (stopped if it is plain or never locks)."""
        minutes = self.idle_minutes()
        if self.key is not None and minutes > 0:
            self.idle_timer.setInterval(minutes * 60 * 1000)
            self.idle_timer.start()
        else:
            self.idle_timer.stop()

    def lock(self) -> None:
        """Hide all content behind the lock screen (only for an encrypted database). Edits stay in memory."""
        store = self.host.store
        if self.locked or store is None or self.key is None:
            if store is not None and self.key is None and not self.locked:
                self.host.statusBar().showMessage(
                    "This database has no passphrase, so it cannot be locked. Use Security → Encrypt this database…",
                    10000,
                )
            return
        self.host.keep_drafts()  # what is typed is on disk (encrypted) before the screen locks
        self.locked = True
        self.idle_timer.stop()
        window = self.host.window()
        self._hidden = [
            widget
            for widget in QApplication.topLevelWidgets()
            if widget is not window and widget.isVisible() and widget.isWindow()
        ]
        for widget in self._hidden:
            widget.hide()
        from ui.security.dialogs import LockScreen

        self.lock_screen = LockScreen(store.path, self.throttle, window)
        self.lock_screen.panel.unlocked.connect(self._unlocked)
        self.host.cover(self.lock_screen)
        self.host.menuBar().setEnabled(False)
        self._set_window_actions(False)
        self.lock_screen.panel.passphrase_edit.setFocus()

    def _set_window_actions(self, enabled: bool) -> None:
        for action in self.host.shortcut_actions():
            if enabled:
                action.setEnabled(bool(action.property("enabledBeforeLock")))
            else:
                action.setProperty("enabledBeforeLock", action.isEnabled())
                action.setEnabled(False)

    def _unlocked(self, key: object) -> None:
        if key != self.key:  # the passphrase of another database's key file cannot be right here
            return
        by_recovery = self.lock_screen is not None and self.lock_screen.panel.used_recovery
        self.unlock_now()
        if by_recovery:
            self.unlocked_with_recovery_key.emit()

    def unlock_now(self) -> None:
        """Remove the lock screen and show what was there before."""
        if not self.locked or self.lock_screen is None:
            return
        self.host.uncover(self.lock_screen)
        self.lock_screen.deleteLater()
        self.lock_screen = None
        self.host.menuBar().setEnabled(True)
        self._set_window_actions(True)
        for widget in self._hidden:
            if shiboken6.isValid(widget):  # a progress window whose work ended meanwhile is gone
                widget.show()
        self._hidden = []
        self.locked = False
        self.unlocked.emit()
        waiting, self._after_unlock = self._after_unlock, []
        for show in waiting:
            show()

    def when_unlocked(self, show: Callable[[], None]) -> None:
        """Run ``show`` (a message about work that finished) now, or once unlocked if the window is locked.

        A message shown over the lock screen would reveal what the window hides
        (a report's file name carries the location's name).
        """
        if self.locked:
            self._after_unlock.append(show)
        else:
            show()

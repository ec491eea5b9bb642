"""Is the installed Qt binding (PySide6) safe for a long session?

PySide6 6.12.0 on Python 3.11 lowers ``None``'s reference count by one on every
call of a method that returns nothing and ``True``'s on every ``Signal.emit()``;
after a few thousand calls (about 3,500 typed characters in a write-up field)
Python aborts with "Fatal Python error: none_dealloc" or "bool_dealloc" and
everything typed since the last save is gone. Measured 0 drift with 6.11.3 and
6.10.3 on the same Python, and 0 on Python 3.12 and later (where ``None`` and
``True`` are immortal). See ``../shared/docs/design.md``.

:func:`measure_drift` calls void methods and emits a signal and reports how far
the two counts moved; :func:`describe` turns that into the installation check's
line. Only QtCore is needed (no QApplication, no screen).
"""

from __future__ import annotations

import sys
from typing import NamedTuple


class Drift(NamedTuple):
    """How far ``None``'s and ``True``'s reference counts moved during a probe.

    Attributes:
        void_calls: Calls made of methods that return nothing.
        none: Change of ``sys.getrefcount(None)`` over those calls (0 on a sound binding).
        emits: ``Signal.emit(True)`` calls made.
        true: Change of ``sys.getrefcount(True)`` over those emits (0 on a sound binding).
    """

    void_calls: int
    none: int
    emits: int
    true: int

    @property
    def sound(self) -> bool:
        """True if neither count drifted by more than a handful (a faulty binding drifts by one per call)."""
        return abs(self.none) <= self.void_calls // 100 + 2 and abs(self.true) <= self.emits // 100 + 2


def measure_drift(void_calls: int = 1000, emits: int = 100) -> Drift:
    """Call ``void_calls`` void QtCore methods and ``emits`` signal emits; return the reference-count drift.

    Keep ``emits`` well under ``sys.getrefcount(True)`` (a few hundred in a bare
    process): on a faulty binding each emit takes one reference from ``True``,
    and at zero Python aborts. The regression test runs thousands in a child process.
    """
    from PySide6.QtCore import QObject, QTimer, Signal

    class _Probe(QObject):
        changed = Signal(bool)

    probe, timer = _Probe(), QTimer()
    before = sys.getrefcount(None)
    for _ in range(void_calls // 2):
        probe.setObjectName("probe")  # void
        timer.setInterval(5)  # void
    none = sys.getrefcount(None) - before
    before = sys.getrefcount(True)
    for _ in range(emits):
        probe.changed.emit(True)
    true = sys.getrefcount(True) - before
    return Drift(void_calls // 2 * 2, none, emits, true)


def binding_version() -> str:
    """``"PySide6 6.11.3 (Qt 6.11.3) on Python 3.11.7"``: what the window runs on."""
    import PySide6
    from PySide6.QtCore import qVersion

    python = ".".join(str(part) for part in sys.version_info[:3])
    return f"PySide6 {PySide6.__version__} (Qt {qVersion()}) on Python {python}"


def describe(drift: Drift) -> str:
    """The plain-English finding for ``drift``; raises RuntimeError when the binding is faulty."""
    version = binding_version()
    if not drift.sound:
        raise RuntimeError(
            f"{version} corrupts reference counts (None {drift.none:+d} over {drift.void_calls} calls, "
            f"True {drift.true:+d} over {drift.emits} signals): long sessions will stop with a fatal error. "
            "Install the PySide6 version in requirements.txt"
        )
    return f"{version}: reference counts steady over {drift.void_calls} calls and {drift.emits} signals"

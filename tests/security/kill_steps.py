"""Run work in a child process and kill it with SIGKILL at its N-th step, to test what a crash leaves.

A *step* is each progress report of the work and each call that changes a file name
or a file's existence (``os.open`` creating a file, ``os.replace``, ``os.rename``,
``os.link``, ``os.unlink``, ``shutil.copyfile``): between any two of them the
process can be killed (a power cut, the task manager). The child is a ``fork`` of
the test process, so each run costs milliseconds rather than a Python start-up; it
kills itself with SIGKILL (no clean-up, no ``finally`` blocks) when it reaches the
step asked for, and otherwise exits 0 after the work.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from safeguarding.progress import Progress

WATCHED = ("open", "replace", "rename", "link", "unlink")


class KillSwitch:
    """Counts steps and kills this process with SIGKILL at step ``kill_at`` (None: never)."""

    def __init__(self, kill_at: int | None) -> None:
        self.kill_at = kill_at
        self.steps: list[str] = []

    def step(self, what: str) -> None:
        """One step: record it, and die here if it is the one."""
        self.steps.append(what)
        if len(self.steps) == self.kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    def progress(self, fraction: float, message: str) -> None:
        """A progress callable that counts each report as a step."""
        self.step(f"progress {fraction:.2f} {message}")

    def watch_files(self) -> None:
        """Count every call that creates, renames, links or removes a file (in this process only)."""
        for name in WATCHED:
            original = getattr(os, name)

            def wrapper(*args: Any, _original: Any = original, _name: str = name, **kwargs: Any) -> Any:
                if _name != "open" or (len(args) > 1 and args[1] & os.O_CREAT):
                    self.step(f"{_name} {Path(str(args[0])).name}")
                return _original(*args, **kwargs)

            setattr(os, name, wrapper)
        copy = shutil.copyfile

        def copyfile(source: Any, target: Any, *args: Any, **kwargs: Any) -> Any:
            self.step(f"copyfile {Path(str(target)).name}")
            return copy(source, target, *args, **kwargs)

        shutil.copyfile = copyfile  # type: ignore[assignment]


def run_killed(work: Callable[[Progress], object], kill_at: int | None, record: Path | None = None) -> int | None:
    """Run ``work(progress)`` in a forked child killed at step ``kill_at``; return the signal that ended it.

    Args:
        work: The work; it gets a progress callable that counts as steps.
        kill_at: The step to die at (None: run to the end).
        record: Where the child writes the list of its steps (for a dry run).

    Returns:
        ``signal.SIGKILL`` if the child was killed, None if it ran to the end.

    Raises:
        AssertionError: the child failed (its traceback is in the message).
    """
    failure = Path(f"{record or '/tmp/kill-steps'}.failure-{os.getpid()}")
    failure.unlink(missing_ok=True)
    child = os.fork()
    if child == 0:  # pragma: no cover - the child
        code = 0
        switch = KillSwitch(kill_at)
        try:
            switch.watch_files()
            work(switch.progress)
        except BaseException:
            failure.write_text(traceback.format_exc(), encoding="utf-8")
            code = 1
        if record is not None:
            record.write_text(json.dumps(switch.steps), encoding="utf-8")
        os._exit(code)
    _, status = os.waitpid(child, 0)
    if os.WIFSIGNALED(status):
        return os.WTERMSIG(status)
    if os.WEXITSTATUS(status) != 0:
        text = failure.read_text(encoding="utf-8") if failure.exists() else "no traceback"
        failure.unlink(missing_ok=True)
        raise AssertionError(f"the child failed:\n{text}")
    return None


def count_steps(work: Callable[[Progress], object], record: Path) -> list[str]:
    """Run ``work`` to the end in a child and return its steps, in order."""
    assert run_killed(work, None, record) is None
    return list(json.loads(record.read_text(encoding="utf-8")))

"""What the command line prints: messages, and progress on a terminal.

Shared by :mod:`app.cli`, :mod:`app.import_commands` and :mod:`app.team_commands`. A frozen windowed app
on Windows has no console streams, so every write allows for ``None``.
"""

from __future__ import annotations

import sys
from typing import TextIO


def say(message: str, stream: TextIO | None) -> None:
    """Print ``message`` to ``stream``; frozen windowed apps on Windows have no console streams."""
    if stream is not None:
        print(message, file=stream, flush=True)


def stderr_progress(fraction: float, message: str) -> None:
    """Show ``fraction`` (0.0-1.0) and ``message`` on stderr, only when stderr is a terminal (not in logs)."""
    if sys.stderr is not None and sys.stderr.isatty():
        say(f"{fraction:4.0%}  {message}", sys.stderr)

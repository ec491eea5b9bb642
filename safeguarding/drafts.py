"""Drafts: what an editor holds that is not saved yet, and how it is offered back in words.

A practitioner's write-up after a night-time visit is hours of work. Every form
of the window keeps what is typed as a :class:`Draft` a couple of seconds after
it was typed (stored inside the database, so it is encrypted with it: see
:mod:`safeguarding.store.drafts`). If the app is killed, crashes or loses power,
the next start offers each draft back in words (:func:`describe`), for the record
it belongs to.

A draft is not a record: saving the work through the normal, conflict-safe save
removes it. Each app process has its own :data:`INSTANCE` id, written with its
drafts, so a draft left by a process that is no longer running can be told from
one a running window is still keeping.
"""

from __future__ import annotations

import os
import secrets
import socket
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from safeguarding.timeutil import utc_now, utc_to_local

INSTANCE = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"
"""This app process, as written with its drafts: machine, process id and a random part
(a process id is reused by the system once the process has ended)."""

EXCERPT_LENGTH = 60
"""Most characters of typed text quoted when a draft is offered back."""


@dataclass(frozen=True)
class Draft:
    """Unsaved work of one editor.

    Attributes:
        key: Which editor and record, e.g. ``"visit:<id>"`` (one draft per key).
        kind: What is being edited, e.g. ``"visit"``, ``"assessment"``, ``"pin"``.
        record_id: The record's id (a new record's id before it is first saved).
        assessment_id: The assessment it belongs to, or None (the partner agencies list).
        label: The work in words, e.g. ``"a visit to Brenchley Gardens"`` (lower case first).
        payload: The editor's field values (JSON types).
        base: The record as the editor loaded it (JSON types), so a restored draft saves
            without overwriting anyone's later change; None for a record never saved.
        excerpt: A little of what was typed, for the offer ("Group of six by the bandstand").
        instance: The app process that wrote it (:data:`INSTANCE`).
        updated_at: When it was written (aware UTC).
    """

    key: str
    kind: str
    record_id: str
    assessment_id: str | None
    label: str
    payload: dict[str, Any]
    base: dict[str, Any] | None = None
    excerpt: str = ""
    instance: str = INSTANCE
    updated_at: datetime | None = field(default=None, compare=False)

    @property
    def is_new(self) -> bool:
        """True for a record that was never saved (no base)."""
        return self.base is None


def excerpt(*texts: str, limit: int = EXCERPT_LENGTH) -> str:
    """The first line of the longest of ``texts``, cut at a word to at most ``limit`` characters ("…" if cut)."""
    longest = max((" ".join(text.split()) for text in texts), key=len, default="")
    if len(longest) <= limit:
        return longest
    cut = longest[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,.;:") + "…"


def describe(draft: Draft, now: datetime | None = None) -> str:
    """The offer in words: "A visit to Brenchley Gardens you were writing at 21:40 (‘Group of six…’)".

    The time is UK local; a draft from another day names the day ("on Tuesday 8 December at 21:40").
    """
    label = draft.label[:1].upper() + draft.label[1:]
    when = ""
    if draft.updated_at is not None:
        local = utc_to_local(draft.updated_at)
        today = utc_to_local(now or utc_now()).date()
        day = "" if local.date() == today else f" on {local:%A} {local.day} {local:%B}"
        if local.date().year != today.year:
            day += f" {local.year}"
        when = f"{day} at {local:%H:%M}"
    quoted = f" (‘{draft.excerpt}’)" if draft.excerpt else ""
    return f"{label} you were writing{when}{quoted}"

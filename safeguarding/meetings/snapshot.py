"""What a meeting saw: an assessment frozen as JSON when the meeting is finalised, and read back to print.

The whole assessment is kept (location, findings, visits, photos with their
thumbnails, consultations, pins, boundary, plan), so the version the meeting
considered prints exactly as it was, whatever is edited later. The JSON is made
by a small typed codec over the domain dataclasses (never ``pickle``: the content
travels to the team server and back, and must never run as code when read).

:func:`digest` fingerprints the parts a person writes; comparing it with the
assessment as it is now says whether, and which parts, changed since the meeting
(:func:`changed_parts`).
"""

from __future__ import annotations

import base64
import dataclasses
import enum
import hashlib
import json
import types
import typing
from datetime import date, datetime
from functools import cache
from typing import Any

from safeguarding.model import Assessment, Location
from safeguarding.timeutil import from_iso, to_iso

SNAPSHOT_VERSION = 1
"""Raised when the shape of the kept JSON changes; older snapshots stay readable."""

PART_LABELS = {
    "location": "the location's details",
    "overview": "the scope and status",
    "findings": "the write-up of the sides",
    "summary": "the analysis and recommendation",
    "observations": "the visits",
    "photos": "the photos",
    "consultations": "the consultations",
    "map": "the map",
    "plan": "the plan",
}
"""The parts compared by :func:`changed_parts`, in words, in report order."""

_OVERVIEW = ("status", "assessor_name", "assessor_agency", "start_date", "end_date", "scope_boundary", "scope_times")
_VOLATILE = frozenset({"created_at", "updated_at", "at"})
"""Fields that change without anyone changing the record's content (timestamps)."""


def encode(value: Any) -> Any:
    """Return ``value`` (a domain dataclass, or anything inside one) as JSON-ready data."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        return to_iso(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {item.name: encode(getattr(value, item.name)) for item in dataclasses.fields(value)}
    if isinstance(value, dict):
        return [[encode(key), encode(item)] for key, item in value.items()]
    if isinstance(value, set | frozenset):
        return sorted(encode(item) for item in value)
    if isinstance(value, list | tuple):
        return [encode(item) for item in value]
    raise TypeError(f"cannot keep a {type(value).__name__} in a snapshot")


@cache
def _hints(cls: type) -> dict[str, Any]:
    from safeguarding.plan import records  # names the model declares only for type checkers

    return typing.get_type_hints(cls, localns=vars(records))


def decode(kind: Any, data: Any) -> Any:
    """Rebuild a value of type ``kind`` from :func:`encode`'s output.

    Raises:
        ValueError, TypeError, KeyError: the data does not fit the type (a damaged snapshot).
    """
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        options = [option for option in typing.get_args(kind) if option is not type(None)]
        return None if data is None else decode(options[0], data)
    if kind is Any:
        return data
    if origin is list:
        (inner,) = typing.get_args(kind)
        return [decode(inner, item) for item in data]
    if origin is set:
        (inner,) = typing.get_args(kind)
        return {decode(inner, item) for item in data}
    if origin is tuple:
        args = typing.get_args(kind)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(decode(args[0], item) for item in data)
        return tuple(decode(arg, item) for arg, item in zip(args, data, strict=True))
    if origin is dict:
        key_type, value_type = typing.get_args(kind)
        return {decode(key_type, key): decode(value_type, item) for key, item in data}
    if isinstance(kind, type):
        if dataclasses.is_dataclass(kind):
            hints = _hints(kind)
            fields = {item.name for item in dataclasses.fields(kind)}
            return kind(**{name: decode(hints[name], value) for name, value in data.items() if name in fields})
        if issubclass(kind, enum.Enum):
            return kind(data)
        if kind is datetime:
            return from_iso(data)
        if kind is date:
            return date.fromisoformat(data)
        if kind is bytes:
            return base64.b64decode(data)
        if kind in (str, int, float, bool):
            return kind(data)
    raise TypeError(f"cannot read a {kind} from a snapshot")


@dataclasses.dataclass(frozen=True)
class Snapshot:
    """One assessment as a meeting saw it.

    Attributes:
        location: The location then.
        assessment: The whole assessment then (plan included).
    """

    location: Location
    assessment: Assessment


def to_json(location: Location, assessment: Assessment) -> str:
    """The frozen version of ``assessment`` (with its ``plan`` loaded) as compact JSON text."""
    return json.dumps(
        {"version": SNAPSHOT_VERSION, "location": encode(location), "assessment": encode(assessment)},
        ensure_ascii=False,
        separators=(",", ":"),
    )


def from_json(text: str) -> Snapshot:
    """Read back what :func:`to_json` wrote.

    Raises:
        ValueError: the text is not a snapshot this version can read.
    """
    try:
        data = json.loads(text)
        location = decode(Location, data["location"])
        assessment = decode(Assessment, data["assessment"])
    except (KeyError, TypeError, ValueError) as error:
        raise ValueError(f"This kept version of the assessment cannot be read ({error}).") from error
    return Snapshot(location, assessment)


def _content(value: Any) -> Any:
    """JSON data without the fields that change on their own (timestamps, action history moments)."""
    if isinstance(value, dict):
        return {key: _content(item) for key, item in value.items() if key not in _VOLATILE}
    if isinstance(value, list):
        return [_content(item) for item in value]
    return value


def parts(location: Location, assessment: Assessment) -> dict[str, Any]:
    """The content of each part named in :data:`PART_LABELS`, as JSON-ready data."""
    data = _content(encode(assessment))
    plan = data["plan"]
    if isinstance(plan, dict):
        plan.pop("earlier", None)  # the earlier assessment is not this one's content
        # A draft review (the next meeting's, being prepared) is not yet part of the record.
        plan["reviews"] = [review for review in plan["reviews"] if review.get("finalised_at")]
    return {
        "location": _content(encode(location)),
        "overview": {name: data[name] for name in _OVERVIEW},
        "findings": data["findings"],
        "summary": {name: data[name] for name in ("analysis", "recommendation")},
        "observations": data["observations"],
        "photos": [{k: v for k, v in photo.items() if k != "thumbnail"} for photo in data["photos"]],
        "consultations": data["consultations"],
        "map": {"pins": data["pins"], "boundary": data["boundary"]},
        "plan": plan,
    }


def part_digests(location: Location, assessment: Assessment) -> dict[str, str]:
    """A SHA-256 of each part's content."""
    return {
        name: hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()
        for name, value in parts(location, assessment).items()
    }


def digest(location: Location, assessment: Assessment) -> str:
    """One fingerprint of everything a person wrote in the assessment (see :func:`part_digests`)."""
    return json.dumps(part_digests(location, assessment), sort_keys=True, separators=(",", ":"))


def changed_parts(kept_digest: str, location: Location, assessment: Assessment) -> list[str]:
    """The parts (keys of :data:`PART_LABELS`) that differ between ``kept_digest`` and the assessment now."""
    try:
        kept = json.loads(kept_digest)
    except ValueError:
        kept = {}
    now = part_digests(location, assessment)
    return [name for name in PART_LABELS if kept.get(name) != now.get(name)]

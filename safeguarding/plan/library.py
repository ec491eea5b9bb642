"""The plan library kept as data: contexts, seed agencies and safety goals per side.

Loaded from ``forms/libraries/plan.toml`` (a sub-folder, so the assessment form
loader, which reads ``forms/*.toml``, never sees it). Every problem raises
:class:`~safeguarding.errors.FormDefinitionError` naming the file and the key.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from safeguarding.errors import FormDefinitionError
from safeguarding.model import Side
from safeguarding.paths import resource_path

LIBRARY_KIND = "plan_library"


@dataclass(frozen=True)
class ContextDef:
    """A context that can drive harm at a location (this location, a peer group...)."""

    id: str
    label: str
    help: str


@dataclass(frozen=True)
class GoalDef:
    """An example safety goal for one side of the triangle."""

    id: str
    side: Side
    text: str
    help: str


@dataclass(frozen=True)
class AgencyDef:
    """A partner agency a new database starts with."""

    name: str
    help: str


@dataclass(frozen=True)
class PlanLibrary:
    """The validated plan library.

    Attributes:
        weighting_help: Help text for the context weighting page.
        goals_help: Help text for the safety goals page.
        contexts: Contexts for weighting, in order.
        goals: Example goals, in order.
        agencies: Seed partner agencies, in order.
        source: The file it was loaded from.
    """

    id: str
    version: int
    weighting_help: str
    goals_help: str
    contexts: tuple[ContextDef, ...]
    goals: tuple[GoalDef, ...]
    agencies: tuple[AgencyDef, ...]
    source: Path

    def goals_for(self, side: Side) -> list[GoalDef]:
        """The library's goals for one side."""
        return [goal for goal in self.goals if goal.side == side]

    def context_label(self, context_id: str) -> str:
        """The label of a context id, or the id itself if the library does not know it."""
        return next((c.label for c in self.contexts if c.id == context_id), context_id)


def library_path() -> Path:
    """The shipped plan library file (works frozen and from source)."""
    return resource_path("forms") / "libraries" / "plan.toml"


def _fail(path: Path, where: str, message: str) -> FormDefinitionError:
    location = f"{where}: " if where else ""
    return FormDefinitionError(f"Library file {path.name}: {location}{message}")


def _text(path: Path, data: Any, key: str, where: str) -> str:
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, str) or not value.strip():
        raise _fail(path, where, f"'{key}' is missing or is not text")
    return value.strip()


def _items(path: Path, data: dict[str, Any], key: str, id_key: str) -> list[dict[str, Any]]:
    items = data.get(key)
    if not isinstance(items, list) or not items or not all(isinstance(item, dict) for item in items):
        raise _fail(path, key, "a non-empty list of tables is missing")
    seen: set[str] = set()
    for index, item in enumerate(items):
        item_id = _text(path, item, id_key, f"{key}[{index}]")
        if item_id.casefold() in seen:
            raise _fail(path, f"{key}[{index}]", f"'{item_id}' is used twice")
        seen.add(item_id.casefold())
    return items


def load_library(path: Path | None = None) -> PlanLibrary:
    """Load and validate a plan library file.

    Args:
        path: A TOML file in the format of ``forms/libraries/plan.toml``
            (default: :func:`library_path`).

    Raises:
        FormDefinitionError: if the file cannot be read, is not valid TOML or
            breaks a rule; the message names the file and the key.
    """
    path = path or library_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise _fail(path, "", f"cannot be read ({error.strerror or error})") from error
    except UnicodeDecodeError:
        raise _fail(path, "", "is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as error:
        raise _fail(path, "", f"is not valid TOML ({error})") from error
    head = data.get("library")
    if not isinstance(head, dict):
        raise _fail(path, "library", "a table is missing")
    if head.get("kind") != LIBRARY_KIND:
        raise _fail(path, "library", f"'kind' is '{head.get('kind')}', expected '{LIBRARY_KIND}'")
    version = head.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _fail(path, "library", "'version' must be a whole number of 1 or more")
    contexts = tuple(
        ContextDef(
            item["id"].strip(),
            _text(path, item, "label", f"contexts[{i}]"),
            _text(path, item, "help", f"contexts[{i}]"),
        )
        for i, item in enumerate(_items(path, data, "contexts", "id"))
    )
    goals: list[GoalDef] = []
    sides = {side.value for side in Side}
    for index, item in enumerate(_items(path, data, "goals", "id")):
        where = f"goals[{index}]"
        side = _text(path, item, "side", where)
        if side not in sides:
            raise _fail(path, where, f"side '{side}' is not one of {', '.join(sorted(sides))}")
        goals.append(
            GoalDef(item["id"].strip(), Side(side), _text(path, item, "text", where), _text(path, item, "help", where))
        )
    agencies = tuple(
        AgencyDef(item["name"].strip(), _text(path, item, "help", f"agencies[{i}]"))
        for i, item in enumerate(_items(path, data, "agencies", "name"))
    )
    return PlanLibrary(
        id=_text(path, head, "id", "library"),
        version=version,
        weighting_help=_text(path, data.get("weighting"), "help", "weighting"),
        goals_help=_text(path, data.get("goals_help"), "help", "goals_help"),
        contexts=contexts,
        goals=tuple(goals),
        agencies=agencies,
        source=path,
    )


@cache
def shipped_library() -> PlanLibrary:
    """The shipped library, loaded once per process.

    Raises:
        FormDefinitionError: if the shipped file is malformed.
    """
    return load_library()

"""The locations list made from plain rows, without sqlite-utils.

:class:`~safeguarding.store.locations.LocationRepository` reads the list through
sqlite-utils; start-up reads the same list through a plain read-only connection
before the store is open (:mod:`safeguarding.store.first_list`, issue 14). Both
build it here, so they list the same rows in the same order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, Protocol

from safeguarding.model import AssessmentStatus, Location, LocationSummary, Rating, Side
from safeguarding.timeutil import date_from_iso, from_iso

_SIDES = {side.value: side for side in Side}
_RATINGS = {rating.value: rating for rating in Rating}
"""Each stored value and its member (a dictionary look-up: hundreds are read at start-up)."""

Query = Callable[[str, Sequence[Any]], Iterable[Mapping[str, Any]]]
"""Runs one SELECT with its parameters and yields its rows; a row's values are read only as ``row["column"]``."""


class Cursor(Protocol):
    """What :func:`rows_of` reads of a DB-API cursor: its column names and its rows."""

    @property
    def description(self) -> Any: ...

    def __iter__(self) -> Iterator[Any]: ...


def rows_of(execute: Callable[[str, Sequence[Any]], Cursor]) -> Query:
    """A :data:`Query` on a connection's (or sqlite-utils database's) ``execute``: each row as a dictionary.

    Plain cursors, not sqlite-utils' ``query``: that wraps each read in a savepoint, which a
    read failing on a damaged page leaves open (the connection then cannot checkpoint).
    """

    def query(sql: str, parameters: Sequence[Any]) -> Iterator[Mapping[str, Any]]:
        cursor = execute(sql, parameters)
        names = [column[0] for column in cursor.description or ()]
        for row in cursor:
            yield dict(zip(names, row, strict=True))

    return query


def location_from_row(row: Mapping[str, Any]) -> Location:
    """The :class:`Location` stored in a row of the ``locations`` table (every column)."""
    return Location(
        id=row["id"],
        name=row["name"],
        address=row["address"],
        ward=row["ward"],
        district=row["district"],
        place_type=row["place_type"],
        latitude=row["latitude"],
        longitude=row["longitude"],
        referral_reason=row["referral_reason"],
        referral_date=date_from_iso(row["referral_date"]),
        referral_source=row["referral_source"],
        archived=bool(row["archived"]),
        created_at=from_iso(row["created_at"]),
        updated_at=from_iso(row["updated_at"]),
        revision=row["revision"],
    )


def locations_by_name(query: Query, include_archived: bool = False) -> list[Location]:
    """Every location ordered by name (A-Z, ignoring the case of A-Z), archived ones only if asked."""
    where = "" if include_archived else " WHERE archived = 0"
    return [location_from_row(row) for row in query(f"SELECT * FROM locations{where} ORDER BY name COLLATE NOCASE", [])]


def location_summaries(query: Query, locations: list[Location], only: str | None = None) -> list[LocationSummary]:
    """``locations`` with their latest assessments' status and ratings (of location ``only``, if given, else all).

    The latest assessment is the most recently created one that is not deleted. Two queries,
    however many locations.
    """
    latest: dict[str, Mapping[str, Any]] = {}
    for row in query(  # each location's newest live assessment only (by creation, then insertion)
        f"""
        SELECT id, location_id, status, updated_at FROM (
            SELECT a.id, a.location_id, a.status, a.updated_at,
                   row_number() OVER (PARTITION BY a.location_id ORDER BY a.created_at DESC, a.rowid DESC) AS newest
            FROM assessments a
            WHERE a.deleted_at IS NULL{" AND a.location_id = ?" if only else ""}
        ) WHERE newest = 1
        """,
        [only] if only else [],
    ):
        latest[row["location_id"]] = row
    ratings: dict[str, dict[Side, Rating | None]] = {}
    ids = [row["id"] for row in latest.values()]
    if ids:
        marks = ",".join("?" for _ in ids)
        sql = f"SELECT assessment_id, side, rating FROM side_findings WHERE assessment_id IN ({marks})"
        for row in query(sql, ids):
            ratings.setdefault(row["assessment_id"], {})[_SIDES[row["side"]]] = (
                _RATINGS[row["rating"]] if row["rating"] else None
            )
    result = []
    for location in locations:
        head = latest.get(location.id)
        assert location.updated_at is not None
        last = location.updated_at
        if head is not None:
            last = max(last, from_iso(head["updated_at"]))
        side_ratings = ratings.get(head["id"], {}) if head else {}
        result.append(
            LocationSummary(
                location=location,
                latest_assessment_id=head["id"] if head else None,
                ratings={side: side_ratings.get(side) for side in Side},
                status=AssessmentStatus(head["status"]) if head else None,
                last_updated=last,
            )
        )
    return result

"""The Map page's switchable layers: police records near the place and safety-mapping marks.

Each overlay is plain data for the page's script (see
:func:`safeguarding.maps.web_page.build_map_page`): points with a count and a line of
text, and lines (routes). Police records are drawn at their anonymous map
points, one circle per point sized by its number of records in the twelve
months before the assessment; safety-mapping places by their tally across
sessions, routes as lines.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from safeguarding.crime.summary import figures_for, records_word
from safeguarding.model import Assessment, Location
from safeguarding.safety_mapping.model import MarkKind
from safeguarding.safety_mapping.tally import sessions_words, tally

if TYPE_CHECKING:
    from safeguarding.store import Store

CRIME_LAYER = "crime"
SAFETY_LAYER = "safety"


def crime_overlay(store: Store, location: Location, assessment: Assessment) -> dict[str, Any] | None:
    """Police records within the assessment's distance, twelve months before it; ``None`` if none are held."""
    figures = figures_for(store.crime, location, assessment)
    if figures is None or not figures.held:
        return None
    title = f"Police records, {figures.recent.label}, within {figures.radius_m:,} m ({figures.total(False, True):,})"
    return {
        "id": CRIME_LAYER,
        "title": title,
        "shown": False,
        "points": [
            {"lat": lat, "lon": lon, "count": count, "kind": "crime", "text": f"{records_word(count)}: {types}"}
            for lat, lon, count, types in figures.points
        ],
        "lines": [],
    }


def safety_overlay(store: Store, assessment: Assessment) -> dict[str, Any] | None:
    """Safety-mapping places (tallied across sessions) and routes; ``None`` if there are no marks."""
    sessions = store.safety.sessions(assessment.id)
    counted = tally(sessions)
    if not counted.places and not counted.routes:
        return None
    points = [
        {
            "lat": place.latitude,
            "lon": place.longitude,
            "count": place.total,
            "kind": place.main_kind.value,
            "text": f"{place.label or 'Marked place'}: {place.describe()} ({sessions_words(place.sessions)})",
        }
        for place in counted.places
    ]
    lines = [
        {
            "points": [list(point) for point in route.points],
            "kind": MarkKind.ROUTE.value,
            "text": f"{route.label or MarkKind.ROUTE.label} (session {route.session}, about {route.length_m:,.0f} m)",
        }
        for route in counted.routes
    ]
    title = f"Safety mapping with young people ({counted.sessions} session{'s' if counted.sessions != 1 else ''})"
    return {"id": SAFETY_LAYER, "title": title, "shown": True, "points": points, "lines": lines}


def map_overlays(store: Store, location: Location, assessment: Assessment) -> list[dict[str, Any]]:
    """Every overlay that has something to show, for the Map page."""
    found = [crime_overlay(store, location, assessment), safety_overlay(store, assessment)]
    return [overlay for overlay in found if overlay is not None]

"""Checks on a position before it is saved: is it accurate enough, and is it near the place?

A pin placed from a phone's GPS can be tens of metres out under trees or between
buildings, and a typed coordinate can be miles out (latitude and longitude
swapped, a digit dropped). Neither is refused: the practitioner is asked to
confirm, with the reason in plain words, before the pin is saved.
"""

from __future__ import annotations

from safeguarding.maps.area import haversine_m

LOW_ACCURACY_M = 50.0
"""A position less accurate than this (metres) is flagged."""
FAR_FROM_PLACE_M = 2000.0
"""A pin further than this (metres) from the location's point is flagged."""


def describe_metres(metres: float) -> str:
    """E.g. "65 m" or "3.2 km"."""
    return f"{metres / 1000:.1f} km" if metres >= 1000 else f"{metres:.0f} m"


def position_warnings(
    latitude: float, longitude: float, accuracy_m: float | None, place: tuple[float, float] | None
) -> list[str]:
    """Reasons to check a position before saving it (empty when there are none).

    Args:
        latitude, longitude: The position, WGS84 degrees.
        accuracy_m: Its accuracy in metres, or ``None`` if not known.
        place: The location's ``(lat, lon)``, or ``None``.
    """
    warnings = []
    if accuracy_m is not None and accuracy_m > LOW_ACCURACY_M:
        warnings.append(
            f"The position is only accurate to about {describe_metres(accuracy_m)} (less accurate than "
            f"{LOW_ACCURACY_M:.0f} m), so the pin may be on the wrong side of a street or path."
        )
    if place is not None:
        distance = haversine_m(place, (latitude, longitude))
        if distance > FAR_FROM_PLACE_M:
            warnings.append(
                f"The pin is {describe_metres(distance)} from the location (more than {FAR_FROM_PLACE_M / 1000:g} km). "
                "Check the latitude and longitude are the right way round and complete."
            )
    return warnings

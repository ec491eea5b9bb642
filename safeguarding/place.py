"""How a location's ward and district read in a sentence: "High Street ward, Maidstone".

Tester's report: a ward typed as "Fant Ward" was shown as "Fant Ward ward, Maidstone". Every
screen or paper that writes the ward as a phrase goes through here, so the word "ward" is added
once and only when the typed name does not already end with it.
"""

from __future__ import annotations

import re

from safeguarding.model import Location

_ENDS_WITH_WARD = re.compile(r"\bward\s*$", re.IGNORECASE)


def ward_phrase(ward: str) -> str:
    """The ward as a phrase: ``"Fant"`` gives ``"Fant ward"``; ``"Fant Ward"`` stays ``"Fant Ward"``.

    "ward" is added unless the name already ends with the whole word "ward" (any case), so
    ``"Wardour"`` still gives ``"Wardour ward"``. Surrounding spaces are trimmed; a blank ward gives "".
    """
    ward = ward.strip()
    if not ward:
        return ""
    return ward if _ENDS_WITH_WARD.search(ward) else f"{ward} ward"


def place_line(location: Location) -> str:
    """The location's ward and district on one line, e.g. ``"Fant ward, Maidstone"``; "" when both are blank."""
    return ", ".join(part for part in (ward_phrase(location.ward), location.district.strip()) if part)

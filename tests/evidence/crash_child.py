"""Child process of the crash test: enters visits and photos until it is killed.

Usage: ``python -m tests.evidence.crash_child DB_PATH ASSESSMENT_ID``. After each
save returns it prints ``saved <kind> <id>`` and flushes, so the parent knows
exactly what the app had reported as saved when the SIGKILL arrived.
"""

from __future__ import annotations

import io
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PIL import Image

from safeguarding.evidence.photos import import_photo
from safeguarding.model import AgeBand, Observation, ObservedGender, Side
from safeguarding.store import open_store


def main() -> None:
    store = open_store(Path(sys.argv[1]))
    assessment_id = sys.argv[2]
    start = datetime(2026, 10, 1, 15, 0, tzinfo=UTC)
    number = 0
    while True:  # runs until killed
        number += 1
        visit = Observation(
            start=start + timedelta(hours=number),
            end=start + timedelta(hours=number, minutes=45),
            observer=f"Observer {number}",
            notes="x" * 2000,
            counts={(AgeBand.AGE_14_15, ObservedGender.MALE): number % 50 + 1},
            sides={Side.YOUNG_PEOPLE},
        )
        store.assessments.save_observation(assessment_id, visit)
        print(f"saved visit {visit.id}", flush=True)
        if number % 5 == 0:
            out = io.BytesIO()
            Image.effect_noise((256, 256), 60 + number % 40).convert("RGB").save(out, format="PNG")
            photo = store.photos.add(assessment_id, import_photo(out.getvalue(), f"noise{number}.png"))
            print(f"saved photo {photo.id}", flush=True)


if __name__ == "__main__":
    main()

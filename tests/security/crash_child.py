"""Child process of the encrypted crash test: unlocks the database, enters visits until killed.

Usage: ``python -m tests.security.crash_child DB_PATH ASSESSMENT_ID PASSPHRASE_FILE``. After each
save returns it prints ``saved visit <id>`` and flushes.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from safeguarding.model import AgeBand, Observation, ObservedGender, Side
from safeguarding.security.keys import unlock
from safeguarding.store import open_store


def main() -> None:
    path = Path(sys.argv[1])
    passphrase = Path(sys.argv[3]).read_text(encoding="utf-8").rstrip("\r\n")
    store = open_store(path, key=unlock(path, passphrase))
    start = datetime(2026, 10, 1, 15, 0, tzinfo=UTC)
    number = 0
    while True:  # runs until killed
        number += 1
        visit = Observation(
            start=start + timedelta(hours=number),
            end=start + timedelta(hours=number, minutes=45),
            observer=f"Observer {number}",
            notes="x" * 4000,
            counts={(AgeBand.AGE_14_15, ObservedGender.MALE): number % 50 + 1},
            sides={Side.YOUNG_PEOPLE},
        )
        store.assessments.save_observation(sys.argv[2], visit)
        print(f"saved visit {visit.id}", flush=True)
        if number % 7 == 0:
            store.backups.take("periodic")  # a backup being written can be interrupted too


if __name__ == "__main__":
    main()

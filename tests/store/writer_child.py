"""Child process of the two-writers test: saves visits and the analysis field, counting refusals.

Usage: ``python -m tests.store.writer_child DB_PATH ASSESSMENT_ID TAG COUNT``. Prints
``refused N`` at the end: how many saves raised a StorageError.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from safeguarding.errors import StorageError
from safeguarding.model import Observation
from safeguarding.store import open_store


def main() -> None:
    path, assessment_id, tag, count = Path(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
    store = open_store(path)
    start = datetime(2026, 10, 1, 15, 0, tzinfo=UTC)
    refused = 0
    for number in range(count):
        try:
            if number % 2:
                assessment = store.assessments.get(assessment_id)
                assessment.analysis = f"{tag} {number}"
                store.assessments.save(assessment)
            else:
                when = start + timedelta(minutes=number)
                visit = Observation(start=when, end=when + timedelta(minutes=30), observer=f"{tag} {number}")
                store.assessments.save_observation(assessment_id, visit)
        except StorageError:
            refused += 1
    store.close()
    print(f"refused {refused}", flush=True)


if __name__ == "__main__":
    main()

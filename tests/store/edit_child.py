"""Child process of the two-processes test: one app's save of one field, against the copy it loaded.

Usage: ``python -m tests.store.edit_child DB_PATH ASSESSMENT_ID ACTOR FIELD TEXT``. Loads the
assessment, prints ``loaded``, waits for a line on stdin (so the parent can make both
processes load before either saves), sets FIELD (``analysis``, or ``<side>.concerns``)
to TEXT and saves against what it loaded. Prints ``saved``, or ``conflict COLUMN AUTHOR``.
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path

from safeguarding.model import Side
from safeguarding.store import EditConflictError, open_store


def main() -> None:
    path, assessment_id, actor, field, text = Path(sys.argv[1]), *sys.argv[2:6]
    store = open_store(path)
    store.audit.set_actor(actor)
    assessment = store.assessments.get(assessment_id)
    base = copy.deepcopy(assessment)
    print("loaded", flush=True)
    sys.stdin.readline()
    if "." in field:
        side, column = field.split(".")
        setattr(assessment.findings[Side(side)], column, text)
    else:
        setattr(assessment, field, text)
    try:
        store.assessments.save(assessment, base=base)
        print("saved", flush=True)
    except EditConflictError as error:
        conflict = error.conflicts[0]
        print(f"conflict {conflict.column} {conflict.their_author}", flush=True)
    finally:
        store.close()


if __name__ == "__main__":
    main()

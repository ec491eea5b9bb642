"""Child process of the instance-lock tests.

Usage: ``python -m tests.store.lock_child DB_PATH NAME``: takes the database's
instance lock as ``NAME``, prints ``held`` (or ``in use: <message>``) and then
waits for a line on stdin before releasing, so the parent can test against a
live holder or kill it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from safeguarding.store.instance_lock import DatabaseInUseError, Holder, InstanceLock


def main() -> None:
    lock = InstanceLock(Path(sys.argv[1]), Holder.this_instance(sys.argv[2]))
    try:
        lock.acquire()
    except DatabaseInUseError as error:
        print(f"in use: {error}", flush=True)
        return
    print("held", flush=True)
    sys.stdin.readline()
    lock.release()


if __name__ == "__main__":
    main()

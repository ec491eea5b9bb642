"""Imports each feature's schema module in number order (see the note in migrations.py).

Add one import line per feature module, keeping the numbers ascending.
"""

from safeguarding.store.schema import maps  # noqa: F401

# isort: split
from safeguarding.store.schema import evidence  # noqa: F401

# isort: split
from safeguarding.store.schema import plan  # noqa: F401

# isort: split
from safeguarding.store.schema import protection  # noqa: F401

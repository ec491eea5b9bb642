"""Imports each feature's schema module in number order (see the note in migrations.py).

Add one import line per feature module, keeping the numbers ascending.
"""

from safeguarding.store import schema_map  # noqa: F401

# isort: split
from safeguarding.store import schema_evidence  # noqa: F401

# isort: split
from safeguarding.store import schema_plan  # noqa: F401

# isort: split
from safeguarding.store import schema_protection  # noqa: F401

# isort: split
from safeguarding.store import schema_places  # noqa: F401

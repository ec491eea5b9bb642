"""The demo database: a fictional 2026 story at two real Maidstone places.

:mod:`~safeguarding.demo.database` builds it through the store API;
:mod:`~safeguarding.demo.brenchley` holds the story's visits and texts, and
:mod:`~safeguarding.demo.evidence`, :mod:`~safeguarding.demo.maps` and
:mod:`~safeguarding.demo.plan` add photos and consultations, map pins, and the plan.
Demo data only: no other module of the core imports this package.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from safeguarding.lazy_exports import lazy_exports

if TYPE_CHECKING:  # for type checkers and readers; never run
    from safeguarding.demo.database import build_demo_database, is_demo_location

__getattr__ = lazy_exports(__name__, {"safeguarding.demo.database": ("build_demo_database", "is_demo_location")})

__all__ = ["build_demo_database", "is_demo_location"]

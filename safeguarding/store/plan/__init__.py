"""Storage of the plan: agencies, context weights, safety goals, actions, history, reviews.

Rules kept here (the issue's "nothing is lost by editing"):

* every change to an action appends a ``plan_action_updates`` row with the old
  and new values (the table refuses updates and deletes by trigger);
* actions and goals are never deleted: an action is cancelled; a goal can be
  removed only while it has no actions;
* an agency used by any action cannot be deleted (:class:`AgencyInUseError`
  lists the actions);
* a finalised DCSM review is part of the record and cannot be edited.

"Today" for derived states comes from the injected clock, in UK local time.

One module per aggregate (agencies, weights, goals, actions, reviews, attention,
and what a reassessment carries), each a part of
:class:`~safeguarding.store.plan.repository.PlanRepository`, the ``store.plan``
object; :mod:`~safeguarding.store.plan.base` holds what the parts share and
:func:`~safeguarding.store.plan.loading.load_plan` reads a whole plan. The names
below are imported when first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from safeguarding.lazy_exports import lazy_exports

if TYPE_CHECKING:  # for type checkers and readers; never run
    from safeguarding.store.plan.loading import load_plan
    from safeguarding.store.plan.repository import PlanRepository

__getattr__ = lazy_exports(
    __name__,
    {"safeguarding.store.plan.loading": ("load_plan",), "safeguarding.store.plan.repository": ("PlanRepository",)},
)

__all__ = ["PlanRepository", "load_plan"]

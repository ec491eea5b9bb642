"""From findings to a plan: context weighting, safety goals, actions and DCSM reviews.

The domain of the plan, with no storage or Qt code:

* :mod:`safeguarding.plan.records`: dataclasses (weights, goals, actions, their
  history, reviews, carried-forward markers) and the derived "overdue" rule;
* :mod:`safeguarding.plan.library`: the contexts, seed agencies and goal library
  kept as data in ``forms/libraries/plan.toml``;
* :mod:`safeguarding.plan.compare`: the reassessment comparison (direction of travel);
* :mod:`safeguarding.plan.attention`: what needs attention across all locations.

The action plan as CSV for partner agencies is a workflow: :mod:`safeguarding.workflows.action_plan`.
"""

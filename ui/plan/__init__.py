"""Dialogs and the menu of the plan: goals and actions, DCSM reviews, comparison, attention, CSV export.

The plan's editor pages (weighting, plan, reviews) are in ``ui/editor/``.
"""

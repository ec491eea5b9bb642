"""Widgets of the plan: weighting, goals and actions, DCSM reviews, comparison, attention."""

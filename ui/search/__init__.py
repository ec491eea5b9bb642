"""The search box over every record (:mod:`ui.search.search_dialog`)."""

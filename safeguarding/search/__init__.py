"""Search across every record: what is asked (:mod:`~safeguarding.search.query`) and what comes back.

The index and its queries are in :mod:`safeguarding.store.search` (SQLite FTS5,
inside the database, so it is encrypted with it).
"""

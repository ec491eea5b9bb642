"""The database schema, as numbered migration steps, one module per feature.

The steps are listed, in the order they run, in :mod:`safeguarding.store.migrations`.
"""

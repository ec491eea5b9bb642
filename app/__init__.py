"""The application: its command line and its installation check.

The only package that imports both the core (:mod:`safeguarding`) and the window
(:mod:`ui`); neither of those imports it (``tests/test_layers.py`` checks it).
``main.py`` calls :func:`app.cli.main`.
"""

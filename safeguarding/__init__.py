"""The core of the Location Assessment Tool: domain, storage, forms and reports.

This package never imports Qt widgets (``tests/test_layers.py`` checks it).
"""

__version__ = "0.1.0"
APP_NAME = "Location Assessment Tool"

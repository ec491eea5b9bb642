"""Data protection screens: history, redacted export, retention.

The editor page of the people recorded for redaction is ``ui/editor/people_page.py``.
"""

"""Data protection screens: people for redaction, history, redacted export, retention."""

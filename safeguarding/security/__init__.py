"""Encryption at rest (SQLCipher data key wrapped by passphrase and recovery key), unlock throttling and
passphrase strength. Imports no Qt. Encrypting a plain database in place is a workflow:
:mod:`safeguarding.workflows.encrypt`."""

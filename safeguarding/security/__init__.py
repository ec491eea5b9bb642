"""Encryption at rest (SQLCipher data key wrapped by passphrase and recovery key), unlock throttling,
passphrase strength, and converting a plain database in place. Imports no Qt."""

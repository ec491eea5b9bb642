"""Encryption in the window: unlock, passphrase, lock screen, backups and restore."""

"""Encryption in the UI: unlocking the store, setting it up, the recovery code, the passphrase."""

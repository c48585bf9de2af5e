"""Protecting the records: keys for the encrypted store, their wrapping, and the lock rules.

The lowest layer of the core: it knows nothing of cases or sessions, so every other layer may
use it.
"""

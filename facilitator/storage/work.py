"""One unit of work of the store: a transaction whose database errors become safe messages."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from facilitator.storage.errors import StoreError, error_code, is_damage


@contextmanager
def unit_of_work(sessions: sessionmaker[Session]) -> Iterator[Session]:
    """One transaction; database errors become a :class:`StoreError` without content."""
    try:
        with sessions.begin() as s:
            yield s
    except StoreError:
        raise
    except UnicodeEncodeError:
        # Text holding an unpaired surrogate: a Python str can, no database can.
        raise StoreError(
            "Some text contains a broken character (an unpaired surrogate); nothing was saved."
        ) from None
    except IntegrityError:
        raise StoreError(
            "That change conflicts with what is already stored; nothing was saved."
        ) from None
    except SQLAlchemyError as exc:
        if is_damage(exc):
            raise StoreError(
                "The store is damaged and this part of it cannot be read; nothing was "
                "changed. Close the app and open a backup copy."
            ) from None
        raise StoreError(
            f"The store could not be read or written ({error_code(exc)}); nothing was saved."
        ) from None

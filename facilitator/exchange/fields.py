"""The checked reading of an export file's fields, and the error every check raises.

Every builder of the session export (:mod:`facilitator.exchange.session_file`, and
:mod:`facilitator.exchange.agreement_part` for its agreements) reads its fields through these,
so a wrong value anywhere gets the same kind of message, naming its place
(``events[12].event.kind: ...``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any, TypeVar

from facilitator.domain.case import DomainError
from facilitator.engine.errors import EngineError
from facilitator.engine.events import EventFormatError

T = TypeVar("T")


class ExchangeError(ValueError):
    """A file could not be exported or imported; the message says why and names the place."""


def bind(function: Callable[..., T], *args: Any) -> Callable[[], T]:
    """``function`` with its arguments bound, to be run later by :func:`at`."""
    return lambda: function(*args)


def at(where: str, build: Callable[[], T]) -> T:
    """Run ``build`` and prefix any format error with where it happened."""
    try:
        return build()
    except ExchangeError as exc:
        raise ExchangeError(
            f"{where}.{exc}" if not str(exc).startswith(where) else str(exc)
        ) from None
    # AttributeError: a builder met a value of the wrong kind (``null`` where an object was due).
    except (
        AttributeError,
        DomainError,
        EventFormatError,
        EngineError,
        KeyError,
        TypeError,
        ValueError,
    ) as exc:
        detail = f"missing field {exc.args[0]!r}" if isinstance(exc, KeyError) else str(exc)
        raise ExchangeError(f"{where}: {detail}") from None


def obj(parent: Mapping[str, Any], key: str) -> dict[str, Any]:
    """The object at ``key`` (missing or not an object: an error naming ``key``)."""
    if key not in parent:
        raise ExchangeError(f"{key}: missing")
    return as_obj(parent[key], key)


def as_obj(value: object, key: str = "") -> dict[str, Any]:
    """``value`` if it is an object."""
    if not isinstance(value, dict):
        raise ExchangeError(f"{key}: expected an object" if key else "expected an object")
    return value


def listed(parent: Mapping[str, Any], key: str) -> list[Any]:
    """The list at ``key``."""
    value = parent.get(key)
    if not isinstance(value, list):
        raise ExchangeError(f"{key}: expected a list")
    return value


def text(data: Mapping[str, Any], key: str, *, required: bool = True) -> str:
    """The text at ``key`` (empty when optional and missing); NUL is refused."""
    if key not in data:
        if required:
            raise ExchangeError(f"{key}: missing")
        return ""
    value = data[key]
    if not isinstance(value, str):
        raise ExchangeError(f"{key}: expected text")
    if "\x00" in value:
        raise ExchangeError(f"{key}: contains a NUL character")
    return value


def flag(data: Mapping[str, Any], key: str) -> bool:
    """The true/false at ``key`` (false when missing)."""
    value = data.get(key, False)
    if not isinstance(value, bool):
        raise ExchangeError(f"{key}: expected true or false")
    return value


def dt_text(value: datetime | None) -> str | None:
    """A time as written in the file: ISO 8601 in UTC, or ``None``."""
    return value.astimezone(UTC).isoformat() if value is not None else None


def parse_dt(data: Mapping[str, Any], key: str, *, required: bool = False) -> datetime | None:
    """The time at ``key``: ISO 8601 with its time zone, returned in UTC."""
    value = data.get(key)
    if value is None:
        if required:
            raise ExchangeError(f"{key}: missing")
        return None
    if not isinstance(value, str):
        raise ExchangeError(f"{key}: expected a date and time")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ExchangeError(f"{key}: not a date and time ({value[:40]!r})") from None
    if parsed.tzinfo is None:
        raise ExchangeError(f"{key}: a date and time must carry its time zone")
    return parsed.astimezone(UTC)


def ident(data: Mapping[str, Any], key: str) -> str:
    """The id at ``key``: 1 to 64 letters, digits, ``-`` or ``_``."""
    value = text(data, key)
    if not (1 <= len(value) <= 64) or not all(c.isalnum() or c in "-_" for c in value):
        raise ExchangeError(f"{key}: not a valid id")
    return value


def check_unique(where: str, ids: list[str]) -> None:
    """Refuse a list in which an id appears twice."""
    if len(set(ids)) != len(ids):
        raise ExchangeError(f"{where}: the same id appears twice")

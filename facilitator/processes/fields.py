"""Typed readers for the tables of a template file.

Every check that fails becomes a :class:`TemplateError` with the dotted path of the key; a reader
then returns a harmless placeholder so that reading goes on and one pass reports every problem.
The caller throws the result away when any problem was found.

Nothing read here is ever evaluated or formatted: a ``{name}`` in a question stays plain text.
"""

from __future__ import annotations

import difflib
import json
import math
import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from facilitator.domain.roles import LEADING_ROLES, SILENT_ROLES, Role
from facilitator.processes.errors import TemplateError

#: Longest name or title: it has to fit on the stepper and in the template picker.
MAX_SHORT_TEXT = 200
#: Longest description, guidance, question or checklist item.
MAX_LONG_TEXT = 5_000
#: Longest id; ids are stored with every session.
MAX_ID = 64
#: A budget or speaker limit above a day is a typo, not a plan.
MAX_MINUTES = 24 * 60

E = TypeVar("E", bound=StrEnum)

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_ID = re.compile(r"[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")
_LIST_ITEM = re.compile(r"[-*] |\d+[.)] ")


class Problems:
    """Collects the problems found in one file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.errors: list[TemplateError] = []

    def add(self, key: str, reason: str) -> None:
        """Record a problem at ``key`` (a dotted path; empty for the whole file)."""
        self.errors.append(TemplateError(self.path, key, reason))


def join_key(prefix: str, name: str) -> str:
    """The dotted path of ``name`` inside the table at ``prefix``, quoted as TOML would need."""
    if len(name) > 60:
        name = f"{name[:60]}..."  # a pasted paragraph as a key would swamp the message
    shown = name if _BARE_KEY.fullmatch(name) else json.dumps(name)
    return f"{prefix}.{shown}" if prefix else shown


def describe(value: object) -> str:
    """A short description of a value for an error message: "the string 'abc'", "true"."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"the string {_quote(value)}"
    if isinstance(value, int) and abs(value) < 10**30:
        return f"the integer {value}"
    if isinstance(value, float):
        return f"the number {value!r}"
    for kinds, words in _KIND_WORDS:
        if isinstance(value, kinds):
            return words
    return f"a value of type {type(value).__name__}"


_KIND_WORDS: tuple[tuple[type | tuple[type, ...], str], ...] = (
    (type(None), "nothing (null)"),
    (int, "a very large integer"),
    (Mapping, "a table"),
    ((list, tuple), "an array"),
    ((datetime, date, time), "a date or time"),
)


def suggestion(word: str, choices: Iterable[str]) -> str:
    """A "did you mean" hint for a misspelt name, or an empty string."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def tidy_text(text: str) -> str:
    """Reflow text written across lines in a TOML multi-line string.

    Lines of one paragraph are joined with spaces; a blank line separates paragraphs, and a line
    starting with ``- ``, ``* `` or ``1.`` starts a list item. So people can wrap text in the file
    as they like, and the app still shows clean paragraphs in a resizable window.
    """
    paragraphs: list[str] = []
    for block in _PARAGRAPH_BREAK.split(text.replace("\r\n", "\n").strip()):
        lines: list[str] = []
        for raw in block.split("\n"):
            line = raw.strip()
            if not line:
                continue
            if lines and not _LIST_ITEM.match(line):
                lines[-1] = f"{lines[-1]} {line}"
            else:
                lines.append(line)
        if lines:
            paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


def check_text(value: object, key: str, problems: Problems, *, long: bool) -> str | None:
    """Check one piece of text; ``long`` text is reflowed, short text must stay on one line.

    Returns:
        The tidied text, or ``None`` after recording a problem.
    """
    if not isinstance(value, str):
        problems.add(key, f"must be text in quotes (got {describe(value)})")
        return None
    if "\x00" in value:
        problems.add(key, "must not contain NUL characters (\\u0000)")
        return None
    limit = MAX_LONG_TEXT if long else MAX_SHORT_TEXT
    text = tidy_text(value) if long else value.strip()
    if not long and ("\n" in text or "\r" in text):
        problems.add(key, "must be on one line")
        return None
    if len(text) > limit:
        problems.add(key, f"is too long ({len(text):,} characters; at most {limit:,})")
        return None
    return text


def check_role(value: object, key: str, problems: Problems) -> Role | None:
    """Check one role name against :class:`Role`, suggesting the nearest one when misspelt."""
    if not isinstance(value, str):
        problems.add(key, f"must be a role name in quotes (got {describe(value)})")
        return None
    try:
        return Role(value)
    except ValueError:
        pass
    names = [role.value for role in Role]
    hint = suggestion(value, names) or f"; roles include {', '.join(names[:6])}, ..."
    problems.add(key, f"unknown role {_quote(value)}{hint}")
    return None


def check_speaking_role(role: Role, key: str, problems: Problems) -> bool:
    """Whether ``role`` can take a turn; leading and silent roles never do (architecture.md)."""
    if role in LEADING_ROLES:
        problems.add(key, f"'{role.value}' leads the process and takes no turn in it; leave it out")
        return False
    if role in SILENT_ROLES:
        problems.add(key, f"'{role.value}' does not speak in a session; leave it out")
        return False
    return True


class Table:
    """One TOML table being read: it knows where it sits in the file and which keys it may hold.

    Args:
        data: The table as parsed.
        where: Its dotted path (empty for the top of the file).
        problems: Where problems go.
        allowed: The keys this table may hold; any other key is reported (typo protection).
    """

    def __init__(
        self, data: Mapping[str, Any], where: str, problems: Problems, allowed: Iterable[str]
    ) -> None:
        self.data = data
        self.where = where
        self.problems = problems
        allowed = tuple(allowed)
        for name in data:
            if name not in allowed:
                hint = suggestion(str(name), allowed) or f"; allowed here: {', '.join(allowed)}"
                problems.add(self.key(str(name)), f"unknown key{hint}")

    def key(self, name: str) -> str:
        """The dotted path of ``name`` in this table."""
        return join_key(self.where, name)

    def has(self, name: str) -> bool:
        """Whether the table holds ``name``."""
        return name in self.data

    def text(self, name: str, *, required: bool = False, long: bool = False) -> str:
        """Read text; ``""`` when absent or wrong. Required text must not be empty."""
        if name not in self.data:
            if required:
                self.problems.add(self.key(name), "missing")
            return ""
        text = check_text(self.data[name], self.key(name), self.problems, long=long)
        if text is None:
            return ""
        if required and not text:
            self.problems.add(self.key(name), "must not be empty")
        return text

    def ident(self, name: str) -> str:
        """Read a required id: lowercase letters, digits, hyphens and underscores."""
        if name not in self.data:
            self.problems.add(self.key(name), "missing")
            return ""
        value = self.data[name]
        if not isinstance(value, str):
            self.problems.add(self.key(name), f"must be an id in quotes (got {describe(value)})")
            return ""
        if len(value) > MAX_ID or not _ID.fullmatch(value):
            self.problems.add(
                self.key(name),
                f"must be lowercase letters and digits joined by hyphens or underscores, "
                f"at most {MAX_ID} long, like 'check-in' (got {_quote(value)})",
            )
            return ""
        return value

    def minutes(self, name: str) -> int | None:
        """Read an optional duration given in minutes; returns whole seconds."""
        if name not in self.data:
            return None
        value = self.data[name]
        reason = _duration_problem(value)
        if reason:
            self.problems.add(self.key(name), reason)
            return None
        return round(float(value) * 60)

    def integer(self, name: str, *, default: int, minimum: int) -> int:
        """Read an optional whole number no smaller than ``minimum``."""
        if name not in self.data:
            return default
        value = self.data[name]
        if isinstance(value, bool) or not isinstance(value, int):
            self.problems.add(self.key(name), f"must be a whole number (got {describe(value)})")
            return default
        if value < minimum:
            self.problems.add(self.key(name), f"must be at least {minimum} (got {value})")
            return default
        return value

    def flag(self, name: str) -> bool:
        """Read an optional ``true``/``false`` (default ``false``)."""
        value = self.data.get(name, False)
        if not isinstance(value, bool):
            self.problems.add(self.key(name), f"must be true or false (got {describe(value)})")
            return False
        return value

    def choice(self, name: str, kind: type[E], *, required: bool = False) -> E | None:
        """Read one of the values of the enum ``kind``; ``None`` when absent or wrong."""
        if name not in self.data:
            if required:
                self.problems.add(self.key(name), f"missing; one of {_choices(kind)}")
            return None
        value = self.data[name]
        if isinstance(value, str):
            for member in kind:
                if member.value == value:
                    return member
        shown = _quote(value) if isinstance(value, str) else describe(value)
        self.problems.add(self.key(name), f"must be one of {_choices(kind)} (got {shown})")
        return None

    def array(self, name: str) -> list[Any] | None:
        """Read an optional array; ``None`` when absent or not an array."""
        if name not in self.data:
            return None
        value = self.data[name]
        if not isinstance(value, list):
            self.problems.add(self.key(name), f"must be an array [...] (got {describe(value)})")
            return None
        return value

    def subtable(self, name: str) -> Mapping[str, Any] | None:
        """Read an optional nested table; ``None`` when absent or not a table."""
        if name not in self.data:
            return None
        value = self.data[name]
        if not isinstance(value, Mapping):
            self.problems.add(self.key(name), f"must be a table (got {describe(value)})")
            return None
        return value

    def tables(self, name: str, *, required: bool) -> list[tuple[str, Mapping[str, Any]]]:
        """Read an array of tables (``[[name]]``), each with its dotted path."""
        if name not in self.data:
            if required:
                self.problems.add(self.key(name), f"missing; add at least one [[{name}]] table")
            return []
        items = self.array(name)
        if items is None:
            return []
        if required and not items:
            self.problems.add(self.key(name), "must hold at least one entry")
        found: list[tuple[str, Mapping[str, Any]]] = []
        for index, item in enumerate(items):
            where = f"{self.key(name)}[{index}]"
            if isinstance(item, Mapping):
                found.append((where, item))
            else:
                self.problems.add(where, f"must be a table (got {describe(item)})")
        return found


def _quote(text: str) -> str:
    """Quote a value for a message, shortened so a pasted essay does not flood the report."""
    shown = text if len(text) <= 40 else f"{text[:40]}..."
    return repr(shown)


def _duration_problem(value: object) -> str:
    """Why ``value`` is not a usable number of minutes, or ``""`` if it is."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return f"must be a number of minutes (got {describe(value)})"
    if isinstance(value, float) and not math.isfinite(value):
        return f"must be a finite number of minutes (got {value!r})"
    if value <= 0:
        return f"must be more than zero minutes (got {value!r})"
    if value > MAX_MINUTES:
        return f"must be at most {MAX_MINUTES} minutes (24 hours)"
    if round(value * 60) < 1:
        return f"must be at least one second (got {value!r} minutes)"
    return ""


def _choices(kind: type[StrEnum]) -> str:
    return ", ".join(member.value for member in kind)

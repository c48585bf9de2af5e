"""Fill ``{name}`` placeholders with plain text, and nothing more.

Templates come from agency folders as well as ours, so filling them in must never run code or
reach into objects: ``str.format`` would allow ``{x.__class__}``-style attribute access. Here a
placeholder is a bare lowercase name from a fixed list; the value is inserted once, as text, and
never looked at again (a value holding ``{date}`` stays as written). ``{{`` and ``}}`` stand for
literal braces.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

#: The placeholders an agreement introduction may use.
PLACEHOLDERS: tuple[str, ...] = ("parties", "date", "case_reference")

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")


def placeholder_problems(text: str, allowed: tuple[str, ...] = PLACEHOLDERS) -> list[str]:
    """Why ``text`` cannot be filled in: unknown placeholders and stray braces."""
    problems: list[str] = []
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        if token in ("{{", "}}"):
            continue
        name = match.group(1)
        if name is None:
            problems.append(f"a lone '{token}' at character {match.start() + 1}; write it twice")
        elif name not in allowed:
            shown = name if len(name) <= 30 else f"{name[:30]}..."
            problems.append(
                f"unknown placeholder {{{shown}}}; the placeholders are "
                + ", ".join(f"{{{a}}}" for a in allowed)
            )
    return problems


def substitute(text: str, values: Mapping[str, str]) -> str:
    """Replace each ``{name}`` in ``text`` with ``values[name]``, in one pass.

    An unknown name or a lone brace is left as written (templates are checked at load, so this
    only happens with text that was never checked).
    """

    def replace(match: re.Match[str]) -> str:
        literal = {"{{": "{", "}}": "}"}.get(match.group(0))
        if literal is not None:
            return literal
        name = match.group(1)
        if name is not None and name in values:
            return values[name]
        return match.group(0)

    return _TOKEN.sub(replace, text)

"""Text for the reports' PDFs: what the embedded font cannot draw is replaced, visibly."""

from __future__ import annotations

from collections.abc import Iterable
from xml.sax.saxutils import escape

from facilitator.agreements.fonts import undrawable

#: Printed in place of a character the font has no glyph for (CJK, emoji...).
REPLACEMENT = "\ufffd"


class Printable:
    """Makes text safe to print with the embedded DejaVu fonts.

    Unlike the agreement, which refuses such text, a report prints every note: a character the
    font lacks becomes :data:`REPLACEMENT`, and :attr:`missing` tells the report to say so.
    """

    def __init__(self, texts: Iterable[str]) -> None:
        """Find, once, every character of ``texts`` the fonts cannot draw."""
        self.missing = frozenset(undrawable(texts))

    def plain(self, text: str) -> str:
        """``text`` with each undrawable character replaced."""
        if not self.missing:
            return text
        return "".join(REPLACEMENT if char in self.missing else char for char in text)

    def markup(self, text: str) -> str:
        """``text`` as Paragraph markup: replaced, escaped, line breaks kept."""
        return "<br/>".join(escape(line) for line in self.plain(text).split("\n"))

"""The fonts embedded in every agreement, and the check that they can draw every character.

DejaVu Sans (shipped in ``fonts/`` with its licence) covers Latin with every accent, Greek and
Cyrillic. A character it lacks would print as an empty box on the one document people sign, so
:func:`check_drawable` names such characters before anything is drawn.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from facilitator.agreements.model import AgreementError

FONT_DIR = Path(__file__).with_name("fonts")
REGULAR = "AgreementSans"
BOLD = "AgreementSans-Bold"
_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}


class UnsupportedCharactersError(AgreementError):
    """Some text holds characters the embedded font cannot draw.

    Attributes:
        characters: Each character once, in the order first met.
    """

    def __init__(self, characters: list[str]) -> None:
        shown = ", ".join(
            f"{c!r} (U+{ord(c):04X} {unicodedata.name(c, 'unnamed')})" for c in characters
        )
        super().__init__(
            "The agreement's font cannot print these characters, so the PDF would show empty "
            f"boxes: {shown}. Change the text, or write the name the way the person writes it "
            "in a Latin, Greek or Cyrillic script."
        )
        self.characters = characters


@cache
def register_fonts() -> None:
    """Register the regular and bold fonts with ReportLab (once per process)."""
    from reportlab.lib.fonts import addMapping  # noqa: PLC0415 - ReportLab loads on first use
    from reportlab.pdfbase import pdfmetrics  # noqa: PLC0415
    from reportlab.pdfbase.ttfonts import TTFont  # noqa: PLC0415

    for name, file in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / file)))
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, REGULAR)
    addMapping(REGULAR, 1, 1, BOLD)


@cache
def _drawable() -> frozenset[int]:
    """Code points both fonts have a glyph for (a name may be printed in either)."""
    from reportlab.pdfbase import pdfmetrics  # noqa: PLC0415

    register_fonts()
    maps = [set(pdfmetrics.getFont(name).face.charToGlyph) for name in _FILES]
    return frozenset(set.intersection(*maps))


def undrawable(texts: Iterable[str]) -> list[str]:
    """The characters in ``texts`` the fonts cannot draw, each once, in order of appearance.

    Line breaks and tabs are layout, not glyphs, and are never reported.
    """
    drawable = _drawable()
    found: dict[str, None] = {}
    for text in texts:
        for char in text:
            if char in "\n\r\t" or ord(char) in drawable:
                continue
            found.setdefault(char, None)
    return list(found)


def check_drawable(texts: Iterable[str]) -> None:
    """Refuse text the fonts cannot draw.

    Raises:
        UnsupportedCharactersError: listing every such character.
    """
    missing = undrawable(texts)
    if missing:
        raise UnsupportedCharactersError(missing)

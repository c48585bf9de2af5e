"""Building blocks of the agreement PDF: styles, the drawn signature and the numbered footer."""

from __future__ import annotations

from functools import cache
from itertools import pairwise
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from facilitator.agreements.fonts import BOLD, REGULAR
from facilitator.agreements.model import Stroke

BOLD_FONT = BOLD
INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#555555")
RULE = colors.HexColor("#9a9a9a")
PEN = colors.HexColor("#14306b")
SHADE = colors.HexColor("#eef1f5")

#: Body text size in points: large enough to read without glasses at a signing table.
BODY_PT = 11.5


@cache
def styles() -> dict[str, ParagraphStyle]:
    """The paragraph styles of the agreement."""
    body = ParagraphStyle("body", fontName=REGULAR, fontSize=BODY_PT, leading=16, textColor=INK)
    return {
        "title": ParagraphStyle(
            "title", parent=body, fontName=BOLD, fontSize=20, leading=25, spaceAfter=4
        ),
        "meta": ParagraphStyle("meta", parent=body, textColor=MUTED, spaceAfter=2),
        "h2": ParagraphStyle(
            "h2",
            parent=body,
            fontName=BOLD,
            fontSize=14,
            leading=18,
            spaceBefore=14,
            spaceAfter=6,
            keepWithNext=1,
        ),
        "h2table": ParagraphStyle(
            "h2table",
            parent=body,
            fontName=BOLD,
            fontSize=14,
            leading=18,
            spaceBefore=14,
            spaceAfter=6,
        ),
        "h3": ParagraphStyle(
            "h3", parent=body, fontName=BOLD, spaceBefore=6, spaceAfter=2, keepWithNext=1
        ),
        "body": ParagraphStyle("body2", parent=body, spaceAfter=6),
        "cell": ParagraphStyle("cell", parent=body, fontSize=11, leading=14),
        "cellhead": ParagraphStyle("cellhead", parent=body, fontName=BOLD, fontSize=11, leading=14),
    }


class SignatureBlock(Flowable):  # type: ignore[misc]
    """One signer's block: their signature drawn from its pen strokes, then name and role.

    The strokes are vector paths whose width follows the pen pressure (in steps of a quarter
    point, one path per run of equal width, which keeps the file small). With no strokes
    (printed for signing on paper) only the signing line is drawn. The text is drawn directly
    (not as paragraphs): a block is placed many times per page and must stay cheap.
    """

    def __init__(
        self, strokes: tuple[Stroke, ...], lines: tuple[str, str, str], width: float
    ) -> None:
        super().__init__()
        self.strokes = strokes
        self.lines = lines
        self.width = width
        self.pad_height = 62.0
        self.height = self.pad_height + 3 * 14 + 4

    def wrap(self, _avail_width: float, _avail_height: float) -> tuple[float, float]:
        """Fixed size."""
        return self.width, self.height

    def draw(self) -> None:
        """Draw the strokes on their line, then the three lines of text under it."""
        c: Canvas = self.canv
        c.saveState()
        base = self.height - self.pad_height
        c.setStrokeColor(RULE)
        c.setLineWidth(0.8)
        c.line(0, base + 6, self.width, base + 6)
        c.setStrokeColor(PEN)
        c.setFillColor(PEN)
        c.setLineCap(1)
        c.setLineJoin(1)
        for stroke in self.strokes:
            self._draw_stroke(c, stroke, base + 8, self.pad_height - 10)
        for index, (text, font) in enumerate(
            zip(self.lines, (BOLD, REGULAR, REGULAR), strict=True)
        ):
            size = _fitting_size(text, font, self.width)
            c.setFont(font, size)
            c.setFillColor(INK if index == 0 else MUTED)
            c.drawString(0, base - 12 - 14 * index, text)
        c.restoreState()

    def _draw_stroke(self, c: Canvas, stroke: Stroke, bottom: float, box_h: float) -> None:
        def at(x: float, y: float) -> tuple[float, float]:
            return x * self.width, bottom + (1 - y) * box_h

        if len(stroke) == 1:
            c.circle(*at(stroke[0].x, stroke[0].y), 0.8, stroke=0, fill=1)
            return
        path = None
        width = -1.0
        for a, b in pairwise(stroke):
            w = round((0.6 + 1.8 * (a.pressure + b.pressure) / 2) * 4) / 4
            if w != width:
                if path is not None:
                    c.drawPath(path, stroke=1, fill=0)
                c.setLineWidth(w)
                width = w
                path = c.beginPath()
                path.moveTo(*at(a.x, a.y))
            assert path is not None
            path.lineTo(*at(b.x, b.y))
        if path is not None:
            c.drawPath(path, stroke=1, fill=0)


def _fitting_size(text: str, font: str, width: float) -> float:
    """The body size, or smaller (down to 8 pt) so that a long name still fits its block."""
    from reportlab.pdfbase.pdfmetrics import stringWidth  # noqa: PLC0415

    size = 11.0
    while size > 8 and stringWidth(text, font, size) > width:
        size -= 0.5
    return size


def numbered_canvas(footer: tuple[str, ...]) -> type[Canvas]:
    """A canvas class that writes the ``footer`` lines and "Page n of N" on every page."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - ReportLab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._draw_footer(total)
                super().showPage()
            super().save()

        def _draw_footer(self, total: int) -> None:
            width = self._pagesize[0]
            self.saveState()
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(56, 46, width - 56, 46)
            self.setFont(REGULAR, 7.5)
            self.setFillColor(MUTED)
            for index, line in enumerate(footer):
                self.drawString(56, 35 - 10 * index, line)
            self.setFont(REGULAR, 10)
            self.setFillColor(INK)
            self.drawRightString(width - 56, 31, f"Page {self._pageNumber} of {total}")
            self.restoreState()

    return NumberedCanvas

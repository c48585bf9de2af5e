"""Building blocks of the agreement PDF: styles, the drawn signature and the numbered footer."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from facilitator.agreements.fonts import BOLD, REGULAR
from facilitator.agreements.model import Stroke

INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#555555")
RULE = colors.HexColor("#9a9a9a")
PEN = colors.HexColor("#14306b")
SHADE = colors.HexColor("#eef1f5")

#: Body text size in points: large enough to read without glasses at a signing table.
BODY_PT = 11.5


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
        "signame": ParagraphStyle("signame", parent=body, fontName=BOLD, fontSize=11, leading=14),
        "sigmeta": ParagraphStyle("sigmeta", parent=body, fontSize=11, leading=14, textColor=MUTED),
    }


class SignatureDrawing(Flowable):  # type: ignore[misc]
    """A signature drawn from its pen strokes as vector lines, on a signing line.

    Each segment's width follows the pen pressure, so the drawing looks like the ink did.
    With no strokes (printed for signing on paper) only the line is drawn.
    """

    def __init__(self, strokes: tuple[Stroke, ...], width: float, height: float) -> None:
        super().__init__()
        self.strokes = strokes
        self.width = width
        self.height = height

    def wrap(self, _avail_width: float, _avail_height: float) -> tuple[float, float]:
        """Fixed size."""
        return self.width, self.height

    def draw(self) -> None:
        """Draw the line, then the strokes above it."""
        c: Canvas = self.canv
        c.saveState()
        c.setStrokeColor(RULE)
        c.setLineWidth(0.8)
        c.line(0, 6, self.width, 6)
        c.setStrokeColor(PEN)
        c.setLineCap(1)
        c.setLineJoin(1)
        box_h = self.height - 8
        for stroke in self.strokes:
            if len(stroke) == 1:
                p = stroke[0]
                c.circle(p.x * self.width, 8 + (1 - p.y) * box_h, 0.8, stroke=0, fill=1)
                continue
            for a, b in pairwise(stroke):
                c.setLineWidth(0.6 + 1.8 * (a.pressure + b.pressure) / 2)
                c.line(
                    a.x * self.width,
                    8 + (1 - a.y) * box_h,
                    b.x * self.width,
                    8 + (1 - b.y) * box_h,
                )
        c.restoreState()


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

"""Program statistics as a PDF: the published tables and a bar chart of sessions held."""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from typing import Any

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from facilitator.agreements.fonts import BOLD, REGULAR, register_fonts
from facilitator.agreements.pdf_parts import INK, MUTED, PEN, RULE, numbered_canvas, styles
from facilitator.reports.stats_output import WITHHELD, Section

_MARGIN = 20 * mm
_WIDTH = A4[0] - 2 * _MARGIN
_ABOUT = (
    "De-identified: only counts, rates and medians. No names, note text, case summaries or "
    "case references are in this report."
)


def render_statistics_pdf(sections: Sequence[Section], min_count: int) -> bytes:
    """Render the published statistics as PDF bytes."""
    register_fonts()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=_MARGIN,
        rightMargin=_MARGIN,
        topMargin=_MARGIN,
        bottomMargin=24 * mm,
        title="Program statistics",
        author="Circle Facilitator",
        subject="Program statistics (de-identified)",
        creator="Circle Facilitator",
        initialFontName=REGULAR,
    )
    footer = ("Circle Facilitator · program statistics", "De-identified: counts only.")
    doc.build(list(_story(sections, min_count)), canvasmaker=numbered_canvas(footer))
    return buffer.getvalue()


def _story(sections: Sequence[Section], min_count: int) -> Iterator[Flowable]:
    st = styles()
    period, *tables = sections
    dates = {row.label: row.value for row in period.rows}
    yield Paragraph("Program statistics", st["title"])
    yield Paragraph(f"From {dates['From']} to {dates['To']} (both days included)", st["meta"])
    yield Paragraph(_ABOUT, st["meta"])
    if min_count > 1:
        yield Paragraph(
            f"Counts from 1 to {min_count - 1} are shown as “&lt;{min_count}”; “{WITHHELD}” "
            "marks a count, rate or median held back so that a small count cannot be worked "
            "out.",
            st["meta"],
        )
    for index, section in enumerate(tables):
        yield CondPageBreak(50 * mm)
        yield Paragraph(section.title, st["h2table"])
        yield _table(section)
        if index == 0:
            chart = _chart(section)
            if chart is not None:
                yield Spacer(1, 8)
                yield chart


def _table(section: Section) -> Table:
    rows: list[list[Any]] = [[row.label, row.value] for row in section.rows]
    table = Table(rows, colWidths=[_WIDTH * 0.75, _WIDTH * 0.25], hAlign="LEFT")
    totals = [
        ("FONTNAME", (0, n), (-1, n), BOLD) for n, row in enumerate(section.rows) if row.total
    ]
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("FONTSIZE", (0, 0), (-1, -1), 11),
                ("LEADING", (0, 0), (-1, -1), 14),
                ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                ("TEXTCOLOR", (0, 0), (-1, -1), INK),
                *totals,
            ]
        )
    )
    return table


def _chart(section: Section) -> Drawing | None:
    """Horizontal bars of the published counts (suppressed ones get no bar, only their label)."""
    rows = section.rows[:-1]  # the last row is the total
    if not any(row.count for row in rows):
        return None
    label_w, bar_h, gap = 170.0, 12.0, 6.0
    height = len(rows) * (bar_h + gap) + gap
    drawing = Drawing(_WIDTH, height)
    top = max(row.count or 0 for row in rows)
    room = _WIDTH - label_w - 40
    drawing.add(Line(label_w, 0, label_w, height, strokeColor=RULE, strokeWidth=0.5))
    for index, row in enumerate(rows):
        y = height - (index + 1) * (bar_h + gap)
        drawing.add(String(0, y + 3, row.label, fontName=REGULAR, fontSize=9, fillColor=MUTED))
        width = room * (row.count or 0) / top
        if width:
            drawing.add(Rect(label_w, y, width, bar_h, fillColor=PEN, strokeColor=None))
        drawing.add(
            String(
                label_w + width + 4,
                y + 3,
                row.value,
                fontName=BOLD if row.count is None else REGULAR,
                fontSize=9,
                fillColor=INK,
            )
        )
    return drawing

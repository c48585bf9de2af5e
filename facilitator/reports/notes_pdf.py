"""The session notes report as a PDF (ReportLab, with the agreement's embedded DejaVu fonts)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Paragraph,
    SimpleDocTemplate,
    Table,
    TableStyle,
)

from facilitator.agreements.fonts import BOLD, REGULAR, register_fonts
from facilitator.agreements.pdf_parts import MUTED, RULE, SHADE, numbered_canvas, styles
from facilitator.reports.notes import NotesReport, ReportNote
from facilitator.reports.pdf_text import REPLACEMENT, Printable

_MARGIN = 20 * mm
_WIDTH = A4[0] - 2 * _MARGIN
_SHARED_ONLY = (
    "Only notes marked as shareable are printed. Facilitator-only notes and struck-out notes "
    "are left out."
)
_WITH_PRIVATE = (
    "CONFIDENTIAL: this report includes facilitator-only notes, marked “facilitator only”. "
    "Keep it with the case file; do not give it to participants or referrers."
)


def render_notes_pdf(report: NotesReport) -> bytes:
    """Render the notes report as PDF bytes.

    A character the embedded font cannot draw is printed as U+FFFD and the report says so.
    """
    register_fonts()
    text = Printable(report.texts())
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=_MARGIN,
        rightMargin=_MARGIN,
        topMargin=_MARGIN,
        bottomMargin=24 * mm,
        title="Session notes",
        author="Circle Facilitator",
        subject="Session notes",
        creator="Circle Facilitator",
        initialFontName=REGULAR,
    )
    story = list(_story(report, text))
    footer = (
        "Circle Facilitator · session notes",
        "Confidential: includes facilitator-only notes."
        if report.includes_facilitator_only
        else "Confidential to the people who took part.",
    )
    doc.build(story, canvasmaker=numbered_canvas(footer))
    return buffer.getvalue()


def _story(report: NotesReport, text: Printable) -> Iterator[Flowable]:
    st = styles()
    title = "Session notes"
    if report.session_title:
        title += f": {report.session_title}"
    yield Paragraph(text.markup(title), st["title"])
    yield Paragraph(_meta(report, text), st["meta"])
    yield Paragraph(
        _WITH_PRIVATE if report.includes_facilitator_only else _SHARED_ONLY,
        _banner() if report.includes_facilitator_only else st["meta"],
    )
    if text.missing:
        yield Paragraph(
            f"Some characters cannot be printed with this report's font and are shown as "
            f"{REPLACEMENT}; read those notes in the app.",
            st["meta"],
        )
    yield CondPageBreak(40 * mm)
    yield Paragraph("Who took part", st["h2table"])
    yield _people(report, text)
    yield Paragraph("Notes", st["h2"])
    if not report.groups:
        yield Paragraph("No notes to print.", st["body"])
    for group in report.groups:
        yield Paragraph(text.markup(group.heading), st["h3"])
        for note in group.notes:
            yield from _note(note, text)


def _meta(report: NotesReport, text: Printable) -> str:
    parts = [f"Case reference: {report.case_reference}", f"Process: {report.process}"]
    if report.session_date is not None:
        parts.append(f"Date: {_date(report.session_date)}")
    return "   ·   ".join(text.markup(p) for p in parts)


def _people(report: NotesReport, text: Printable) -> Table:
    st = styles()
    rows: list[list[Any]] = [[Paragraph("Name", st["cellhead"]), Paragraph("Role", st["cellhead"])]]
    rows += [
        [Paragraph(text.markup(name), st["cell"]), Paragraph(text.markup(role), st["cell"])]
        for name, role in report.participants
    ]
    table = Table(rows, colWidths=[_WIDTH * 0.55, _WIDTH * 0.45], repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    return table


def _note(note: ReportNote, text: Printable) -> Iterator[Flowable]:
    head = [f"<b>{note.kind.label}</b>", _clock(note.at)]
    if note.speaker:
        head.insert(1, text.markup(note.speaker))
    if note.facilitator_only:
        head.append("<b>facilitator only</b>")
    # The heading keeps with the note's first lines (keepWithNext); a long note may run on.
    yield Paragraph("   ·   ".join(head), _note_head())
    yield Paragraph(text.markup(note.text), _note_body())


def _note_head() -> ParagraphStyle:
    return ParagraphStyle(
        "notehead",
        parent=styles()["body"],
        fontSize=9.5,
        leading=13,
        textColor=MUTED,
        spaceBefore=4,
        spaceAfter=1,
        keepWithNext=1,
    )


def _note_body() -> ParagraphStyle:
    return ParagraphStyle("notebody", parent=styles()["body"], leftIndent=8, spaceAfter=2)


def _banner() -> ParagraphStyle:
    return ParagraphStyle(
        "banner",
        parent=styles()["body"],
        fontName=BOLD,
        borderColor=RULE,
        borderWidth=0.8,
        borderPadding=6,
        backColor=SHADE,
        spaceBefore=8,
        spaceAfter=10,
    )


def _clock(seconds: float) -> str:
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _date(day: date) -> str:
    return f"{day.day}\u00a0{day:%B}\u00a0{day.year}"  # never broken across lines

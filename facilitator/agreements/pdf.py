"""The agreement as a PDF, written for the people who sign it.

Only the agreement's own fields are printed: parties, items, clauses, the neutral summary and
signatures. Nothing facilitator-only (notes, risk notes, the case summary) is ever passed in, so
nothing facilitator-only can be printed. Every character is checked against the embedded font
first (:func:`facilitator.agreements.fonts.check_drawable`).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
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

from facilitator.agreements.fonts import REGULAR, check_drawable, register_fonts
from facilitator.agreements.model import Agreement, AgreementItem, ApologyForm, ItemKind, Party
from facilitator.agreements.pdf_parts import (
    BOLD_FONT,
    RULE,
    SHADE,
    SignatureBlock,
    numbered_canvas,
    styles,
)
from facilitator.agreements.serial import content_hash

#: Written into the PDF's keywords so that ``verify`` can find the agreement in the store.
KEYWORD_PREFIX = "circle-facilitator-agreement"

_MARGIN = 20 * mm
_WIDTH = A4[0] - 2 * _MARGIN
_NO_AGREEMENT = (
    "No agreement on actions was reached. Everyone named here took part, and choosing not to "
    "agree is a valid outcome; the matter goes back to the referrer."
)
_SIGN_INTRO = (
    "By signing, each person says that they can live with this agreement and will support "
    "carrying it out. Everyone who signs receives a copy."
)


def pdf_keywords(agreement: Agreement, digest: str | None = None) -> str:
    """The keywords string that identifies the agreement version and its content hash."""
    digest = digest or content_hash(agreement)
    return f"{KEYWORD_PREFIX} id={agreement.id} version={agreement.version} sha256={digest}"


def render_agreement(agreement: Agreement, *, paper: bool = False) -> bytes:
    """Render the agreement as PDF bytes.

    Args:
        agreement: The agreement (any status; a draft is marked as such).
        paper: Print signature lines for signing with a pen instead of the drawn signatures.

    Raises:
        UnsupportedCharactersError: some text holds characters the font cannot draw.
    """
    register_fonts()
    check_drawable(printed_text(agreement))
    buffer = io.BytesIO()
    digest = content_hash(agreement)
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=_MARGIN,
        rightMargin=_MARGIN,
        topMargin=_MARGIN,
        bottomMargin=24 * mm,
        title=agreement.title,
        author="Circle Facilitator",
        subject=f"Agreement for case {agreement.case_reference}",
        keywords=pdf_keywords(agreement, digest),
        creator="Circle Facilitator",
        # Otherwise every page names Helvetica, a font the PDF does not embed.
        initialFontName=REGULAR,
    )
    footer = (
        f"Agreement {agreement.id} · version {agreement.version}",
        f"SHA-256 of the agreed content: {digest}",
    )
    doc.build(list(_story(agreement, paper=paper)), canvasmaker=numbered_canvas(footer))
    return buffer.getvalue()


def printed_text(agreement: Agreement) -> Iterator[str]:
    """Every piece of agreement text that will be printed (for the font check)."""
    yield from (agreement.title, agreement.introduction, agreement.summary)
    yield from (agreement.case_reference, agreement.referral_source)
    for party in agreement.parties:
        yield party.name
        yield party.role.label
    for item in agreement.items:
        yield from _item_cells(agreement, item)
    for clause in agreement.clauses:
        yield from (clause.title, clause.text)
    for signature in agreement.signatures:
        yield signature.name


def _story(agreement: Agreement, *, paper: bool) -> Iterator[Flowable]:
    st = styles()
    yield Paragraph(_t(agreement.title), st["title"])
    yield Paragraph(_meta_line(agreement), st["meta"])
    if agreement.previous_version_id:
        yield Paragraph(
            _t(f"Version {agreement.version}: replaces agreement {agreement.previous_version_id}."),
            st["meta"],
        )
    if agreement.status.value == "draft":
        yield Paragraph("<b>Draft</b>: not yet agreed or signed.", st["meta"])
    if agreement.introduction:
        yield Spacer(1, 6)
        yield Paragraph(_t(agreement.introduction), st["body"])
    # A heading over a table: start a new page rather than leave the heading alone at the foot
    # (keepWithNext would drag the whole table along and leave half a page empty).
    yield CondPageBreak(45 * mm)
    yield Paragraph("Who took part", st["h2table"])
    yield _parties_table(agreement.parties)
    if agreement.summary:
        yield Paragraph("Summary", st["h2"])
        yield Paragraph(_t(agreement.summary), st["body"])
    yield CondPageBreak(45 * mm)
    yield Paragraph("What we agreed", st["h2table"])
    if agreement.items:
        yield _items_table(agreement)
        yield Spacer(1, 6)
    else:
        yield Paragraph(_t(_NO_AGREEMENT), st["body"])
    if agreement.review_date:
        review = f"Progress will be reviewed on {_date(agreement.review_date)}."
        yield Paragraph(_t(review), st["body"])
    yield Paragraph("What we understand", st["h2"])
    for clause in agreement.clauses:
        yield Paragraph(_t(clause.title), st["h3"])  # keeps with its text (keepWithNext)
        yield Paragraph(_t(clause.text), st["body"])
    yield Paragraph("Signatures", st["h2"])
    yield Paragraph(_t(_SIGN_INTRO), st["body"])
    yield _signatures(agreement, paper=paper)


def _meta_line(agreement: Agreement) -> str:
    when = agreement.finalised_at or agreement.created_at
    parts = [f"Case reference: {agreement.case_reference}"]
    if when is not None:
        parts.append(f"Date: {_date(when.date())}")
    if agreement.referral_source:
        parts.append(f"Referred by: {agreement.referral_source}")
    return "   ·   ".join(_t(p) for p in parts)


def _parties_table(parties: tuple[Party, ...]) -> Table:
    # Plain strings, not paragraphs: a name and a role fit one line and lay out much faster.
    rows: list[list[Any]] = [["Name", "Role"]]
    rows += [[p.name, p.role.label] for p in parties]
    table = _table(rows, [_WIDTH * 0.55, _WIDTH * 0.45])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, 0), BOLD_FONT),
            ]
        )
    )
    return table


def _items_table(agreement: Agreement) -> Table:
    st = styles()
    head = ["What", "Who", "By when", "Monitored by"]
    rows: list[list[Any]] = [[Paragraph(h, st["cellhead"]) for h in head]]
    for number, item in enumerate(agreement.items, start=1):
        what, who, due, monitor = _item_cells(agreement, item)
        rows.append(
            [
                Paragraph(f"<b>{number}.</b> {_t(what)}", st["cell"]),
                Paragraph(_t(who), st["cell"]),
                due,  # a short date: plain text lays out faster than a paragraph
                Paragraph(_t(monitor), st["cell"]),
            ]
        )
    widths = [_WIDTH * 0.35, _WIDTH * 0.18, _WIDTH * 0.18, _WIDTH * 0.29]
    return _table(rows, widths)


def _item_cells(agreement: Agreement, item: AgreementItem) -> tuple[str, str, str, str]:
    """The four printed cells of an item: what, who, by when, monitored by."""
    what = f"{item.kind.label}: {item.description}"
    details = _details(item)
    if details:
        what += f"\n{details}"
    owner = agreement.party(item.responsible_id) if item.responsible_id else None
    who = owner.name if owner else "(to be named)"
    due = f"{item.due.day} {item.due:%b %Y}" if item.due else "(no date)"
    monitor = item.monitor or "(to be named)"
    if item.how_harmed_learns:
        monitor += f"\nThe person harmed learns of it: {item.how_harmed_learns}"
    return what, who, due, monitor


def _details(item: AgreementItem) -> str:
    parts: list[str] = []
    if item.kind is ItemKind.APOLOGY and item.apology_form is not None:
        form = "in a letter" if item.apology_form is ApologyForm.LETTER else "in person"
        parts.append(f"Made {form}.")
    if item.amount is not None:
        parts.append(f"Amount: {item.amount:,.2f} {item.currency}".rstrip() + ".")
    if item.payment_schedule:
        parts.append(f"Paid: {item.payment_schedule}.")
    if item.hours:
        parts.append(f"Hours: {item.hours:g}.")
    if item.service:
        parts.append(f"Service: {item.service}.")
    return " ".join(parts)


def _signatures(agreement: Agreement, *, paper: bool) -> Table:
    col = (_WIDTH - 12) / 2
    cells: list[Flowable] = []
    for party in agreement.signers:
        signature = None if paper else agreement.signature_of(party.participant_id)
        strokes = signature.strokes if signature else ()
        when = f"Signed {_time(signature.signed_at)}" if signature else "Date: ________________"
        cells.append(SignatureBlock(strokes, (party.name, party.role.label, when), col - 12))
    rows: list[list[Flowable]] = [cells[i : i + 2] for i in range(0, len(cells), 2)]
    if rows and len(rows[-1]) == 1:
        rows[-1].append(Spacer(1, 1))
    table = Table(rows or [[Spacer(1, 1)]], colWidths=[col, col], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 10),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def _table(rows: list[list[Any]], widths: list[float]) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("FONTSIZE", (0, 0), (-1, -1), 11),
                ("LEADING", (0, 0), (-1, -1), 14),
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                ("TEXTCOLOR", (0, 0), (-1, -1), colors.black),
            ]
        )
    )
    return table


def _t(text: str) -> str:
    """Plain text as Paragraph markup: escaped, line breaks kept."""
    return "<br/>".join(escape(line) for line in text.split("\n"))


def _date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _time(moment: datetime) -> str:
    local = moment.astimezone()
    return f"{_date(local.date())}, {local:%H:%M} {local.tzname() or ''}".rstrip()

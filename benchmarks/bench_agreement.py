"""Rendering and sealing the agreement PDF.

Render: our ``render_agreement`` beside a bare ReportLab document of the same content (the same
text, tables and signature lines, the same embedded fonts, none of our checks or layout), run
alternately in the same process. Goal: at most 2x the bare document. Seal: the median of
``seal_pdf`` on the rendered file with an ECDSA P-256 key. Goal: under 50 ms.
"""

from __future__ import annotations

import io
import math
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from itertools import pairwise
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table

from benchmarks.summary import summarize_ns
from facilitator.agreements.fonts import REGULAR, register_fonts
from facilitator.agreements.keys import load_or_create_key
from facilitator.agreements.lifecycle import assent, edit, finalise, new_agreement, sign
from facilitator.agreements.model import (
    Agreement,
    AgreementItem,
    ItemKind,
    Signature,
    StrokePoint,
)
from facilitator.agreements.pdf import render_agreement
from facilitator.agreements.seal import seal_pdf
from facilitator.agreements.templates import load_agreement_templates
from facilitator.domain.case import Participant
from facilitator.domain.roles import Role

ROUNDS = 30
WARMUP = 3
RATIO_GOAL = 2.0
SEAL_GOAL_MS = 50.0


def _agreement() -> Agreement:
    template = load_agreement_templates().templates["community-conference"]
    roles = [
        Role.PERSON_HARMED,
        Role.PERSON_RESPONSIBLE,
        Role.SUPPORTER_HARMED,
        Role.SUPPORTER_RESPONSIBLE,
        Role.COMMUNITY_MEMBER,
        Role.GUARDIAN,
        Role.FACILITATOR,
    ]
    names = [
        "Zoë Nguyễn Thị Ánh",
        "Ołeksandr Шевченко",
        "Μαρία Παπαδοπούλου",
        "Dmitri Ivanov",
        "Lin Chen",
        "Grace Okafor",
        "Aroha Ngata",
    ]
    cast = [Participant(n, r) for n, r in zip(names, roles, strict=True)]
    when = datetime(2026, 3, 1, 18, tzinfo=UTC)
    agreement = new_agreement(
        template,
        session_id="b" * 32,
        case_reference="BENCH-1",
        participants=cast,
        when=when.date(),
        created_at=when,
    )
    items = [
        AgreementItem(
            kind,
            f"Action {i}: repaint the shed on two Saturdays with the volunteers",
            responsible_id=cast[1].id,
            due=date(2026, 4, i + 1),
            monitor="Aroha Ngata",
            how_harmed_learns="A message from the facilitator",
            amount=Decimal(85) if kind is ItemKind.RESTITUTION else None,
        )
        for i, kind in enumerate(
            [
                ItemKind.WORK_FOR_HARMED,
                ItemKind.RESTITUTION,
                ItemKind.APOLOGY,
                ItemKind.SUPPORT,
                ItemKind.BEHAVIOURAL,
            ]
        )
    ]
    agreement = edit(agreement, items=items, summary="A calm meeting; everyone was heard.")
    for p in cast:
        agreement = assent(agreement, p.id)
    agreement = finalise(agreement, template, unresolved_withdrawals=(), at=when)
    for i, party in enumerate(agreement.signers):
        stroke = tuple(
            StrokePoint(0.05 + 0.9 * k / 60, 0.5 + 0.3 * math.sin(k / 4 + i), 0.6, k * 0.02)
            for k in range(61)
        )
        agreement = sign(
            agreement,
            Signature(
                party.participant_id,
                party.name,
                party.role,
                when + timedelta(minutes=i + 1),
                (stroke,),
            ),
        )
    return agreement


class _Lines(Flowable):  # type: ignore[misc]
    def __init__(self, points: list[tuple[float, float]]) -> None:
        super().__init__()
        self.points = points

    def wrap(self, *_args: float) -> tuple[float, float]:
        return 240, 60

    def draw(self) -> None:
        for (x1, y1), (x2, y2) in pairwise(self.points):
            self.canv.line(x1 * 240, y1 * 60, x2 * 240, y2 * 60)


def _bare(agreement: Agreement) -> bytes:
    """The same content, laid out as plainly as ReportLab allows."""
    style = ParagraphStyle("b", fontName=REGULAR, fontSize=11.5, leading=16)
    story: list[Flowable] = [
        Paragraph(agreement.title, style),
        Paragraph(agreement.introduction, style),
    ]
    story.append(
        Table(
            [[p.name, p.role.label] for p in agreement.parties],
            style=[("FONTNAME", (0, 0), (-1, -1), REGULAR)],
        )
    )
    story.append(Paragraph(agreement.summary, style))
    story.append(
        Table(
            [
                [Paragraph(i.description, style), i.responsible_id or "", str(i.due), i.monitor]
                for i in agreement.items
            ],
            style=[("FONTNAME", (0, 0), (-1, -1), REGULAR)],
            colWidths=[200, 90, 70, 110],
        )
    )
    for clause in agreement.clauses:
        story += [Paragraph(clause.title, style), Paragraph(clause.text, style)]
    for s in agreement.signatures:
        story.append(_Lines([(p.x, 1 - p.y) for stroke in s.strokes for p in stroke]))
        story.append(Paragraph(f"{s.name}, {s.role.label}, {s.signed_at:%Y-%m-%d %H:%M}", style))
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, initialFontName=REGULAR).build(story)
    return buffer.getvalue()


def _timed(fn: Any, *args: Any) -> int:
    start = time.perf_counter_ns()
    fn(*args)
    return time.perf_counter_ns() - start


def run() -> list[dict[str, Any]]:
    register_fonts()
    agreement = _agreement()
    ours: list[int] = []
    bare: list[int] = []
    for i in range(ROUNDS + WARMUP):
        if i % 2:
            a, b = _timed(render_agreement, agreement), _timed(_bare, agreement)
        else:
            b, a = _timed(_bare, agreement), _timed(render_agreement, agreement)
        if i >= WARMUP:
            ours.append(a)
            bare.append(b)
    pdf = render_agreement(agreement)
    with tempfile.TemporaryDirectory(prefix="cf-bench-") as tmp:
        key = load_or_create_key(Path(tmp) / "keys")
        seal_pdf(pdf, key)  # the first seal imports pyHanko; the app pays that once
        seals = [_timed(seal_pdf, pdf, key) for _ in range(ROUNDS)]
    mine, base, seal = summarize_ns(ours), summarize_ns(bare), summarize_ns(seals)
    ratio = mine["median_ms"] / base["median_ms"]
    return [
        {
            "name": "agreement PDF render (7 parties, 5 items, 7 signatures)",
            **mine,
            "baseline": "bare ReportLab document, same content",
            "baseline_median_ms": base["median_ms"],
            "baseline_p99_ms": base["p99_ms"],
            "ratio": ratio,
            "goal": f"ratio <= {RATIO_GOAL:g}x",
            "ok": ratio <= RATIO_GOAL,
            "samples": len(ours),
        },
        {
            "name": "agreement seal (PAdES, ECDSA P-256)",
            **seal,
            "baseline": None,
            "baseline_median_ms": None,
            "ratio": None,
            "goal": f"median < {SEAL_GOAL_MS:g} ms",
            "ok": seal["median_ms"] < SEAL_GOAL_MS,
            "samples": len(seals),
        },
    ]

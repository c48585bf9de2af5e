"""Agreement templates whose text comes from every Unicode plane: exact to the PDF, or refused.

The loader's handling of damaged structure is fuzzed in
tests/agreements/test_agreement_templates.py. This follows a template's text further, the way
the app uses it: an agreement is started from the template for a session, stored and read back
equal, and rendered to a PDF; or the text is refused with a clear error on the way (by the
loader, the store, or the font check that names the characters it cannot print). Never anything
else.
"""

from __future__ import annotations

import copy
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

from fuzz_text import TEXT, fuzz_settings, storable
from fuzz_world import TEMPLATE, fresh_store
from hypothesis import event, given
from hypothesis import strategies as st

from facilitator.agreements.fonts import UnsupportedCharactersError
from facilitator.agreements.lifecycle import new_agreement
from facilitator.agreements.model import Agreement
from facilitator.agreements.pdf import render_agreement
from facilitator.agreements.template import AgreementTemplate
from facilitator.agreements.templates import (
    agreement_template_from_data,
    builtin_agreement_templates_dir,
)
from facilitator.domain.case import Case, Participant
from facilitator.domain.roles import Role
from facilitator.domain.session import SessionInfo
from facilitator.processes import TemplateLoadError
from facilitator.storage.store import StoreError

SEED: dict[str, Any] = tomllib.loads(
    (builtin_agreement_templates_dir() / "community-conference.toml").read_text(encoding="utf-8")
)
PEOPLE = [
    Participant("Keeper", Role.FACILITATOR, seat=0),
    Participant("Ana", Role.PERSON_HARMED, seat=1),
    Participant("Bo", Role.PERSON_RESPONSIBLE, seat=2),
]


def _with_text(place: str, text: str) -> dict[str, Any]:
    data = copy.deepcopy(SEED)
    if place == "clause title":
        data["clauses"][0]["title"] = text
    elif place == "clause text":
        data["clauses"][0]["text"] = text
    elif place == "introduction":
        # Text around a placeholder, so the substitution runs over the fuzzed text too.
        data["introduction"] = f"{text} {{parties}} {text}"
    else:
        data[place] = text
    return data


def _load(place: str, text: str) -> AgreementTemplate | TemplateLoadError:
    try:
        return agreement_template_from_data(_with_text(place, text), Path("fuzz.toml"))
    except TemplateLoadError as exc:
        return exc


def _store_and_read_back(template: AgreementTemplate) -> tuple[Agreement, Agreement] | StoreError:
    with fresh_store() as store:
        case = store.add_case(Case(reference="FUZZ-AGREEMENT"))
        info = store.create_session(SessionInfo(case_id=case.id, template=TEMPLATE), PEOPLE)
        agreement = new_agreement(
            template,
            session_id=info.id,
            case_reference=case.reference,
            participants=PEOPLE,
            when=date(2026, 3, 2),
        )
        try:
            saved = store.agreements.save(agreement)
        except StoreError as exc:
            return exc
        return saved, store.agreements.get(saved.id)


def _render(agreement: Agreement) -> bytes | UnsupportedCharactersError:
    try:
        return render_agreement(agreement)
    except UnsupportedCharactersError as exc:
        return exc


@fuzz_settings(60)
@given(
    place=st.sampled_from(["title", "introduction", "clause title", "clause text"]),
    text=TEXT,
)
def test_agreement_template_text_reaches_the_pdf_exactly_or_is_refused(
    place: str, text: str
) -> None:
    template = _load(place, text)
    if isinstance(template, TemplateLoadError):
        event("refused by the loader")
        assert template.errors
        assert all(str(e).startswith("fuzz.toml") and e.reason for e in template.errors)
        return
    stored = _store_and_read_back(template)
    if isinstance(stored, StoreError):
        event("refused by the store")
        assert not storable(text)
        assert str(stored)
        return
    saved, again = stored
    assert again == saved
    pdf = _render(again)
    if isinstance(pdf, UnsupportedCharactersError):
        event("refused by the font check")
        assert pdf.characters
        assert set(pdf.characters) <= set(text)
        return
    event("rendered")
    assert pdf.startswith(b"%PDF-")

"""Process templates whose text comes from every Unicode plane: exact through the store, or refused.

The loader's handling of damaged structure is fuzzed in tests/processes/test_process_fuzz.py and
agreement templates in tests/agreements/test_agreement_templates.py; this adds what a template's
text does after loading: a template the loader accepts is stored with a session and read back
equal, and survives export and import; text no database can hold is refused by the store.
"""

from __future__ import annotations

import copy
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fuzz_text import TEXT, fuzz_settings, storable
from fuzz_world import fresh_store
from hypothesis import event, given
from hypothesis import strategies as st

from facilitator.domain.case import Case
from facilitator.domain.session import SessionInfo
from facilitator.exchange.session_file import export_session, import_session, parse_document
from facilitator.processes import TemplateLoadError, builtin_templates_dir, template_from_data
from facilitator.storage.store import Store, StoreError

SEEDS = [
    tomllib.loads(p.read_text(encoding="utf-8"))
    for p in sorted(builtin_templates_dir().glob("*.toml"))
]


def _text_places(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every string value of a template (titles, guidance, questions, checklist items)."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _text_places(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _text_places(value, (*prefix, index))
    elif isinstance(node, str):
        yield prefix


@st.composite
def retexted(draw: st.DrawFn) -> tuple[dict[str, Any], list[str]]:
    """A built-in template with one to three of its texts replaced by fuzzed text."""
    data: dict[str, Any] = copy.deepcopy(draw(st.sampled_from(SEEDS)))
    places = [p for p in _text_places(data) if p[-1] not in ("id", "kind", "order", "direction")]
    texts = []
    for _ in range(draw(st.integers(1, 3))):
        place = draw(st.sampled_from(places))
        node: Any = data
        for step in place[:-1]:
            node = node[step]
        node[place[-1]] = draw(TEXT)
        texts.append(node[place[-1]])
    return data, texts


@pytest.fixture(scope="module")
def two_stores() -> Iterator[tuple[Store, Store]]:
    with fresh_store() as source, fresh_store() as target:
        yield source, target


@fuzz_settings(80)
@given(case=retexted())
def test_template_text_is_stored_exactly_or_refused(
    two_stores: tuple[Store, Store], case: tuple[dict[str, Any], list[str]]
) -> None:
    source, target = two_stores
    data, texts = case
    try:
        template = template_from_data(data, Path("fuzz.toml"))
    except TemplateLoadError as refused:
        event("refused by the loader")
        assert refused.errors  # noqa: PT017 - a refusal is one right outcome
        return
    reference = source.add_case(Case(reference="TEMPLATES"))
    try:
        info = source.create_session(SessionInfo(case_id=reference.id, template=template), [])
    except StoreError as refused:
        assert "broken character" in str(refused)  # noqa: PT017 - a refusal is one right outcome
        event("refused by the store")
        assert not all(storable(t) for t in texts)
        return
    assert source.get_session(info.id).template == template
    exported = export_session(source, info.id)
    import_session(target, parse_document(exported.encode("utf-8")))
    assert target.get_session(info.id).template == template
    event("round trip")

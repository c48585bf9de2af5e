"""Damaged session files: imported exactly, or refused with a clear error; never a crash.

The seed is the demo session's export (every kind of record and event). Each example makes one
to four random edits to it (a value replaced by a near miss or fuzzed text from every plane, a key
removed or added, a list item inserted), then imports the file it makes into a new store. The
import either raises ExchangeError or StoreError with a message, or succeeds; a file that was
accepted exports again to a file that imports into a third store and exports byte for byte the
same.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fuzz_text import PIECES, TEXT, fuzz_settings
from fuzz_world import StoreCopies, fresh_store
from hypothesis import event, given
from hypothesis import strategies as st

from facilitator.demo import create_demo
from facilitator.exchange.session_file import (
    ExchangeError,
    export_session,
    import_session,
    parse_document,
)
from facilitator.storage.store import StoreError

with fresh_store() as _demo:
    _info = create_demo(_demo)
    SEED_TEXT = export_session(_demo, _info.id)
SEED = json.loads(SEED_TEXT)

NEAR_MISSES = st.sampled_from(
    [
        "",
        " ",
        None,
        0,
        -1,
        2**63,
        1.5,
        float("nan"),
        True,
        [],
        {},
        "2026-13-40T25:61:00+00:00",
        "2026-03-02T17:00:00",
        "keeper",
        "person_harmed",
        "in_person",
        "ended",
        "f" * 32,
        "x" * 200_000,
        *PIECES,
    ]
)
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | TEXT | NEAR_MISSES,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=8,
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*prefix, index))


class Damaged:
    """A damaged document, shown in failure reports by its edits (the document is 45 kB)."""

    def __init__(self, document: Any, edits: list[str]) -> None:
        self.document = document
        self.edits = edits

    def __repr__(self) -> str:
        return f"Damaged({'; '.join(self.edits)[:2000]})"


@st.composite
def damaged(draw: st.DrawFn) -> Damaged:
    """The seed with one to four random edits."""
    document: Any = copy.deepcopy(SEED)
    edits: list[str] = []
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(list(_paths(document))))
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        edits.append(f"{action} at {path!r}")
        if not path:
            document = copy.deepcopy(draw(VALUES)) if action == "replace" else document
            continue
        parent = document
        for step in path[:-1]:
            parent = parent[step]
        # Copies: a later edit must never change a value the strategy hands out again.
        if action == "replace":
            parent[path[-1]] = copy.deepcopy(draw(VALUES))
        elif action == "delete":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[draw(TEXT)] = copy.deepcopy(draw(VALUES))
        else:
            parent.insert(path[-1], copy.deepcopy(draw(VALUES)))
    return Damaged(document, edits)


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> StoreCopies:
    return StoreCopies(tmp_path_factory.mktemp("import-fuzz"))


@fuzz_settings(120)
@given(document=damaged())
def test_a_damaged_file_is_imported_exactly_or_refused(
    stores: StoreCopies, document: Damaged
) -> None:
    raw = json.dumps(document.document).encode("utf-8")  # as a file holds it (surrogates escaped)
    with stores.fresh() as target:
        try:
            bundle = import_session(target, parse_document(raw, "fuzz.json"))
        except (ExchangeError, StoreError) as refused:
            event(f"refused: {type(refused).__name__}")
            assert str(refused)  # noqa: PT017 - either outcome is right; a refusal must say why
            return
        again = export_session(target, bundle.session.id)
    with stores.fresh() as third:
        import_session(third, parse_document(again.encode("utf-8")))
        assert export_session(third, bundle.session.id) == again
    event("imported")


@fuzz_settings(80)
@given(raw=st.binary(max_size=300) | TEXT.map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_bytes_that_are_no_session_file_get_a_clear_error(raw: bytes) -> None:
    try:
        document = parse_document(raw, "fuzz.json")
    except ExchangeError as refused:
        assert str(refused)  # noqa: PT017 - a refusal is one right outcome
        return
    with fresh_store() as target, pytest.raises((ExchangeError, StoreError)):
        import_session(target, document)


def test_the_seed_itself_round_trips(stores: StoreCopies) -> None:
    with stores.fresh() as target:
        bundle = import_session(target, parse_document(SEED_TEXT.encode("utf-8")))
        assert export_session(target, bundle.session.id) == SEED_TEXT


def test_the_copies_are_separate_stores(stores: StoreCopies, tmp_path: Path) -> None:
    with stores.fresh() as first:
        import_session(first, parse_document(SEED_TEXT.encode("utf-8")))
    with stores.fresh() as second:
        assert second.list_sessions() == []


def test_null_where_an_object_is_due_is_a_clear_error(stores: StoreCopies) -> None:
    # Found by the fuzzer: a round's role questions set to null once escaped as AttributeError.
    document = copy.deepcopy(SEED)
    rounds = [r for p in document["session"]["template"]["phases"] for r in p["rounds"]]
    rounds[0]["role_questions"] = None
    with stores.fresh() as target, pytest.raises(ExchangeError, match=r"session\.template"):
        import_session(target, parse_document(json.dumps(document).encode("utf-8")))


def test_null_in_the_logged_template_is_a_clear_error(stores: StoreCopies) -> None:
    # Found by the fuzzer: the same null inside the session_started event's own copy of the
    # template escaped while the log was replayed.
    document = copy.deepcopy(SEED)
    started = document["events"][0]["event"]
    rounds = [r for p in started["template"]["phases"] for r in p["rounds"]]
    rounds[0]["role_questions"] = None
    with stores.fresh() as target, pytest.raises(ExchangeError, match="cannot be replayed"):
        import_session(target, parse_document(json.dumps(document).encode("utf-8")))
    with stores.fresh() as target:
        assert target.list_sessions() == []

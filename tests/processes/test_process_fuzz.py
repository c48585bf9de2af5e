"""Arbitrary damage to a good template only ever yields a clean list of TemplateErrors.

People edit these files by hand, so any mistake must come back as "file: key: reason", never as a
KeyError or TypeError from deep inside the loader.
"""

from __future__ import annotations

import copy
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitator.domain.process import ProcessTemplate
from facilitator.processes import (
    TemplateLoadError,
    builtin_templates_dir,
    load_template,
    template_from_data,
)

BUILTIN_FILES = sorted(builtin_templates_dir().glob("*.toml"))
SEEDS = [tomllib.loads(path.read_text(encoding="utf-8")) for path in BUILTIN_FILES]
TEXTS = [path.read_text(encoding="utf-8") for path in BUILTIN_FILES]
SOURCE = Path("fuzzed.toml")

#: Values that are nearly right, so mutations also reach the checks behind the type checks.
NEAR_MISSES = st.sampled_from(
    [
        "",
        " ",
        "seat",
        "roles",
        "none",
        "circle",
        "person_harmed",
        "keeper",
        "observer",
        "a\x00b",
        "x" * 6000,
        "line\nbreak",
        "{name}",
        0,
        -1,
        1,
        1441,
        10**40,
        0.0001,
        float("nan"),
        float("inf"),
        True,
        [],
        {},
        [{}],
        ["person_harmed", "person_harmed"],
    ]
)

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20) | NEAR_MISSES,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)

KEY_NAMES = st.sampled_from(
    ["id", "title", "order", "roles", "rounds", "private", "zzz"]
) | st.text(max_size=12)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every place in a parsed document: dict keys and list positions, outermost first."""
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*prefix, index))


def _parent(document: Any, path: tuple[Any, ...]) -> Any:
    node = document
    for step in path[:-1]:
        node = node[step]
    return node


@st.composite
def damaged_documents(draw: st.DrawFn) -> Any:
    """A built-in template's parsed data with one to four random edits."""
    document: Any = copy.deepcopy(draw(st.sampled_from(SEEDS)))
    # Drawn values are copied: a later edit may change them in place, and a sampled value is
    # shared between examples (changing it makes hypothesis see a flaky strategy).
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        paths = list(_paths(document))
        path = draw(st.sampled_from(paths))
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if not path:
            if action == "replace":
                document = copy.deepcopy(draw(JSON_VALUES))
            continue
        parent = _parent(document, path)
        if action == "replace":
            parent[path[-1]] = copy.deepcopy(draw(JSON_VALUES))
        elif action == "delete":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[draw(KEY_NAMES)] = copy.deepcopy(draw(JSON_VALUES))
        else:
            parent.insert(path[-1], copy.deepcopy(draw(JSON_VALUES)))
    return document


def _check_clean(load: Callable[[], ProcessTemplate]) -> ProcessTemplate | None:
    """Run ``load``: it may succeed, or raise TemplateLoadError with well-formed errors."""
    try:
        return load()
    except TemplateLoadError as exc:
        errors = exc.errors
    assert errors
    for error in errors:
        assert error.reason
        assert str(error).startswith(f"{error.path.name}: ")
    return None


@settings(max_examples=400, deadline=None)
@given(damaged_documents())
def test_damaged_data_gives_only_template_errors(document: Any) -> None:
    template = _check_clean(lambda: template_from_data(document, SOURCE))
    if template is not None:
        # Whatever was accepted must survive the session snapshot, as the built-ins do.
        assert ProcessTemplate.from_dict(template.to_dict()) == template


@pytest.fixture(scope="module")
def fuzz_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz") / "fuzzed.toml"


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    text=st.sampled_from(TEXTS),
    cut=st.floats(min_value=0, max_value=1),
    length=st.integers(min_value=0, max_value=40),
    insert=st.text(max_size=30) | st.sampled_from(["\n[[phases]]\n", '"', "= 3\n", "[", "\\"]),
)
def test_damaged_text_gives_only_template_errors(
    fuzz_file: Path, text: str, cut: float, length: int, insert: str
) -> None:
    at = int(cut * len(text))
    fuzz_file.write_text(text[:at] + insert + text[at + length :], encoding="utf-8")
    _check_clean(lambda: load_template(fuzz_file))


def test_the_seeds_themselves_load() -> None:
    # If the seeds were already broken, the properties above would only test the TOML parser.
    for document in SEEDS:
        assert template_from_data(document, SOURCE).phases

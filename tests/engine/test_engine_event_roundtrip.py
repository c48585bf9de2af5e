"""Every event survives event_to_dict -> JSON text -> event_from_dict unchanged.

The state machine (test_engine_machine.py) checks this for every event of the logs it generates;
here every field of every event type gets arbitrary values, strange text included.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from enum import StrEnum
from typing import Any, Union

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator.engine.events import EVENT_TYPES, Event, event_from_dict, event_to_dict

JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)


def _strategy(hint: Any) -> st.SearchStrategy[Any]:
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        args = typing.get_args(hint)
        (inner,) = [a for a in args if a is not type(None)]
        return st.none() | _strategy(inner)
    if origin is tuple:
        item, _ellipsis = typing.get_args(hint)
        return st.lists(_strategy(item), max_size=4).map(tuple)
    if origin is dict:
        return st.dictionaries(st.text(), JSON_VALUES, max_size=4)
    if isinstance(hint, type) and issubclass(hint, StrEnum):
        return st.sampled_from(hint)
    if hint is bool:
        return st.booleans()
    if hint is int:
        return st.integers()
    if hint is float:
        return st.floats(allow_nan=False, allow_infinity=False)
    assert hint is str, f"no strategy for {hint!r}"
    return st.text()


def _events(cls: type[Event]) -> st.SearchStrategy[Event]:
    hints = typing.get_type_hints(cls)
    fields = {f.name: _strategy(hints[f.name]) for f in dataclasses.fields(cls)}
    return st.builds(cls, **fields)


EVENTS = st.one_of([_events(cls) for cls in EVENT_TYPES])


@settings(max_examples=150, deadline=None)
@given(st.lists(EVENTS, min_size=1, max_size=5))
def test_every_event_survives_a_json_round_trip(log: list[Event]) -> None:
    for event in log:
        text = json.dumps(event_to_dict(event))
        assert event_from_dict(json.loads(text)) == event


@pytest.mark.parametrize("cls", EVENT_TYPES, ids=lambda cls: cls.kind)
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_each_event_type_survives_a_json_round_trip(cls: type[Event], data: st.DataObject) -> None:
    event = data.draw(_events(cls))
    assert event_from_dict(json.loads(json.dumps(event_to_dict(event)))) == event

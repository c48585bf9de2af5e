"""Strategies for the fuzz suite: text from every Unicode plane and what people paste."""

from __future__ import annotations

import os
import re
from typing import Any

from hypothesis import settings
from hypothesis import strategies as st

from facilitator.domain.notes import MAX_NOTE_LENGTH

LONG_ENV = "HYPOTHESIS_PROFILE"
SURROGATE = re.compile("[\ud800-\udfff]")


def fuzz_settings(examples: int) -> Any:
    """``examples`` examples (twenty times as many with ``--fuzz-long``), no deadline."""
    long = os.environ.get(LONG_ENV) == "fuzz-long"
    return settings(max_examples=examples * (20 if long else 1), deadline=None)


#: What people paste: right-to-left text and its controls, emoji ZWJ sequences and flags, combining
#: marks, a BOM, a NUL, halves of surrogate pairs, line ends, a private-use character.
PIECES = (
    "مرحبا بالعالم",
    "שָׁלוֹם",
    "\u202eevil\u202c",
    "\u2067رتبة\u2069",
    "\u200f",
    "\U0001f469\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466",
    "\U0001f3f3\ufe0f\u200d\U0001f308",
    "\U0001f1f3\U0001f1ff",
    "\U0001f44b\U0001f3fd",
    "e\u0301",
    "Z\u0351\u0300\u0316a\u0337l",
    "\ufeff",
    "\x00",
    "\ud800",
    "\udfff",
    "\r\n",
    "\t",
    "\U000f0000",
    "Nguyễn",
    "ǅ",
    "ß",
    "İ",
)

#: Any code point of any plane, surrogates and NUL included (Python str can hold them all).
ANY_CHAR = st.one_of(
    st.integers(0, 0x7F).map(chr),
    *(st.integers(plane << 16, (plane << 16) | 0xFFFF).map(chr) for plane in range(17)),
)

TEXT = st.lists(
    st.one_of(st.text(alphabet=ANY_CHAR, max_size=16), st.sampled_from(PIECES)), max_size=10
).map("".join)


@st.composite
def note_texts(draw: st.DrawFn) -> str:
    """0 to a little over 1 MB of characters: a fuzzed text, sometimes repeated to a size."""
    base = draw(TEXT)
    size = draw(
        st.one_of(
            st.just(len(base)),
            st.integers(0, 5000),
            st.sampled_from((MAX_NOTE_LENGTH - 1, MAX_NOTE_LENGTH, MAX_NOTE_LENGTH + 1)),
        )
    )
    if not base or size <= len(base):
        return base[:size] if base else ""
    return (base * (size // len(base) + 1))[:size]


def storable(text: str) -> bool:
    """Whether UTF-8 (and so any database or file) can hold ``text``."""
    return "\x00" not in text and SURROGATE.search(text) is None


#: The same mixture without what no database can hold (NUL, halves of surrogate pairs).
STORABLE_TEXT = st.lists(
    st.one_of(
        st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\x00"), max_size=16),
        st.sampled_from([p for p in PIECES if storable(p)]),
    ),
    min_size=1,
    max_size=10,
).map("".join)

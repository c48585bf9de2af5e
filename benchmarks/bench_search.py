"""How long a search takes: the top 20 results over 200,000 notes.

A store is filled in a temporary file with 200,000 notes of generated text (a Zipf-like vocabulary,
with names in several scripts), written by bulk Core inserts into the notes projection and the
search index (the FTS5 triggers fill the full-text index). ``Store.search`` (one unit of work:
query words parsed and quoted, ranked FTS5 query, the case reference joined, snippets and
highlights made in Python) is timed beside a bare FTS5 ``MATCH ... ORDER BY rank LIMIT 20`` of the
same words on a plain sqlite3 connection to the same file, alternating the two. Both match the
last word of each query as a prefix, as ``Store.search`` does. Goals: a median under 10 ms and at
most 3x the bare query.
"""

from __future__ import annotations

import random
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from benchmarks.summary import summarize_ns
from facilitator.domain.case import Case
from facilitator.domain.process import (
    Direction,
    PhaseTemplate,
    ProcessKind,
    ProcessTemplate,
)
from facilitator.domain.session import SessionInfo
from facilitator.storage.database import create_engine_for
from facilitator.storage.records import NoteRow
from facilitator.storage.search import folded_words, fts5_query, query_terms, search_entries
from facilitator.storage.store import Store

NOTES = 200_000
SESSIONS = 50
LIMIT = 20
ROUNDS = 300
WARMUP = 20
MEDIAN_GOAL_MS = 10.0
RATIO_GOAL = 3.0
#: What a facilitator looks for: a name, two words of a note, a word with an accent left out.
QUERIES = ("Nguyễn", "apology letter", "garden volunteers", "ольга", "cafe window", "repair")
_NAMES = ("Nguyễn", "Αθηνά", "Ольга", "فاطمة", "Zoë", "Łukasz", "Siobhán", "José")
_COMMON = [
    "the",
    "and",
    "to",
    "of",
    "said",
    "felt",
    "was",
    "that",
    "she",
    "he",
    "they",
    "we",
    "it",
    "in",
    "for",
    "about",
    "what",
    "happened",
    "harm",
    "apology",
    "letter",
    "garden",
    "volunteers",
    "café",
    "window",
    "repair",
    "school",
    "family",
    "trust",
    "money",
    "weeks",
    "meeting",
    "again",
    "next",
    "time",
    "sorry",
    "listen",
    "understand",
    "support",
    "community",
    "respect",
]


def _vocabulary(rng: random.Random) -> list[str]:
    syllables = [
        "ka",
        "lo",
        "mi",
        "ne",
        "ra",
        "su",
        "te",
        "vo",
        "zi",
        "pa",
        "da",
        "re",
        "no",
        "ti",
        "lu",
        "mo",
        "se",
        "fa",
        "gi",
        "be",
    ]
    words = {"".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(6000)}
    return [*_COMMON, *_NAMES, *sorted(words)]


def _texts(rng: random.Random, vocabulary: list[str]) -> list[str]:
    # Zipf-like: the first words of the list are far more common than the last ones.
    weights = [1.0 / (rank + 1) for rank in range(len(vocabulary))]
    return [
        " ".join(rng.choices(vocabulary, weights=weights, k=rng.randint(6, 30))) + "."
        for _ in range(NOTES)
    ]


def _fill(store: Store, url: str) -> None:
    rng = random.Random(20260302)
    template = ProcessTemplate(
        id="bench",
        name="Bench",
        kind=ProcessKind.CIRCLE,
        direction=Direction.CLOCKWISE,
        phases=(PhaseTemplate(id="p", title="P"),),
    )
    case = store.add_case(Case("BENCH-SEARCH-1"))
    sessions = [
        store.create_session(SessionInfo(case_id=case.id, template=template), []).id
        for _ in range(SESSIONS)
    ]
    texts = _texts(rng, _vocabulary(rng))
    engine = create_engine_for(url)
    try:
        with engine.begin() as conn:
            for start in range(0, NOTES, 10_000):
                notes = []
                entries = []
                for i in range(start, min(NOTES, start + 10_000)):
                    note_id = f"{i:032x}"
                    session_id = sessions[i % SESSIONS]
                    notes.append(
                        {
                            "id": note_id,
                            "session_id": session_id,
                            "created_seq": i,
                            "kind": "observation",
                            "visibility": "facilitator_only",
                            "text": texts[i],
                            "phase_index": None,
                            "round_no": None,
                            "speaker_id": None,
                            "created_t": float(i),
                            "updated_t": float(i),
                            "struck": False,
                            "struck_reason": "",
                            "revision_count": 1,
                        }
                    )
                    entries.append(
                        {
                            "kind": "note",
                            "ref_id": note_id,
                            "session_id": session_id,
                            "case_id": case.id,
                            "text": texts[i],
                            "folded": folded_words(texts[i]),
                        }
                    )
                conn.execute(insert(NoteRow.__table__), notes)  # type: ignore[arg-type]
                conn.execute(insert(search_entries), entries)
    finally:
        engine.dispose()


def run() -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory(prefix="cf-bench-search-") as tmp:
        path = Path(tmp) / "store.sqlite3"
        url = f"sqlite:///{path}"
        setup_start = time.perf_counter()
        store = Store.open(url)
        bare = sqlite3.connect(path)
        try:
            _fill(store, url)
            setup_s = time.perf_counter() - setup_start
            ours: list[int] = []
            theirs: list[int] = []
            hits = 0

            def search(query: str) -> int:
                nonlocal hits
                start = time.perf_counter_ns()
                found = store.search(query, LIMIT)
                elapsed = time.perf_counter_ns() - start
                hits += len(found)
                return elapsed

            def bare_match(query: str) -> int:
                match = fts5_query(query_terms(query))
                start = time.perf_counter_ns()
                bare.execute(
                    "SELECT rowid FROM search_fts WHERE search_fts MATCH ? ORDER BY rank LIMIT ?",
                    (match, LIMIT),
                ).fetchall()
                return time.perf_counter_ns() - start

            for i in range(ROUNDS + WARMUP):
                query = QUERIES[i % len(QUERIES)]
                if i % 2:
                    a, b = search(query), bare_match(query)
                else:
                    b, a = bare_match(query), search(query)
                if i >= WARMUP:
                    ours.append(a)
                    theirs.append(b)
        finally:
            bare.close()
            store.close()
    mine, base = summarize_ns(ours), summarize_ns(theirs)
    ratio = mine["median_ms"] / base["median_ms"]
    return [
        {
            "name": f"search, top {LIMIT} of {NOTES:,} notes ({len(QUERIES)} queries)",
            **mine,
            "baseline": "bare FTS5 MATCH, same words",
            "baseline_median_ms": base["median_ms"],
            "baseline_p99_ms": base["p99_ms"],
            "ratio": ratio,
            "goal": f"median < {MEDIAN_GOAL_MS:g} ms, ratio <= {RATIO_GOAL:g}x",
            "ok": mine["median_ms"] < MEDIAN_GOAL_MS and ratio <= RATIO_GOAL,
            "samples": len(ours),
            "setup_s": round(setup_s, 1),
            "mean_hits": hits / (ROUNDS + WARMUP),
        }
    ]


if __name__ == "__main__":
    print(run())

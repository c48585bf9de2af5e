"""The benchmarks' sample store holds logs the engine folds, rows to match."""

from __future__ import annotations

from benchmarks.sample_store import build_sample_store
from facilitator.domain.session import SessionStatus
from facilitator.engine.state import SessionState
from facilitator.engine.stats import speaking_stats
from facilitator.storage.store import Store


def test_every_sample_session_folds_and_its_rows_say_what_its_log_says(store_url: str) -> None:
    build_sample_store(store_url, sessions=150)
    with Store.open(store_url) as store:
        ids = store.history.ids()
        assert len(ids) == 150
        rows = store.history.rows(ids)
        statuses = {r.status for r in rows}
        assert statuses == {SessionStatus.PLANNED, SessionStatus.RUNNING, SessionStatus.ENDED}
        assert any(r.agreement_status is not None for r in rows)
        for row in rows:
            events = store.events(row.session_id)
            if row.status is SessionStatus.PLANNED:
                assert events == []
                continue
            state = SessionState.fold(events)
            assert state.ended is (row.status is SessionStatus.ENDED)
            assert len(state.participants) == row.participant_count
            assert [n.id for n in store.notes(row.session_id)] == list(state.notes)
            stats = speaking_stats(state)
            assert sum(s.passes for s in stats.values()) == sum(t.passed for t in state.turns)
        assert store.search("seedlings")

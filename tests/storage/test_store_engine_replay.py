"""The engine on the real store: what was acknowledged is what a fresh process replays."""

from __future__ import annotations

from datetime import UTC, datetime

from facilitator.domain.case import Case, Participant
from facilitator.domain.consent import ConsentRecord
from facilitator.domain.notes import NoteKind, Visibility
from facilitator.domain.roles import Participation, Role
from facilitator.domain.session import SessionInfo, SessionStatus
from facilitator.engine.clock import FakeClock
from facilitator.engine.session import LiveSession
from facilitator.engine.state import SessionState
from facilitator.processes import builtin_templates_dir, load_templates
from facilitator.storage.store import Store


def test_a_circle_run_on_the_store_resumes_exactly_in_a_new_store_object(store_url: str) -> None:
    template = load_templates(builtin_templates_dir()).templates["peacemaking-circle"]
    wall = datetime(2026, 4, 1, 18, 0, tzinfo=UTC)
    keeper = Participant("Keeper", Role.KEEPER, seat=0)
    people = [keeper] + [
        Participant(f"Person {i}", Role.COMMUNITY_MEMBER, seat=i) for i in range(1, 6)
    ]
    with Store.open(store_url) as store:
        case = store.add_case(Case(reference="R-1"))
        info = store.create_session(SessionInfo(case_id=case.id, template=template), people)
        consents = [store.record_consent(info.id, ConsentRecord(p.id, "K", wall)) for p in people]
        clock = FakeClock(wall_start=wall)
        live = LiveSession.start(
            store.event_log(info.id),
            clock,
            template=template,
            participants=people,
            consents=consents,
            keeper_id=keeper.id,
        )
        live.enter_phase(3)
        live.start_round(0)
        live.next_holder()
        clock.advance(40)
        live.pass_turn()
        clock.advance(65)
        note = live.add_note(NoteKind.NEED, "needs a lift home", Visibility.SHAREABLE)
        live.edit_note(note, "needs a lift home on Thursdays")
        live.start_break()
        clock.advance(300)
        live.end_break()
        clock.advance(12)
        live.hand_to(people[4].id)
        clock.advance(7)
        late = Participant("Late", Role.COMMUNITY_MEMBER, participation=Participation.IN_PERSON)
        store.add_participant(info.id, late)
        late_consent = store.record_consent(info.id, ConsentRecord(late.id, "K", clock.wall()))
        live.join_late(late, late_consent, after_seat=2)
        clock.advance(3)
        live.withdraw_consent(people[5].id, "K", "wants to stop")
        expected = live.state.snapshot()
        expected_timers = live.state.timers(live.now())
        assert store.get_session(info.id).status is SessionStatus.RUNNING

    # A new Store object on the same database: what a restarted app sees.
    with Store.open(store_url) as reopened:
        assert [s.id for s in reopened.unfinished_sessions()] == [info.id]
        replayed = SessionState.fold(reopened.events(info.id))
        assert replayed.snapshot() == expected
        later = FakeClock(start=5.0, wall_start=wall.replace(hour=19))
        resumed = LiveSession.resume(reopened.event_log(info.id), later)
        assert resumed.state.timers(resumed.now()) == expected_timers
        assert resumed.state.holder == people[4].id
        assert resumed.state.notes[note].text == "needs a lift home on Thursdays"
        assert [n.text for n in reopened.notes(info.id)] == ["needs a lift home on Thursdays"]
        withdrawn = [c for c in reopened.consents(info.id) if c.participant_id == people[5].id]
        assert withdrawn[0].withdrawn_at is not None
        assert {p.display_name for p in reopened.participants(info.id)} >= {"Late"}

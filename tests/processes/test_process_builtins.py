"""The six built-in templates: they load cleanly and say what domain.md says each process does."""

from __future__ import annotations

import json
import re

import pytest

from facilitator.domain.process import (
    PhaseTemplate,
    ProcessKind,
    ProcessTemplate,
    RoundTemplate,
    SpeakingOrder,
)
from facilitator.domain.roles import Role
from facilitator.processes import builtin_templates_dir, load_template, load_templates

EXPECTED_KINDS = {
    "peacemaking-circle": ProcessKind.CIRCLE,
    "restorative-conference": ProcessKind.CONFERENCE,
    "community-conference": ProcessKind.COMMUNITY_CONFERENCE,
    "victim-offender-dialogue": ProcessKind.DIALOGUE,
    "family-group-conference": ProcessKind.FAMILY_GROUP,
    "reparative-board": ProcessKind.BOARD,
}

#: domain.md §3: what every preparation checklist covers (a pattern each must match).
PREPARATION_TOPICS = {
    "voluntary": r"voluntary",
    "confidential": r"stays (in|with)",
    "topics": r"topics",
    "outcomes": r"outcomes",
    "safety and support": r"safety and support",
    "support people": r"support people",
    "interpreter": r"interpreter",
    "cultural requests": r"cultural",
    "consent re-checked": r"consent checked again",
    "risk assessment": r"risk assessment done",
}


@pytest.fixture(scope="module")
def builtins() -> dict[str, ProcessTemplate]:
    loaded = load_templates(builtin_templates_dir())
    assert loaded.errors == []
    return loaded.templates


def _rounds(template: ProcessTemplate) -> list[tuple[PhaseTemplate, RoundTemplate]]:
    return [(phase, round_) for phase in template.phases for round_ in phase.rounds]


def _first_round_with(template: ProcessTemplate, role: Role) -> int:
    """Position (over all rounds) of the first role-ordered round where ``role`` speaks."""
    for index, (_, round_) in enumerate(_rounds(template)):
        if round_.order is SpeakingOrder.ROLES and role in round_.roles:
            return index
    raise AssertionError(f"{template.id}: no round where {role} speaks")


def _texts(template: ProcessTemplate) -> list[str]:
    texts = [template.name, template.description, *template.checklist]
    for phase in template.phases:
        texts += [phase.title, phase.guidance]
        for round_ in phase.rounds:
            texts += [round_.title, round_.question]
            texts += [q for qs in round_.role_questions.values() for q in qs]
    return texts


def test_exactly_the_six_builtins_load_each_with_the_expected_kind(
    builtins: dict[str, ProcessTemplate],
) -> None:
    assert {id_: t.kind for id_, t in builtins.items()} == EXPECTED_KINDS


def test_each_builtin_id_is_its_file_name() -> None:
    files = sorted(builtin_templates_dir().glob("*.toml"))
    assert [f.stem for f in files] == sorted(EXPECTED_KINDS)
    for path in files:
        assert load_template(path).id == path.stem


@pytest.mark.parametrize("template_id", sorted(EXPECTED_KINDS))
def test_builtin_round_trips_through_the_session_snapshot(
    builtins: dict[str, ProcessTemplate], template_id: str
) -> None:
    template = builtins[template_id]
    snapshot = json.loads(json.dumps(template.to_dict()))
    assert ProcessTemplate.from_dict(snapshot) == template


@pytest.mark.parametrize("template_id", sorted(EXPECTED_KINDS))
def test_role_ordered_rounds_name_who_speaks_and_ask_only_them(
    builtins: dict[str, ProcessTemplate], template_id: str
) -> None:
    for phase, round_ in _rounds(builtins[template_id]):
        where = f"{phase.id}/{round_.id}"
        if round_.order is SpeakingOrder.ROLES:
            assert round_.roles, where
            assert set(round_.role_questions) <= set(round_.roles), where
            assert not any(role.leads for role in round_.roles), where
        else:
            assert round_.roles == (), where
        if round_.order is not SpeakingOrder.NONE:
            assert round_.question or round_.role_questions or round_.order is SpeakingOrder.QUEUE


@pytest.mark.parametrize("template_id", sorted(EXPECTED_KINDS))
def test_every_builtin_has_budgets_that_fit_their_phase(
    builtins: dict[str, ProcessTemplate], template_id: str
) -> None:
    for phase in builtins[template_id].phases:
        assert phase.budget_seconds is not None, phase.id
        in_rounds = sum(r.budget_seconds or 0 for r in phase.rounds)
        assert in_rounds <= phase.budget_seconds, phase.id


@pytest.mark.parametrize("template_id", sorted(EXPECTED_KINDS))
def test_every_builtin_checklist_covers_the_preparation_steps(
    builtins: dict[str, ProcessTemplate], template_id: str
) -> None:
    checklist = " | ".join(builtins[template_id].checklist).lower()
    missing = [
        name for name, pattern in PREPARATION_TOPICS.items() if not re.search(pattern, checklist)
    ]
    assert missing == []


@pytest.mark.parametrize("template_id", sorted(EXPECTED_KINDS))
def test_builtins_use_neutral_words(builtins: dict[str, ProcessTemplate], template_id: str) -> None:
    loaded_words = " ".join(_texts(builtins[template_id])).lower()
    assert "victim" not in loaded_words
    assert "offender" not in loaded_words


def test_circle_passes_the_piece_in_seat_order(builtins: dict[str, ProcessTemplate]) -> None:
    circle = builtins["peacemaking-circle"]
    phase_ids = [p.id for p in circle.phases]
    assert phase_ids[0] == "welcome"
    assert phase_ids.index("values") < phase_ids.index("guidelines") < phase_ids.index("check-in")
    assert phase_ids[-2:] == ["check-out", "closing"]
    orders = {r.order for _, r in _rounds(circle)}
    assert orders <= {SpeakingOrder.SEAT, SpeakingOrder.QUEUE}
    assert not any(r.roles for _, r in _rounds(circle))


def test_conference_follows_the_script_order(builtins: dict[str, ProcessTemplate]) -> None:
    conference = builtins["restorative-conference"]
    first = conference.phases[0]
    assert [r.order for r in first.rounds] == [SpeakingOrder.NONE]
    assert (
        _first_round_with(conference, Role.PERSON_RESPONSIBLE)
        < _first_round_with(conference, Role.PERSON_HARMED)
        < _first_round_with(conference, Role.SUPPORTER_HARMED)
        < _first_round_with(conference, Role.SUPPORTER_RESPONSIBLE)
    )
    opening = conference.phases[1].rounds[0]
    assert len(opening.questions_for(Role.PERSON_RESPONSIBLE)) == 5
    supporters = next(r for _, r in _rounds(conference) if r.id == "supporters-responsible")
    assert "hard for you" in supporters.questions_for(Role.SUPPORTER_RESPONSIBLE)[0]
    agreement = next(p for p in conference.phases if p.id == "agreement")
    assert agreement.rounds[0].roles[0] is Role.PERSON_HARMED
    assert conference.phases[-1].rounds[-1].order is SpeakingOrder.SEAT


def test_community_conference_hears_the_person_responsible_first(
    builtins: dict[str, ProcessTemplate],
) -> None:
    community = builtins["community-conference"]
    assert (
        _first_round_with(community, Role.PERSON_RESPONSIBLE)
        < _first_round_with(community, Role.SUPPORTER_RESPONSIBLE)
        < _first_round_with(community, Role.PERSON_HARMED)
        < _first_round_with(community, Role.SUPPORTER_HARMED)
    )
    impact = next(r for _, r in _rounds(community) if r.id == "impact")
    assert Role.COMMUNITY_MEMBER in impact.roles
    assert "neighbourhood" in impact.questions_for(Role.COMMUNITY_MEMBER)[0]


def test_dialogue_hears_the_person_harmed_first(builtins: dict[str, ProcessTemplate]) -> None:
    dialogue = builtins["victim-offender-dialogue"]
    harmed = next(p for p in dialogue.phases if p.id == "person-harmed")
    responsible = next(p for p in dialogue.phases if p.id == "person-responsible")
    assert dialogue.phases.index(harmed) < dialogue.phases.index(responsible)
    phase_ids = [p.id for p in dialogue.phases]
    assert phase_ids.index("confidentiality") < phase_ids.index("consent")


def test_family_group_conference_has_private_family_time(
    builtins: dict[str, ProcessTemplate],
) -> None:
    family = builtins["family-group-conference"]
    private = [p for p in family.phases if p.private]
    assert [p.id for p in private] == ["family-time"]
    assert private[0].rounds == ()
    phase_ids = [p.id for p in family.phases]
    assert phase_ids.index("facts") < phase_ids.index("family-time") < phase_ids.index("plan")
    facts = family.phases[phase_ids.index("facts")]
    assert "stop" in facts.guidance
    assert facts.rounds[0].roles == (Role.POLICE_OFFICER,)


def test_reparative_board_is_short_and_the_panel_asks(
    builtins: dict[str, ProcessTemplate],
) -> None:
    board = builtins["reparative-board"]
    total_minutes = sum(p.budget_seconds or 0 for p in board.phases) / 60
    assert 35 <= total_minutes <= 40
    questions = next(p for p in board.phases if p.id == "questions")
    assert len(questions.rounds) == 4
    for round_ in questions.rounds:
        assert round_.roles == (Role.PANEL_MEMBER, Role.PERSON_RESPONSIBLE)
    agreement = next(p for p in board.phases if p.id == "agreement")
    assert "90 days" in agreement.guidance

"""Pure rules of petitions: which command each state allows, the deadlines each state runs, and the
statutory dates.

信訪工作條例 (2022): written notice of the first decision within 15 days of receipt; a matter
transferred in is acknowledged within 15 days or objected to within 5 working days; handling within
60 days of acceptance; days count from the next day and a deadline on a rest day moves to the next
working day. Every number is configuration (`RIGHTS_*`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from qiaolian_chassis.errors import Conflict, InvalidTransition
from qiaolian_contracts.calendar import SHIPPED, Calendar
from qiaolian_contracts.events.rights import PetitionDeadline, PetitionDeadlineKind
from qiaolian_rights.petitions import rules
from qiaolian_rights.petitions.deadlines import deadline_kinds
from qiaolian_rights.petitions.rules import TRANSITIONS, PetitionState
from qiaolian_rights.settings import PetitionPeriods

CAL = Calendar.from_files(*sorted(SHIPPED.glob("*.json")))
D = date.fromisoformat
S = PetitionState
K = PetitionDeadlineKind


@pytest.fixture(autouse=True)
def no_rights_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """The statutory defaults, whatever the developer's shell exports."""
    for name in PetitionPeriods.model_fields:
        monkeypatch.delenv(f"RIGHTS_{name.upper()}", raising=False)


# ---- states and commands ----------------------------------------------------------------------


def test_the_first_decision_on_a_new_petition_is_one_of_the_five_outcomes() -> None:
    first = {"accept", "not_accept", "route", "transfer", "assign"}
    assert first <= set(TRANSITIONS.commands(S.filed))
    for command in first:
        TRANSITIONS.require(S.filed, command)


def test_an_accepted_petition_cannot_be_accepted_again_and_the_error_says_what_is_allowed() -> None:
    allowed = TRANSITIONS.commands(S.accepted)
    assert "accept" not in allowed and {"assign_handler", "issue_opinion", "extend"} <= set(allowed)
    with pytest.raises(InvalidTransition) as info:
        TRANSITIONS.require(S.accepted, "accept")
    err = info.value
    assert isinstance(err, Conflict) and err.status == 409
    assert err.detail == "accept is not allowed for a petition that is accepted"
    assert err.extra == {"current_state": "accepted", "allowed_commands": allowed}


def test_the_error_spells_the_command_as_a_person_reads_it() -> None:
    with pytest.raises(InvalidTransition) as info:
        TRANSITIONS.require(S.filed, "issue_opinion")
    assert "issue opinion" in info.value.detail and "issue_opinion" not in info.value.detail
    assert info.value.detail.endswith("that is filed")


def test_handling_may_be_extended_once() -> None:
    TRANSITIONS.require(S.accepted, "extend")
    assert "extend" not in TRANSITIONS.commands(S.accepted, frozenset({"extended"}))
    with pytest.raises(InvalidTransition) as info:
        TRANSITIONS.require(S.accepted, "extend", frozenset({"extended"}))
    assert "extend" not in info.value.extra["allowed_commands"]


def test_a_matter_transferred_in_is_acknowledged_or_objected_to() -> None:
    assert {"acknowledge", "object"} <= set(TRANSITIONS.commands(S.received_by_transfer))
    assert TRANSITIONS.rules["acknowledge"].target is S.accepted
    assert TRANSITIONS.rules["object"].target is S.objected
    with pytest.raises(InvalidTransition):
        TRANSITIONS.require(S.filed, "acknowledge")


def test_after_re_review_the_matter_is_final() -> None:
    # 複核 decided: the same facts are not handled again; only its delivery and the satisfaction follow-up remain
    assert TRANSITIONS.commands(S.finalized, frozenset({"notice"})) == [
        "deliver_rereview_opinion",
        "record_satisfaction",
    ]
    assert TRANSITIONS.commands(S.finalized, frozenset({"notice", "satisfaction", "rereview_delivered"})) == []
    for command in ("accept", "request_review", "request_rereview", "issue_opinion"):
        with pytest.raises(InvalidTransition):
            TRANSITIONS.require(S.finalized, command)


@pytest.mark.parametrize("state", list(PetitionState))
def test_require_agrees_with_allowed_commands_in_every_state(state: PetitionState) -> None:
    allowed = TRANSITIONS.commands(state)
    assert allowed == sorted(allowed)
    for command in TRANSITIONS.rules:
        if command in allowed:
            assert TRANSITIONS.require(state, command) is TRANSITIONS.rules[command]
        else:
            with pytest.raises(InvalidTransition) as info:
                TRANSITIONS.require(state, command)
            assert info.value.extra == {"current_state": state.value, "allowed_commands": allowed}
            assert command.replace("_", " ") in info.value.detail


# ---- the deadlines each state runs, under any sequence of commands ------------------------------


@dataclass
class Petition:
    state: PetitionState
    running: set[PetitionDeadlineKind]
    paused: set[PetitionDeadlineKind] = field(default_factory=set)
    flags: set[str] = field(default_factory=set)

    def apply(self, command: str) -> None:
        rule = TRANSITIONS.require(self.state, command, frozenset(self.flags))
        for k in (*rule.meets, *rule.cancels, *rule.moves, *rule.pauses):
            if k is K.notice and k not in self.running:
                continue  # a matter transferred in opened no notice deadline of its own; meeting it does nothing
            assert k in self.running, f"{command} in {self.state} touches {k}, which is not running"
        for k in rule.resumes:
            assert k in self.paused, f"{command} in {self.state} resumes {k}, which is not paused"
        for k in rule.opens:
            assert k not in self.running, f"{command} in {self.state} opens {k} twice"
        self.running -= {*rule.meets, *rule.cancels}
        self.running |= set(rule.opens)
        self.paused = (self.paused | set(rule.pauses)) - set(rule.resumes)
        if rule.guard:
            self.flags.add(rule.guard)
        self.state = rule.target or self.state


STARTS = [
    (S.filed, {K.first_decision, K.notice}),
    (S.received_by_transfer, {K.transfer_acknowledgement, K.transfer_objection}),
]


@settings(max_examples=300, deadline=None)
@given(start=st.sampled_from(STARTS), picks=st.lists(st.integers(min_value=0, max_value=10_000), max_size=25))
def test_no_sequence_of_commands_loses_or_leaves_a_deadline(start: tuple, picks: list[int]) -> None:
    state, running = start
    p = Petition(state, set(running))
    noticed = K.notice in p.running  # a petition filed here owes the written notice; one transferred in not
    assert p.running == rules.running_deadlines(p.state, noticed)
    for pick in picks:
        allowed = TRANSITIONS.commands(p.state, frozenset(p.flags))
        if not allowed:
            break
        p.apply(allowed[pick % len(allowed)])
        assert p.running == rules.running_deadlines(p.state, noticed and "notice" not in p.flags), p
        assert p.paused == rules.PAUSED_IN.get(p.state, frozenset()), p


def test_the_re_review_clock_pauses_during_a_hearing_and_resumes_after() -> None:
    p = Petition(S.filed, {K.first_decision})
    for command in (
        "accept",
        "issue_opinion",
        "deliver_opinion",
        "request_review",
        "decide_review",
        "deliver_review_opinion",
        "request_rereview",
        "start_hearing",
    ):
        p.apply(command)
    assert p.state is S.rereview_hearing and p.paused == {K.rereview}
    p.apply("end_hearing")
    assert p.state is S.under_rereview and p.paused == set() and p.running == {K.rereview}
    p.apply("decide_rereview")
    assert p.state is S.finalized and p.running == set()


# ---- statutory dates --------------------------------------------------------------------------


def test_default_periods_are_the_statutory_ones() -> None:
    p = PetitionPeriods()
    assert (
        p.first_decision_days,
        p.handling_days,
        p.max_extension_days,
        p.transfer_acknowledge_days,
        p.transfer_objection_working_days,
        p.review_days,
        p.rereview_days,
        p.max_representatives,
        p.warn_days,
    ) == (15, 60, 30, 15, 5, 30, 30, 5, 3)


def test_first_decision_is_due_15_days_after_receipt_rolled_past_holidays() -> None:
    periods = PetitionPeriods()
    assert rules.first_decision_due(D("2026-03-02"), CAL, periods) == D("2026-03-17")
    assert rules.first_decision_due(D("2026-09-16"), CAL, periods) == D("2026-10-08")  # 10-01 is National Day
    assert rules.first_decision_due(D("2025-09-20"), CAL, periods) == D("2025-10-09")  # 2025: 10-01..08
    assert rules.first_decision_due(D("2026-01-30"), CAL, periods) == D("2026-02-14")  # make-up Saturday


def test_handling_is_due_60_days_after_acceptance_rolled_past_holidays() -> None:
    periods = PetitionPeriods()
    assert rules.handling_due(D("2026-03-02"), CAL, periods) == D("2026-05-06")  # 05-01 in Labour Day
    assert rules.handling_due(D("2026-08-02"), CAL, periods) == D("2026-10-08")  # 10-01 in National Day
    assert rules.handling_due(D("2026-04-20"), CAL, periods) == D("2026-06-22")  # Fri 06-19 Dragon Boat


def test_a_transferred_in_matter_is_acknowledged_in_15_days_or_objected_to_in_5_working_days() -> None:
    # received Mon 2026-09-28: objection window 09-29, 09-30, (National Day) 10-08, 10-09, make-up Sat 10-10
    assert rules.transfer_dues(D("2026-09-28"), CAL, PetitionPeriods()) == (D("2026-10-13"), D("2026-10-10"))


def test_periods_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RIGHTS_FIRST_DECISION_DAYS", "10")
    monkeypatch.setenv("RIGHTS_HANDLING_DAYS", "30")
    monkeypatch.setenv("RIGHTS_WARN_DAYS", "5")
    p = PetitionPeriods()
    assert (p.first_decision_days, p.handling_days, p.warn_days) == (10, 30, 5)
    assert rules.first_decision_due(D("2026-03-02"), CAL, p) == D("2026-03-12")
    assert rules.first_decision_due(D("2026-09-21"), CAL, p) == D("2026-10-08")  # 10-01 -> after National Day
    assert rules.handling_due(D("2026-09-01"), CAL, p) == D("2026-10-08")
    assert all(k.warn_days == 5 for k in deadline_kinds(p.warn_days))


def test_periods_passed_explicitly_override_the_defaults() -> None:
    p = PetitionPeriods(first_decision_days=20)
    assert rules.first_decision_due(D("2026-03-02"), CAL, p) == D("2026-03-23")  # Sunday 03-22 -> Monday


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("RIGHTS_FIRST_DECISION_DAYS", "0"),
        ("RIGHTS_HANDLING_DAYS", "-1"),
        ("RIGHTS_WARN_DAYS", "-1"),
        ("RIGHTS_FIRST_DECISION_DAYS", "fifteen"),
    ],
)
def test_a_nonsensical_period_in_the_environment_is_refused(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError):
        PetitionPeriods()


def test_the_scheduler_watches_every_petition_deadline() -> None:
    kinds = {k.name: k for k in deadline_kinds(PetitionPeriods().warn_days)}
    assert set(kinds) == {f"petition_{k.value}" for k in PetitionDeadlineKind}
    for name, k in kinds.items():
        which = PetitionDeadlineKind(name.removeprefix("petition_"))
        assert k.warn_days == 3
        assert k.approaching_event == "qiaolian.rights.petition.deadline_approaching.v1"
        assert k.payload("p-1", D("2026-10-08"), "overdue") == PetitionDeadline(
            petition_id="p-1", deadline=which, due_on=D("2026-10-08")
        )
    assert kinds["petition_first_decision"].overdue_event == "qiaolian.rights.petition.overdue.v1"
    assert kinds["petition_handling"].overdue_event == "qiaolian.rights.petition.overdue.v1"
    # objecting to a transferred-in matter is a right, not a duty: it is never overdue
    assert kinds["petition_transfer_objection"].overdue_event is None


# ---- resident ID numbers (GB 11643-1999) ------------------------------------------------------

VALID_ID = "11010519491231002X"  # the standard's own example


def test_a_valid_id_number_passes_in_either_case() -> None:
    assert rules.id_number_problem(VALID_ID) is None
    assert rules.id_number_problem(" 11010519491231002x ") is None


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("110105194912310021", "the check digit does not match"),
        ("11010519491331002X", "the birth date part is not a date"),
        ("1101051949123100", "must be 18 characters: 17 digits and a digit or X"),
        ("11010519491231002Y", "must be 18 characters: 17 digits and a digit or X"),
    ],
)
def test_an_invalid_id_number_gets_a_reason_that_does_not_repeat_it(raw: str, reason: str) -> None:
    problem = rules.id_number_problem(raw)
    assert problem == reason
    assert raw not in problem and raw[:6] not in problem


def test_id_numbers_are_masked_and_hashed_never_shown_whole() -> None:
    assert rules.masked_id_number("11010519491231002x") == "110*************2X"
    h = rules.id_hash(VALID_ID, "key-1")
    assert h == rules.id_hash(" 11010519491231002x", "key-1")  # the same person is found again
    assert h != rules.id_hash(VALID_ID, "key-2")  # keyed: useless without the key
    assert VALID_ID not in h and len(h) == 64

"""Pure rules of delegation visits (cancelling, and the one-word logistics status a liaison officer reads), of
the review of articles, and the configured warning before a key person's term ends."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from qiaolian_chassis.errors import InvalidTransition
from qiaolian_liaison.articles.rules import ARTICLES, ArticleState
from qiaolian_liaison.database import term_deadline_kinds
from qiaolian_liaison.delegation_visits.rules import VISITS, Part, VisitState, logistics_status
from qiaolian_liaison.settings import LiaisonSettings

P = Part


V = VisitState


@pytest.mark.parametrize(
    ("state", "command", "after"),
    [
        (V.proposed, "approve", "approved"),
        (V.approved, "schedule", "scheduled"),
        (V.scheduled, "arrive", "arrived"),
        (V.arrived, "conclude", "concluded"),
    ],
)
def test_a_visit_moves_forward_one_step_at_a_time(state: VisitState, command: str, after: str) -> None:
    VISITS.require(state, command)
    assert command in VISITS.commands(state)
    # the step cannot be skipped or repeated from any other state
    for other in VisitState:
        if other is not state:
            with pytest.raises(InvalidTransition):
                VISITS.require(other, command)


@pytest.mark.parametrize("state", [V.proposed, V.approved, V.scheduled])
def test_a_visit_can_be_cancelled_until_the_delegation_arrives(state: VisitState) -> None:
    assert "cancel" in VISITS.commands(state)
    VISITS.require(state, "cancel")


@pytest.mark.parametrize("state", [V.arrived, V.concluded, V.cancelled])
def test_a_visit_that_arrived_ended_or_was_cancelled_cannot_be_cancelled(state: VisitState) -> None:
    assert "cancel" not in VISITS.commands(state)
    with pytest.raises(InvalidTransition) as info:
        VISITS.require(state, "cancel")
    assert info.value.status == 409
    assert info.value.detail == f"cancel is not allowed for a delegation visit that is {state.value}"
    assert info.value.extra == {"current_state": state.value, "allowed_commands": VISITS.commands(state)}


def test_concluded_and_cancelled_visits_accept_no_command() -> None:
    assert VISITS.commands(V.concluded) == []
    assert VISITS.commands(V.cancelled) == []


def test_logistics_are_requested_only_for_a_scheduled_visit() -> None:
    assert [s for s in VisitState if "request_logistics" in VISITS.commands(s)] == [V.scheduled]
    with pytest.raises(InvalidTransition) as info:
        VISITS.require(V.proposed, "request_logistics")
    assert "request logistics" in info.value.detail  # spelled for a person, not as an identifier


@pytest.mark.parametrize(
    ("reception", "vehicles", "status"),
    [
        # nothing asked of office
        (P.not_needed, P.not_needed, "not_needed"),
        # waiting for office
        (P.requested, P.requested, "pending"),
        (P.requested, P.not_needed, "pending"),
        (P.not_needed, P.requested, "pending"),
        (P.arranged, P.requested, "pending"),
        (P.requested, P.arranged, "pending"),
        (P.released, P.requested, "pending"),
        # all done
        (P.arranged, P.arranged, "arranged"),
        (P.arranged, P.not_needed, "arranged"),
        (P.not_needed, P.arranged, "arranged"),
        # a decline needs a person, whatever else happened
        (P.arranged, P.declined, "needs_attention"),
        (P.declined, P.arranged, "needs_attention"),
        (P.requested, P.declined, "needs_attention"),
        (P.not_needed, P.declined, "needs_attention"),
        (P.declined, P.declined, "needs_attention"),
        (P.released, P.declined, "needs_attention"),
        # after a cancellation office gave back what it had arranged
        (P.released, P.released, "released"),
        (P.released, P.not_needed, "released"),
        (P.not_needed, P.released, "released"),
        (P.released, P.arranged, "released"),
    ],
)
def test_logistics_status(reception: Part, vehicles: Part, status: str) -> None:
    assert logistics_status(reception, vehicles) == status


def test_every_combination_has_one_of_the_documented_words_and_declined_always_wins() -> None:
    words = {"pending", "arranged", "needs_attention", "released", "not_needed"}
    for reception, vehicles in itertools.product(Part, repeat=2):
        status = logistics_status(reception, vehicles)
        assert status in words
        assert status == logistics_status(vehicles, reception)  # symmetric in the two parts
        if Part.declined in (reception, vehicles):
            assert status == "needs_attention"


# ---- news releases and manuscripts: reviewed before release ------------------------------------

A = ArticleState


def test_an_article_is_reviewed_before_it_can_be_published() -> None:
    path = [(A.draft, "submit"), (A.submitted, "approve"), (A.approved, "publish"), (A.published, "withdraw")]
    for state, command in path:
        ARTICLES.require(state, command)
    for state in (A.draft, A.submitted, A.returned, A.withdrawn):
        with pytest.raises(InvalidTransition) as info:
            ARTICLES.require(state, "publish")
        assert info.value.extra["current_state"] == state.value


def test_a_returned_article_is_edited_and_resubmitted_and_a_published_one_is_frozen() -> None:
    assert ARTICLES.commands(A.returned) == ["edit", "submit"]
    assert ARTICLES.commands(A.submitted) == ["approve", "return"]
    assert ARTICLES.commands(A.published) == ["withdraw"]
    with pytest.raises(InvalidTransition) as info:
        ARTICLES.require(A.published, "edit")
    assert info.value.extra == {"current_state": "published", "allowed_commands": ["withdraw"]}
    assert ARTICLES.commands(A.withdrawn) == []


# ---- key persons' terms ---------------------------------------------------------------------------


def test_term_warning_period_is_configuration(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LIAISON_TERM_WARN_DAYS", raising=False)
    assert LiaisonSettings().term_warn_days == 60
    monkeypatch.setenv("LIAISON_TERM_WARN_DAYS", "30")
    [kind] = term_deadline_kinds(LiaisonSettings())
    assert kind.warn_days == 30
    assert kind.approaching_event == "qiaolian.liaison.member.term_expiring.v1"
    assert kind.overdue_event is None  # a term simply ends; nothing is overdue
    payload = kind.payload("ap-1", date(2026, 12, 31), "approaching")
    assert (payload.appointment_id, payload.term_ends_on) == ("ap-1", date(2026, 12, 31))

"""Pure rules of expense claims: the approval chain, the states and the balance of a budget line.

A claim goes through `APPROVAL_CHAIN` in order: the claimant's office head (`<office>.approve` of the
claim's office), then office's finance (`office.write`). A person without the step's permission gets
403 naming it; a step out of order is 409; nobody decides a step of their own claim and one person
decides at most one step of a claim (409, the chassis's `duties.check_signer`). A rejection at any step
ends the claim. A claim is refused (409, with the numbers) when its amount is more than the line's
balance: its budget less what approved and pending claims already hold.

States: `submitted` → (approve at the last step) `approved`; `submitted` → (reject) `rejected`;
`submitted` → (withdraw, by the claimant) `withdrawn`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from qiaolian_chassis import duties
from qiaolian_chassis.errors import Conflict
from qiaolian_chassis.statemachine import Rule, Transitions


class Step(StrEnum):
    office_head = "office_head"
    finance = "finance"


@dataclass(frozen=True)
class ChainStep:
    step: Step
    label: str


APPROVAL_CHAIN: tuple[ChainStep, ...] = (
    ChainStep(Step.office_head, "處室負責人審核: review by the head of the claimant's office"),
    ChainStep(Step.finance, "財務審核: review by office's finance"),
)


def step_permission(step: Step, office: str) -> str:
    """What the signed-in person deciding `step` of a claim of `office` holds (contracts/access.py)."""
    return f"{office}.approve" if step is Step.office_head else "office.write"


class ClaimState(StrEnum):
    submitted = "submitted"
    approved = "approved"
    rejected = "rejected"
    withdrawn = "withdrawn"


S = ClaimState
PENDING = frozenset({S.submitted})  # counted against the line's balance until decided
TRANSITIONS = Transitions(
    "expense claim",
    {
        "approve": {S.submitted},  # approved only at the last step
        "reject": Rule(frozenset({S.submitted}), S.rejected),
        "withdraw": Rule(frozenset({S.submitted}), S.withdrawn),
    },
)


def next_step(decided: int) -> Step | None:
    return APPROVAL_CHAIN[decided].step if decided < len(APPROVAL_CHAIN) else None


def require_step(step: Step, decided: int) -> None:
    """409 unless `step` is the next one of the chain after `decided` approvals."""
    expected = next_step(decided)
    if expected is not step:
        raise Conflict(
            f"{step.value} cannot decide now: the next step is {expected.value if expected else 'none'}",
            next_step=expected.value if expected else None,
        )


def check_signer(signer: str, signer_cadre: str | None, claimant: str, decided_by: dict[str, str]) -> None:
    """Nobody decides on their own claim; one person decides at most one step of it (409)."""
    duties.check_signer(
        signer,
        signer_cadre,
        what="this claim",
        own={"a step of their own claim": [claimant]},
        decided=decided_by,
    )


def check_balance(amount: int, budget: int, committed: int) -> None:
    """409 with the numbers when `amount` is more than what the line has left."""
    balance = budget - committed
    if amount > balance:
        raise Conflict(
            f"the claim of {amount} yuan exceeds the line's balance of {balance} yuan "
            f"(budget {budget}, approved or pending {committed})",
            amount_yuan=amount,
            budget_yuan=budget,
            committed_yuan=committed,
            balance_yuan=balance,
        )

"""Pure rules of articles: draft → submitted → approved, or returned with comments and resubmitted →
published → withdrawn. A reviewer cannot approve their own article."""

from __future__ import annotations

from enum import StrEnum

from qiaolian_chassis.errors import Conflict
from qiaolian_chassis.statemachine import Rule, Transitions


class ArticleState(StrEnum):
    draft = "draft"
    submitted = "submitted"
    approved = "approved"
    returned = "returned"
    published = "published"
    withdrawn = "withdrawn"


A = ArticleState
ARTICLES = Transitions(
    "article",
    {
        "edit": {A.draft, A.returned},
        "submit": Rule(frozenset({A.draft, A.returned}), A.submitted),
        "approve": Rule(frozenset({A.submitted}), A.approved),
        "return": Rule(frozenset({A.submitted}), A.returned),
        "publish": Rule(frozenset({A.approved}), A.published),
        "withdraw": Rule(frozenset({A.published}), A.withdrawn),
    },
)


def check_reviewer(state: ArticleState, author_cadre_id: str, reviewer_cadre_id: str) -> None:
    if reviewer_cadre_id == author_cadre_id:
        raise Conflict(
            "a reviewer cannot approve their own article",
            current_state=state.value,
            allowed_commands=ARTICLES.commands(state),
        )

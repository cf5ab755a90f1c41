"""A representative's states (nominated -> seated, with the term -> term_ended; nominated -> not_seated)
and the dates that must agree."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from qiaolian_chassis.errors import Invalid
from qiaolian_chassis.statemachine import Rule, Transitions


class RepState(StrEnum):
    nominated = "nominated"
    seated = "seated"
    not_seated = "not_seated"
    term_ended = "term_ended"


REPRESENTATIVES = Transitions(
    "representative",
    {
        "seat": Rule(frozenset({RepState.nominated}), RepState.seated),
        "decline": Rule(frozenset({RepState.nominated}), RepState.not_seated),
        "end_term": Rule(frozenset({RepState.seated}), RepState.term_ended),
    },
)


def check_seat(nominated_on: date, seated_on: date, term_ends_on: date) -> None:
    if seated_on < nominated_on:
        raise Invalid("seated_on", "before the nomination")
    if term_ends_on <= seated_on:
        raise Invalid("term_ends_on", "must be after seated_on")


def check_term_end(seated_on: date | None, ended_on: date) -> None:
    if seated_on and ended_on < seated_on:
        raise Invalid("ended_on", "before the seat was taken")

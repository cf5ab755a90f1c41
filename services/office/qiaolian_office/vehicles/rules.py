"""A vehicle is never held twice for a day; a staff booking goes booked → dispatched → returned.

States: `booked` → (dispatch, with the odometer) `dispatched` → (return, with the odometer) `returned`;
`cancel` frees a booked vehicle; `released` is a visit's booking freed when the visit was cancelled, or
concluded before it was dispatched. A visit's booking is dispatched and returned like a staff one.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Literal

from qiaolian_chassis.errors import Invalid
from qiaolian_chassis.statemachine import Rule, Transitions

VehicleStatus = Literal["in_service", "maintenance"]
IN_SERVICE = "in_service"


class BookingState(StrEnum):
    booked = "booked"
    dispatched = "dispatched"
    returned = "returned"
    cancelled = "cancelled"
    released = "released"  # a visit's booking, freed when the visit was cancelled


# the states of a booking that holds its vehicle for its dates
ACTIVE_BOOKING = (BookingState.booked.value, BookingState.dispatched.value)

TRANSITIONS = Transitions(
    "vehicle booking",
    {
        "dispatch": Rule(frozenset({BookingState.booked}), BookingState.dispatched),
        "return": Rule(frozenset({BookingState.dispatched}), BookingState.returned),
        "cancel": Rule(frozenset({BookingState.booked}), BookingState.cancelled),
    },
)


def check_dates(starts_on: date, ends_on: date, on: date) -> None:
    if ends_on < starts_on:
        raise Invalid("ends_on", "cannot be before starts_on")
    if starts_on < on:
        raise Invalid("starts_on", f"cannot be before today ({on})")


def check_odometer_out(odometer_km: int, last_reading: int) -> None:
    if odometer_km < last_reading:
        raise Invalid("odometer_km", f"cannot be below the last reading of this vehicle ({last_reading} km)")


def check_odometer_in(odometer_km: int, odometer_out: int | None) -> int:
    """The distance driven, if the reading is not below the one at dispatch."""
    if odometer_km < (odometer_out or 0):
        raise Invalid("odometer_km", f"cannot be below the reading at dispatch ({odometer_out} km)")
    return odometer_km - (odometer_out or 0)


def visit_commands(state: BookingState) -> list[str]:
    """A delegation visit's booking is dispatched and returned like a staff one, but released with its visit."""
    return [c for c in TRANSITIONS.commands(state) if c != "cancel"]

"""Facts of office: board-watched work, documents, archives, vehicles, trips, rosters."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from ...envelope import Payload
from ..common import Code, CountryCode, Id, OfficeField


class ReceptionArranged(Payload):
    reception_id: Id
    visit_id: Id | None = Field(None, description="the delegation visit; none for a standalone reception")
    starts_on: date
    ends_on: date
    guests: int | None = Field(None, ge=1, description="the number of guests planned")
    budget_yuan: int | None = Field(None, ge=0, description="the budget confirmed, within the per-head standard")


class ReceptionDeclined(Payload):
    reception_id: Id
    visit_id: Id | None = None
    declined_on: date
    reason: Code = Field(description="no_capacity, not_official_business, over_standard or other")


class ReceptionCancelled(Payload):
    reception_id: Id
    cancelled_on: date


class ReceptionClosed(Payload):
    reception_id: Id
    visit_id: Id | None = None
    closed_on: date
    guests: int = Field(ge=1)
    budget_yuan: int = Field(ge=0)
    actual_cost_yuan: int = Field(ge=0)


class VehicleBooked(Payload):
    visit_id: Id
    booking_ids: list[Id] = Field(min_length=1)
    vehicle_ids: list[Id] = Field(min_length=1)
    starts_on: date
    ends_on: date


class VehicleBookingDeclined(Payload):
    visit_id: Id
    vehicles_needed: int = Field(ge=1)
    vehicles_available: int = Field(ge=0)
    reason: Code = Field(description="not_enough_free_vehicles")


class VehicleBookingReleased(Payload):
    visit_id: Id
    booking_ids: list[Id]
    reception_cancelled: bool


class TaskAssigned(Payload):
    task_id: Id
    office: OfficeField
    due_on: date


class TaskProgressReported(Payload):
    task_id: Id
    office: OfficeField
    reported_on: date
    percent_done: int = Field(ge=0, le=100)


class TaskClosed(Payload):
    task_id: Id
    office: OfficeField
    closed_on: date
    on_time: bool = Field(description="closed on or before its due date")


class TaskOverdue(Payload):
    task_id: Id
    due_on: date


class DocumentReceived(Payload):
    document_id: Id
    classification: Code = Field(description="public, internal, confidential (秘密) or secret (機密)")
    urgency: Code = Field(description="normal, urgent (急件) or very_urgent (特急)")
    received_on: date


class DocumentRouted(Payload):
    document_id: Id
    office: OfficeField
    handling_due: date


class DocumentHandled(Payload):
    """An incoming document routed to an office was handled there (辦結): its handling is settled."""

    document_id: Id
    office: OfficeField
    handled_on: date


class DocumentNumbered(Payload):
    """An outgoing document, signed off, got its number: it waits for the seal (用印)."""

    document_id: Id
    classification: Code = Field(description="public, internal, confidential (秘密) or secret (機密)")
    numbered_on: date


class DocumentSealed(Payload):
    """The seal (用印) was applied to a numbered outgoing document: it may be dispatched."""

    document_id: Id
    sealed_on: date


class DocumentIssued(Payload):
    document_id: Id
    number: str = Field(max_length=60, description="the official document number, e.g. 湘僑發〔2026〕12號")
    year: int = Field(ge=2000, le=2100)
    sequence: int = Field(ge=1)
    classification: Code = Field(description="public, internal, confidential (秘密) or secret (機密)")
    issued_on: date


class StaffVehicleBooking(Payload):
    booking_id: Id
    vehicle_id: Id
    office: OfficeField = Field(description="the office that booked the vehicle")
    starts_on: date
    ends_on: date


class StaffVehicleBookingReturned(Payload):
    booking_id: Id
    vehicle_id: Id
    returned_on: date
    distance_km: int = Field(ge=0, description="odometer at return minus odometer at dispatch")


class ArchiveFiled(Payload):
    archive_id: Id
    source_id: Id = Field(description="the filed document or case")
    retention_years: int = Field(ge=1, le=100)
    filed_on: date
    retain_until: date


class SituationReportSubmitted(Payload):
    report_id: Id
    contributed_on: date
    approved_on: date | None
    submitted_on: date


class ArchiveLoanOverdue(Payload):
    loan_id: Id
    due_on: date


class OutboundTripApplied(Payload):
    trip_id: Id
    cadre_id: Id = Field(description="the traveller, by id (no name on the bus)")
    office: OfficeField = Field(description="the traveller's office")
    destinations: list[CountryCode] = Field(min_length=1, description="ISO 3166-1 codes, incl. HK, MO and TW")
    departs_on: date
    returns_on: date
    applied_on: date


class OutboundTripApproved(Payload):
    trip_id: Id
    cadre_id: Id
    destinations: list[CountryCode] = Field(min_length=1)
    departs_on: date
    returns_on: date
    approved_on: date = Field(description="the day the last step of the approval chain approved")


class OutboundTripStepApproved(Payload):
    """A step of an outbound trip's approval chain other than the last approved; the next one waits."""

    trip_id: Id
    cadre_id: Id
    step: Code = Field(description="the step approved: office_head or federation_leader")
    next_step: Code = Field(description="the step now waiting: federation_leader or foreign_affairs")
    approved_on: date


class OutboundTripRejected(Payload):
    trip_id: Id
    cadre_id: Id
    step: Code = Field(
        description="the step of the approval chain that rejected: office_head, federation_leader or foreign_affairs"
    )
    rejected_on: date


class OutboundTripReportFiled(Payload):
    trip_id: Id
    cadre_id: Id
    filed_on: date


class OutboundTripWithdrawn(Payload):
    trip_id: Id
    cadre_id: Id
    withdrawn_from: Code = Field(description="the state the trip was in: applied or approved (no passport out)")
    departs_on: date
    returns_on: date
    withdrawn_on: date


class PassportIssued(Payload):
    trip_id: Id
    cadre_id: Id
    issued_on: date
    return_due: date = Field(description="the passport is back in the office's custody by this day")


class PassportReturned(Payload):
    trip_id: Id
    cadre_id: Id
    returned_on: date
    return_due: date
    on_time: bool = Field(description="returned on or before its due date")


class PassportOverdue(Payload):
    trip_id: Id
    due_on: date


class Duty(Payload):
    """One duty (值班) of a roster: who is on duty on which day."""

    assignment_id: Id
    duty_on: date
    cadre_id: Id = Field(description="the cadre on duty (an id of personnel's cadre.appointed; no name, no phone)")


class DutyRosterPublished(Payload):
    roster_id: Id
    starts_on: date
    ends_on: date
    published_on: date
    duties: list[Duty] = Field(min_length=1, description="every duty of the roster, by day")


class DutyRosterSwapped(Payload):
    roster_id: Id
    swap_id: Id
    swapped_on: date
    duties: list[Duty] = Field(min_length=1, max_length=2, description="the changed duties, as they now stand")


class DutyRosterCancelled(Payload):
    roster_id: Id
    starts_on: date
    ends_on: date
    cancelled_on: date

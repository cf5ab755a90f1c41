"""Facts published by office (辦公室)."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from ..envelope import Payload
from ..spec import ConsumerGroup, EventType
from .common import Code, CountryCode, Id, OfficeField


class ReceptionArranged(Payload):
    reception_id: Id
    visit_id: Id
    starts_on: date
    ends_on: date


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


class OutboundTripRejected(Payload):
    trip_id: Id
    cadre_id: Id
    step: Code = Field(description="the step of the approval chain that rejected: office_head, "
                                   "federation_leader or foreign_affairs")
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


PRODUCES = (
    EventType("qiaolian.office.reception.arranged.v1", ReceptionArranged,
              "Office arranged official reception for a delegation visit."),
    EventType("qiaolian.office.vehicle.booked.v1", VehicleBooked,
              "Office booked vehicles from its fleet for a delegation visit."),
    EventType("qiaolian.office.vehicle.booking_declined.v1", VehicleBookingDeclined,
              "Office could not book enough vehicles for the visit's dates."),
    EventType("qiaolian.office.vehicle.booking_released.v1", VehicleBookingReleased,
              "Office released the reception and vehicles of a cancelled visit."),
    EventType("qiaolian.office.task.assigned.v1", TaskAssigned,
              "A leader assigned a supervised task (督查事項) to an office, with a due date."),
    EventType("qiaolian.office.task.progress_reported.v1", TaskProgressReported,
              "The office handling a supervised task reported its progress."),
    EventType("qiaolian.office.task.closed.v1", TaskClosed,
              "A supervised task was closed (completed), on time or late."),
    EventType("qiaolian.office.task.overdue.v1", TaskOverdue,
              "A supervised task passed its due date while still open (published once per due date)."),
    EventType("qiaolian.office.document.received.v1", DocumentReceived,
              "Office registered an incoming official document (收文)."),
    EventType("qiaolian.office.document.routed.v1", DocumentRouted,
              "Office routed an incoming document to an office with a handling deadline."),
    EventType("qiaolian.office.document.issued.v1", DocumentIssued,
              "An outgoing official document, signed off and numbered, was dispatched (發文)."),
    EventType("qiaolian.office.vehicle_booking.made.v1", StaffVehicleBooking,
              "Staff of an office booked a vehicle of the fleet for some days."),
    EventType("qiaolian.office.vehicle_booking.cancelled.v1", StaffVehicleBooking,
              "A staff booking was cancelled before dispatch; the vehicle is free again."),
    EventType("qiaolian.office.vehicle_booking.dispatched.v1", StaffVehicleBooking,
              "A booked vehicle left with its driver."),
    EventType("qiaolian.office.vehicle_booking.returned.v1", StaffVehicleBookingReturned,
              "A dispatched vehicle came back; the distance driven is recorded."),
    EventType("qiaolian.office.archive.filed.v1", ArchiveFiled,
              "A closed document or case was filed in the archives (歸檔) with a retention period."),
    EventType("qiaolian.office.situation_report.submitted.v1", SituationReportSubmitted,
              "An approved situation report (僑情專報) was submitted upward."),
    EventType("qiaolian.office.archive_loan.overdue.v1", ArchiveLoanOverdue,
              "A lent archive was not returned by its due date (published once per due date)."),
    EventType("qiaolian.office.outbound_trip.applied.v1", OutboundTripApplied,
              "A staff member applied for an official trip abroad (因公出國(境)), incl. Hong Kong, Macao, Taiwan."),
    EventType("qiaolian.office.outbound_trip.approved.v1", OutboundTripApproved,
              "Every step of the approval chain approved an outbound trip."),
    EventType("qiaolian.office.outbound_trip.rejected.v1", OutboundTripRejected,
              "A step of the approval chain rejected an outbound trip; the application is ended."),
    EventType("qiaolian.office.outbound_trip.report_filed.v1", OutboundTripReportFiled,
              "The traveller filed the report on a trip after return; the trip is closed."),
    EventType("qiaolian.office.outbound_trip.withdrawn.v1", OutboundTripWithdrawn,
              "An outbound trip that will not happen was withdrawn before a passport was issued; it is ended."),
    EventType("qiaolian.office.passport.issued.v1", PassportIssued,
              "Office issued a staff passport from its custody for an approved trip."),
    EventType("qiaolian.office.passport.returned.v1", PassportReturned,
              "A staff passport came back into the office's custody after a trip, on time or late."),
    EventType("qiaolian.office.passport.overdue.v1", PassportOverdue,
              "A passport was not back in custody by its due date (published once per due date)."),
    EventType("qiaolian.office.duty_roster.published.v1", DutyRosterPublished,
              "A holiday duty roster (值班表) was published: who is on duty on each rest day."),
    EventType("qiaolian.office.duty_roster.swapped.v1", DutyRosterSwapped,
              "Two duties of a published roster were exchanged, or one was handed to another cadre."),
    EventType("qiaolian.office.duty_roster.cancelled.v1", DutyRosterCancelled,
              "A published duty roster was withdrawn before its first day; its duties no longer stand."),
)

# the durable consumers office runs (on the other offices' streams)
CONSUMES = (
    ConsumerGroup("office", "supervision", ("qiaolian.rights.petition.filed.v1",
                                            "qiaolian.rights.petition.accepted.v1",
                                            "qiaolian.rights.petition.deadline_changed.v1",
                                            "qiaolian.rights.petition.overdue.v1"),
                  "Opens and updates supervision items for the other offices' deadlines.",
                  batch=512),  # a projection whose filings are written a run at a time (batch handler)
    ConsumerGroup("office", "logistics", ("qiaolian.liaison.delegation_visit.scheduled.v1",
                                          "qiaolian.liaison.delegation_visit.cancelled.v1",
                                          "qiaolian.liaison.delegation_visit.logistics_requested.v1"),
                  "Arranges reception and vehicles for delegation visits, or declines."),
    ConsumerGroup("office", "registry-liaison", ("qiaolian.liaison.association.registered.v1",
                                                 "qiaolian.liaison.association.updated.v1",
                                                 "qiaolian.liaison.person.registered.v1",
                                                 "qiaolian.liaison.person.updated.v1",
                                                 "qiaolian.liaison.contact.merged.v1"),
                  "Feeds the resource registry (僑務資源) with liaison's associations and key persons."),
    ConsumerGroup("office", "directory", ("qiaolian.personnel.cadre.appointed.v1",
                                          "qiaolian.personnel.cadre.transferred.v1",
                                          "qiaolian.personnel.cadre.removed.v1",
                                          "qiaolian.personnel.cadre.retired.v1"),
                  "Keeps the staff directory."),
    ConsumerGroup("office", "board-personnel", ("qiaolian.personnel.federation.election_due.v1",
                                                "qiaolian.personnel.federation.election_result_filed.v1"),
                  "Shows grassroots federations' elections that are due on the supervision board."),
)

"""What office publishes (PRODUCES) and the consumer groups its service runs (CONSUMES)."""

from __future__ import annotations

from ...spec import ConsumerGroup, EventType
from .facts import (
    ArchiveFiled,
    ArchiveLoanOverdue,
    DocumentIssued,
    DocumentReceived,
    DocumentRouted,
    DutyRosterCancelled,
    DutyRosterPublished,
    DutyRosterSwapped,
    OutboundTripApplied,
    OutboundTripApproved,
    OutboundTripRejected,
    OutboundTripReportFiled,
    OutboundTripWithdrawn,
    PassportIssued,
    PassportOverdue,
    PassportReturned,
    ReceptionArranged,
    ReceptionCancelled,
    ReceptionClosed,
    ReceptionDeclined,
    SituationReportSubmitted,
    StaffVehicleBooking,
    StaffVehicleBookingReturned,
    TaskAssigned,
    TaskClosed,
    TaskOverdue,
    TaskProgressReported,
    VehicleBooked,
    VehicleBookingDeclined,
    VehicleBookingReleased,
)

PRODUCES = (
    EventType(
        "qiaolian.office.reception.arranged.v1",
        ReceptionArranged,
        "Office confirmed the plan of an official reception (公務接待), for a delegation visit or standalone.",
    ),
    EventType(
        "qiaolian.office.reception.declined.v1",
        ReceptionDeclined,
        "Office declined a requested reception, with the code of its reason.",
    ),
    EventType(
        "qiaolian.office.reception.cancelled.v1",
        ReceptionCancelled,
        "A standalone reception was cancelled before it was held.",
    ),
    EventType(
        "qiaolian.office.reception.closed.v1",
        ReceptionClosed,
        "A reception that was held was closed with its actual cost against its budget.",
    ),
    EventType(
        "qiaolian.office.vehicle.booked.v1",
        VehicleBooked,
        "Office booked vehicles from its fleet for a delegation visit.",
    ),
    EventType(
        "qiaolian.office.vehicle.booking_declined.v1",
        VehicleBookingDeclined,
        "Office could not book enough vehicles for the visit's dates.",
    ),
    EventType(
        "qiaolian.office.vehicle.booking_released.v1",
        VehicleBookingReleased,
        "Office released the reception and vehicles of a cancelled visit.",
    ),
    EventType(
        "qiaolian.office.task.assigned.v1",
        TaskAssigned,
        "A leader assigned a supervised task (督查事項) to an office, with a due date.",
    ),
    EventType(
        "qiaolian.office.task.progress_reported.v1",
        TaskProgressReported,
        "The office handling a supervised task reported its progress.",
    ),
    EventType(
        "qiaolian.office.task.closed.v1", TaskClosed, "A supervised task was closed (completed), on time or late."
    ),
    EventType(
        "qiaolian.office.task.overdue.v1",
        TaskOverdue,
        "A supervised task passed its due date while still open (published once per due date).",
    ),
    EventType(
        "qiaolian.office.document.received.v1",
        DocumentReceived,
        "Office registered an incoming official document (收文).",
    ),
    EventType(
        "qiaolian.office.document.routed.v1",
        DocumentRouted,
        "Office routed an incoming document to an office with a handling deadline.",
    ),
    EventType(
        "qiaolian.office.document.issued.v1",
        DocumentIssued,
        "An outgoing official document, signed off and numbered, was dispatched (發文).",
    ),
    EventType(
        "qiaolian.office.vehicle_booking.made.v1",
        StaffVehicleBooking,
        "Staff of an office booked a vehicle of the fleet for some days.",
    ),
    EventType(
        "qiaolian.office.vehicle_booking.cancelled.v1",
        StaffVehicleBooking,
        "A staff booking was cancelled before dispatch; the vehicle is free again.",
    ),
    EventType(
        "qiaolian.office.vehicle_booking.dispatched.v1", StaffVehicleBooking, "A booked vehicle left with its driver."
    ),
    EventType(
        "qiaolian.office.vehicle_booking.returned.v1",
        StaffVehicleBookingReturned,
        "A dispatched vehicle came back; the distance driven is recorded.",
    ),
    EventType(
        "qiaolian.office.archive.filed.v1",
        ArchiveFiled,
        "A closed document or case was filed in the archives (歸檔) with a retention period.",
    ),
    EventType(
        "qiaolian.office.situation_report.submitted.v1",
        SituationReportSubmitted,
        "An approved situation report (僑情專報) was submitted upward.",
    ),
    EventType(
        "qiaolian.office.archive_loan.overdue.v1",
        ArchiveLoanOverdue,
        "A lent archive was not returned by its due date (published once per due date).",
    ),
    EventType(
        "qiaolian.office.outbound_trip.applied.v1",
        OutboundTripApplied,
        "A staff member applied for an official trip abroad (因公出國(境)), incl. Hong Kong, Macao, Taiwan.",
    ),
    EventType(
        "qiaolian.office.outbound_trip.approved.v1",
        OutboundTripApproved,
        "Every step of the approval chain approved an outbound trip.",
    ),
    EventType(
        "qiaolian.office.outbound_trip.rejected.v1",
        OutboundTripRejected,
        "A step of the approval chain rejected an outbound trip; the application is ended.",
    ),
    EventType(
        "qiaolian.office.outbound_trip.report_filed.v1",
        OutboundTripReportFiled,
        "The traveller filed the report on a trip after return; the trip is closed.",
    ),
    EventType(
        "qiaolian.office.outbound_trip.withdrawn.v1",
        OutboundTripWithdrawn,
        "An outbound trip that will not happen was withdrawn before a passport was issued; it is ended.",
    ),
    EventType(
        "qiaolian.office.passport.issued.v1",
        PassportIssued,
        "Office issued a staff passport from its custody for an approved trip.",
    ),
    EventType(
        "qiaolian.office.passport.returned.v1",
        PassportReturned,
        "A staff passport came back into the office's custody after a trip, on time or late.",
    ),
    EventType(
        "qiaolian.office.passport.overdue.v1",
        PassportOverdue,
        "A passport was not back in custody by its due date (published once per due date).",
    ),
    EventType(
        "qiaolian.office.duty_roster.published.v1",
        DutyRosterPublished,
        "A holiday duty roster (值班表) was published: who is on duty on each rest day.",
    ),
    EventType(
        "qiaolian.office.duty_roster.swapped.v1",
        DutyRosterSwapped,
        "Two duties of a published roster were exchanged, or one was handed to another cadre.",
    ),
    EventType(
        "qiaolian.office.duty_roster.cancelled.v1",
        DutyRosterCancelled,
        "A published duty roster was withdrawn before its first day; its duties no longer stand.",
    ),
)

# the durable consumers office runs (on the other offices' streams)
CONSUMES = (
    ConsumerGroup(
        "office",
        "supervision",
        (
            "qiaolian.rights.petition.filed.v1",
            "qiaolian.rights.petition.accepted.v1",
            "qiaolian.rights.petition.deadline_changed.v1",
            "qiaolian.rights.petition.overdue.v1",
        ),
        "Opens and updates supervision items for the other offices' deadlines.",
        batch=512,
    ),  # a projection whose filings are written a run at a time (batch handler)
    ConsumerGroup(
        "office",
        "logistics",
        (
            "qiaolian.liaison.delegation_visit.scheduled.v1",
            "qiaolian.liaison.delegation_visit.cancelled.v1",
            "qiaolian.liaison.delegation_visit.logistics_requested.v1",
            "qiaolian.liaison.delegation_visit.concluded.v1",
        ),
        "Arranges reception and vehicles for delegation visits, or declines.",
    ),
    ConsumerGroup(
        "office",
        "registry-liaison",
        (
            "qiaolian.liaison.association.registered.v1",
            "qiaolian.liaison.association.updated.v1",
            "qiaolian.liaison.person.registered.v1",
            "qiaolian.liaison.person.updated.v1",
            "qiaolian.liaison.contact.merged.v1",
        ),
        "Feeds the resource registry (僑務資源) with liaison's associations and key persons.",
    ),
    ConsumerGroup(
        "office",
        "directory",
        (
            "qiaolian.personnel.cadre.appointed.v1",
            "qiaolian.personnel.cadre.transferred.v1",
            "qiaolian.personnel.cadre.removed.v1",
            "qiaolian.personnel.cadre.retired.v1",
        ),
        "Keeps the staff directory.",
    ),
    ConsumerGroup(
        "office",
        "board-personnel",
        (
            "qiaolian.personnel.federation.election_due.v1",
            "qiaolian.personnel.federation.election_result_filed.v1",
            "qiaolian.personnel.congress.convening_due.v1",
            "qiaolian.personnel.congress.committee_elected.v1",
            "qiaolian.personnel.party_branch.election_due.v1",
            "qiaolian.personnel.party_branch.committee_elected.v1",
            "qiaolian.personnel.retiree.visit_due.v1",
            "qiaolian.personnel.retiree.visit_recorded.v1",
            "qiaolian.personnel.retiree.visit_cancelled.v1",
        ),
        "Shows grassroots federations' elections, congresses, party branches' elections and planned visits to "
        "retired cadres that are due on the supervision board.",
    ),
    ConsumerGroup(
        "office",
        "board-liaison",
        (
            "qiaolian.liaison.committee.term_expiring.v1",
            "qiaolian.liaison.committee.term_renewed.v1",
        ),
        "Shows liaison's committees whose terms are expiring on the supervision board until renewed.",
    ),
)

"""What office publishes (PRODUCES) and the consumer groups its service runs (CONSUMES)."""

from __future__ import annotations

from ...spec import ConsumerGroup, EventType
from . import finance
from .confidential_mail import ConfidentialMailDisposed, ConfidentialMailOverdue, ConfidentialMailRegistered
from .facts import (
    ArchiveFiled,
    ArchiveLoanOverdue,
    DocumentHandled,
    DocumentIssued,
    DocumentNumbered,
    DocumentReceived,
    DocumentRouted,
    DocumentSealed,
    DutyRosterCancelled,
    DutyRosterPublished,
    DutyRosterSwapped,
    OutboundTripApplied,
    OutboundTripApproved,
    OutboundTripRejected,
    OutboundTripReportFiled,
    OutboundTripStepApproved,
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
from .proposals import ProposalRated, ProposalReplied, ProposalSubmitted
from .research import ResearchReportFiled, ResearchTopicPlanned
from .safety import FireDrillHeld, SafetyEquipmentCheckOverdue, SafetyFindingRectified, SafetyInspectionRecorded

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
        "qiaolian.office.document.handled.v1",
        DocumentHandled,
        "An incoming document routed to an office was handled there; its handling deadline is met.",
    ),
    EventType(
        "qiaolian.office.document.numbered.v1",
        DocumentNumbered,
        "An outgoing document, signed off, was numbered; it waits for the seal (用印).",
    ),
    EventType(
        "qiaolian.office.document.sealed.v1",
        DocumentSealed,
        "The seal (用印) was applied to a numbered outgoing document; it may be dispatched.",
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
        "qiaolian.office.outbound_trip.step_approved.v1",
        OutboundTripStepApproved,
        "A step of an outbound trip's approval chain other than the last approved; the next step waits.",
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
    # issue 17: safety, confidential mail, proposals, research plans
    EventType(
        "qiaolian.office.safety_inspection.recorded.v1",
        SafetyInspectionRecorded,
        "A safety, fire or security inspection of premises was recorded with the number of its findings.",
    ),
    EventType(
        "qiaolian.office.safety_finding.rectified.v1",
        SafetyFindingRectified,
        "A finding of an inspection was rectified (its item leaves the supervision board).",
    ),
    EventType("qiaolian.office.fire_drill.held.v1", FireDrillHeld, "A fire drill (消防演練) was held."),
    EventType(
        "qiaolian.office.safety_equipment.check_overdue.v1",
        SafetyEquipmentCheckOverdue,
        "A piece of safety equipment (an extinguisher) passed its next-check date unchecked (once per date).",
    ),
    EventType(
        "qiaolian.office.confidential_mail.registered.v1",
        ConfidentialMailRegistered,
        "Confidential mail (機要) was registered as received or sent, with its return or destruction date.",
    ),
    EventType(
        "qiaolian.office.confidential_mail.disposed.v1",
        ConfidentialMailDisposed,
        "Confidential mail was returned or destroyed.",
    ),
    EventType(
        "qiaolian.office.confidential_mail.overdue.v1",
        ConfidentialMailOverdue,
        "Confidential mail was not returned or destroyed by its date (published once per date).",
    ),
    EventType(
        "qiaolian.office.proposal.submitted.v1",
        ProposalSubmitted,
        "A proposal or motion (參政議政) was submitted to an NPC or CPPCC session; the reply is due by a date.",
    ),
    EventType(
        "qiaolian.office.proposal.replied.v1", ProposalReplied, "The handling organ replied to a proposal or motion."
    ),
    EventType("qiaolian.office.proposal.rated.v1", ProposalRated, "The federation rated the handling organ's reply."),
    EventType(
        "qiaolian.office.research_topic.planned.v1",
        ResearchTopicPlanned,
        "A topic was put on the yearly research plan (課題調研) with its owner office and milestones.",
    ),
    EventType(
        "qiaolian.office.research_topic.report_filed.v1",
        ResearchReportFiled,
        "The final report of a research topic was filed.",
    ),
) + finance.PRODUCES

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
            "qiaolian.rights.petition.deadline_approaching.v1",
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
            "qiaolian.personnel.representative.seated.v1",
            "qiaolian.personnel.representative.term_ended.v1",
            "qiaolian.personnel.party_branch.election_due.v1",
            "qiaolian.personnel.party_branch.committee_elected.v1",
            "qiaolian.personnel.retiree.visit_due.v1",
            "qiaolian.personnel.retiree.visit_recorded.v1",
            "qiaolian.personnel.retiree.visit_cancelled.v1",
        ),
        "Shows grassroots federations' elections, congresses, the end of representatives' terms, party "
        "branches' elections and planned visits to retired cadres that are due on the supervision board.",
    ),
    ConsumerGroup(
        "office",
        "board-rights",
        (
            "qiaolian.rights.counsel.appointed.v1",
            "qiaolian.rights.counsel.term_expiring.v1",
            "qiaolian.rights.counsel.term_ended.v1",
            "qiaolian.rights.base.accreditation_expiring.v1",
            "qiaolian.rights.base.accreditation_lapsed.v1",
            "qiaolian.rights.base.revoked.v1",
            "qiaolian.rights.affiliate_report.requested.v1",
            "qiaolian.rights.affiliate_report.received.v1",
            "qiaolian.rights.affiliate_report.overdue.v1",
        ),
        "Shows rights' watched dates other than petitions' on the supervision board: counsel and committee "
        "terms, startup bases' accreditation, affiliated bodies' reports.",
    ),
    ConsumerGroup(
        "office",
        "board-liaison",
        (
            "qiaolian.liaison.member.term_expiring.v1",
            "qiaolian.liaison.member.appointed.v1",
            "qiaolian.liaison.member.appointment_ended.v1",
            "qiaolian.liaison.base.review_due.v1",
            "qiaolian.liaison.base.reviewed.v1",
            "qiaolian.liaison.committee.term_expiring.v1",
            "qiaolian.liaison.committee.term_renewed.v1",
            "qiaolian.liaison.work_plan.item_due.v1",
            "qiaolian.liaison.work_plan.item_overdue.v1",
            "qiaolian.liaison.work_plan.item_completed.v1",
            "qiaolian.liaison.work_plan.item_dropped.v1",
        ),
        "Shows liaison's watched dates on the supervision board: members' terms until renewed or ended, "
        "exchange bases' reviews, the youth committee's and the overseas advisers' terms until renewed, the "
        "work plan's items until done or dropped.",
    ),
    ConsumerGroup(
        "office",
        "registry-rights",
        ("qiaolian.rights.economic_contact.registered.v1", "qiaolian.rights.economic_contact.updated.v1"),
        "Feeds the resource registry (僑務資源) with rights' overseas business, technology and professional contacts.",
    ),
    ConsumerGroup(
        "office",
        "assets-personnel",
        (
            "qiaolian.personnel.cadre.removed.v1",
            "qiaolian.personnel.cadre.retired.v1",
        ),
        "Lists the fixed assets of a custodian who left the staff for handover on the supervision board.",
    ),
)

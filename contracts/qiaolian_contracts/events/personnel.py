"""Facts published by personnel (機關黨委 / 人事處)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import Field

from ..envelope import Payload
from ..spec import ConsumerGroup, EventType
from .common import Code, Id, OfficeField

CadreName = Field(
    min_length=1,
    max_length=100,
    description="the cadre's name: office's staff directory and the other offices' handler lists show officials by name",
)
PostTitle = Field(min_length=1, max_length=100, description="title of the post held (a public role, not personal data)")


class CadreAppointed(Payload):
    cadre_id: Id
    appointment_id: Id
    name: str = CadreName
    office: OfficeField
    post: str = PostTitle
    effective_on: date


class CadreTransferred(Payload):
    """A cadre moved to a post in another office (or another post in the same office)."""

    cadre_id: Id
    appointment_id: Id
    name: str = CadreName
    from_office: OfficeField
    office: OfficeField
    post: str = PostTitle
    effective_on: date


class RemovalReason(StrEnum):
    dismissed = "dismissed"  # 免職
    resigned = "resigned"  # 辭職
    seconded_out = "seconded_out"  # 調出 (leaves the federation)
    other = "other"


class CadreRemoved(Payload):
    """A cadre no longer holds a post: the old office's work is no longer theirs."""

    cadre_id: Id
    office: OfficeField
    reason: RemovalReason
    effective_on: date


class CadreRetired(Payload):
    cadre_id: Id
    office: OfficeField | None = Field(None, description="the office of the post held until retirement, if any")
    retired_on: date


class IdentityType(StrEnum):
    returnee = "returnee"  # 歸僑
    relative = "relative"  # 僑眷
    other_relative = "other_relative"  # 其他僑眷 (long-term support relationship: notarised certificate)


class IdentityReviewSubmitted(Payload):
    """A federation leader's identity documents were submitted for review. Who, and the documents, stay in personnel."""

    review_id: Id
    federation_id: Id
    identity_type: IdentityType
    submitted_on: date


class IdentityReviewVerified(Payload):
    review_id: Id
    federation_id: Id
    verified_on: date


class IdentityReviewRejected(Payload):
    """The review was returned to the federation with the documents still missing."""

    review_id: Id
    federation_id: Id
    missing_documents: list[Code] = Field(min_length=1, description="codes of the checklist items missing")
    returned_on: date


class IdentityReviewFiled(Payload):
    """The verified review was filed (備案). Certificate numbers stay in personnel's database."""

    review_id: Id
    federation_id: Id
    filed_on: date
    filed_by: Id = Field(description="the personnel cadre who filed it (an official)")


class FederationLevel(StrEnum):
    """A grassroots federation's place in the tree: province → city → county → 僑胞之家; universities under the province."""

    province = "province"
    city = "city"
    county = "county"
    university = "university"
    overseas_chinese_home = "overseas_chinese_home"  # 僑胞之家


class FederationElectionDue(Payload):
    """A grassroots federation's term ends soon (default 90 days) or has ended: its election (換屆) is due."""

    federation_id: Id
    term_ends_on: date


class FederationElectionResultFiled(Payload):
    federation_id: Id
    election_id: Id
    previous_term_ends_on: date
    new_term_starts_on: date
    new_term_ends_on: date


class CommendationPublicized(Payload):
    """The proposed awardees are shown publicly; objections may be lodged until the notice ends."""

    commendation_id: Id
    nomination_ids: list[Id] = Field(min_length=1)
    notice_starts_on: date
    notice_ends_on: date


class CommendationAwarded(Payload):
    commendation_id: Id
    nomination_ids: list[Id] = Field(description="the nominations awarded (those withdrawn after objections are not)")
    decided_on: date


class TrainingCompleted(Payload):
    """A cadre completed a course; the hours count towards the year's training requirement."""

    course_id: Id
    cadre_id: Id = Field(description="the cadre (an official) who completed the course")
    hours: float = Field(gt=0, le=1000)
    completed_on: date


class Assembly(StrEnum):
    npc = "npc"  # people's congress (人大)
    cppcc = "cppcc"  # political consultative conference (政協)


class AssemblyLevel(StrEnum):
    national = "national"
    provincial = "provincial"
    city = "city"
    county = "county"


class RepresentativeSeated(Payload):
    """A returnee or relative took a seat in a people's congress or CPPCC. The person stays in personnel."""

    representative_id: Id
    assembly: Assembly
    level: AssemblyLevel
    session_no: int = Field(ge=1, le=100)
    seated_on: date
    term_ends_on: date


class TermEndReason(StrEnum):
    served = "served"  # the term ran to its end and no new seat followed
    re_elected = "re_elected"  # re-elected: the next session's seat is a new record
    replaced = "replaced"  # left early (resigned, recalled, replaced at a by-election)


class RepresentativeTermEnded(Payload):
    """A seated representative's term ended, at its end or early: the board's watch of it is met."""

    representative_id: Id
    ended_on: date
    reason: TermEndReason


class CongressDue(Payload):
    """A congress of returnees and relatives (歸僑僑眷代表大會) is within its notice period (default 60 days)."""

    congress_id: Id
    held_on: date


class CongressCommitteeElected(Payload):
    """A congress was held and elected its committee; the members (delegates) stay in personnel."""

    congress_id: Id
    held_on: date
    members: int = Field(ge=1, description="how many members were elected")


class PartyBranchElectionDue(Payload):
    """A party branch's committee term ends within the notice period (default 90 days): its election is due."""

    branch_id: Id
    term_ends_on: date


class PartyBranchCommitteeElected(Payload):
    """A party branch elected its committee for a new term; the election due is met."""

    branch_id: Id
    term_id: Id
    previous_term_ends_on: date | None = Field(None, description="the term whose election is met; null: the first")
    elected_on: date
    term_starts_on: date
    term_ends_on: date


class PartyMeetingHeld(Payload):
    """A meeting of the 三會一課 was held, with how many of the branch's members attended."""

    branch_id: Id
    meeting_id: Id
    kind: Code = Field(description="branch_assembly, committee_meeting, group_meeting, party_lecture")
    held_on: date
    present: int = Field(ge=0)
    members: int = Field(ge=0)


class PartyMemberTransferred(Payload):
    """A member's party relation moved with the cadre's transfer or retirement (組織關係轉接)."""

    cadre_id: Id = Field(description="the cadre (an official)")
    from_branch_id: Id
    to_branch_id: Id | None = Field(None, description="null: the new office has no branch yet")
    reason: Code = Field(description="transferred, retired, placed")
    transferred_on: date


class RetireeVisitDue(Payload):
    """A planned visit to a retired cadre is within its notice period (default 7 days)."""

    visit_id: Id
    planned_on: date


class RetireeVisitRecorded(Payload):
    """A planned visit to a retired cadre was made; the plan's date is met."""

    visit_id: Id
    planned_on: date
    visited_on: date


class RetireeVisitCancelled(Payload):
    """A planned visit to a retired cadre was dropped; its date is no longer watched."""

    visit_id: Id
    planned_on: date


class RetireeActivityHeld(Payload):
    """An activity of the retired cadres was held, with how many attended."""

    activity_id: Id
    held_on: date
    present: int = Field(ge=0)


PRODUCES = (
    EventType(
        "qiaolian.personnel.cadre.appointed.v1",
        CadreAppointed,
        "A cadre was appointed to a post in an office; services update their staff projections.",
    ),
    EventType(
        "qiaolian.personnel.cadre.transferred.v1",
        CadreTransferred,
        "A cadre was transferred to another post; the old office's staff projection drops them.",
    ),
    EventType(
        "qiaolian.personnel.cadre.removed.v1",
        CadreRemoved,
        "A cadre was removed from their post; they lose access to the old office's work.",
    ),
    EventType("qiaolian.personnel.cadre.retired.v1", CadreRetired, "A cadre retired; staff projections drop them."),
    EventType(
        "qiaolian.personnel.identity_review.submitted.v1",
        IdentityReviewSubmitted,
        "Identity documents of a federation leader were submitted for checklist review.",
    ),
    EventType(
        "qiaolian.personnel.identity_review.verified.v1",
        IdentityReviewVerified,
        "The checklist was complete: the identity review is verified.",
    ),
    EventType(
        "qiaolian.personnel.identity_review.rejected.v1",
        IdentityReviewRejected,
        "The identity review was returned with the missing documents.",
    ),
    EventType(
        "qiaolian.personnel.identity_review.filed.v1", IdentityReviewFiled, "The verified identity review was filed."
    ),
    EventType(
        "qiaolian.personnel.federation.election_due.v1",
        FederationElectionDue,
        "A grassroots federation's term ends within the notice period: its election is due.",
    ),
    EventType(
        "qiaolian.personnel.federation.election_result_filed.v1",
        FederationElectionResultFiled,
        "A federation's election result was filed with its approval; a new term started.",
    ),
    EventType(
        "qiaolian.personnel.commendation.publicized.v1",
        CommendationPublicized,
        "The proposed awardees of a commendation entered the public notice period.",
    ),
    EventType(
        "qiaolian.personnel.commendation.awarded.v1",
        CommendationAwarded,
        "A commendation was decided after its notice period.",
    ),
    EventType(
        "qiaolian.personnel.training.completed.v1",
        TrainingCompleted,
        "A cadre completed a training course, with the hours completed.",
    ),
    EventType(
        "qiaolian.personnel.congress.convening_due.v1",
        CongressDue,
        "A congress of returnees and relatives is within its notice period: delegates and committee are due.",
    ),
    EventType(
        "qiaolian.personnel.congress.committee_elected.v1",
        CongressCommitteeElected,
        "A congress of returnees and relatives was held and elected its committee.",
    ),
    EventType(
        "qiaolian.personnel.representative.seated.v1",
        RepresentativeSeated,
        "A returnee or relative representative took a seat in a people's congress or CPPCC.",
    ),
    EventType(
        "qiaolian.personnel.representative.term_ended.v1",
        RepresentativeTermEnded,
        "A representative's term ended: served to its end, re-elected for the next session, or replaced early.",
    ),
    EventType(
        "qiaolian.personnel.party_branch.election_due.v1",
        PartyBranchElectionDue,
        "A party branch's committee term ends within the notice period: its election is due.",
    ),
    EventType(
        "qiaolian.personnel.party_branch.committee_elected.v1",
        PartyBranchCommitteeElected,
        "A party branch elected its committee for a new term.",
    ),
    EventType(
        "qiaolian.personnel.party_meeting.held.v1",
        PartyMeetingHeld,
        "A party branch's meeting (三會一課) was held, with its attendance counted.",
    ),
    EventType(
        "qiaolian.personnel.party_member.transferred.v1",
        PartyMemberTransferred,
        "A party member's relation moved to another branch after the cadre's transfer or retirement.",
    ),
    EventType(
        "qiaolian.personnel.retiree.visit_due.v1",
        RetireeVisitDue,
        "A planned visit to a retired cadre is due.",
    ),
    EventType(
        "qiaolian.personnel.retiree.visit_recorded.v1",
        RetireeVisitRecorded,
        "A planned visit to a retired cadre was made.",
    ),
    EventType(
        "qiaolian.personnel.retiree.visit_cancelled.v1",
        RetireeVisitCancelled,
        "A planned visit to a retired cadre was dropped.",
    ),
    EventType(
        "qiaolian.personnel.retiree.activity_held.v1",
        RetireeActivityHeld,
        "An activity of the retired cadres was held.",
    ),
)

# the durable consumers personnel runs (on the other offices' streams)
CONSUMES: tuple[ConsumerGroup, ...] = ()

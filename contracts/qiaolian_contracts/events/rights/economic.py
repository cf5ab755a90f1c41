"""Facts of the economic work (經濟工作): projects, awards, startup activities and bases."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import Field

from ...envelope import Payload
from ..common import Code, CountryCode, Id

# ---- economic work (經濟工作) --------------------------------------------------------------------


class ProjectKind(StrEnum):
    talent = "talent"  # 引才引智: bringing in talent and expertise
    investment = "investment"  # 引資: bringing in capital
    technology = "technology"  # 引技: bringing in technology


class ProjectStage(StrEnum):
    lead = "lead"  # a lead from an overseas contact
    contacted = "contacted"
    negotiating = "negotiating"
    signed = "signed"
    landed = "landed"  # the project is in operation locally (落地)
    dropped = "dropped"


Amount = Annotated[
    int,
    Field(
        ge=0,
        le=100_000_000,
        description=(
            "in 10,000 yuan (萬元): a business figure of the organisation behind the project (an enterprise "
            "or institution), not personal data"
        ),
    ),
]


class ProjectLeadCreated(Payload):
    """A talent, investment or technology project lead was opened. Contacts and notes stay in rights."""

    project_id: Id
    kind: ProjectKind
    sector: Code = Field(description="industry code, e.g. biomedicine, equipment, agriculture")
    region: Code = Field(description="region code where the project would land (e.g. changsha)")
    country: CountryCode | None = Field(None, description="country the lead comes from")
    lead_on: date
    intended_amount_10k_yuan: Amount | None = None


class ProjectStageChanged(Payload):
    """A project moved along the pipeline (also when dropped, with a reason code)."""

    project_id: Id
    kind: ProjectKind
    from_stage: ProjectStage
    to_stage: ProjectStage
    on: date
    reason: Code | None = Field(None, description="why it was dropped, e.g. funding, policy, partner_withdrew")


class ProjectSigned(Payload):
    """A project's agreement was signed (its outcome)."""

    project_id: Id
    kind: ProjectKind
    sector: Code
    region: Code
    signed_on: date
    contract_amount_10k_yuan: Amount | None = None


class NomineeKind(StrEnum):
    individual = "individual"
    team = "team"
    organisation = "organisation"


class AwardNominationSubmitted(Payload):
    """A nomination for the 中國僑界貢獻獎 was submitted with its dossier. Nominee and dossier stay in rights."""

    nomination_id: Id
    call_id: Id
    edition: int = Field(ge=2000, le=2100, description="the year of the call")
    category: Code = Field(description="award category, e.g. innovation_talent, innovation_achievement")
    nominee_kind: NomineeKind
    region: Code
    submitted_on: date


class AwardNominationRecommended(Payload):
    """A reviewed nomination was recommended upward (to the China Federation of Returned Overseas Chinese)."""

    nomination_id: Id
    call_id: Id
    recommended_on: date


class AwardResult(StrEnum):
    not_recommended = "not_recommended"  # did not pass the federation's review
    awarded = "awarded"
    not_awarded = "not_awarded"


class AwardNominationResultRecorded(Payload):
    """The result of a nomination: not recommended after review, or awarded / not awarded upstream."""

    nomination_id: Id
    call_id: Id
    result: AwardResult
    on: date


class StartupActivityHeld(Payload):
    """A "創業中華" activity (matchmaking, roadshow, competition, forum) was held."""

    activity_id: Id
    kind: Code = Field(description="e.g. matchmaking, roadshow, competition, forum")
    region: Code
    held_on: date
    participants: int = Field(ge=0, description="number of participants")
    projects_matched: int = Field(ge=0, description="number of projects matched at the activity")


class StartupBaseAccredited(Payload):
    """An innovation and startup base (新僑創新創業基地) was accredited, for a period."""

    base_id: Id
    region: Code
    focus: Code = Field(description="the base's industry focus code")
    accredited_on: date
    valid_to: date


class StartupBaseValidity(Payload):
    """A startup base's accreditation runs out soon (`base.accreditation_expiring`, RIGHTS_BASE_WARN_DAYS
    before, default 90), or ran out without being renewed or revoked (`base.accreditation_lapsed`)."""

    base_id: Id
    valid_to: date


class StartupBaseRevoked(Payload):
    """An accredited startup base was revoked; its accreditation is no longer watched. The reason stays in rights."""

    base_id: Id
    revoked_on: date


# ---- overseas business, technology and professional contacts (經濟工作的海外聯絡) ----------------------


class ContactDomain(StrEnum):
    business = "business"  # 僑商: entrepreneurs, chambers of commerce
    technology = "technology"  # 僑界科技人才, research institutions
    professional = "professional"  # 專業人士: lawyers, doctors, accountants, ...


class EconomicContactKind(StrEnum):
    person = "person"
    organisation = "organisation"


class EconomicContactRegistered(Payload):
    """An overseas business, technology or professional contact of the economic work was registered;
    office's resource registry lists it as it lists liaison's key persons. Phones, e-mails, addresses and
    notes stay in rights."""

    contact_id: Id
    kind: EconomicContactKind
    domain: ContactDomain
    name_zh: str | None = Field(
        None,
        min_length=1,
        max_length=200,
        description="name of a public overseas figure or organisation: the resource registry lists it by name",
    )
    name_romanised: str | None = Field(
        None, min_length=1, max_length=200, description="romanised name of the same, for the registry's search"
    )
    country: CountryCode
    field: Code = Field(description="industry or profession code, e.g. biomedicine, law, finance")
    hometown: str | None = Field(None, max_length=100, description="place in Hunan the contact comes from, if any")


class EconomicContactUpdated(Payload):
    """A contact's field, hometown or status changed (its names do not change here)."""

    contact_id: Id
    field: Code
    hometown: str | None = Field(None, max_length=100)
    status: Code = Field(description="active or inactive")

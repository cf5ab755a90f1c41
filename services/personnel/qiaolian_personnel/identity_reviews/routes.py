"""HTTP API of identity reviews. Certificate numbers (queries.certificate_number): personnel's staff see
them whole in one review and masked in lists, leaders masked, nobody else; every read that shows them
is audited."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from qiaolian_chassis.auth import Principal, permit
from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.http import Page, PageParams, page_params, paginate
from qiaolian_chassis.service import audit_read, get_service
from qiaolian_contracts.events.personnel import IdentityType

from ..settings import PersonnelSettings
from . import commands, queries
from .rules import ReviewState
from .tables import IdentityDocument, IdentityReview

router = APIRouter(tags=["identity reviews"])
DocCode = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{1,64}$")]
Number = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


class Document(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: DocCode
    certificate_number: Number
    issued_by: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)] | None = None


class Submit(BaseModel):
    model_config = ConfigDict(extra="forbid")
    federation_id: str = Field(min_length=1, max_length=64)
    leader_name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
    position: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50)]
    identity_type: IdentityType
    documents: list[Document] = Field(default_factory=list, max_length=30)


class Resubmit(BaseModel):
    model_config = ConfigDict(extra="forbid")
    documents: list[Document] = Field(min_length=1, max_length=30)


class Review(BaseModel):
    model_config = ConfigDict(extra="forbid")
    not_accepted: list[DocCode] = Field(default_factory=list, description="submitted documents the reviewer refuses")


class DocumentOut(BaseModel):
    code: str
    certificate_number: str | None = Field(
        description="whole to personnel's staff in one review (masked in lists), masked for leaders, else absent"
    )
    issued_by: str | None


class ReviewOut(BaseModel):
    id: str
    federation_id: str
    leader_name: str
    position: str
    identity_type: IdentityType
    state: ReviewState
    required_documents: list[str]
    missing_documents: list[str]
    documents: list[DocumentOut]
    submitted_on: date
    verified_on: date | None
    filed_on: date | None
    filed_by: str | None
    filed_at: datetime | None


def _out(r: IdentityReview, docs: list[IdentityDocument], who: Principal, listing: bool) -> ReviewOut:
    return ReviewOut(
        id=r.id,
        federation_id=r.federation_id,
        leader_name=r.leader_name,
        position=r.position,
        identity_type=IdentityType(r.identity_type),
        state=ReviewState(r.state),
        required_documents=PersonnelSettings().checklist(r.identity_type),
        missing_documents=list(r.missing or []),
        documents=[
            DocumentOut(
                code=d.code,
                certificate_number=queries.certificate_number(who, d.certificate_number, listing=listing),
                issued_by=d.issued_by,
            )
            for d in docs
        ],
        submitted_on=r.submitted_on,
        verified_on=r.verified_on,
        filed_on=r.filed_on,
        filed_by=r.filed_by,
        filed_at=r.filed_at,
    )


def _documents(docs: list[Document]) -> tuple[commands.Document, ...]:
    return tuple(commands.Document(**d.model_dump()) for d in docs)


async def _respond(request: Request, review_id: str, who: Principal) -> ReviewOut:
    async with get_service(request).db.sessions() as s:
        r = await get_or_404(s, IdentityReview, "identity review", review_id)
        out = _out(r, await queries.documents(s, r.id), who, listing=False)
    await audit_read(request, [out.id], queries.personal_fields([out]))
    return out


@router.post(
    "/identity-reviews",
    status_code=201,
    summary="Submit a federation leader's identity documents",
)
async def post_review(body: Submit, request: Request, who: Principal = permit("personnel.write")) -> ReviewOut:
    async with get_service(request).uow() as uow:
        r = await commands.submit(
            uow,
            commands.SubmitIdentityReview(
                **body.model_dump(exclude={"documents"}), documents=_documents(body.documents)
            ),
        )
    return await _respond(request, r.id, who)


@router.get(
    "/identity-reviews",
    summary="List identity reviews (certificate numbers masked)",
)
async def list_reviews(
    request: Request,
    state: ReviewState | None = None,
    federation_id: str | None = None,
    identity_type: IdentityType | None = None,
    page: PageParams = Depends(page_params),
    who: Principal = permit("personnel.read"),
) -> Page[ReviewOut]:
    async with get_service(request).db.sessions() as s:
        result = await paginate(
            s, queries.reviews(state=state, federation_id=federation_id, identity_type=identity_type), page, lambda r: r
        )
        items = [_out(r, await queries.documents(s, r.id), who, listing=True) for r in result.items]
    await audit_read(request, [i.id for i in items], queries.personal_fields(items))
    return result.with_items(items)


@router.get(
    "/identity-reviews/{review_id}",
    summary="One identity review, with the certificate numbers",
)
async def get_review(review_id: str, request: Request, who: Principal = permit("personnel.read")) -> ReviewOut:
    return await _respond(request, review_id, who)


@router.post(
    "/identity-reviews/{review_id}/review",
    summary="Check the documents against the checklist",
)
async def post_check(
    review_id: str, body: Review, request: Request, who: Principal = permit("personnel.write")
) -> ReviewOut:
    async with get_service(request).uow() as uow:
        await commands.review(uow, commands.ReviewDocuments(review_id=review_id, not_accepted=tuple(body.not_accepted)))
    return await _respond(request, review_id, who)


@router.post(
    "/identity-reviews/{review_id}/documents",
    summary="Send the missing documents of a returned review",
)
async def post_documents(
    review_id: str, body: Resubmit, request: Request, who: Principal = permit("personnel.write")
) -> ReviewOut:
    async with get_service(request).uow() as uow:
        await commands.resubmit(
            uow, commands.ResubmitDocuments(review_id=review_id, documents=_documents(body.documents))
        )
    return await _respond(request, review_id, who)


@router.post(
    "/identity-reviews/{review_id}/filing",
    summary="File a verified review (備案) as the signed-in cadre",
)
async def post_filing(review_id: str, request: Request, who: Principal = permit("personnel.approve")) -> ReviewOut:
    # the signed-in person files it: their cadre id (a body's `filed_by` is no longer read)
    filed_by = who.cadre_id or who.account_id
    async with get_service(request).uow() as uow:
        await commands.file(uow, commands.FileIdentityReview(review_id=review_id, filed_by=filed_by))
    return await _respond(request, review_id, who)

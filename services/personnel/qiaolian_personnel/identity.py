"""Identity review and filing (身份審核備案) of leaders of city and university federations.

A checklist review of certificates issued elsewhere (identity is determined by government bodies):
submitted -> verified (all required documents accepted) or returned (with the missing ones) ->
resubmitted -> ... -> verified -> filed (who, when, and the certificate numbers on record).
Certificate numbers are personal data: kept here, never in events, masked in lists.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from qiaolian_chassis.errors import Invalid, NotFound
from qiaolian_chassis.http import Page, PageParams, page_params, paginate
from qiaolian_chassis.service import get_service
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.events.personnel import (
    FederationLevel,
    IdentityReviewFiled,
    IdentityReviewRejected,
    IdentityReviewSubmitted,
    IdentityReviewVerified,
    IdentityType,
)
from qiaolian_contracts.ids import new_id

from .domain import CadreState, ReviewState, beijing_date, mask, missing_documents, require_review
from .persistence import Cadre, Federation, IdentityDocument, IdentityReview
from .settings import PersonnelSettings

SUBMITTED = "qiaolian.personnel.identity_review.submitted.v1"
VERIFIED = "qiaolian.personnel.identity_review.verified.v1"
REJECTED = "qiaolian.personnel.identity_review.rejected.v1"
FILED = "qiaolian.personnel.identity_review.filed.v1"
REVIEWED_LEVELS = {FederationLevel.city.value, FederationLevel.university.value}

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


class File(BaseModel):
    model_config = ConfigDict(extra="forbid")
    filed_by: str = Field(min_length=1, max_length=64, description="the personnel cadre who files it")


class DocumentOut(BaseModel):
    code: str
    certificate_number: str
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


def checklist(identity_type: IdentityType) -> list[str]:
    return PersonnelSettings().identity_checklist.get(identity_type.value, [])


def _out(r: IdentityReview, docs: list[IdentityDocument], masked: bool) -> ReviewOut:
    return ReviewOut(
        id=r.id, federation_id=r.federation_id, leader_name=r.leader_name, position=r.position,
        identity_type=IdentityType(r.identity_type), state=ReviewState(r.state),
        required_documents=checklist(IdentityType(r.identity_type)), missing_documents=list(r.missing or []),
        documents=[DocumentOut(code=d.code, certificate_number=mask(d.certificate_number) if masked
                               else d.certificate_number, issued_by=d.issued_by) for d in docs],
        submitted_on=r.submitted_on, verified_on=r.verified_on, filed_on=r.filed_on, filed_by=r.filed_by,
        filed_at=r.filed_at)


def _check_documents(identity_type: IdentityType, docs: list[Document]) -> None:
    required = set(checklist(identity_type))
    seen: set[str] = set()
    for i, d in enumerate(docs):
        if d.code not in required:
            raise Invalid(f"documents.{i}.code", f"not on the checklist of {identity_type.value}")
        if d.code in seen:
            raise Invalid(f"documents.{i}.code", "listed twice")
        seen.add(d.code)


async def _put_documents(uow: UnitOfWork, review_id: str, docs: list[Document]) -> None:
    for d in docs:
        await uow.session.execute(sa.delete(IdentityDocument).where(
            IdentityDocument.review_id == review_id, IdentityDocument.code == d.code))
    uow.session.add_all([IdentityDocument(id=new_id(), review_id=review_id, code=d.code,
                                          certificate_number=d.certificate_number, issued_by=d.issued_by)
                         for d in docs])


async def _review(uow: UnitOfWork, review_id: str) -> IdentityReview:
    r = await uow.session.get(IdentityReview, review_id, with_for_update=True)
    if r is None:
        raise NotFound(f"identity review {review_id} not found")
    return r


async def _docs(session: sa.ext.asyncio.AsyncSession, review_id: str) -> list[IdentityDocument]:
    return list((await session.scalars(sa.select(IdentityDocument).where(IdentityDocument.review_id == review_id)
                                       .order_by(IdentityDocument.code))).all())


async def submit(uow: UnitOfWork, body: Submit) -> IdentityReview:
    federation = await uow.session.get(Federation, body.federation_id)
    if federation is None:
        raise Invalid("federation_id", "no such federation")
    if federation.level not in REVIEWED_LEVELS:
        raise Invalid("federation_id", "identity review and filing is for leaders of city and university federations")
    _check_documents(body.identity_type, body.documents)
    today = beijing_date(uow.now)
    r = IdentityReview(id=new_id(), federation_id=federation.id, leader_name=body.leader_name, position=body.position,
                       identity_type=body.identity_type.value, state=ReviewState.submitted.value, missing=[],
                       submitted_on=today, created_at=uow.now)
    uow.session.add(r)
    await uow.session.flush()
    await _put_documents(uow, r.id, body.documents)
    uow.emit(r.id, IdentityReviewSubmitted(review_id=r.id, federation_id=r.federation_id,
                                                      identity_type=body.identity_type, submitted_on=today))
    return r


async def resubmit(uow: UnitOfWork, review_id: str, body: Resubmit) -> IdentityReview:
    r = await _review(uow, review_id)
    require_review(ReviewState(r.state), "resubmit")
    _check_documents(IdentityType(r.identity_type), body.documents)
    await _put_documents(uow, r.id, body.documents)
    today = beijing_date(uow.now)
    r.state, r.missing, r.submitted_on = ReviewState.submitted.value, [], today
    uow.emit(r.id, IdentityReviewSubmitted(review_id=r.id, federation_id=r.federation_id,
                                                      identity_type=IdentityType(r.identity_type), submitted_on=today))
    return r


async def review(uow: UnitOfWork, review_id: str, body: Review) -> IdentityReview:
    r = await _review(uow, review_id)
    require_review(ReviewState(r.state), "review")
    await uow.session.flush()
    provided = {d.code for d in await _docs(uow.session, r.id)}
    for i, code in enumerate(body.not_accepted):
        if code not in provided:
            raise Invalid(f"not_accepted.{i}", "no such document was submitted")
    missing = missing_documents(checklist(IdentityType(r.identity_type)), provided, set(body.not_accepted))
    today = beijing_date(uow.now)
    if missing:
        r.state, r.missing = ReviewState.returned.value, missing
        uow.emit(r.id, IdentityReviewRejected(review_id=r.id, federation_id=r.federation_id,
                                                        missing_documents=missing, returned_on=today))
    else:
        r.state, r.missing, r.verified_on = ReviewState.verified.value, [], today
        uow.emit(r.id, IdentityReviewVerified(review_id=r.id, federation_id=r.federation_id,
                                                        verified_on=today))
    return r


async def file(uow: UnitOfWork, review_id: str, body: File) -> IdentityReview:
    r = await _review(uow, review_id)
    require_review(ReviewState(r.state), "file")
    cadre = await uow.session.get(Cadre, body.filed_by)
    if cadre is None or cadre.state == CadreState.retired.value:
        raise Invalid("filed_by", "not a serving cadre")
    today = beijing_date(uow.now)
    r.state, r.filed_on, r.filed_by, r.filed_at = ReviewState.filed.value, today, cadre.id, uow.now
    uow.emit(r.id, IdentityReviewFiled(review_id=r.id, federation_id=r.federation_id, filed_on=today,
                                              filed_by=cadre.id))
    return r


async def _respond(request: Request, review_id: str) -> ReviewOut:
    async with get_service(request).db.sessions() as s:
        r = await s.get(IdentityReview, review_id)
        if r is None:
            raise NotFound(f"identity review {review_id} not found")
        return _out(r, await _docs(s, r.id), masked=False)


@router.post("/identity-reviews", status_code=201, summary="Submit a federation leader's identity documents")
async def post_review(body: Submit, request: Request) -> ReviewOut:
    async with get_service(request).uow() as uow:
        r = await submit(uow, body)
    return await _respond(request, r.id)


@router.get("/identity-reviews", summary="List identity reviews (certificate numbers masked)")
async def list_reviews(request: Request, state: ReviewState | None = None, federation_id: str | None = None,
                       identity_type: IdentityType | None = None,
                       page: PageParams = Depends(page_params)) -> Page[ReviewOut]:
    where = []
    if state:
        where.append(IdentityReview.state == state.value)
    if federation_id:
        where.append(IdentityReview.federation_id == federation_id)
    if identity_type:
        where.append(IdentityReview.identity_type == identity_type.value)
    async with get_service(request).db.sessions() as s:
        result = await paginate(s, sa.select(IdentityReview).where(*where)
                                .order_by(IdentityReview.submitted_on.desc(), IdentityReview.id), page, lambda r: r)
        items = [_out(r, await _docs(s, r.id), masked=True) for r in result.items]
    return Page(items=items, total=result.total, limit=result.limit, offset=result.offset)


@router.get("/identity-reviews/{review_id}", summary="One identity review, with the certificate numbers")
async def get_review(review_id: str, request: Request) -> ReviewOut:
    return await _respond(request, review_id)


@router.post("/identity-reviews/{review_id}/review", summary="Check the documents against the checklist")
async def post_check(review_id: str, body: Review, request: Request) -> ReviewOut:
    async with get_service(request).uow() as uow:
        await review(uow, review_id, body)
    return await _respond(request, review_id)


@router.post("/identity-reviews/{review_id}/documents", summary="Send the missing documents of a returned review")
async def post_documents(review_id: str, body: Resubmit, request: Request) -> ReviewOut:
    async with get_service(request).uow() as uow:
        await resubmit(uow, review_id, body)
    return await _respond(request, review_id)


@router.post("/identity-reviews/{review_id}/filing", summary="File a verified review (備案)")
async def post_filing(review_id: str, body: File, request: Request) -> ReviewOut:
    async with get_service(request).uow() as uow:
        await file(uow, review_id, body)
    return await _respond(request, review_id)

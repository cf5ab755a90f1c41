"""HTTP API of identity reviews. Lists mask the certificate numbers; one review shows them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from qiaolian_chassis.auth import permit
from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.http import Page, PageParams, page_params, paginate
from qiaolian_chassis.privacy import mask
from qiaolian_chassis.service import get_service
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


def _out(r: IdentityReview, docs: list[IdentityDocument], masked: bool) -> ReviewOut:
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
                certificate_number=mask(d.certificate_number) if masked else d.certificate_number,
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


async def _respond(request: Request, review_id: str) -> ReviewOut:
    async with get_service(request).db.sessions() as s:
        r = await get_or_404(s, IdentityReview, "identity review", review_id)
        return _out(r, await queries.documents(s, r.id), masked=False)


@router.post(
    "/identity-reviews",
    dependencies=[permit("personnel.write")],
    status_code=201,
    summary="Submit a federation leader's identity documents",
)
async def post_review(body: Submit, request: Request) -> ReviewOut:
    async with get_service(request).uow() as uow:
        r = await commands.submit(
            uow,
            commands.SubmitIdentityReview(
                **body.model_dump(exclude={"documents"}), documents=_documents(body.documents)
            ),
        )
    return await _respond(request, r.id)


@router.get(
    "/identity-reviews",
    dependencies=[permit("personnel.read")],
    summary="List identity reviews (certificate numbers masked)",
)
async def list_reviews(
    request: Request,
    state: ReviewState | None = None,
    federation_id: str | None = None,
    identity_type: IdentityType | None = None,
    page: PageParams = Depends(page_params),
) -> Page[ReviewOut]:
    async with get_service(request).db.sessions() as s:
        result = await paginate(
            s, queries.reviews(state=state, federation_id=federation_id, identity_type=identity_type), page, lambda r: r
        )
        items = [_out(r, await queries.documents(s, r.id), masked=True) for r in result.items]
    return Page(items=items, total=result.total, limit=result.limit, offset=result.offset)


@router.get(
    "/identity-reviews/{review_id}",
    dependencies=[permit("personnel.read")],
    summary="One identity review, with the certificate numbers",
)
async def get_review(review_id: str, request: Request) -> ReviewOut:
    return await _respond(request, review_id)


@router.post(
    "/identity-reviews/{review_id}/review",
    dependencies=[permit("personnel.write")],
    summary="Check the documents against the checklist",
)
async def post_check(review_id: str, body: Review, request: Request) -> ReviewOut:
    async with get_service(request).uow() as uow:
        await commands.review(uow, commands.ReviewDocuments(review_id=review_id, not_accepted=tuple(body.not_accepted)))
    return await _respond(request, review_id)


@router.post(
    "/identity-reviews/{review_id}/documents",
    dependencies=[permit("personnel.write")],
    summary="Send the missing documents of a returned review",
)
async def post_documents(review_id: str, body: Resubmit, request: Request) -> ReviewOut:
    async with get_service(request).uow() as uow:
        await commands.resubmit(
            uow, commands.ResubmitDocuments(review_id=review_id, documents=_documents(body.documents))
        )
    return await _respond(request, review_id)


@router.post(
    "/identity-reviews/{review_id}/filing",
    dependencies=[permit("personnel.approve")],
    summary="File a verified review (備案)",
)
async def post_filing(review_id: str, body: File, request: Request) -> ReviewOut:
    async with get_service(request).uow() as uow:
        await commands.file(uow, commands.FileIdentityReview(review_id=review_id, filed_by=body.filed_by))
    return await _respond(request, review_id)

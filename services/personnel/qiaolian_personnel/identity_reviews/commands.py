"""Submitting a leader's certificates, reviewing them against the checklist, resubmitting the missing
ones, and filing (備案). Events carry no certificate number nor the leader's name."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.errors import Invalid
from qiaolian_chassis.uow import UnitOfWork
from qiaolian_contracts.events.personnel import (
    IdentityReviewFiled,
    IdentityReviewRejected,
    IdentityReviewSubmitted,
    IdentityReviewVerified,
    IdentityType,
)
from qiaolian_contracts.ids import new_id

from ..cadres.commands import serving_cadre
from ..federations.tables import Federation
from ..settings import PersonnelSettings
from . import queries
from .rules import REVIEWED_LEVELS, REVIEWS, ReviewState, check_documents, check_not_accepted, missing_documents
from .tables import IdentityDocument, IdentityReview


@dataclass(frozen=True)
class Document:
    code: str
    certificate_number: str
    issued_by: str | None = None


@dataclass(frozen=True)
class SubmitIdentityReview:
    federation_id: str
    leader_name: str
    position: str
    identity_type: IdentityType
    documents: tuple[Document, ...] = ()


@dataclass(frozen=True)
class ResubmitDocuments:
    review_id: str
    documents: tuple[Document, ...]


@dataclass(frozen=True)
class ReviewDocuments:
    review_id: str
    not_accepted: tuple[str, ...] = ()  # submitted documents the reviewer refuses


@dataclass(frozen=True)
class FileIdentityReview:
    review_id: str
    filed_by: str  # the personnel cadre who files it


def _check(identity_type: IdentityType, docs: tuple[Document, ...]) -> None:
    check_documents(identity_type.value, PersonnelSettings().checklist(identity_type.value), [d.code for d in docs])


async def _put_documents(uow: UnitOfWork, review_id: str, docs: tuple[Document, ...]) -> None:
    for d in docs:
        await uow.session.execute(
            sa.delete(IdentityDocument).where(IdentityDocument.review_id == review_id, IdentityDocument.code == d.code)
        )
    uow.session.add_all(
        [
            IdentityDocument(
                id=new_id(),
                review_id=review_id,
                code=d.code,
                certificate_number=d.certificate_number,
                issued_by=d.issued_by,
            )
            for d in docs
        ]
    )


async def submit(uow: UnitOfWork, cmd: SubmitIdentityReview) -> IdentityReview:
    federation = await uow.session.get(Federation, cmd.federation_id)
    if federation is None:
        raise Invalid("federation_id", "no such federation")
    if federation.level not in REVIEWED_LEVELS:
        raise Invalid("federation_id", "identity review and filing is for leaders of city and university federations")
    _check(cmd.identity_type, cmd.documents)
    r = IdentityReview(
        id=new_id(),
        federation_id=federation.id,
        leader_name=cmd.leader_name,
        position=cmd.position,
        identity_type=cmd.identity_type.value,
        state=ReviewState.submitted.value,
        missing=[],
        submitted_on=uow.today,
        created_at=uow.now,
    )
    uow.session.add(r)
    await uow.session.flush()
    await _put_documents(uow, r.id, cmd.documents)
    uow.emit(
        r.id,
        IdentityReviewSubmitted(
            review_id=r.id, federation_id=r.federation_id, identity_type=cmd.identity_type, submitted_on=uow.today
        ),
    )
    return r


async def resubmit(uow: UnitOfWork, cmd: ResubmitDocuments) -> IdentityReview:
    r: IdentityReview = await get_or_404(uow.session, IdentityReview, "identity review", cmd.review_id, for_update=True)
    state = REVIEWS.apply(ReviewState(r.state), "resubmit")
    _check(IdentityType(r.identity_type), cmd.documents)
    await _put_documents(uow, r.id, cmd.documents)
    r.state, r.missing, r.submitted_on = state.value, [], uow.today
    uow.emit(
        r.id,
        IdentityReviewSubmitted(
            review_id=r.id,
            federation_id=r.federation_id,
            identity_type=IdentityType(r.identity_type),
            submitted_on=uow.today,
        ),
    )
    return r


async def review(uow: UnitOfWork, cmd: ReviewDocuments) -> IdentityReview:
    r: IdentityReview = await get_or_404(uow.session, IdentityReview, "identity review", cmd.review_id, for_update=True)
    REVIEWS.require(ReviewState(r.state), "review")
    await uow.session.flush()
    provided = {d.code for d in await queries.documents(uow.session, r.id)}
    check_not_accepted(provided, cmd.not_accepted)
    missing = missing_documents(PersonnelSettings().checklist(r.identity_type), provided, set(cmd.not_accepted))
    if missing:
        r.state, r.missing = ReviewState.returned.value, missing
        uow.emit(
            r.id,
            IdentityReviewRejected(
                review_id=r.id, federation_id=r.federation_id, missing_documents=missing, returned_on=uow.today
            ),
        )
    else:
        r.state, r.missing, r.verified_on = ReviewState.verified.value, [], uow.today
        uow.emit(r.id, IdentityReviewVerified(review_id=r.id, federation_id=r.federation_id, verified_on=uow.today))
    return r


async def file(uow: UnitOfWork, cmd: FileIdentityReview) -> IdentityReview:
    r: IdentityReview = await get_or_404(uow.session, IdentityReview, "identity review", cmd.review_id, for_update=True)
    state = REVIEWS.apply(ReviewState(r.state), "file")
    cadre = await serving_cadre(uow, cmd.filed_by, "filed_by")
    r.state, r.filed_on, r.filed_by, r.filed_at = state.value, uow.today, cadre.id, uow.now
    uow.emit(
        r.id, IdentityReviewFiled(review_id=r.id, federation_id=r.federation_id, filed_on=uow.today, filed_by=cadre.id)
    )
    return r

"""HTTP routes of associations, key persons, their roles and the interaction log."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request

from qiaolian_chassis.auth import Principal, permit
from qiaolian_chassis.db import get_or_404
from qiaolian_chassis.http import Day, Page, PageParams, page_params, paginate
from qiaolian_chassis.service import get_service
from qiaolian_contracts.events.common import Code, CountryCode
from qiaolian_contracts.events.liaison import ContactKind, InteractionKind, MemberRole

from . import commands, queries
from .queries import Duplicate
from .rules import AssociationStatus, association_probe, person_probe
from .schemas import (
    AppointmentOut,
    AssociationOut,
    ChangeAssociation,
    ChangePerson,
    EndAppointment,
    InteractionOut,
    Merge,
    NewAppointment,
    NewAssociation,
    NewInteraction,
    NewPerson,
    PersonOut,
)
from .tables import Appointment, Association, Interaction, Person

router = APIRouter()


@router.post(
    "/associations",
    dependencies=[permit("liaison.write")],
    status_code=201,
    tags=["associations"],
    summary="Register an overseas association (社團); 409 with the likely duplicates",
)
async def post_association(body: NewAssociation, request: Request) -> AssociationOut:
    async with get_service(request).uow() as uow:
        return AssociationOut.of(
            await commands.register_association(uow, commands.RegisterAssociation(**body.model_dump()))
        )


@router.get("/associations", dependencies=[permit("staff.read")], tags=["associations"], summary="List associations")
async def list_associations(
    request: Request,
    country: CountryCode | None = None,
    field: Code | None = None,
    status: AssociationStatus | None = None,
    hometown: str | None = Query(None, max_length=100),
    q: str | None = Query(None, max_length=100, description="part of the name"),
    include_merged: bool = False,
    page: PageParams = Depends(page_params),
) -> Page[AssociationOut]:
    stmt = queries.associations(
        country=country, field=field, status=status, hometown=hometown, q=q, include_merged=include_merged
    )
    async with get_service(request).db.sessions() as s:
        return await paginate(s, stmt, page, AssociationOut.of)


@router.get(
    "/associations/{association_id}",
    dependencies=[permit("staff.read")],
    tags=["associations"],
    summary="One association",
)
async def get_association(association_id: str, request: Request) -> AssociationOut:
    async with get_service(request).db.sessions() as s:
        return AssociationOut.of(await get_or_404(s, Association, "association", association_id))


@router.patch(
    "/associations/{association_id}",
    dependencies=[permit("liaison.write")],
    tags=["associations"],
    summary="Change an association's city, field, hometown, leaders, founding year or status",
)
async def patch_association(association_id: str, body: ChangeAssociation, request: Request) -> AssociationOut:
    async with get_service(request).uow() as uow:
        return AssociationOut.of(
            await commands.change_association(
                uow, commands.ChangeAssociation(association_id, body.model_dump(exclude_unset=True))
            )
        )


@router.get(
    "/associations/{association_id}/duplicates",
    dependencies=[permit("liaison.read")],
    tags=["associations"],
    summary="Likely duplicates of an association",
)
async def association_dups(association_id: str, request: Request) -> list[Duplicate]:
    async with get_service(request).db.sessions() as s:
        a = await get_or_404(s, Association, "association", association_id)
        return await queries.association_duplicates(
            s,
            country=a.country,
            zh=a.zh_key,
            rom=a.romanised_key,
            exclude=a.id,
            probe=association_probe(a.name_zh, a.name_romanised),
        )


@router.post(
    "/associations/{association_id}/merge",
    dependencies=[permit("liaison.write")],
    tags=["associations"],
    summary="Merge a duplicate into this association; publishes contact.merged",
)
async def merge_association(association_id: str, body: Merge, request: Request) -> AssociationOut:
    async with get_service(request).uow() as uow:
        return AssociationOut.of(
            await commands.merge_associations(
                uow, commands.MergeAssociations(survivor_id=association_id, duplicate_id=body.duplicate_id)
            )
        )


@router.post(
    "/persons",
    dependencies=[permit("liaison.write")],
    status_code=201,
    tags=["persons"],
    summary="Register a key overseas person; 409 with the likely duplicates",
)
async def post_person(body: NewPerson, request: Request) -> PersonOut:
    async with get_service(request).uow() as uow:
        return PersonOut.of(await commands.register_person(uow, commands.RegisterPerson(**body.model_dump())))


@router.get("/persons", tags=["persons"], summary="List key persons (contact details for liaison and leaders)")
async def list_persons(
    request: Request,
    who: Principal = permit("liaison.read"),
    country: CountryCode | None = None,
    field: Code | None = None,
    association_id: str | None = Query(None, max_length=64),
    role: MemberRole | None = None,
    hometown: str | None = Query(None, max_length=100),
    q: str | None = Query(None, max_length=100, description="part of the Chinese, family or given name"),
    include_merged: bool = False,
    page: PageParams = Depends(page_params),
) -> Page[PersonOut]:
    stmt = queries.persons(
        country=country,
        field=field,
        association_id=association_id,
        role=role,
        hometown=hometown,
        include_merged=include_merged,
        q=q,
    )
    contacts = queries.sees_personal(who)
    async with get_service(request).db.sessions() as s:
        found = await paginate(s, stmt, page, lambda p: PersonOut.of(p, contacts=contacts))
    await queries.audit_shown(request, found.items, queries.PERSON_CONTACTS)
    return found


@router.get(
    "/persons/{person_id}", tags=["persons"], summary="One key person (contact details for liaison and leaders)"
)
async def get_person(person_id: str, request: Request, who: Principal = permit("liaison.read")) -> PersonOut:
    async with get_service(request).db.sessions() as s:
        found = PersonOut.of(await get_or_404(s, Person, "person", person_id), contacts=queries.sees_personal(who))
    await queries.audit_shown(request, [found], queries.PERSON_CONTACTS)
    return found


@router.patch(
    "/persons/{person_id}",
    dependencies=[permit("liaison.write")],
    tags=["persons"],
    summary="Change a person's city, field, hometown, association or contact details",
)
async def patch_person(person_id: str, body: ChangePerson, request: Request) -> PersonOut:
    async with get_service(request).uow() as uow:
        return PersonOut.of(
            await commands.change_person(uow, commands.ChangePerson(person_id, body.model_dump(exclude_unset=True)))
        )


@router.get(
    "/persons/{person_id}/duplicates",
    dependencies=[permit("liaison.read")],
    tags=["persons"],
    summary="Likely duplicates of a person",
)
async def person_dups(person_id: str, request: Request) -> list[Duplicate]:
    async with get_service(request).db.sessions() as s:
        p = await get_or_404(s, Person, "person", person_id)
        return await queries.person_duplicates(
            s,
            country=p.country,
            zh=p.zh_key,
            rom=p.romanised_key,
            exclude=p.id,
            probe=person_probe(p.name_zh, p.family_name, p.given_name),
        )


@router.post(
    "/persons/{person_id}/merge",
    dependencies=[permit("liaison.write")],
    tags=["persons"],
    summary="Merge a duplicate into this person; publishes contact.merged",
)
async def merge_person(person_id: str, body: Merge, request: Request) -> PersonOut:
    async with get_service(request).uow() as uow:
        return PersonOut.of(
            await commands.merge_persons(
                uow, commands.MergePersons(survivor_id=person_id, duplicate_id=body.duplicate_id)
            )
        )


@router.post(
    "/persons/{person_id}/appointments",
    dependencies=[permit("liaison.write")],
    status_code=201,
    tags=["persons"],
    summary="Appoint a key person to a federation role for a term",
)
async def post_appointment(person_id: str, body: NewAppointment, request: Request) -> AppointmentOut:
    async with get_service(request).uow() as uow:
        return AppointmentOut.of(
            await commands.appoint(uow, commands.Appoint(person_id=person_id, **body.model_dump()))
        )


@router.get(
    "/appointments",
    dependencies=[permit("liaison.read")],
    tags=["persons"],
    summary="List appointments (roles and terms)",
)
async def list_appointments(
    request: Request,
    person_id: str | None = Query(None, max_length=64),
    role: MemberRole | None = None,
    state: str | None = Query(None, pattern="^(active|ended)$"),
    term_ends_before: Day | None = None,
    page: PageParams = Depends(page_params),
) -> Page[AppointmentOut]:
    stmt = queries.appointments(person_id=person_id, role=role, state=state, term_ends_before=term_ends_before)
    async with get_service(request).db.sessions() as s:
        return await paginate(s, stmt, page, AppointmentOut.of)


@router.get(
    "/appointments/{appointment_id}", dependencies=[permit("liaison.read")], tags=["persons"], summary="One appointment"
)
async def get_appointment(appointment_id: str, request: Request) -> AppointmentOut:
    async with get_service(request).db.sessions() as s:
        return AppointmentOut.of(await get_or_404(s, Appointment, "appointment", appointment_id))


@router.post(
    "/appointments/{appointment_id}/end",
    dependencies=[permit("liaison.write")],
    tags=["persons"],
    summary="End a role (no more term warnings)",
)
async def post_end_appointment(appointment_id: str, body: EndAppointment, request: Request) -> AppointmentOut:
    async with get_service(request).uow() as uow:
        return AppointmentOut.of(
            await commands.end_appointment(
                uow, commands.EndAppointment(appointment_id=appointment_id, ended_on=body.ended_on)
            )
        )


@router.post(
    "/interactions",
    dependencies=[permit("liaison.write")],
    status_code=201,
    tags=["interactions"],
    summary="Log a visit, call, meeting, letter or gift with a person or association",
)
async def post_interaction(body: NewInteraction, request: Request) -> InteractionOut:
    async with get_service(request).uow() as uow:
        return InteractionOut.of(await commands.log_interaction(uow, commands.LogInteraction(**body.model_dump())))


@router.get(
    "/interactions",
    tags=["interactions"],
    summary="The interaction log, newest first",
)
async def list_interactions(
    request: Request,
    who: Principal = permit("liaison.read"),
    contact_id: str | None = Query(None, max_length=64),
    contact_kind: ContactKind | None = None,
    kind: InteractionKind | None = None,
    staff_cadre_id: str | None = Query(None, max_length=64),
    occurred_from: Day | None = None,
    occurred_to: Day | None = None,
    page: PageParams = Depends(page_params),
) -> Page[InteractionOut]:
    stmt = queries.interactions(
        contact_id=contact_id,
        contact_kind=contact_kind,
        kind=kind,
        staff_cadre_id=staff_cadre_id,
        occurred_from=occurred_from,
        occurred_to=occurred_to,
    )
    notes = queries.sees_personal(who)
    async with get_service(request).db.sessions() as s:
        found = await paginate(s, stmt, page, lambda i: InteractionOut.of(i, notes=notes))
    await queries.audit_shown(request, found.items, queries.INTERACTION_NOTES)
    return found


@router.get(
    "/interactions/{interaction_id}",
    tags=["interactions"],
    summary="One logged interaction",
)
async def get_interaction(
    interaction_id: str, request: Request, who: Principal = permit("liaison.read")
) -> InteractionOut:
    async with get_service(request).db.sessions() as s:
        i = await get_or_404(s, Interaction, "interaction", interaction_id)
    found = InteractionOut.of(i, notes=queries.sees_personal(who))
    await queries.audit_shown(request, [found], queries.INTERACTION_NOTES)
    return found

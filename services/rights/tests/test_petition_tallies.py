"""The statistics' petition counts come from tallies the commands keep (issue 15); after many
commands in every state, state changes and repeats linked and unlinked among them, what the tallies
answer is what a recount of the petitions answers, unfiltered, by region and by whole months."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa
from fastapi import FastAPI

from qiaolian_contracts.events.rights import Channel, FirstDecision, PetitionClass, PetitionerStatus
from qiaolian_rights.petitions import commands as pc
from qiaolian_rights.petitions import queries, tallies
from qiaolian_rights.petitions.queries import PetitionFilter
from qiaolian_rights.petitions.tallies import TALLIES

REGIONS = ["430102", "430103", "430104", None]
CATEGORIES = ["property", "education", "employment"]


async def test_the_tallies_answer_what_a_recount_answers(rights_app: FastAPI) -> None:
    svc = rights_app.state.service
    ids: list[str] = []
    async with svc.uow() as uow:
        for i in range(90):
            p = await pc.file_petition(
                uow,
                pc.FilePetition(
                    channel=list(Channel)[i % len(Channel)],
                    petitioner_name=f"王{i}",
                    petitioner_status=list(PetitionerStatus)[i % len(PetitionerStatus)],
                    petition_class=list(PetitionClass)[i % len(PetitionClass)],
                    category=CATEGORIES[i % 3],
                    summary="s",
                    received_on=date(2025, 3, 1) + timedelta(days=i * 3),
                    region=REGIONS[i % 4],
                    transferred_from="某市僑聯" if i % 11 == 7 else None,
                ),
            )
            ids.append(p.id)
    async with svc.uow() as uow:  # first decisions: accepted, each decision, some left filed
        for i, pid in enumerate(ids):
            p = await pc.load(uow, pid)
            if p.state != "filed" or i % 9 == 8:
                continue
            if i % 9 < 3:
                await pc.accept(uow, pc.AcceptPetition(pid, p.received_on + timedelta(days=2)))
            elif i % 9 < 7:
                decision = list(FirstDecision)[i % 9 - 3]
                on = p.received_on + timedelta(days=3)
                await pc.decide(
                    uow,
                    pc.DecidePetition(
                        pid,
                        decision,
                        decided_by="h1",
                        decided_on=on,
                        reason="r" if decision is FirstDecision.not_accepted else None,
                        organ="某市人民政府" if decision is FirstDecision.routed else None,
                        feedback_due=on + timedelta(days=30)
                        if decision in (FirstDecision.transferred, FirstDecision.assigned)
                        else None,
                    ),
                )
    accepted = [pid for i, pid in enumerate(ids) if i % 9 < 3 and i % 11 != 7]
    filed = [pid for i, pid in enumerate(ids) if i % 9 == 7 and i % 11 != 7]
    async with svc.uow() as uow:  # repeats linked by hand, then two unlinked
        for pid in filed[:6]:
            await pc.link_repeat(uow, pc.LinkRepeat(pid, accepted[0], "同一事項"))
    async with svc.uow() as uow:
        for pid in filed[:2]:
            await pc.unlink_repeat(uow, pc.UnlinkRepeat(pid, "並非重複"))
    async with svc.db.sessions() as s:
        states = set((await s.scalars(sa.text("SELECT DISTINCT state FROM petitions"))).all())
        assert {"filed", "accepted", "linked", "not_accepted", "received_by_transfer"} <= states, states
        assert (await s.scalar(sa.select(sa.func.count()).select_from(TALLIES))) > 0  # kept by the commands
        today = date(2026, 3, 2)
        for f in (
            PetitionFilter(),
            PetitionFilter(region="430103"),
            PetitionFilter(region="430102", received_from=date(2025, 5, 1), received_to=date(2025, 7, 31)),
            PetitionFilter(received_from=date(2025, 6, 1)),
        ):
            kept = await queries.stats(s, f, today)
            recounted = await queries.stats(s, f, today, recount=True)
            assert kept == recounted, f
            # and the tallies themselves (so the equality above is not a recount against a recount)
            months = tallies.whole_months(f.received_from, f.received_to)
            assert months is not None
            held = await tallies.read(s, f.region, months)
            assert queries.PetitionStats(**held, deadlines=recounted.deadlines) == recounted, f
        assert (await queries.stats(s, PetitionFilter(), today)).repeats_linked == 4

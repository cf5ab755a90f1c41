"""Searching associations by name: what a person types is matched as typed, LIKE's wildcards included."""

from __future__ import annotations

from qiaolian_chassis.testing import ServiceDb
from qiaolian_liaison.associations import commands, queries
from qiaolian_liaison.associations.commands import RegisterAssociation


async def test_percent_and_underscore_in_a_search_are_literal(liaison: ServiceDb) -> None:
    async with liaison.uow() as uow:
        for name in ("Hunan_Club", "HunanXClub", "100% Hunan"):
            await commands.register_association(
                uow, RegisterAssociation(country="MY", field="business", name_romanised=name)
            )

    async def found(q: str) -> list[str]:
        stmt = queries.associations(country=None, field=None, status=None, hometown=None, q=q, include_merged=False)
        async with liaison.db.sessions() as s:
            return sorted(a.name_romanised for a in (await s.scalars(stmt)).all())

    assert await found("n_c") == ["Hunan_Club"]  # `_` is not "any one character"
    assert await found("%") == ["100% Hunan"]  # `%` is not "anything"
    assert await found("hunan") == ["100% Hunan", "HunanXClub", "Hunan_Club"]

"""Argon2id password hashes (argon2-cffi), computed off the event loop.

A sign-in for an unknown username verifies against a dummy hash made with the same costs, so it takes
as long as a wrong password for a real account. Hashes made with older costs verify as they are and
are re-hashed with the current ones at the account's next successful sign-in.
"""

from __future__ import annotations

import asyncio
import os
import secrets

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError


class Passwords:
    def __init__(self, time_cost: int, memory_kib: int, parallelism: int) -> None:
        self._hasher = PasswordHasher(
            time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism, type=Type.ID
        )
        self._dummy = self._hasher.hash(secrets.token_urlsafe(24))
        # each hash takes its memory cost in RAM and a core for its time: at most one per core at once
        self._slots = asyncio.Semaphore(max(2, os.cpu_count() or 2))

    async def hash(self, password: str) -> str:
        async with self._slots:
            return await asyncio.to_thread(self._hasher.hash, password)

    async def verify(self, stored: str | None, password: str) -> bool:
        """Whether `password` is the one `stored` was made from; with no stored hash (an unknown user)
        the dummy is checked, which always fails, in the same time."""
        async with self._slots:
            return await asyncio.to_thread(self._verify, stored or self._dummy, password) and stored is not None

    def _verify(self, stored: str, password: str) -> bool:
        try:
            return self._hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, stored: str) -> bool:
        try:
            return self._hasher.check_needs_rehash(stored)
        except InvalidHashError:
            return True

"""The facts the running bot answers from: read once from storage, re-read when the facts version moves.

Commands and the scheduler ask for :meth:`FactBook.snapshot`, which is in memory. Whether another process
(``deploybot load``) changed the facts is checked at most every ``poll_seconds``: one tiny query.
"""

from __future__ import annotations

import asyncio
import time
from datetime import date
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.facts.model import FactSet
from bot.facts.search import MissionIndex
from bot.facts.snapshot import Snapshot, build_index


class FactSource(Protocol):
    """Where the facts are kept (``bot.storage.facts.FactStore``): the book only needs these two."""

    async def version(self) -> int: ...

    async def read(self) -> FactSet: ...


KEPT_SNAPSHOTS = 4


class FactBook:
    def __init__(self, store: FactSource, clock: Clock, zone: ZoneInfo, poll_seconds: float = 30.0) -> None:
        self.store, self.clock, self.zone, self.poll_seconds = store, clock, zone, poll_seconds
        self._facts = FactSet()
        self._index = MissionIndex(())
        self._version = -1
        self._checked = float("-inf")
        self._pending: int | None = None
        self._snapshots: dict[date, Snapshot] = {}  # a few days at most: servers' local dates differ by one or two
        # Several readers refresh (the servers' and the members' dispatchers, the events sync, commands): one reads
        # at a time, so that a reader arriving during another's read waits for the new facts instead of going on
        # with the old ones (and planning nothing new until its next wake).
        self._reading = asyncio.Lock()

    @property
    def facts(self) -> FactSet:
        """Everything read from storage, whenever it becomes known."""
        return self._facts

    @property
    def version(self) -> int:
        return self._version

    async def stale(self) -> bool:
        """Whether the stored facts moved on since they were read (checked at most every ``poll_seconds``)."""
        now = time.monotonic()
        if now - self._checked < self.poll_seconds:
            return self._pending is not None
        self._checked = now
        version = await self.store.version()
        self._pending = version if version != self._version else None
        return self._pending is not None

    def notify(self) -> None:
        """The store says the facts changed (a push, such as PostgreSQL's LISTEN/NOTIFY): the next look reads
        the version at once instead of waiting for the poll."""
        self._checked = float("-inf")

    async def refresh(self, force: bool = False) -> bool:
        """Re-read the facts if their version changed; True when it did."""
        async with self._reading:
            if force:
                self._checked = float("-inf")
            if not await self.stale():
                return False
            version = self._pending
            assert version is not None
            self._facts = await self.store.read()
            self._index = build_index(self._facts)
            self._version, self._pending = version, None
            self._snapshots = {}
            return True

    def today(self) -> date:
        return self.clock.now().astimezone(self.zone).date()

    async def snapshot(self, as_of: date | None = None) -> Snapshot:
        """The facts known on ``as_of`` (default: today in the bot's zone, on the injected clock).

        The scheduler asks for each server's own local date, so a few recent days are kept.
        """
        await self.refresh()
        day = as_of or self.today()
        snapshot = self._snapshots.get(day)
        if snapshot is None:
            snapshot = Snapshot(self._facts, day, self._index)
            if len(self._snapshots) >= KEPT_SNAPSHOTS:
                self._snapshots.pop(min(self._snapshots))
            self._snapshots[day] = snapshot
        return snapshot

"""Where "now" comes from.

Logic never calls ``datetime.now()``: it asks a :class:`Clock`. The bot runs on :class:`SystemClock`; tests
and the sandbox use :class:`ManualClock`, which only moves when told to and wakes whoever waits on it.
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware (UTC)."""
        ...

    async def sleep_until(self, when: datetime, wake: asyncio.Event | None = None) -> None:
        """Return at ``when`` or as soon as ``wake`` is set, whichever comes first."""
        ...


class SystemClock:
    """Wall-clock time. Long sleeps are capped by the caller (asyncio drifts past ~40 days)."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    async def sleep_until(self, when: datetime, wake: asyncio.Event | None = None) -> None:
        delay = max(0.0, (when - self.now()).total_seconds())
        if wake is None:
            await asyncio.sleep(delay)
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(wake.wait(), timeout=delay)


class ManualClock:
    """A clock that stands still until :meth:`set` or :meth:`advance` moves it, waking its sleepers."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("ManualClock needs a timezone-aware start time")
        self._now = start.astimezone(UTC)
        self._sleepers: set[asyncio.Event] = set()

    def now(self) -> datetime:
        return self._now

    def set(self, when: datetime) -> None:
        if when.tzinfo is None:
            raise ValueError("ManualClock.set needs a timezone-aware time")
        self._now = when.astimezone(UTC)
        for sleeper in list(self._sleepers):
            sleeper.set()

    def advance(self, delta: timedelta) -> None:
        self.set(self._now + delta)

    async def sleep_until(self, when: datetime, wake: asyncio.Event | None = None) -> None:
        while self._now < when and not (wake is not None and wake.is_set()):
            moved = asyncio.Event()
            self._sleepers.add(moved)
            waits = [asyncio.ensure_future(moved.wait())]
            if wake is not None:
                waits.append(asyncio.ensure_future(wake.wait()))
            try:
                await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
            finally:
                self._sleepers.discard(moved)
                for waiting in waits:
                    waiting.cancel()


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A UTC instant, for tests and fixtures."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC)

"""One task that runs a pass, sleeps until the time that pass names, and is woken early when something changed.

The shape the dispatcher and the Scheduled Events sync share (RoboDanny's timers): never polling, every sleep
capped at a day, a failing pass retried with backoff instead of ending the task, and a way for tests and the
sandbox's ``:advance`` to wait until the loop has caught up with the clock.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.schedule.retries import backoff, describe

log = logging.getLogger(__name__)

MAX_SLEEP = timedelta(days=1)


class WakeableLoop:
    """Subclasses implement :meth:`run_once` (one pass at ``now``, returning when to look again) and may add to
    :meth:`_prepare`, :meth:`_passed`, :meth:`_failed`, :meth:`_slept` and :meth:`_caught_up`."""

    task_name = "deploybot-loop"
    failure_message = "a scheduled pass failed; trying again at %s"

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.sleeping = False
        self.next_wake: datetime | None = None
        self.trouble: str | None = None  # a failure that stopped every server (facts or storage unreadable)
        self._failures = 0
        self._wake = asyncio.Event()
        self._idle = asyncio.Condition()
        self._task: asyncio.Task[None] | None = None

    async def run_once(self, now: datetime) -> datetime:
        raise NotImplementedError

    async def _prepare(self) -> None:
        """Before the first pass (waiting for Discord to be ready)."""

    def _passed(self, now: datetime) -> None:
        """After a pass that did not fail."""

    def _failed(self) -> None:
        """After a pass that failed, before the backoff."""

    def _slept(self, now: datetime) -> None:
        """After every pass, failed or not, before going to sleep."""

    def _caught_up(self, now: datetime) -> bool:
        """Whether everything due by ``now`` has been handled, given that the loop sleeps and is not woken."""
        return self.next_wake is None or self.next_wake > now

    # -- life cycle -----------------------------------------------------------------------------------------
    def _start(self) -> None:
        """Started once (from a cog's ``cog_load``), never from ``on_ready``, which fires on every reconnect."""
        if self._task is not None and not self._task.done():
            return
        self._task = asyncio.create_task(self._run(), name=self.task_name)

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    def _signal(self) -> None:
        self._wake.set()

    async def settle(self, timeout: float = 30.0) -> None:
        """Wait until the loop has caught up with the clock (tests and the sandbox's ``:advance``)."""

        def settled() -> bool:
            if not self.running:
                return True
            return self.sleeping and not self._wake.is_set() and self._caught_up(self.clock.now())

        async with self._idle:
            await asyncio.wait_for(self._idle.wait_for(settled), timeout)

    async def _run(self) -> None:
        await self._prepare()
        while True:
            self._wake.clear()
            now = self.clock.now()
            try:
                next_at = await self.run_once(now)
                self._failures, self.trouble = 0, None
                self._passed(now)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # nothing is lost: the next pass looks at the same window again
                self._failures += 1
                self.trouble = describe(exc)
                self._failed()
                next_at = now + backoff(self._failures)
                log.exception(self.failure_message, next_at)
            self.next_wake = min(next_at, now + MAX_SLEEP)
            self._slept(now)
            async with self._idle:
                self.sleeping = True
                self._idle.notify_all()
            try:
                await self.clock.sleep_until(self.next_wake, self._wake)
            finally:
                self.sleeping = False

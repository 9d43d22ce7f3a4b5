"""The loop the dispatcher and the Scheduled Events sync share: a failing pass backs off instead of ending the
task, a wake runs a pass at once, and settle waits for the pass that catches up with the clock."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.clock import ManualClock, utc
from bot.schedule.loop import MAX_SLEEP, WakeableLoop

START = utc(2026, 11, 30, 12)


class Recording(WakeableLoop):
    """Runs at the times it is told, failing the passes it is told to fail."""

    def __init__(self, clock: ManualClock, every: timedelta, failing: int = 0) -> None:
        super().__init__(clock)
        self.every, self.failing = every, failing
        self.passes: list[datetime] = []

    async def run_once(self, now: datetime) -> datetime:
        self.passes.append(now)
        if self.failing:
            self.failing -= 1
            raise OSError("storage unreadable")
        return now + self.every


async def test_a_failing_pass_backs_off_and_the_loop_goes_on() -> None:
    clock = ManualClock(START)
    loop = Recording(clock, every=timedelta(hours=1), failing=2)
    loop._start()
    try:
        await loop.settle()
        assert loop.trouble == "storage unreadable"  # named in /config show
        assert loop.next_wake is not None and START < loop.next_wake < START + timedelta(hours=1)
        for _ in range(2):
            clock.set(loop.next_wake)
            await loop.settle()
        assert len(loop.passes) == 3  # two failures, then a pass that worked
        assert loop.trouble is None
        assert loop.next_wake == loop.passes[-1] + timedelta(hours=1)
    finally:
        await loop.stop()
    assert not loop.running


async def test_a_wake_runs_a_pass_now_and_sleep_is_capped_at_a_day() -> None:
    clock = ManualClock(START)
    loop = Recording(clock, every=timedelta(days=30))
    loop._start()
    try:
        await loop.settle()
        assert loop.next_wake == START + MAX_SLEEP
        loop._signal()
        await loop.settle()
        assert loop.passes == [START, START]  # woken without the clock moving
    finally:
        await loop.stop()


async def test_settle_returns_for_a_stopped_loop() -> None:
    loop = Recording(ManualClock(START), every=timedelta(hours=1))
    await loop.settle(timeout=1)  # never started: nothing to wait for
    assert loop.passes == []

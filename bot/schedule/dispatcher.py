"""The dispatcher: one task that sleeps until the next due announcement, then claims, sends and records it.

Shaped like RoboDanny's timers: it sleeps until the earliest due time (never polling minute by minute),
is woken early when settings or facts change, caps every sleep at a day (asyncio drifts on long sleeps, and
facts published later must be noticed), and never stops because one announcement failed.

Exactly once: claim a ledger row, send with a deterministic nonce, record the message id. After a crash, an
open claim is finished by looking for the message in the channel, else re-sending with the same nonce.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import Enum
from typing import Protocol
from zoneinfo import ZoneInfo

from bot import limits
from bot.clock import Clock
from bot.facts.book import FactBook
from bot.facts.snapshot import Snapshot
from bot.render.announcements import Announcement, announcement, contribution_update
from bot.schedule.pacing import Pacer
from bot.schedule.planning import CONTRIBUTION, UPDATE, Due, PlanIndex, local_instant, plan_guild, plan_updates
from bot.storage.guilds import GuildConfig, GuildStore
from bot.storage.ledger import Entry, Ledger

log = logging.getLogger(__name__)

MAX_SLEEP = timedelta(days=1)
GRACE = timedelta(hours=6)  # later than this after its due time, an announcement counts as late
RETRY_AFTER = timedelta(minutes=5)


class Outcome(Enum):
    SENT = "sent"
    BLOCKED = "blocked"  # the channel is gone or the bot may not post there: pause this server
    RETRY = "retry"  # Discord had trouble (5xx, timeout): try again later, nothing lost


@dataclass(frozen=True, slots=True)
class SendResult:
    outcome: Outcome
    message_id: int | None = None
    problem: str | None = None
    retry_after: timedelta = RETRY_AFTER  # for RETRY: when to try again


class Sender(Protocol):
    """The Discord side (cogs/announcements.py)."""

    async def ready(self) -> None:
        """Return once channels and permissions can be looked up (the gateway's first READY)."""
        ...

    async def send(self, channel_id: int, message: Announcement, nonce: str) -> SendResult: ...

    async def find_sent(self, channel_id: int, nonce: str) -> int | None:
        """The id of our message carrying ``nonce`` among the channel's recent messages, if any."""
        ...


@dataclass(frozen=True, slots=True)
class Planned:
    """An announcement ahead, for ``/config show`` and ``/config preview``."""

    due: Due
    message: Announcement


class Dispatcher:
    def __init__(
        self,
        facts: FactBook,
        guilds: GuildStore,
        ledger: Ledger,
        clock: Clock,
        default_zone: ZoneInfo,
        concurrency: int = 8,
    ) -> None:
        self.facts, self.guilds, self.ledger, self.clock = facts, guilds, ledger, clock
        self.default_zone = default_zone
        self.sender: Sender | None = None
        self.on_problem: Callable[[GuildConfig, str], Awaitable[None]] | None = None
        self._limit = asyncio.Semaphore(concurrency)
        self._pace = Pacer(limits.ANNOUNCEMENTS_PER_SECOND)
        self._wake = asyncio.Event()
        self._idle = asyncio.Condition()
        self._task: asyncio.Task[None] | None = None
        self.next_wake: datetime | None = None
        self.processed_until: datetime | None = None
        self._index: PlanIndex | None = None
        self._index_key: tuple[int, date, int] | None = None
        self._scanned_until: datetime | None = None
        self._told: dict[int, dict[tuple[str, str], tuple[str, datetime]]] | None = None
        self._told_generation = 0  # moves whenever a server is told something (or forgotten)
        self._updates: list[tuple[GuildConfig, Due]] = []
        self._updates_key: tuple[object, int] | None = None
        self.sleeping = False

    # -- life cycle -----------------------------------------------------------------------------------
    def start(self, sender: Sender) -> None:
        """Started once (from a cog's ``cog_load``), never from ``on_ready``, which fires on every reconnect."""
        if self._task is not None and not self._task.done():
            return
        self.sender = sender
        self._task = asyncio.create_task(self._run(), name="deploybot-dispatcher")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    def forget(self, guild_id: int) -> None:
        """The bot left a server: drop what it remembered of it, then plan again."""
        if self._told is not None:
            self._told.pop(guild_id, None)
            self._told_generation += 1
        self.wake()

    def wake(self) -> None:
        """Settings or facts changed: plan again now."""
        self._wake.set()

    async def settle(self, timeout: float = 30.0) -> None:
        """Wait until everything due by the clock's now has been handled (the sandbox's :advance uses it)."""

        def settled() -> bool:
            now = self.clock.now()
            caught_up = self.processed_until is not None and self.processed_until >= now
            nothing_due = self.next_wake is not None and self.next_wake > now
            return self.sleeping and not self._wake.is_set() and (caught_up or nothing_due)

        async with self._idle:
            await asyncio.wait_for(self._idle.wait_for(settled), timeout)

    async def _run(self) -> None:
        assert self.sender is not None
        await self.sender.ready()
        await self._recover()
        while True:
            self._wake.clear()
            now = self.clock.now()
            try:
                next_at = await self.run_once(now)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("planning announcements failed; trying again in %s", RETRY_AFTER)
                next_at = now + RETRY_AFTER
            self.next_wake = min(next_at, now + MAX_SLEEP)
            self.processed_until = now
            async with self._idle:
                self.sleeping = True
                self._idle.notify_all()
            try:
                await self.clock.sleep_until(self.next_wake, self._wake)
            finally:
                self.sleeping = False

    # -- planning and posting ---------------------------------------------------------------------------
    async def run_once(self, now: datetime) -> datetime:
        """Handle everything due by ``now``; return when the next announcement is due."""
        snapshot = await self.facts.snapshot()
        index = await self._plan_index(snapshot)
        if self._told is None:
            self._told = await self.ledger.told_all()
        start = self._scanned_until  # None: look at everything (after a start or any change)
        done = await self.ledger.keys_due_after(start)
        due_now: dict[int, tuple[GuildConfig, list[Due]]] = {}
        for config, due in index.due_between(start, now):
            if due.key not in done:
                due_now.setdefault(config.guild_id, (config, []))[1].append(due)
        next_at = min(self._next_publication(snapshot, now), index.next_due(now) or now + MAX_SLEEP)
        update_keys = await self.ledger.update_keys()
        for config, due in self._update_dues(snapshot, index):
            if due.key in update_keys:
                continue
            if due.at > now:
                next_at = min(next_at, due.at)
            else:
                due_now.setdefault(config.guild_id, (config, []))[1].append(due)
        work = []
        for config, dues in due_now.values():
            # In time order; at the same moment the news itself before the updates it causes.
            dues.sort(key=lambda d: (d.at, d.mission, d.lead == UPDATE, d.milestone, -d.lead))
            work.append(self._deliver_all(snapshot, config, dues, now))
        results = await asyncio.gather(*work, return_exceptions=True)
        self._scanned_until = now
        for result in results:
            if isinstance(result, BaseException):
                log.error("an announcement failed", exc_info=result)
                self._scanned_until = None
            elif result is not None:  # Discord had trouble: try again then, looking at everything
                next_at = min(next_at, result)
                self._scanned_until = None
        return next_at

    def _update_dues(self, snapshot: Snapshot, index: PlanIndex) -> list[tuple[GuildConfig, Due]]:
        """Update posts for every server, worked out again only when the plan or what servers were told moved."""
        key = (self._index_key, self._told_generation)
        if key != self._updates_key:
            told = self._told or {}
            self._updates = [
                (config, due)
                for config in index.configs()
                if config.guild_id in told
                for due in plan_updates(snapshot, config, self.default_zone, told[config.guild_id])
            ]
            self._updates_key = key
        return self._updates

    async def _plan_index(self, snapshot: Snapshot) -> PlanIndex:
        """The servers' due times, rebuilt when the facts, the day or any server's settings change."""
        key = (self.facts.version, snapshot.as_of, self.guilds.generation)
        if self._index is None or key != self._index_key:
            configs = [c for c in await self.guilds.announcing_guilds() if c.announcing]
            self._index = PlanIndex(snapshot, configs, self.default_zone)
            self._index_key = key
            self._scanned_until = None
        return self._index

    def _next_publication(self, snapshot: Snapshot, now: datetime) -> datetime:
        """Midnight of the next day a source becomes known: the facts (and what is due) may change then."""
        later = [s.known_from for s in snapshot.facts.sources.values() if s.known_from > snapshot.as_of]
        if not later:
            return now + MAX_SLEEP
        return max(now, local_instant(min(later), time(0, 0), self.facts.zone))

    async def _deliver_all(
        self, snapshot: Snapshot, config: GuildConfig, dues: list[Due], now: datetime
    ) -> datetime | None:
        """One server's due announcements, in order, one at a time (one channel: one message at a time).

        After downtime several reminders of one milestone can be due at once: only the latest is posted.
        """
        latest: dict[tuple[str, str, str], Due] = {}
        for due in dues:
            latest[(due.mission, due.milestone, due.version)] = due  # dues are in time order
        async with self._limit:
            for due in dues:
                if latest[(due.mission, due.milestone, due.version)] is not due:
                    await self.ledger.skip(due.key, due.at, "superseded by a later reminder", now)
                    continue
                retry_at = await self._deliver(snapshot, config, due, now)
                if retry_at is not None:
                    return retry_at
        return None

    def render(self, snapshot: Snapshot, config: GuildConfig, due: Due, nonce: str, late: bool) -> Announcement:
        view = snapshot.mission(due.mission)
        assert view is not None
        if due.milestone.startswith(CONTRIBUTION):
            key = due.milestone.removeprefix(CONTRIBUTION)
            current = next(v.current for v in view.contributions if v.current.key == key)
            assert due.previous is not None
            return contribution_update(
                view,
                current,
                due.previous,
                snapshot,
                config.announcement_language,
                nonce,
                config.role_for(due.mission),
            )
        milestone = next(v.current for v in view.milestones if v.current.key == due.milestone)
        return announcement(
            view,
            milestone,
            snapshot,
            config.announcement_language,
            due.lead,
            nonce,
            role_id=config.role_for(due.mission),
            late=late,
            previous_version=due.previous,
        )

    async def _deliver(self, snapshot: Snapshot, config: GuildConfig, due: Due, now: datetime) -> datetime | None:
        """Post one announcement (on time, late, or not at all); a retry time if Discord had trouble."""
        assert self.sender is not None and config.channel_id is not None
        late = now - due.at > GRACE and due.lead != UPDATE  # an update is news whenever it is noticed
        today = now.astimezone(config.zone(self.default_zone)).date()
        if late and due.event_last < today:
            await self.ledger.skip(due.key, due.at, "the event passed while the bot was offline", now)
            log.info("skipped %s: its event passed while the bot was offline", due.key)
            return None
        entry = await self.ledger.claim(due.key, due.at, config.channel_id, late, now)
        if entry is None:
            return None
        message = self.render(snapshot, config, due, entry.nonce, late)
        return await self._send(config, entry, message, now)

    async def _send(self, config: GuildConfig, entry: Entry, message: Announcement, now: datetime) -> datetime | None:
        assert self.sender is not None and entry.channel_id is not None
        try:
            await self._pace.wait()
            result = await self.sender.send(entry.channel_id, message, entry.nonce)
        except Exception:
            log.exception("sending announcement %s failed", entry.key)
            result = SendResult(Outcome.RETRY)
        if result.outcome is Outcome.SENT and result.message_id is not None:
            await self._record_sent(entry, result.message_id)
            return None
        await self.ledger.release(entry.key)
        if result.outcome is Outcome.BLOCKED:
            await self.pause(config, result.problem or "cannot post in the announcement channel", now)
            return None
        return now + result.retry_after

    async def _record_sent(self, entry: Entry, message_id: int) -> None:
        now = self.clock.now()
        await self.ledger.mark_sent(entry.key, message_id, now)
        if self._told is not None:
            guild_id, mission, milestone, version, _ = entry.key
            self._told.setdefault(guild_id, {})[(mission, milestone)] = (version, now)
            self._told_generation += 1

    async def pause(self, config: GuildConfig, problem: str, now: datetime) -> None:
        """Stop posting to a server until a moderator fixes things: no retry storm against a 403/404."""
        log.warning("pausing announcements for server %s: %s", config.guild_id, problem)
        await self.guilds.update(config.guild_id, now, problem=problem, problem_since=now)
        if self.on_problem is not None:
            await self.on_problem(config, problem)

    async def _recover(self) -> None:
        """Finish claims a crash left open: found in the channel → recorded; not found → sent (same nonce)."""
        assert self.sender is not None
        snapshot = await self.facts.snapshot()
        for entry in await self.ledger.open_claims():
            try:
                await self._recover_one(snapshot, entry)
            except Exception:
                log.exception("recovering announcement %s failed", entry.key)

    async def _recover_one(self, snapshot: Snapshot, entry: Entry) -> None:
        assert self.sender is not None
        config = await self.guilds.get(entry.key[0])
        if entry.channel_id is None or not config.announcing:
            await self.ledger.release(entry.key)
            return
        found = await self.sender.find_sent(entry.channel_id, entry.nonce)
        if found is not None:
            await self._record_sent(entry, found)
            return
        due = next(
            (d for d in plan_guild(snapshot, config, self.default_zone, await self.ledger.told(config.guild_id))
             if d.key == entry.key),
            None,
        )  # fmt: skip
        if due is None:
            await self.ledger.release(entry.key)  # the fact changed or went; planning decides afresh
            return
        message = self.render(snapshot, config, due, entry.nonce, entry.late)
        await self._send(config, entry, message, self.clock.now())

    async def sample(self, config: GuildConfig) -> Announcement | None:
        """A test post for ``/config test``: the server's next announcement (else its latest milestone),
        exactly as it will look, marked as a test and pinging no one."""
        snapshot = await self.facts.snapshot()
        planned = await self.upcoming(config, self.clock.now() + timedelta(days=365), limit=20)
        due = next((p.due for p in planned if p.due.lead != UPDATE), None)
        view = snapshot.mission(due.mission) if due else None
        if due is not None and view is not None:
            milestone = next(v.current for v in view.milestones if v.current.key == due.milestone)
            lead = due.lead
        else:
            latest = [(v, m.current) for v in snapshot.views() for m in v.milestones]
            if not latest:
                return None
            view, milestone = max(latest, key=lambda pair: pair[1].date.first)
            lead = 0
        return announcement(view, milestone, snapshot, config.announcement_language, lead, "test", test=True)

    # -- looking ahead ----------------------------------------------------------------------------------
    async def upcoming(self, config: GuildConfig, until: datetime, limit: int = 50) -> list[Planned]:
        """What would be posted from now until ``until`` on today's facts, without posting anything."""
        now = self.clock.now()
        snapshot = await self.facts.snapshot()
        done = await self.ledger.keys(config.guild_id)
        told = await self.ledger.told(config.guild_id)
        start = max(config.announce_from or now, now)
        planned = []
        for due in sorted(plan_guild(snapshot, config, self.default_zone, told), key=lambda d: (d.at, -d.lead)):
            if due.key in done or due.at < max(start, due.known_at) or due.at > until:
                continue
            planned.append(Planned(due, self.render(snapshot, config, due, "preview", late=False)))
            if len(planned) >= limit:
                break
        return planned

"""The dispatcher: one task that sleeps until the next due announcement, then claims, sends and records it.

Shaped like RoboDanny's timers: it sleeps until the earliest due time (never polling minute by minute), is woken
early when settings or facts change, caps every sleep at a day, and never stops because one server failed.

What it looks at on a wake is bounded by what changed, not by history:
- the window since the last wake (``handled_until``, kept in the database, so after downtime the window is the
  downtime itself);
- after new facts, only the announcements that are new, and only for events not yet past;
- after a server's settings change, a retry, or a claim given back, only that server.

Exactly once: claim a ledger row, send with a deterministic nonce, record the message id. A claim that is not
settled at once (a crash, a lost answer, a storage error) is settled on a later wake by reading the channel's
history since the claim: found → recorded; certainly absent → given back and planned afresh against the
current clock; the history cannot be read → recorded as unverified and never re-sent (at most once).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from enum import Enum
from zoneinfo import ZoneInfo

from bot import limits
from bot.announcement import NEWS, UPDATE, Announcement
from bot.clock import Clock
from bot.facts.book import FactBook
from bot.facts.snapshot import Snapshot
from bot.guild_config import GuildConfig
from bot.ports import Outcome, Recipients, Sender, SendResult
from bot.schedule.loop import MAX_SLEEP, WakeableLoop
from bot.schedule.pacing import Pacer
from bot.schedule.planning import Due, PlanIndex, TemplateKey
from bot.schedule.posts import post_for
from bot.schedule.retries import Retries, backoff, describe
from bot.schedule.settling import settle
from bot.schedule.updates import UpdatePosts
from bot.shards import Shards
from bot.storage.instances import Instances
from bot.storage.ledger import Entry, KeyRow, Ledger

log = logging.getLogger(__name__)

GRACE = timedelta(hours=6)  # posted later than this because the bot was offline: the post says so
EARLIEST_OFFSET = timedelta(hours=14)  # the easternmost zone (UTC+14) is this far ahead of UTC
COMPACT_EVERY = timedelta(days=1)
RECENT_UPDATE = timedelta(days=7)  # a reminder this soon after its update post would only repeat it


class Step(Enum):
    NEXT = "next"  # go on with this server's next announcement
    STOP = "stop"  # stop this server for now (paused, or to be tried again later)


def latest_day(now: datetime) -> date:
    """The date in the easternmost zone: every source known anywhere on Earth by ``now`` is known by then."""
    return (now.astimezone(UTC) + EARLIEST_OFFSET).date()


class Dispatcher(WakeableLoop):
    """Plans, claims, sends and records the announcements of the servers (or members) of this process's shards."""

    task_name = "deploybot-dispatcher"
    failure_message = "planning announcements failed; trying again at %s"

    def __init__(
        self,
        facts: FactBook,
        guilds: Recipients,
        ledger: Ledger,
        clock: Clock,
        default_zone: ZoneInfo,
        concurrency: int = 8,
        pace: Pacer | None = None,  # shared by dispatchers that post for one bot: Discord's global limit is one
        shards: Shards | None = None,
        instances: Instances | None = None,
    ) -> None:
        super().__init__(clock)
        self.facts, self.guilds, self.ledger = facts, guilds, ledger
        self.default_zone = default_zone
        self.shards = shards or Shards()  # only servers of these shards are planned, claimed and settled here
        self.instances = instances  # who else holds claims (several processes); None: claims are all this one's
        self.sender: Sender | None = None
        self.on_problem: Callable[[GuildConfig, str], Awaitable[None]] | None = None
        self.on_wake: list[Callable[[], None]] = []  # others who plan from the facts (scheduled events)
        self._limit = asyncio.Semaphore(concurrency)
        # Discord's global limit is per bot: each process takes the share its shards are of all shards (a pacer
        # shared by this process's dispatchers is made with that share by the bot).
        self._pace = pace or Pacer(self.shards.share(limits.ANNOUNCEMENTS_PER_SECOND))
        self._lease_ends: datetime | None = None  # when another live process's claim here may be taken over
        self.processed_until: datetime | None = None
        self.online_since: datetime | None = None  # before this, a due announcement was missed by downtime
        self.retries = Retries()
        self.first_pass = asyncio.Event()  # set once everything due at start has been handled
        self._rescan: set[int] = set()
        self._inflight: set[tuple[int, str, str, str, int]] = set()
        self._index: PlanIndex | None = None
        self._index_key: tuple[int, int] | None = None
        self._catch_up: set[TemplateKey] = set()  # new plans to look back over once
        self._handled_until: datetime | None = None
        self._loaded = False
        self._compacted: datetime | None = None
        self.updates = UpdatePosts(ledger, default_zone)

    # -- life cycle -----------------------------------------------------------------------------------
    def start(self, sender: Sender) -> None:
        self.sender = sender
        self._start()

    def forget(self, guild_id: int) -> None:
        """The bot left a server: drop what it remembered of it, then plan again."""
        self.updates.forget(guild_id)
        self.retries.forget(guild_id)
        self.wake()

    def wake(self) -> None:
        """Settings or facts changed: plan again now."""
        self._signal()
        for hook in self.on_wake:
            hook()

    async def _prepare(self) -> None:
        assert self.sender is not None
        await self.sender.ready()
        self.online_since = self.clock.now()

    def _passed(self, now: datetime) -> None:
        self.first_pass.set()

    def _slept(self, now: datetime) -> None:
        self.processed_until = now

    def _caught_up(self, now: datetime) -> bool:
        """Everything due by ``now`` handled: the last pass ran at ``now`` or later, or nothing is due yet."""
        caught_up = self.processed_until is not None and self.processed_until >= now
        return caught_up or super()._caught_up(now)

    # -- planning -------------------------------------------------------------------------------------
    async def run_once(self, now: datetime) -> datetime:
        """Handle everything due by ``now``; return when to look again."""
        if not self._loaded:
            self._handled_until = await self.ledger.handled_until(self.shards)
            await self.updates.load()
            self._loaded = True
        index = await self._plan_index(await self.facts.snapshot(as_of=latest_day(now)))
        await self._apply_setting_changes(index)
        await self._pause_broken(index, now)
        await self._settle_open_claims(now)
        self._rescan |= self.retries.due(now)

        due_now: dict[int, tuple[GuildConfig, dict[tuple[int, str, str, str, int], Due]]] = {}

        def add(config: GuildConfig, due: Due, done: set[tuple[int, str, str, str, int]]) -> None:
            row = due.row
            if row not in done and row not in self._inflight:
                due_now.setdefault(config.guild_id, (config, {}))[1].setdefault(row, due)

        start = self._handled_until
        window_done = await self.ledger.keys_due_between(start, now)
        for config, due in index.due_between(start, now):
            add(config, due, window_done)
        if self._catch_up:
            candidates = list(index.still_relevant(now, only=self._catch_up))
            if candidates:  # the rows of just these missions' events: not every server's every current event
                missions = {due.mission for _, due in candidates}
                done = await self.ledger.keys_of_events_from(now.astimezone(UTC).date() - timedelta(days=1), missions)
                for config, due in candidates:
                    add(config, due, done)
        self._catch_up = set()
        for guild_id in self._rescan:
            self.updates.stale(guild_id)
            done = await self.ledger.keys(guild_id)
            for config, due in index.still_relevant(now, guild_ids=[guild_id]):
                add(config, due, done)
        self._rescan.clear()

        await self.updates.plan(index)
        for config, due in self.updates.due(index, now):
            add(config, due, set())  # the pending updates have no row (as of when they were worked out)
        next_at = min(self._next_publication(now), index.next_due(now) or now + MAX_SLEEP,
                      self.updates.next_at() or now + MAX_SLEEP, self._lease_ends or now + MAX_SLEEP)  # fmt: skip

        work = [self._deliver_all(config, list(dues.values()), now) for config, dues in due_now.values()]
        unfinished = [at for at in await asyncio.gather(*work) if at is not None]
        await self._advance(min([now, *unfinished]), now)
        return min(next_at, self.retries.next_at() or next_at)

    async def _advance(self, handled_until: datetime, now: datetime) -> None:
        """Everything due by ``handled_until`` has been dealt with: remember it across restarts (a server that
        is backing off holds it back, so that a crash meanwhile cannot lose its post), and compact the ledger
        now and then."""
        await self.ledger.set_handled_until(handled_until, self.shards)
        self._handled_until = handled_until
        if 0 not in self.shards.own:
            return  # one process compacts for all: the one holding shard 0
        if self._compacted is None or now - self._compacted >= COMPACT_EVERY:
            removed = await self.ledger.compact(now.date())
            self._compacted = now
            if removed:
                log.info("compacted the ledger: %d rows of long-past events", removed)
            if self.instances is not None:  # processes long gone that left no claim behind
                await self.instances.forget_expired(now - COMPACT_EVERY)

    async def _plan_index(self, snapshot: Snapshot) -> PlanIndex:
        """The servers' due times, rebuilt only when what is known changes (new facts, or a source published)."""
        known = sum(1 for s in snapshot.facts.sources.values() if s.known_from <= snapshot.as_of)
        key = (self.facts.version, known)
        if self._index is None or key != self._index_key:
            before = self._index.template_keys() if self._index is not None else None
            if self._index is None:
                owns = self.shards.owns
                configs = [c for c in await self.guilds.announcing_guilds() if c.announcing and owns(c.guild_id)]
                for guild_id in self.guilds.drain_changes():  # just read afresh
                    self.updates.stale(guild_id)
            else:  # the servers as planned: settings changed since are moved by _apply_setting_changes next
                configs = list(self._index.configs())
            index = await asyncio.to_thread(PlanIndex, snapshot, configs, self.default_zone)
            if before is not None:  # look back only over what is new; the rest was handled as it fell due
                self._catch_up = index.template_keys() - before
            self._index, self._index_key = index, key
        return self._index

    async def _apply_setting_changes(self, index: PlanIndex) -> None:
        """Move the servers whose settings changed; look at each of them again from its start."""
        for guild_id in self.guilds.drain_changes():
            if not self.shards.owns(guild_id):
                continue  # another process's server (its own process hears of the change through its command)
            config = await self.guilds.get(guild_id)
            if config.announcing:
                index.put(config)
            else:
                index.remove(guild_id)
            self._rescan.add(guild_id)

    async def _pause_broken(self, index: PlanIndex, now: datetime) -> None:
        """A server whose settings cannot be planned (a time zone that will not load) is paused, alone."""
        for guild_id, problem in list(index.broken.items()):
            config = await self.guilds.get(guild_id)
            index.remove(guild_id)
            if config.problem is None:
                await self.pause(config, problem, now)

    def _next_publication(self, now: datetime) -> datetime:
        """The next midnight (in the easternmost zone) on which a source becomes known: plans may change then."""
        known_by = latest_day(now)
        later = [s.known_from for s in self.facts.facts.sources.values() if s.known_from > known_by]
        if not later:
            return now + MAX_SLEEP
        return max(now, datetime.combine(min(later), time(0, 0), tzinfo=UTC) - EARLIEST_OFFSET)

    # -- posting --------------------------------------------------------------------------------------
    async def _deliver_all(self, config: GuildConfig, dues: list[Due], now: datetime) -> datetime | None:
        """One server's due announcements, in order, one post per mission; the due time of the first left for later.

        What falls due together for one mission is said in one post. After downtime several reminders of one
        milestone can be due at once: only the latest is posted. A failure stays with this server: it is tried
        again with backoff, and nothing is skipped because of it.
        """
        # In time order; at the same moment the news itself before the updates it causes.
        dues.sort(key=lambda d: (d.at, d.mission, d.lead == UPDATE, d.milestone, -d.lead))
        latest: dict[tuple[str, str, str], Due] = {}
        for due in dues:
            latest[(due.mission, due.milestone, due.version.encode())] = due
        groups: dict[str, list[Due]] = {}
        try:
            async with self._limit:
                updates_sent = await self._updates_sent(dues)
                for due in dues:
                    if latest[(due.mission, due.milestone, due.version.encode())] is not due:
                        await self.ledger.skip(due.key, due.at, due.event_last, "superseded by a later reminder", now)
                    elif self._said_by_update(due, updates_sent):
                        await self.ledger.skip(due.key, due.at, due.event_last, "its update post said it", now)
                    else:
                        groups.setdefault(due.mission, []).append(due)
                for group in groups.values():
                    if await self._deliver(config, group, now) is Step.STOP:
                        return min(d.at for g in groups.values() for d in g)
        except Exception as exc:
            self.retries.failed(config.guild_id, exc, now)
            return min([d.at for g in groups.values() for d in g] or [d.at for d in dues])
        self.retries.succeeded(config.guild_id)
        return None

    @staticmethod
    def _may_repeat_an_update(due: Due) -> bool:
        """A reminder due within a week of its version becoming known: its update post may have said it."""
        return due.lead not in (UPDATE, NEWS, 0) and due.at - due.known_at <= RECENT_UPDATE

    async def _updates_sent(self, dues: list[Due]) -> set[KeyRow]:
        """The update posts (of the very versions of these reminders) that already have a row."""
        asked = [(d.guild_id, d.mission, d.milestone, d.version.encode(), UPDATE) for d in dues
                 if self._may_repeat_an_update(d)]  # fmt: skip
        return await self.ledger.existing_updates(asked) if asked else set()

    def _said_by_update(self, due: Due, updates_sent: set[KeyRow]) -> bool:
        """A reminder due within a week of its version becoming known, for a server that got the update post
        of that very version: the update already said it (no "coming up" two days after "now on …")."""
        row = (due.guild_id, due.mission, due.milestone, due.version.encode(), UPDATE)
        return self._may_repeat_an_update(due) and row in updates_sent

    def offline_when_due(self, config: GuildConfig, due: Due) -> bool:
        """Whether the bot was down when ``due`` fell due (not: the settings changed later and made it due)."""
        if self.online_since is None or due.at >= self.online_since:
            return False
        return config.changed_at is None or due.at >= config.changed_at

    async def _deliver(self, config: GuildConfig, group: list[Due], now: datetime) -> Step:
        """Post what is due for one mission, as one post (on time, late, or not at all if its event passed)."""
        assert config.channel_id is not None
        today = now.astimezone(config.zone(self.default_zone)).date()
        ahead = []
        for due in group:
            offline = self.offline_when_due(config, due)
            if due.event_last < today:
                reason = (
                    "the event passed while the bot was offline" if offline else "the event passed before it was due"
                )
                await self.ledger.skip(due.key, due.at, due.event_last, reason, now)
                log.info("skipped %s: %s", due.key, reason)
            else:
                ahead.append((due, offline and now - due.at > GRACE and due.lead != UPDATE))
        if not ahead:
            return Step.NEXT
        late = any(is_late for _, is_late in ahead)
        claims = [(due.key, due.at, due.event_last) for due, _ in ahead]
        entries = await self.ledger.claim_all(claims, config.channel_id, late, now)
        if not entries:
            return Step.NEXT
        claimed = {entry.key.row() for entry in entries}
        dues = [due for due, _ in ahead if due.row in claimed]
        self._inflight.update(claimed)
        try:
            try:
                snapshot = await self.facts.snapshot(as_of=today)
                message = self.render(snapshot, config, dues, entries[0].nonce, late, today)
            except Exception:
                await self.ledger.release_all([e.key for e in entries])  # nothing was sent
                raise
            return await self._send(config, entries, message, now)
        finally:
            self._inflight.difference_update(claimed)

    async def _send(self, config: GuildConfig, entries: list[Entry], message: Announcement, now: datetime) -> Step:
        first = entries[0]
        assert self.sender is not None and first.channel_id is not None
        await self._pace.wait()
        if not await self._still_wanted(config, entries):
            await self.ledger.release_all([e.key for e in entries])  # nothing was sent; planning decides afresh
            return Step.STOP
        try:
            result = await self.sender.send(first.channel_id, message, first.nonce)
        except Exception as exc:  # whatever it was, the post may have gone out
            log.exception("sending announcement %s failed", first.key)
            result = SendResult(Outcome.UNKNOWN, problem=describe(exc))
        guild_id = config.guild_id
        if result.outcome is Outcome.SENT and result.message_id is not None:
            for entry in entries:
                await self._record_sent(entry, result.message_id)
            return Step.NEXT
        if result.outcome is Outcome.REJECTED:
            for entry in entries:
                await self.ledger.mark_failed(entry.key, result.code, result.problem or "refused by Discord", now)
            log.error("Discord refused announcement %s for good: %s", first.key, result.problem)
            return Step.NEXT
        if result.outcome is Outcome.UNKNOWN:  # settled from the channel's history on the next wake
            self.retries.retry(guild_id, now + backoff(1))
            return Step.STOP
        await self.ledger.release_all([e.key for e in entries])  # certainly not posted
        if result.outcome is Outcome.BLOCKED:
            await self.pause(config, result.problem or "cannot post in the announcement channel", now)
        else:
            self.retries.retry(guild_id, now + result.retry_after)
        return Step.STOP

    async def _still_wanted(self, config: GuildConfig, entries: list[Entry]) -> bool:
        """Whether the recipient still wants this post now that its slot came: a member may have forgotten
        themselves or unfollowed, a moderator changed the channel or paused, while it waited after its claim."""
        current = await self.guilds.get(config.guild_id)  # cached: no query per post
        return (
            current.announcing
            and current.channel_id == entries[0].channel_id
            and all(current.follows(e.key.mission) for e in entries)
        )

    async def _record_sent(self, entry: Entry, message_id: int) -> None:
        now = self.clock.now()
        await self.ledger.mark_sent(entry.key, message_id, now)
        self.updates.told_now(entry.key, now)

    def render(
        self, snapshot: Snapshot, config: GuildConfig, dues: list[Due], reference: str, late: bool, today: date
    ) -> Announcement:
        return post_for(snapshot, config, dues, reference, late, today)

    async def pause(self, config: GuildConfig, problem: str, now: datetime) -> None:
        """Stop posting to a server until a moderator fixes things: no retry storm against a 403/404.

        Only while the channel is still the one that failed: a moderator may have set another meanwhile.
        """
        channel_id = config.channel_id

        def paused(current: GuildConfig) -> GuildConfig:
            if current.channel_id != channel_id or current.problem is not None:
                return current
            return replace(current, problem=problem, problem_since=now)

        updated = await self.guilds.modify(config.guild_id, now, paused)
        if updated.problem == problem and updated.problem_since == now:
            log.warning("pausing announcements for server %s: %s", config.guild_id, problem)
            if self.on_problem is not None:
                await self.on_problem(updated, problem)

    # -- settling claims ------------------------------------------------------------------------------
    async def _settle_open_claims(self, now: datetime) -> None:
        """Claims nobody is working on (left by a crash, a lost answer or a storage error) are settled.

        Only claims of this process's servers, and never one held by another live process: a claim of an
        instance that stopped, whose lease ran out, or that is seen dead on this host is taken over first.
        """
        assert self.sender is not None
        self._lease_ends = None
        claims = [e for e in await self.ledger.open_claims() if self.shards.owns(e.key.guild_id)]
        foreign = {e.claimed_by for e in claims if e.claimed_by not in (None, self.ledger.instance)}
        live = await self.instances.all() if foreign and self.instances is not None else {}
        for entry in claims:
            if entry.key.row() in self._inflight:
                continue
            guild_id = entry.key.guild_id
            holder = live.get(entry.claimed_by or "")
            if holder is not None and entry.claimed_by != self.ledger.instance and holder.alive(now):
                ends = holder.lease_until
                self._lease_ends = ends if self._lease_ends is None else min(self._lease_ends, ends)
                continue  # another process is still working on it
            if self.retries.waiting(guild_id, now):
                continue  # its server is backing off
            if entry.claimed_by != self.ledger.instance:
                if not await self.ledger.take_over(entry):
                    continue
                log.info("taking over announcement %s from instance %s, which is gone", entry.key, entry.claimed_by)
            try:
                found = await settle(entry, self.sender, self.ledger, now)
            except Exception as exc:  # Discord or storage trouble: the claim stays open, tried again later
                self.retries.failed(guild_id, exc, now)
                continue
            if found is not None:
                await self._record_sent(entry, found)
            else:  # given back (or unverified, which stays final): planning decides afresh for this server
                self._rescan.add(guild_id)

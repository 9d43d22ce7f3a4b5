"""Discord Scheduled Events kept in step with the facts: one external event per future day-precise milestone of
the missions a server follows, for servers that turned them on (``/config events on``).

What a server should have is a pure function (:func:`wanted_events`) of the facts as known on its local date,
its settings and the clock; :class:`EventSync` makes Discord match it, creating, editing (PATCH) and deleting as
little as it must: a stored fingerprint of every field sent means an unchanged event costs no request.

Never duplicated, also across crashes. Discord has no nonce for events, so a create is claimed in storage
first and the event carries its reference as the last line of its description ("ref: minusma/rotation-2021").
A claim left open (a crash, a lost answer) is settled by listing the server's events: found → adopted, absent →
given back and created afresh. Every server's events are listed once at start-up as well (reconcile), which
also adopts events the database does not know (a restored backup) and notices the ones moderators deleted.

An event a moderator deleted by hand is left deleted ("dismissed"): it is never recreated in a loop. Giving
``/config events on`` again brings such events back.

It runs when the facts change, when a server's settings change (follows, zone, post time, events on or off),
daily (when a new day begins in the easternmost zone, so new sources become known), when an event ends (it is
deleted, and the next date waiting beyond Discord's 100 takes its place)
and at start-up. A failure stays with its server and backs off as the dispatcher's do
(:mod:`bot.schedule.retries`). A server where the bot lacks Manage Events is paused for events alone, with the
reason shown in ``/config show``; it resumes when the permission is back.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot import limits
from bot.clock import Clock
from bot.dates import Precision
from bot.facts.book import FactBook
from bot.facts.snapshot import Snapshot
from bot.guild_config import GuildConfig
from bot.ports import EventPort, EventResult, EventSpec, Outcome, RemoteEvent
from bot.render.events import REF_PREFIX, event_description, event_location, event_name, event_ref
from bot.render.problems import problem
from bot.schedule.dispatcher import EARLIEST_OFFSET, latest_day
from bot.schedule.loop import WakeableLoop
from bot.schedule.planning import local_instant
from bot.schedule.retries import Retries
from bot.shards import Shards
from bot.storage.events import EventRow, EventSettings, EventState, EventStore
from bot.storage.guilds import GuildStore

log = logging.getLogger(__name__)

EVENT_LENGTH = timedelta(hours=1)  # Discord needs an end for an external event; the post time plus an hour
ACTIVE = (1, 2)  # scheduled, active: what counts towards Discord's 100


@dataclass(frozen=True, slots=True)
class Wanted:
    """What a server should have: the nearest events (at most ``cap``), and what was left out and why."""

    specs: tuple[EventSpec, ...]
    imprecise: int  # future dates known only to a month, half-month, season or year: never an event
    over_cap: int  # day-precise dates beyond the nearest ``cap``


def wanted_events(
    snapshot: Snapshot, config: GuildConfig, zone: ZoneInfo, now: datetime, cap: int = limits.ACTIVE_EVENTS_PER_GUILD
) -> Wanted:
    """The future day-precise milestones of the missions ``config`` follows, as events starting at the server's
    post time in its zone, nearest first. A date whose start has passed is no longer wanted: its event stays
    until it ends, then the sync deletes it (Discord lists ended events no more) to free its place."""
    lang = config.announcement_language
    today = now.astimezone(zone).date()
    specs: list[EventSpec] = []
    imprecise = 0
    for view in snapshot.views():
        if not config.follows(view.mission.slug):
            continue
        for versioned in view.milestones:
            m = versioned.current
            if m.date.last < today:
                continue
            if m.date.precision is not Precision.DAY:
                imprecise += 1
                continue
            start = local_instant(m.date.first, config.post_time, zone)
            if start <= now:
                continue
            ref = event_ref(view.mission.slug, m.key)
            specs.append(
                EventSpec(
                    ref=ref,
                    name=event_name(view, m, lang),
                    description=event_description(view, m, snapshot, lang, ref),
                    location=event_location(view, lang),
                    start=start,
                    end=start + EVENT_LENGTH,
                )
            )
    specs.sort(key=lambda s: (s.start, s.ref))
    kept = max(cap, 0)
    return Wanted(tuple(specs[:kept]), imprecise, max(len(specs) - kept, 0))


def _under_way(row: EventRow, now: datetime) -> bool:
    """An event of ours that has started and not yet ended: it stays (and takes a place) until it ends."""
    return row.state is EventState.CREATED and row.starts_at <= now < row.starts_at + EVENT_LENGTH


def ref_of(event: RemoteEvent) -> str | None:
    """The reference in an event's last line, if it has one (an event a moderator made has none)."""
    last = event.description.rstrip().rsplit("\n", 1)[-1]
    return last.removeprefix(REF_PREFIX) if last.startswith(REF_PREFIX) else None


class Retry(Exception):
    """Discord had trouble (5xx, 429, a lost answer): this server is looked at again later, nothing lost."""

    def __init__(self, result: EventResult) -> None:
        super().__init__(result.problem or result.outcome.value)
        self.result = result


class Blocked(Exception):
    """Discord refused for want of permission (403): events pause in this server until it is back."""


class EventSync(WakeableLoop):
    task_name = "deploybot-events"
    failure_message = "syncing scheduled events failed; trying again at %s"

    def __init__(
        self,
        facts: FactBook,
        guilds: GuildStore,
        store: EventStore,
        clock: Clock,
        default_zone: ZoneInfo,
        shards: Shards | None = None,
    ) -> None:
        super().__init__(clock)
        self.facts, self.guilds, self.store = facts, guilds, store
        self.default_zone = default_zone
        self.shards = shards or Shards()  # with several processes, each keeps only its own servers' events
        self.port: EventPort | None = None
        self.retries = Retries()
        self._dirty: set[int] = set()
        self._every = True  # look at every server that wants events: at start, after new facts, daily
        self._key: tuple[int, date] | None = None
        self._reconciled: set[int] = set()
        self._foreign: dict[int, int] = {}  # active events of a server that are not ours (they count to 100)
        self._next_start: dict[int, datetime] = {}  # each server's nearest event: when it starts, a slot frees up

    # -- life cycle -----------------------------------------------------------------------------------------
    def start(self, port: EventPort) -> None:
        self.port = port
        self._start()

    def wake(self) -> None:
        """The facts may have changed: look at every server again (bounded by the fingerprints: no requests
        for what did not change)."""
        self._signal()

    def changed(self, guild_id: int) -> None:
        """This server's settings changed (or its permissions): look at it now."""
        self._dirty.add(guild_id)
        self._signal()

    def forget(self, guild_id: int) -> None:
        self.retries.forget(guild_id)
        self._dirty.discard(guild_id)
        self._reconciled.discard(guild_id)
        self._foreign.pop(guild_id, None)
        self._next_start.pop(guild_id, None)

    async def _prepare(self) -> None:
        assert self.port is not None
        await self.port.ready()

    def _failed(self) -> None:
        self._every = True  # the facts or storage failed: look at every server on the retry

    # -- one pass -------------------------------------------------------------------------------------------
    async def run_once(self, now: datetime) -> datetime:
        """Bring the servers that may need it in step; return when to look again."""
        await self.facts.refresh()
        key = (self.facts.version, latest_day(now))
        if key != self._key:
            if self._key is not None and key[1] != self._key[1]:
                self._reconciled.clear()  # a new day: list each server again (moderators' events come and go)
            self._every, self._key = True, key
        guild_ids = set(await self.store.enabled_guilds()) | self._dirty if self._every else set(self._dirty)
        guild_ids |= self.retries.due(now)
        guild_ids |= {guild_id for guild_id, at in self._next_start.items() if at <= now}
        guild_ids = {guild_id for guild_id in guild_ids if self.shards.owns(guild_id)}
        self._every, self._dirty = False, set()
        for guild_id in sorted(guild_ids):
            if self.retries.waiting(guild_id, now):
                continue
            try:
                start = await self.sync_guild(guild_id, now)
            except Retry as exc:  # backing off as for any failure; a 429 says itself how long to wait
                self.retries.failed(guild_id, exc, now)
                if exc.result.outcome is Outcome.RETRY:
                    self.retries.retry(guild_id, now + exc.result.retry_after)
                continue
            except Exception as exc:
                self.retries.failed(guild_id, exc, now)
                continue
            self.retries.succeeded(guild_id)
            if start is None:
                self._next_start.pop(guild_id, None)
            else:
                self._next_start[guild_id] = start
        tomorrow = datetime.combine(latest_day(now) + timedelta(days=1), time(0), tzinfo=UTC) - EARLIEST_OFFSET
        ahead = [at for at in self._next_start.values() if at > now]  # one backing off is woken by its retry
        return min([tomorrow, *ahead, self.retries.next_at() or tomorrow])

    async def sync_guild(self, guild_id: int, now: datetime) -> datetime | None:
        """Make one server's events match what it should have. Returns the earliest start among its events (when
        a date passes, what is wanted changes: the server is looked at again then)."""
        assert self.port is not None
        settings = await self.store.settings(guild_id)
        rows = await self.store.rows(guild_id)
        if not settings.enabled:
            try:
                if rows:
                    await self._remove_all(guild_id, rows, now)
            except Blocked as exc:  # kept until the permission is back (a role change or the next day)
                await self._pause(settings, str(exc), now)
            return None
        missing = self.port.missing_event_permission(guild_id)
        if missing is None:
            return None  # not in that server (any more, or not yet)
        if missing:
            await self._pause(settings, problem("events_missing_permission"), now)
            return None
        if settings.problem is not None:
            log.info("Manage Events is back in server %s: syncing its events again", guild_id)
            settings = replace(settings, problem=None, problem_since=None)
            await self.store.save(settings, now)
        config = await self.guilds.get(guild_id)
        zone = config.zone(self.default_zone)
        snapshot = await self.facts.snapshot(as_of=now.astimezone(zone).date())
        try:
            if guild_id not in self._reconciled or any(r.state is EventState.CLAIMED for r in rows.values()):
                rows = await self._reconcile(guild_id, rows, now)
            under_way = [r.starts_at + EVENT_LENGTH for r in rows.values() if _under_way(r, now)]
            cap = limits.ACTIVE_EVENTS_PER_GUILD - self._foreign.get(guild_id, 0) - len(under_way)
            wanted = wanted_events(snapshot, config, zone, now, cap)
            await self._apply(guild_id, rows, wanted, now)
        except Blocked as exc:
            await self._pause(settings, str(exc), now)
            return None
        changes = [s.start for s in wanted.specs] + under_way  # a start, or the end of one under way
        return min(changes) if changes else None

    async def _apply(self, guild_id: int, rows: dict[str, EventRow], wanted: Wanted, now: datetime) -> None:
        by_ref = {spec.ref: spec for spec in wanted.specs}
        for ref, row in sorted(rows.items()):  # first make room: deletions before creations
            if ref in by_ref:
                continue
            if _under_way(row, now):
                continue  # deleted once it is over
            if row.state is EventState.CREATED and row.event_id is not None:
                # Withdrawn, imprecise now, no longer followed, or over: Discord lists an ended event no more, and
                # deleting it frees its place among the 100 for the next date waiting.
                self._check(await self._port().delete_event(guild_id, row.event_id))
            await self.store.drop(guild_id, ref)
        created = False
        for spec in wanted.specs:
            current = rows.get(spec.ref)
            fingerprint = spec.fingerprint()
            if current is None:
                await self._create(guild_id, spec, now)
                created = True
            elif current.fingerprint == fingerprint or current.state is EventState.DISMISSED:
                continue  # in step (or refused as it is, or deleted by hand): no request
            elif current.event_id is not None:  # created (or an edit was refused): edit it
                await self._edit(guild_id, current, spec, now)
            elif current.state is EventState.FAILED:  # refused when created: what it would say changed, try again
                await self._create(guild_id, spec, now)
                created = True
        if created:
            # discord.py repeats a request that got a 500, 502, 504 or 524 on its own, and Discord has no nonce for
            # events: a create can have made two. One look at the list after creating finds and deletes the second.
            await self._reconcile(guild_id, await self.store.rows(guild_id), now)

    async def _create(self, guild_id: int, spec: EventSpec, now: datetime) -> None:
        claim = EventRow(guild_id, spec.ref, EventState.CLAIMED, None, spec.fingerprint(), spec.start, now)
        await self.store.put(claim)  # before Discord is asked: a crash from here on leaves a claim to settle
        result = await self._port().create_event(guild_id, spec)
        if result.outcome is Outcome.SENT and result.event_id is not None:
            await self.store.put(replace(claim, state=EventState.CREATED, event_id=result.event_id))
            return
        if result.outcome is Outcome.UNKNOWN:
            raise Retry(result)  # the claim stays: settled by listing the server's events on the next try
        if result.outcome is Outcome.REJECTED and result.code == limits.MAX_EVENTS_CODE:
            # Moderators' events filled the 100 since the server was listed: not this event's fault. Given back
            # and listed afresh on the retry, so the nearest dates are kept and this one waits its turn.
            await self.store.drop(guild_id, spec.ref)
            self._reconciled.discard(guild_id)
            raise Retry(result)
        if result.outcome is Outcome.REJECTED:
            log.error("Discord refused the event %s in server %s: %s", spec.ref, guild_id, result.problem)
            await self.store.put(replace(claim, state=EventState.FAILED, code=result.code, detail=result.problem))
            return
        await self.store.drop(guild_id, spec.ref)  # certainly not created (403, 429)
        self._check(result)

    async def _edit(self, guild_id: int, row: EventRow, spec: EventSpec, now: datetime) -> None:
        assert row.event_id is not None
        result = await self._port().edit_event(guild_id, row.event_id, spec)
        updated = replace(row, fingerprint=spec.fingerprint(), starts_at=spec.start, code=None, detail=None)
        if result.outcome is Outcome.SENT:
            await self.store.put(replace(updated, state=EventState.CREATED))
        elif result.gone:  # deleted by hand meanwhile: left deleted
            await self.store.put(replace(updated, state=EventState.DISMISSED, event_id=None))
        elif result.outcome is Outcome.REJECTED:
            await self.store.put(replace(updated, state=EventState.FAILED, code=result.code, detail=result.problem))
        else:
            self._check(result)

    async def _reconcile(self, guild_id: int, rows: dict[str, EventRow], now: datetime) -> dict[str, EventRow]:
        """List the server's events: settle open claims, adopt ours the database does not know, notice the ones
        moderators deleted, and count the events that are not ours (they count towards Discord's 100)."""
        listed, result = await self._port().list_events(guild_id)
        if listed is None:
            self._check(result)
            raise Retry(result)
        active = [e for e in listed if e.status in ACTIVE]
        groups: dict[str, list[RemoteEvent]] = {}
        for event in sorted(active, key=lambda e: e.id):
            ref = ref_of(event)
            if ref is not None:
                groups.setdefault(ref, []).append(event)
        ours: dict[str, RemoteEvent] = {}
        for ref, found in groups.items():  # one event per milestone: keep the one stored, else the first made
            stored = rows.get(ref)
            keep = next((e for e in found if stored is not None and e.id == stored.event_id), found[0])
            for extra in found:
                if extra is not keep:
                    log.warning("deleting a second event for %s in server %s", ref, guild_id)
                    self._check(await self._port().delete_event(guild_id, extra.id))
            ours[ref] = keep
        self._foreign[guild_id] = len(active) - sum(len(found) for found in groups.values())
        settled: dict[str, EventRow] = {}
        for ref, stored in rows.items():
            row, remote = stored, ours.pop(ref, None)
            if row.state is EventState.CLAIMED:
                if remote is not None:  # created, the answer lost: adopt it; an edit follows if it must
                    row = replace(row, state=EventState.CREATED, event_id=remote.id)
                    await self.store.put(row)
                else:  # certainly not created: given back, created afresh if still wanted
                    await self.store.drop(guild_id, ref)
                    continue
            elif row.state is EventState.CREATED and remote is None:
                if row.starts_at <= now:
                    await self.store.drop(guild_id, ref)
                    continue
                row = replace(row, state=EventState.DISMISSED, event_id=None)  # deleted by hand: left deleted
                await self.store.put(row)
                log.info("event %s was deleted in server %s by hand; not recreating it", ref, guild_id)
            elif remote is not None and row.event_id != remote.id:
                row = replace(row, state=EventState.CREATED, event_id=remote.id, fingerprint="")
                await self.store.put(row)
            settled[ref] = row
        for ref, remote in ours.items():  # ours, unknown to the database: adopted (an edit follows if it must)
            row = EventRow(guild_id, ref, EventState.CREATED, remote.id, "", now, now)
            await self.store.put(row)
            settled[ref] = row
        self._reconciled.add(guild_id)
        return settled

    async def _remove_all(self, guild_id: int, rows: dict[str, EventRow], now: datetime) -> None:
        """Events turned off: every event the bot made that lies ahead is deleted (claims settled first)."""
        if any(r.state is EventState.CLAIMED for r in rows.values()):
            rows = await self._reconcile(guild_id, rows, now)
        for ref, row in sorted(rows.items()):
            if row.state is EventState.CREATED and row.event_id is not None:
                self._check(await self._port().delete_event(guild_id, row.event_id))
            await self.store.drop(guild_id, ref)

    def _check(self, result: EventResult) -> None:
        if result.outcome is Outcome.BLOCKED:
            raise Blocked(result.problem or problem("events_missing_permission"))
        if result.outcome in (Outcome.RETRY, Outcome.UNKNOWN):
            raise Retry(result)

    async def _pause(self, settings: EventSettings, reason: str, now: datetime) -> None:
        if settings.problem is None:
            log.warning("pausing scheduled events in server %s: %s", settings.guild_id, reason)
            await self.store.save(replace(settings, problem=reason, problem_since=now), now)

    def _port(self) -> EventPort:
        assert self.port is not None
        return self.port

    # -- for /config ----------------------------------------------------------------------------------------
    async def preview(self, config: GuildConfig, now: datetime) -> Wanted:
        """What turning events on would make here (the answer to /config events on)."""
        zone = config.zone(self.default_zone)
        snapshot = await self.facts.snapshot(as_of=now.astimezone(zone).date())
        cap = limits.ACTIVE_EVENTS_PER_GUILD - self._foreign.get(config.guild_id, 0)
        return wanted_events(snapshot, config, zone, now, cap)

    async def enable(self, guild_id: int, on: bool, now: datetime) -> None:
        settings = await self.store.settings(guild_id)
        if on:
            await self.store.clear_dismissed(guild_id)  # given again: events deleted by hand may come back
        await self.store.save(replace(settings, enabled=on, problem=None, problem_since=None), now)
        self.changed(guild_id)

    def trouble_for(self, guild_id: int) -> str | None:
        return self.retries.troubles.get(guild_id) or self.trouble

"""7. Event-loop stalls with 10,000 servers and 1,000,000 ledger rows: a settings change, two day changes, a reload.

A real DeployBot on the loopback Discord, its database filled directly: 10,000 servers with an announcement
channel and a million ledger rows spread over 14 months of history (what each server was told about the seed
missions, and about missions since archived). A loop-lag monitor (a task that sleeps 1 ms at a time) records
the worst lateness while each event is handled; three members keep asking ``/mission erbil`` meanwhile, and
their p99 is set against the p99 of the same load while nothing happens.

The clock starts on 27 November 2021; nothing falls due during the run (the next post time with work is on
30 November), so each figure is the cost of re-planning, not of posting. Each stall is shown with the longest
garbage collection in the same window: a full collection walks every object the process holds, whoever made it.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.common import DATA_DIR, Running, Table, percentile, running
from bot.announcement import CONTRIBUTION, UPDATE, AnnouncementKey, ContributionVersion, MilestoneVersion
from bot.client import DeployBot
from bot.clock import ManualClock, utc
from bot.dates import Certainty, FuzzyDate
from bot.facts.parse import load_facts
from bot.facts.snapshot import Snapshot
from bot.guild_config import GuildConfig
from bot.sandbox.driver import Actor, Driver, DriverError
from bot.sandbox.server import LoopbackDiscord
from bot.sandbox.world import Guild, World
from bot.schedule.dispatcher import latest_day
from bot.schedule.planning import local_instant, next_post_time, profile_of, profile_templates
from bot.storage import Database
from bot.storage.facts import FactStore

SERVERS = 10_000
LEDGER_ROWS = 1_000_000
START = utc(2021, 11, 27, 12)  # 13:00 in Amsterdam
HISTORY = timedelta(days=426)  # 14 months
ZONE = ZoneInfo("Europe/Amsterdam")
SAMPLERS = 3  # members asking /mission at once
MIN_SAMPLES = 90  # /mission answers per measurement (p99 of the window)
STALL_TARGET = 0.050
P99_TARGET = 1.5
TICK = 0.001

# The reload: a new article, known from 30 November, moves the MINUSMA rotation that every server was told about.
RELOADED_SOURCE = """
[source]
id = "bench-2021-11-30"
publisher = "Bench"
title = "The rotation moves to December"
published = "2021-11-30"
language = "en"

[[milestone]]
mission = "minusma"
paragraph = 1
kind = "rotation-start"
date = "2021-12-06"
certainty = "expected"
"""


class LagMonitor:
    """A task that sleeps 1 ms at a time and records how late it wakes: the longest the loop was blocked."""

    def __init__(self) -> None:
        self.worst = self.worst_gc = self._gc_started = 0.0
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._watch())
        gc.callbacks.append(self._collecting)

    def reset(self) -> None:
        self.worst = self.worst_gc = 0.0

    def _collecting(self, phase: str, info: dict[str, int]) -> None:
        """The longest garbage collection: a stall of its own kind, which grows with everything the process holds."""
        if phase == "start":
            self._gc_started = time.perf_counter()
        else:
            self.worst_gc = max(self.worst_gc, time.perf_counter() - self._gc_started)

    async def _watch(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            before = loop.time()
            await asyncio.sleep(TICK)
            self.worst = max(self.worst, loop.time() - before - TICK)

    async def stop(self) -> None:
        gc.callbacks.remove(self._collecting)
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task


@dataclass
class Load:
    """Members asking /mission erbil, each waiting for its answer before asking again.

    The loopback Discord expires an interaction 3 s after it was made, on the bench's clock: before the clock
    jumps, :meth:`between_questions` waits for the answers in flight and holds the next questions back.
    """

    drivers: list[Driver]
    server: LoopbackDiscord
    clock: ManualClock
    samples: list[float] = field(default_factory=list)
    _stop: asyncio.Event = field(default_factory=asyncio.Event)
    _open: asyncio.Event = field(default_factory=asyncio.Event)
    _asking: int = 0
    unanswered: int = 0
    answered: int = 0

    async def _ask(self, driver: Driver) -> None:
        while not self._stop.is_set():
            await self._open.wait()
            self._asking += 1
            try:
                start = time.perf_counter()
                try:
                    reply = await driver.slash("mission", name="erbil")
                except DriverError:  # not answered in time: what the member saw counts, and is counted
                    self.samples.append(time.perf_counter() - start)
                    self.unanswered += 1
                    continue
                self.samples.append(time.perf_counter() - start)
                # The harness keeps every interaction and request for tests to read back: not here, where its
                # growing heap would lengthen the process's garbage collections (the bot keeps none of them).
                if self.server.interactions.get(reply.interaction.id) is reply.interaction:
                    del self.server.interactions[reply.interaction.id]
                self.server.requests.clear()
                driver.actor.history.clear()
                driver.actor.channel.messages.clear()
                # The harness's ids count 4,096 per millisecond of its clock: let a millisecond pass now and then,
                # or thousands of questions at one instant would share ids.
                self.answered += 1
                if self.answered % 500 == 0:
                    self.clock.advance(timedelta(milliseconds=1))
            finally:
                self._asking -= 1

    @contextlib.asynccontextmanager
    async def between_questions(self) -> AsyncIterator[None]:
        self._open.clear()
        try:
            while self._asking:
                await asyncio.sleep(0.001)
            yield
        finally:
            self._open.set()

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[list[float]]:
        self.samples, self._stop, self.unanswered = [], asyncio.Event(), 0
        self._open.set()
        tasks = [asyncio.create_task(self._ask(d)) for d in self.drivers]
        try:
            yield self.samples
            while len(self.samples) < MIN_SAMPLES:
                await asyncio.sleep(0.01)
        finally:
            self._stop.set()
            await asyncio.gather(*tasks)


# -- the database -----------------------------------------------------------------------------------------
def _told_rows(snapshot: Snapshot, config: GuildConfig) -> Iterator[tuple[str, str, str, int, datetime, date]]:
    """What a server with default settings was told about the seed missions over the history: every lead post
    of the current versions, the older versions before them, and an update post for each change."""
    profile = profile_of(config, ZONE)
    for t in profile_templates(snapshot, profile):
        if START - HISTORY <= t.at <= START and t.at >= t.known_at:
            yield t.mission, t.milestone, t.version.encode(), t.lead, t.at, t.event_last
    for view in snapshot.views():
        slug = view.mission.slug
        for versioned in view.milestones:
            current = versioned.current
            known = local_instant(snapshot.sources[current.source].known_from, config.post_time, ZONE)
            for old in versioned.history:
                at = known - timedelta(days=3)
                yield slug, old.key, MilestoneVersion.of(old).encode(), 30, at, old.date.last
            if versioned.history:
                at = next_post_time(known, config.post_time, ZONE)
                yield slug, current.key, MilestoneVersion.of(current).encode(), UPDATE, at, current.date.last
        for contribution in view.contributions:
            numbers = contribution.current
            known = local_instant(snapshot.sources[numbers.source].known_from, config.post_time, ZONE)
            at = next_post_time(max(known, START - HISTORY), config.post_time, ZONE)
            subject = CONTRIBUTION + numbers.key
            yield slug, subject, ContributionVersion.of(numbers).encode(), UPDATE, at, date.max


def _archived_rows(rng: random.Random, count: int) -> Iterator[tuple[str, str, str, int, datetime, date]]:
    """Posts about missions no longer in the data (the bot has run longer than the seed covers): one per subject,
    so compaction keeps every one of them (each is the newest version its server was told)."""
    post_time = GuildConfig(0).post_time
    for number in range(count):
        day = (START - HISTORY).date() + timedelta(days=rng.randrange(0, HISTORY.days - 31))
        version = MilestoneVersion(FuzzyDate.parse(day.isoformat()), None, None, Certainty.EXPECTED)
        at = local_instant(day, post_time, ZONE)
        yield f"archived-{number // 8:02d}", f"m{number % 8}", version.encode(), 0, at, day


def _ledger(snapshot: Snapshot, guild_ids: list[int]) -> Iterator[tuple[object, ...]]:
    rng = random.Random(5)
    per_server = LEDGER_ROWS // len(guild_ids)
    for guild_id in guild_ids:
        config = GuildConfig(guild_id, channel_id=guild_id)
        told = list(_told_rows(snapshot, config))
        rows = told + list(_archived_rows(rng, per_server - len(told)))
        for mission, subject, version, lead, at, event_last in rows[:per_server]:
            key = AnnouncementKey.from_row(guild_id, mission, subject, version, lead)
            finished = at + timedelta(seconds=rng.randrange(1, 600))
            message = rng.randrange(10**17, 10**18)
            yield (guild_id, mission, subject, version, lead, at.isoformat(), event_last.isoformat(), "sent",
                   key.nonce, guild_id, message, at.isoformat(), finished.isoformat())  # fmt: skip


async def _prepare(path: Path, data_dir: Path, bench: Guild) -> int:
    """Facts, 10,000 servers and a million ledger rows, written directly; returns the ledger's row count."""
    facts = load_facts(data_dir)
    db = await Database.open(path)
    await FactStore(db).apply(facts, START)
    await db.close()
    snapshot = Snapshot(facts, latest_day(START))
    channel = bench.channel_named("announcements").id
    guild_ids = [bench.id, *range(1, SERVERS)]
    since = (START - HISTORY).isoformat()
    connection = sqlite3.connect(path)
    try:
        with connection:
            connection.executemany(
                "INSERT INTO guild_settings (guild_id, channel_id, announce_from, updated_at) VALUES (?, ?, ?, ?)",
                [(g, channel if g == bench.id else 10**9 + g, since, since) for g in guild_ids],
            )
            connection.executemany(
                "INSERT INTO announcements (guild_id, mission, milestone, version, lead, due_at, event_last, state, "
                "nonce, channel_id, message_id, claimed_at, finished_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                _ledger(snapshot, guild_ids),
            )
            connection.execute(
                "INSERT INTO dispatcher_state (key, value) VALUES ('handled_until', ?)", (START.isoformat(),)
            )
        (rows,) = connection.execute("SELECT COUNT(*) FROM announcements").fetchone()
    finally:
        connection.close()
    return int(rows)


# -- the events ------------------------------------------------------------------------------------------------
@dataclass
class Scene:
    run: Running
    bot: DeployBot
    clock: ManualClock
    monitor: LagMonitor
    load: Load
    moderator: Driver

    async def measure(self, trigger: Callable[[], Awaitable[object]]) -> tuple[float, float, float]:
        """The worst loop stall, the /mission p99 and how long the bot took to catch up, from ``trigger`` on."""
        # The loopback Discord and the drivers keep every request and answer (tests read them back); the bench
        # lets them go between measurements, so that the harness's heap does not lengthen the bot's collections.
        self.run.server.requests.clear()
        self.run.server.interactions.clear()
        for driver in [*self.load.drivers, self.moderator]:
            driver.actor.history.clear()
        gc.collect()
        async with self.load.running() as samples:
            while len(samples) < SAMPLERS:  # every member is asking before the event starts
                await asyncio.sleep(0.01)
            samples.clear()
            self.monitor.reset()
            start = time.perf_counter()
            await trigger()
            await self.bot.dispatcher.settle(timeout=600)
            caught_up = time.perf_counter() - start
        return self.monitor.worst, percentile(samples, 99), caught_up


async def stalls(table: Table) -> None:
    clock = ManualClock(START)
    world = World(clock)
    bench = world.add_guild("Bench", ("general", "announcements"))
    members = [world.add_member(bench, f"member-{i}") for i in range(SAMPLERS)]
    moderator = world.add_member(bench, "moderator", moderator=True)
    with tempfile.TemporaryDirectory() as scratch:
        data_dir = Path(scratch) / "data"
        shutil.copytree(DATA_DIR, data_dir)
        path = Path(scratch) / "stalls.sqlite3"
        rows = await _prepare(path, data_dir, bench)
        print(f"  {rows:,} ledger rows written; starting the bot …", file=sys.stderr, flush=True)
        monitor = LagMonitor()
        monitor.start()
        try:
            async with running("deploybot", clock, world, database=path, data_dir=data_dir,
                               owner_ids=frozenset({moderator.user.id})) as run:  # fmt: skip
                bot = run.bot
                assert isinstance(bot, DeployBot)
                await bot.dispatcher.settle(timeout=600)
                startup = monitor.worst
                general = bench.channel_named("general")
                load = Load(
                    [Driver(run.server, Actor(bench, general, m), timeout=60) for m in members], run.server, clock
                )
                scene = Scene(run, bot, clock, monitor, load, Driver(run.server, Actor(bench, general, moderator), 600))
                await _scenes(table, scene, rows, startup, data_dir)
        finally:
            await monitor.stop()


async def _scenes(table: Table, scene: Scene, rows: int, startup: float, data_dir: Path) -> None:
    clock, bot = scene.clock, scene.bot
    left = await _count(bot)
    table.add(f"7. startup: first wake over {rows:,} ledger rows ({left:,} after compaction), worst stall",
              f"{startup * 1000:.0f} ms", "—", "—", "—", None)  # fmt: skip

    async def nothing() -> None:
        pass

    async def settings_change() -> None:
        reply = await scene.moderator.slash("config leads", days="30,7,2,1,0")
        assert "30" in reply.text, reply.text

    async def a_day_passes() -> None:
        async with scene.load.between_questions():
            clock.set(utc(2021, 11, 28, 12, 1))  # past midnight and the daily wake (nothing falls due)

    async def a_source_becomes_known() -> None:
        async with scene.load.between_questions():
            clock.set(utc(2021, 11, 29, 10, 30))  # 30 November somewhere on Earth: the Belga article is known

    async def reload() -> None:
        (data_dir / "sources" / "bench-2021-11-30.toml").write_text(RELOADED_SOURCE, encoding="utf-8")
        reply = await scene.moderator.slash("owner reload")
        assert not reply.text.startswith("Nothing was changed"), reply.text

    idle_stall, idle_p99, _ = await scene.measure(nothing)
    events = (
        ("a settings change (/config leads)", settings_change),
        ("a day passes (the daily wake)", a_day_passes),
        ("a new source becomes known at midnight", a_source_becomes_known),
        ("a facts reload (/owner reload)", reload),
    )
    for name, trigger in events:
        print(f"  {name} …", file=sys.stderr, flush=True)
        stall, p99, caught_up = await scene.measure(trigger)
        collecting = scene.monitor.worst_gc
        table.add(f"7. {name}: longest loop stall (of which GC; caught up in)",
                  f"{stall * 1000:.1f} ms (GC {collecting * 1000:.0f} ms; {caught_up:.1f} s)",
                  f"{idle_stall * 1000:.1f} ms idle", "—", f"≤ {STALL_TARGET * 1000:.0f} ms",
                  stall <= STALL_TARGET)  # fmt: skip
        ratio = p99 / idle_p99
        missed = f" ({scene.load.unanswered} unanswered)" if scene.load.unanswered else ""
        table.add(f"7. {name}: /mission p99 meanwhile", f"{p99 * 1000:.1f} ms{missed}",
                  f"{idle_p99 * 1000:.1f} ms idle", f"{ratio:.2f}×", f"≤ {P99_TARGET}×",
                  ratio <= P99_TARGET and not scene.load.unanswered)  # fmt: skip
    posted = await _count(bot, f"WHERE claimed_at >= '{START.isoformat()}'")
    assert posted <= 2, f"the run was meant to plan, not post: {posted} ledger rows were written"


async def _count(bot: DeployBot, where: str = "") -> int:
    row = await bot.db.fetchone(f"SELECT COUNT(*) FROM announcements {where}")
    assert row is not None
    return int(row[0])

"""The real bot connected to the loopback Discord, in one process: what the tests and the sandbox prompt run."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from bot.client import DeployBot
from bot.clock import ManualClock
from bot.facts.parse import load_facts
from bot.sandbox.driver import Actor, Driver
from bot.sandbox.server import LoopbackDiscord, RateLimitPolicy
from bot.sandbox.world import Guild, Member, World
from bot.settings import Settings
from bot.shards import Shards
from bot.storage import Database
from bot.storage.facts import FactStore

log = logging.getLogger(__name__)

SANDBOX_TOKEN = "sandbox." + "x" * 59


@dataclass
class Sandbox:
    clock: ManualClock
    server: LoopbackDiscord
    bot: DeployBot
    driver: Driver
    guild: Guild
    moderator: Member
    member: Member
    _task: asyncio.Task[None] | None = None

    @property
    def world(self) -> World:
        return self.server.world

    def channel_messages(self, name: str) -> list[dict[str, object]]:
        return self.guild.channel_named(name).messages

    async def expect(self, event: str, action: Awaitable[object], timeout: float = 10.0) -> object:
        """Do ``action`` (usually a gateway event sent to the bot) and wait until the bot dispatched ``event``."""
        waiting = asyncio.ensure_future(self.bot.wait_for(event, timeout=timeout))
        await asyncio.sleep(0)  # let wait_for register before the event can arrive
        await action
        return await waiting

    async def advance_to(self, when: datetime) -> None:
        """Move the clock to ``when`` as time would pass: stopping at every moment the bot planned to wake,
        so that each announcement goes out on time and in order, as it would have in real time."""
        await self.bot.settle()
        while True:
            wakes = [d.next_wake for d in self.bot.dispatchers if d.next_wake is not None]
            wake = min(wakes) if wakes else None
            if wake is None or wake > when:
                break
            self.clock.set(max(wake, self.clock.now()))
            await self.bot.settle()
        self.clock.set(when)
        await self.bot.settle()

    async def restart_bot(self) -> None:
        """Stop the bot and start a new one on the same database and harness, as after a crash or deploy."""
        await self._stop_bot()
        self.bot = _make_bot(self.bot.settings, self.clock)
        await self._start_bot()

    async def _start_bot(self) -> None:
        self.server.connected.clear()
        self._task = asyncio.create_task(self.bot.start(SANDBOX_TOKEN), name="deploybot")
        ready = asyncio.create_task(self.bot.wait_until_ready())
        done, _ = await asyncio.wait({ready, self._task}, timeout=30, return_when=asyncio.FIRST_COMPLETED)
        if ready not in done:
            ready.cancel()
            if self._task in done:
                self._task.result()  # raise what stopped the bot
            raise RuntimeError("the bot did not become ready within 30 seconds")

    async def _stop_bot(self) -> None:
        await self.bot.close()
        if self._task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None


def _make_bot(settings: Settings, clock: ManualClock) -> DeployBot:
    # Every GUILD_CREATE arrives at once here, so waiting 2 s for stragglers before on_ready is pointless;
    # the facts are polled on every command, so a load in another process shows at once.
    return DeployBot(settings, clock, facts_poll_seconds=0, guild_ready_timeout=0.05)


def default_world(clock: ManualClock) -> tuple[World, Guild, Member, Member]:
    """One server with #general and #announcements, a moderator and a member."""
    world = World(clock)
    guild = world.add_guild("Deployment Watch", ("general", "announcements"))
    moderator = world.add_member(guild, "moderator", moderator=True)
    member = world.add_member(guild, "member")
    return world, guild, moderator, member


@contextlib.asynccontextmanager
async def running_sandbox(
    settings: Settings,
    clock: ManualClock,
    database: Path | str,
    rate_limits: RateLimitPolicy | None = None,
    load: bool = True,
    world: tuple[World, Guild, Member, Member] | None = None,
) -> AsyncIterator[Sandbox]:
    """Start the harness, load the facts into ``database``, connect the real bot and sync its commands."""
    world_, guild, moderator, member = world or default_world(clock)
    # In the sandbox the moderator also owns the bot, and its one server is the home server, so that /owner
    # reload can be tried.
    settings = replace(
        settings,
        database=database,
        owner_ids=settings.owner_ids or frozenset({moderator.user.id}),
        home_guild_id=settings.home_guild_id or guild.id,
        shards=Shards(),  # one process serving its loopback servers, whatever shards the environment names
    )
    if load:
        facts = load_facts(settings.data_dir)
        db = await Database.open(database)
        try:
            await FactStore(db).apply(facts, clock.now())
        finally:
            await db.close()
    # Time travels in the sandbox while rate limits run on real time: only the global limit by default, so
    # that :advance 400d does not wait out per-channel buckets. Tests of the limits pass their own policy.
    server = LoopbackDiscord(clock, world_, rate_limits or RateLimitPolicy(messages_per_channel=None))
    await server.start()
    bot = _make_bot(settings, clock)
    driver = Driver(server, Actor(guild, guild.channel_named("general"), member))
    sandbox = Sandbox(clock, server, bot, driver, guild, moderator, member)
    try:
        with server.install():
            await sandbox._start_bot()
            try:
                await sandbox.bot.sync_commands()
                yield sandbox
            finally:
                await sandbox._stop_bot()
    finally:
        await server.close()


def parse_clock(text: str | None, now: datetime) -> datetime:
    """``--clock``/``:clock`` values: an ISO date or time; naive times are read in UTC."""
    if not text:
        return now
    value = datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=now.tzinfo)

"""Several sharded bots in one process, on one loopback Discord and one shared database (an SQLite file, or a
PostgreSQL schema in the second pass): what the shard tests run.

Each bot is what one process of a sharded deployment runs (its own connection per shard, its own database
connection, its own instance id); sharing a process only saves the start-up of several interpreters.
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from bot.client import DeployBot, ShardedDeployBot, make_bot
from bot.clock import Clock
from bot.facts.parse import load_facts
from bot.sandbox.server import LoopbackDiscord, RateLimitPolicy
from bot.sandbox.session import SANDBOX_TOKEN
from bot.sandbox.world import Guild, World
from bot.settings import load_settings
from bot.shards import Shards
from bot.storage import Database
from bot.storage.facts import FactStore
from bot.storage.guilds import GuildStore
from tests.paths import SEED_DATA_DIR


@dataclass
class Fleet:
    server: LoopbackDiscord
    bots: list[DeployBot]
    guilds: list[Guild]
    database: Path | str  # an SQLite path or a postgresql:// URL

    def posts(self) -> list[int]:
        return [len(g.channel_named("announcements").messages) for g in self.guilds]

    async def settle(self) -> None:
        for bot in self.bots:
            bot.dispatcher.wake()
        for bot in self.bots:
            await bot.dispatcher.settle(timeout=60)


def drill_source(root: Path, name: str, published: str, day: str, mission: str = "erbil") -> None:
    """A source giving one confirmed milestone of ``mission`` on ``day`` (to make something due on cue)."""
    (root / "sources" / f"{name}.toml").write_text(
        f"""[source]
id = "{name}"
publisher = "Drill"
title = "A milestone for the shard drill"
published = "{published}"
language = "en"

[[milestone]]
mission = "{mission}"
paragraph = 1
kind = "announcement"
key = "{name}"
date = "{day}"
certainty = "confirmed"
""",
        encoding="utf-8",
    )


def noon_zone(now: datetime) -> str:
    """A fixed-offset zone where ``now`` is around noon: a milestone due "a minute ago, today" there stays today
    for hours, whatever time of day the tests run (Etc/GMT-3 is UTC+3)."""
    hours = 12 - now.astimezone(UTC).hour
    return f"Etc/GMT{'-' if hours > 0 else '+'}{abs(hours)}" if hours else "Etc/GMT"


def copy_seed_data(root: Path) -> Path:
    shutil.copytree(SEED_DATA_DIR, root)
    return root


async def prepare(
    database: Path | str,
    data_dir: Path,
    world: World,
    guilds: list[Guild],
    now: datetime,
    post_time: time | None = None,
    timezone: str | None = None,
) -> None:
    """Load the facts once into the shared database and give every server an announcement channel."""
    db = await Database.open(database)
    try:
        await FactStore(db).apply(load_facts(data_dir), now)
        store = GuildStore(db)
        for guild in guilds:
            await store.update(
                guild.id, now, channel_id=guild.channel_named("announcements").id,
                announce_from=now - timedelta(hours=1), leads=(0,),
                **({"post_time": post_time} if post_time else {}),
                **({"timezone": timezone} if timezone else {}),
            )  # fmt: skip
    finally:
        await db.close()


def spread_world(clock: Clock, servers: int, shard_count: int) -> tuple[World, list[Guild]]:
    world = World(clock)
    guilds = [
        world.add_guild(f"server-{i:04d}", ("general", "announcements"), shard=(i % shard_count, shard_count))
        for i in range(servers)
    ]
    for guild in guilds[:shard_count]:
        world.add_member(guild, "member")
    return world, guilds


@contextlib.asynccontextmanager
async def fleet(
    clock: Clock,
    world: World,
    guilds: list[Guild],
    database: Path | str,
    data_dir: Path,
    layout: list[tuple[int, ...]],
    shard_count: int,
    policy: RateLimitPolicy | None = None,
) -> AsyncIterator[Fleet]:
    """One bot per entry of ``layout`` (the shard ids it connects), all on one loopback Discord."""
    server = LoopbackDiscord(clock, world, policy or RateLimitPolicy(messages_per_channel=None), shard_count)
    await server.start()
    base = load_settings({"DEPLOYBOT_DATA_DIR": str(data_dir)}, env_file=None)
    bots: list[DeployBot] = []
    tasks: list[asyncio.Task[None]] = []
    try:
        with server.install():
            for ids in layout:
                settings = replace(base, database=database, shards=Shards(ids, shard_count))
                bot = make_bot(settings, clock=clock, facts_poll_seconds=0, guild_ready_timeout=0.05)
                if isinstance(bot, ShardedDeployBot):
                    bot.identify_interval = 0
                bots.append(bot)
                tasks.append(asyncio.create_task(bot.start(SANDBOX_TOKEN)))
                await asyncio.wait_for(bot.wait_until_ready(), 30)
            await bots[0].sync_commands()
            yield Fleet(server, bots, guilds, database)
    finally:
        for bot in bots:
            await bot.close()
        for task in tasks:
            with contextlib.suppress(BaseException):
                await task
        await server.close()

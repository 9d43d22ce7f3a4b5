"""Two processes' worth of sharded bots on one database: each connects its own shards, answers its own servers'
commands and announces only to its own servers, exactly once; a new facts version reaches both."""

from __future__ import annotations

from pathlib import Path

import discord

from bot.clock import ManualClock, utc
from bot.facts.parse import load_facts
from bot.sandbox.driver import Actor, Driver
from bot.shards import shard_of
from bot.storage import Database
from bot.storage.facts import FactStore
from bot.storage.ledger import Ledger
from tests.shards.harness import copy_seed_data, drill_source, fleet, prepare, spread_world

SERVERS = 12
COUNT = 4


async def test_each_bot_serves_only_its_shards_and_every_server_hears_once(
    tmp_path: Path, database: Path | str
) -> None:
    clock = ManualClock(utc(2021, 11, 1, 8))
    data_dir = copy_seed_data(tmp_path / "data")
    world, guilds = spread_world(clock, SERVERS, COUNT)
    await prepare(database, data_dir, world, guilds, clock.now())

    async with fleet(clock, world, guilds, database, data_dir, [(0, 1), (2, 3)], COUNT) as running:
        first, second = running.bots
        assert {shard_of(g.id, COUNT) for g in first.guilds} == {0, 1}
        assert {shard_of(g.id, COUNT) for g in second.guilds} == {2, 3}
        assert len(first.guilds) + len(second.guilds) == SERVERS
        assert running.server.gateway.shards() == {(0, 4), (1, 4), (2, 4), (3, 4)}

        # A command in a server of shard 3 reaches the second bot only, and is answered.
        seen: dict[int, list[int]] = {0: [], 1: []}
        for number, bot in enumerate(running.bots):

            async def saw(interaction: discord.Interaction, number: int = number) -> None:
                seen[number].append(interaction.guild_id or 0)

            bot.add_listener(saw, "on_interaction")
        guild = next(g for g in guilds if shard_of(g.id, COUNT) == 3)
        member = next(m for m in guild.members.values() if m.user.name == "member")
        driver = Driver(running.server, Actor(guild, guild.channel_named("general"), member))
        reply = await driver.slash("mission", name="erbil")
        assert "Erbil" in reply.text
        assert seen == {0: [], 1: [guild.id]}

        await running.settle()
        assert running.posts() == [0] * SERVERS
        clock.set(utc(2021, 11, 16, 8))  # 09:00 in Amsterdam: "this half of the month" for every server
        await running.settle()
        assert running.posts() == [1] * SERVERS

        # Every post was claimed by the process holding its server's shard.
        ledger = Ledger(first.db)
        for guild in guilds:
            owner = first if shard_of(guild.id, COUNT) in (0, 1) else second
            claimers = {e.claimed_by for e in await ledger.entries(guild.id) if e.state == "sent"}
            assert claimers == {owner.instance_id}

        # Facts loaded once, by another process: both bots notice the new version and post once each.
        drill_source(data_dir, "drill-one", "2021-11-17", "2021-11-18")
        db = await Database.open(database)
        try:
            await FactStore(db).apply(load_facts(data_dir), clock.now())
        finally:
            await db.close()
        clock.set(utc(2021, 11, 18, 8))
        for bot in running.bots:
            bot.facts.poll_seconds = 3600  # no poll in time: the notice (LISTEN/NOTIFY's hook) does it
            bot.facts_changed()
        await running.settle()
        assert all(bot.facts.version == first.facts.version for bot in running.bots)
        assert running.posts() == [2] * SERVERS

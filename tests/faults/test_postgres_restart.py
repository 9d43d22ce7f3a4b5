"""PostgreSQL "restarts" in the middle of a fan-out: every connection of the bot is ended by the server (as a
restart does) while posts are going out. The bot reconnects, says so in its log, and every server gets its
announcement exactly once: a claim whose transaction was cut off is settled from the channel's history."""

from __future__ import annotations

import asyncio
import logging

import pytest

from bot.clock import ManualClock, utc
from bot.sandbox.server import RateLimitPolicy
from bot.sandbox.session import default_world, running_sandbox
from bot.settings import load_settings
from bot.storage.ledger import Ledger, State
from tests.paths import SEED_DATA_DIR
from tests.postgres import terminate_connections

pytestmark = pytest.mark.single_pass  # on PostgreSQL whichever pass this is

SERVERS = 60


async def test_postgresql_restarting_mid_fan_out_loses_and_doubles_nothing(
    postgres: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="bot.storage.postgres")
    name = postgres.rsplit("application_name=", 1)[1]  # the bot's connections, and nobody else's
    clock = ManualClock(utc(2021, 11, 1, 8))
    world, guild, moderator, member = default_world(clock)
    others = [world.add_guild(f"server-{i:03d}", ("announcements",)) for i in range(SERVERS - 1)]
    servers = [guild, *others]
    settings = load_settings({"DEPLOYBOT_DATA_DIR": str(SEED_DATA_DIR)}, env_file=None)
    policy = RateLimitPolicy(global_per_second=50, messages_per_channel=(5, 5.0))  # about a second of posting
    async with running_sandbox(settings, clock, postgres, policy, world=(world, guild, moderator, member)) as sandbox:
        for server in servers:
            channel = server.channel_named("announcements")
            await sandbox.bot.guild_settings.update(
                server.id, clock.now(), channel_id=channel.id, announce_from=clock.now(), leads=(0,)
            )
        sandbox.bot.dispatcher.wake()
        await sandbox.bot.settle()

        def posted() -> int:
            return sum(len(s.channel_named("announcements").messages) for s in servers)

        fan_out = asyncio.ensure_future(sandbox.advance_to(utc(2021, 11, 16, 8, 1)))
        while posted() < SERVERS // 4 and not fan_out.done():
            await asyncio.sleep(0.01)
        assert not fan_out.done(), "the fan-out ended before the restart: nothing was tested"
        ended = [await terminate_connections(postgres.split("?")[0], name) for _ in range(3)]  # in a row, as a
        assert ended[0] >= 1  # restart refuses for a moment; each time every connection the bot has
        await fan_out
        assert posted() > 0
        await sandbox.advance_to(utc(2021, 11, 16, 9))  # the retries' backoff (15 s to 5 min) runs its course

        counts = [len(s.channel_named("announcements").messages) for s in servers]
        assert counts == [1] * SERVERS  # nothing lost, nothing doubled
        ledger = Ledger(sandbox.bot.db)
        assert not await ledger.open_claims()
        for server in servers:
            states = [e.state for e in await ledger.entries(server.id)]
            assert states == [State.SENT], (server.id, states)
    messages = [r.getMessage() for r in caplog.records]
    assert any(m.startswith("lost the connection to PostgreSQL") for m in messages), messages
    assert any(m.startswith("reconnected to PostgreSQL") for m in messages), messages

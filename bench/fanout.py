"""4. One milestone announced to 2,000 servers while the loopback Discord enforces 50 requests a second."""

from __future__ import annotations

import time

from bench.common import Table, running
from bot.client import DeployBot
from bot.clock import ManualClock, utc
from bot.sandbox.server import RateLimitPolicy
from bot.sandbox.world import World

SERVERS = 2_000
LIMIT = 50


async def fanout(table: Table) -> None:
    rate, lost, doubled, limited = await run_fanout(SERVERS)
    table.add(f"4. fan-out to {SERVERS} servers at {LIMIT}/s", f"{rate:.1f} posts/s", f"{LIMIT}/s limit",
              f"{rate / LIMIT:.2f}", "≥ 0.9", rate / LIMIT >= 0.9)  # fmt: skip
    table.add("4. fan-out lost / doubled / 429s", f"{lost} / {doubled} / {limited}", "—", "—", "0 / 0 / any",
              lost == 0 and doubled == 0)  # fmt: skip


async def run_fanout(count: int, database: str | None = None) -> tuple[float, int, int, int]:
    """One milestone to ``count`` servers: posts per second, servers left without it, servers told twice, 429s."""
    # Scheduling runs on a settable clock; the rate limits run on real time, as Discord's do.
    clock = ManualClock(utc(2021, 11, 1, 8))
    world = World(clock)
    servers = [world.add_guild(f"server-{i:04d}", ("general", "announcements")) for i in range(count)]
    world.add_member(servers[0], "member")
    policy = RateLimitPolicy(global_per_second=LIMIT, messages_per_channel=(5, 5.0))
    async with running("deploybot", clock, world, policy, database=database) as run:
        bot = run.bot
        assert isinstance(bot, DeployBot)
        for server in servers:
            channel = server.channel_named("announcements")
            await bot.guild_settings.update(server.id, clock.now(), channel_id=channel.id, announce_from=clock.now(),
                                            leads=(0,))  # fmt: skip
        await bot.dispatcher.settle()
        before = len(run.server.requests)
        clock.set(utc(2021, 11, 16, 8))  # 09:00 in Amsterdam: "this half of the month" for every server
        start = time.perf_counter()
        await bot.dispatcher.settle(timeout=600)
        elapsed = time.perf_counter() - start
        counts = [len(s.channel_named("announcements").messages) for s in servers]
        sent = [r for r in run.server.requests[before:] if r.method == "POST" and r.path.endswith("/messages")]
        limited = sum(1 for r in sent if r.status == 429)
    return sum(counts) / elapsed, counts.count(0), sum(1 for c in counts if c > 1), limited

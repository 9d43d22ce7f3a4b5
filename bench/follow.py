"""8. 100,000 members following one mission by DM: stored, planned, and a day's DMs paced under Discord's global
limit, each DM channel opened once.

100,000 DMs at 50 a second take 33 minutes, so the benchmark splits the promise in two. All 100,000 followers
are stored and planned by the members' dispatcher (memory per follower and planning time measured on all of
them). The delivery is measured on a window of 2,000 of them, each getting two DMs on two days (4,000 DMs):
on the first day every DM needs its channel opened first (two requests per DM under the one global limit), on
the second the channels come from the cache, so that day's rate is the DM rate itself. The other 98,000
followed later (their ``announce_from`` lies after the window): planned and looked at on every wake, but due
after it.
"""

from __future__ import annotations

import tempfile
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path

from bench.common import Table, running
from bot.client import DeployBot
from bot.clock import ManualClock, utc
from bot.sandbox.server import RateLimitPolicy
from bot.sandbox.world import World
from bot.schedule.dispatcher import latest_day
from bot.schedule.planning import PlanIndex
from bot.storage import Database

FOLLOWERS = 100_000
WINDOW = 2_000
LIMIT = 50
MISSION = "minusma"
FIRST_DAY = utc(2021, 11, 16, 8)  # 09:00 in Amsterdam: "this half of the month" (the rotation)
SECOND_DAY = utc(2021, 11, 30, 8)  # the arrival reported afterwards ("just in"), with the numbers it changed


async def _store(path: Path, user_ids: list[int], start: str, later: str) -> float:
    """Every follower in the database before the bot starts, as if they had followed one by one."""
    db = await Database.open(path)
    began = time.perf_counter()
    try:
        async with db.transaction() as conn:
            await conn.executemany(
                "INSERT INTO member_settings (user_id, language, leads, announce_from, updated_at) "
                "VALUES (?, 'en', '0', ?, ?)",
                [(u, start if i < WINDOW else later, start) for i, u in enumerate(user_ids)],
            )
            await conn.executemany(
                "INSERT INTO member_follows (user_id, mission, followed_at) VALUES (?, ?, ?)",
                [(u, MISSION, start) for u in user_ids],
            )
    finally:
        await db.close()
    return time.perf_counter() - began


async def follow(table: Table) -> None:
    clock = ManualClock(utc(2021, 11, 1, 8))
    world = World(clock)
    guild = world.add_guild("bench", ("general", "announcements"))
    world.add_member(guild, "member")
    users = [world.add_user(f"follower-{i:06d}") for i in range(FOLLOWERS)]
    policy = RateLimitPolicy(global_per_second=LIMIT, messages_per_channel=(5, 5.0))
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "follow.sqlite3"
        start, later = clock.now().isoformat(), (SECOND_DAY + timedelta(days=1)).isoformat()
        stored = await _store(path, [u.id for u in users], start, later)
        async with running("deploybot", clock, world, policy, database=path) as run:
            bot = run.bot
            assert isinstance(bot, DeployBot)
            await bot.settle()
            # Planning every follower, measured on its own: reading them and building the plan index; timed
            # without tracemalloc, then the memory it keeps in a pass of its own.
            snapshot = await bot.facts.snapshot(as_of=latest_day(clock.now()))
            began = time.perf_counter()
            index = PlanIndex(snapshot, await bot.members.announcing_guilds(), bot.settings.timezone)
            planning = time.perf_counter() - began
            assert len(list(index.configs())) == FOLLOWERS
            del index
            bot.members._cache.clear()  # so that the pass counts the settings the store keeps per follower too
            tracemalloc.start()
            before = tracemalloc.take_snapshot()
            index = PlanIndex(snapshot, await bot.members.announcing_guilds(), bot.settings.timezone)
            after = tracemalloc.take_snapshot()
            tracemalloc.stop()
            per_follower = sum(s.size_diff for s in after.compare_to(before, "filename")) / FOLLOWERS
            del index, before, after

            sender = bot.get_cog("Follow").sender  # type: ignore[union-attr]
            rates = []
            for day in (FIRST_DAY, SECOND_DAY):
                mark = len(run.server.requests)
                clock.set(day)
                began = time.monotonic()  # the loopback Discord stamps requests on this clock
                await bot.member_dispatcher.settle(timeout=900)
                elapsed = time.monotonic() - began
                requests = [r for r in run.server.requests[mark:] if r.status < 300]
                dms = [r for r in requests if r.method == "POST" and r.path.endswith("/messages")]
                # The pace: requests from the first to the last (the wake's planning before them is timed apart).
                span = requests[-1].at - requests[0].at
                rates.append((len(dms), (len(requests) - 1) / span, requests[0].at - began, elapsed))
            limited = sum(1 for r in run.server.requests if r.status == 429)
            opened = sum(1 for r in run.server.requests if r.path == "/users/@me/channels" and r.status < 300)
            counts = [len(world.dm_with(u).messages) if u.id in sender.channels else 0 for u in users]
    window, rest = counts[:WINDOW], counts[WINDOW:]
    lost = sum(1 for c in window if c < 2)
    doubled = sum(1 for c in window if c > 2)
    early = sum(1 for c in rest if c)
    (dms1, rate1, first1, elapsed1), (dms2, rate2, first2, elapsed2) = rates
    table.add(f"8. store {FOLLOWERS:,} followers", f"{stored:.1f} s", "—", "—", "—", None)
    table.add(f"8. plan {FOLLOWERS:,} followers", f"{planning:.1f} s", "—", "—", "—", None)
    table.add("8. memory per follower (settings + plan)", f"{per_follower:.0f} B", "—", "—", "—", None)
    table.add(f"8. day 1: {dms1} DMs, channels opened", f"{rate1:.1f} req/s", f"{LIMIT}/s limit",
              f"{rate1 / LIMIT:.2f}", "≥ 0.9", rate1 / LIMIT >= 0.9)  # fmt: skip
    table.add(f"8. day 2: {dms2} DMs, cached channels", f"{rate2:.1f} DMs/s", f"{LIMIT}/s limit",
              f"{rate2 / LIMIT:.2f}", "≥ 0.9", rate2 / LIMIT >= 0.9)  # fmt: skip
    table.add("8. first DM after the due time, day 1 / day 2", f"{first1:.1f} s / {first2:.1f} s", "—", "—", "—",
              None)  # fmt: skip
    table.add("8. whole day, due time to last DM, day 1 / day 2", f"{elapsed1:.1f} s / {elapsed2:.1f} s", "—", "—",
              "—", None)  # fmt: skip
    table.add("8. DM channels opened / members DMed", f"{opened} / {WINDOW}", "—", "—", "one each",
              opened == WINDOW)  # fmt: skip
    table.add("8. DMs lost / doubled / early / 429s", f"{lost} / {doubled} / {early} / {limited}", "—", "—",
              "0 / 0 / 0 / any", lost == 0 and doubled == 0 and early == 0)  # fmt: skip

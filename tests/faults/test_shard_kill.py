"""Two bot processes, each with one of two shards, share one database (an SQLite file, or a PostgreSQL schema in
the second pass). Each is SIGKILLed in the middle of its fan-out and started again: every server gets its post
exactly once.

One comes back on this host, where its predecessor's pid is seen gone, and settles the claims left behind at
once; the other's predecessor is made to look as if it ran on another host, so its claims are taken over only
after its lease (1.5 s here) ran out. Discord's nonce window is shortened to nothing, so only the ledger and the
channel history stand between a restart and a duplicate; some posts reach Discord while their answer is lost.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.clock import SystemClock
from bot.sandbox.server import DROPPED, LoopbackDiscord, RateLimitPolicy, RecordedRequest
from bot.shards import shard_of
from bot.storage import Database
from tests.shards.harness import copy_seed_data, drill_source, noon_zone, prepare, spread_world

SERVERS = 80
COUNT = 2
LEASE = "1.5"
KILL_AFTER = (6, 9)  # posts of shard 0 and of shard 1 before its process is killed
WHERE = "guild_id = ? AND mission = ? AND milestone = ? AND version = ? AND lead = ?"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


async def test_kill_one_process_of_two_in_the_fan_out_then_exactly_once(tmp_path: Path, database: Path | str) -> None:
    clock = SystemClock()
    zone = noon_zone(clock.now())  # "two minutes ago" is today there, at any time of day
    due_local = (clock.now() - timedelta(minutes=2)).astimezone(ZoneInfo(zone)).replace(second=0, microsecond=0)
    data_dir = copy_seed_data(tmp_path / "data")
    drill_source(data_dir, "fault-drill", (due_local - timedelta(days=1)).date().isoformat(),
                 due_local.date().isoformat())  # fmt: skip
    world, guilds = spread_world(clock, SERVERS, COUNT)
    await prepare(database, data_dir, world, guilds, clock.now(), post_time=due_local.time(), timezone=zone)
    shard_by_channel = {str(g.channel_named("announcements").id): shard_of(g.id, COUNT) for g in guilds}

    db = await Database.open(database)  # the test's own look at the shared store, through the bot's storage
    harness = LoopbackDiscord(clock, world, RateLimitPolicy(messages_per_channel=None), COUNT)
    harness.messages.nonce_window = timedelta(0)  # a repeated nonce protects nothing
    await harness.start()
    zygote = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.faults.bot_process", harness.api_base, harness.gateway_url, str(database),
        str(data_dir), stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
    )  # fmt: skip
    assert zygote.stdin is not None and zygote.stdout is not None
    pids = [0, 0]
    posts_left = list(KILL_AFTER)
    killed = [asyncio.Event(), asyncio.Event()]

    def kill_in_the_fan_out(request: RecordedRequest) -> None:
        found = re.fullmatch(r"/channels/(\d+)/messages", request.path)
        if request.method != "POST" or found is None or request.status >= 400:
            return
        shard = shard_by_channel[found.group(1)]
        if posts_left[shard] > 0:
            posts_left[shard] -= 1
            if posts_left[shard] == 0:  # the post is in Discord; its process never hears of it
                os.kill(pids[shard], signal.SIGKILL)
                killed[shard].set()

    harness.on_request = kill_in_the_fan_out

    async def start(shard: int) -> int:
        zygote.stdin.write(f"start {shard} {COUNT} {LEASE}\n".encode())  # type: ignore[union-attr]
        await zygote.stdin.drain()  # type: ignore[union-attr]
        return int(await zygote.stdout.readline())  # type: ignore[union-attr]

    try:
        with harness.install():
            # Shard 0's fourth post is created while its answer is lost: an open claim its process must settle.
            channels = "|".join(c for c, s in shard_by_channel.items() if s == 0)
            harness.inject("POST", rf"/channels/({channels})/messages", DROPPED, carried_out=True)
            pids[0], pids[1] = await start(0), await start(1)
            for shard in (0, 1):
                await asyncio.wait_for(killed[shard].wait(), 60)
                while _alive(pids[shard]):
                    await asyncio.sleep(0.005)
            progress = sum(len(g.channel_named("announcements").messages) for g in guilds)
            left = "SELECT guild_id, mission, milestone, version, lead FROM announcements WHERE state = 'claimed'"
            open_before = [tuple(row) for row in await db.fetchall(left)]
            # Shard 0's dead process looks as if it ran elsewhere: only its lease running out frees its claims.
            await db.execute("UPDATE instances SET host = 'elsewhere' WHERE pid = ?", (pids[0],))
            dead = {row[0] for row in await db.fetchall("SELECT id FROM instances WHERE pid IN (?, ?)", pids)}
            pids[0], pids[1] = await start(0), await start(1)
            for _ in range(3000):
                done = all(g.channel_named("announcements").messages for g in guilds)
                claims = await db.fetchone("SELECT COUNT(*) FROM announcements WHERE state = 'claimed'")
                if done and claims is not None and claims[0] == 0:
                    break
                await asyncio.sleep(0.01)
            for pid in pids:
                os.kill(pid, signal.SIGKILL)
            rows = await db.fetchall("SELECT guild_id, state, claimed_by FROM announcements")
            settled = {key: await db.fetchone(f"SELECT claimed_by, state FROM announcements WHERE {WHERE}", key)
                       for key in open_before}  # fmt: skip
    finally:
        zygote.stdin.close()
        await zygote.wait()
        await harness.close()
        await db.close()
    assert progress < SERVERS  # both kills landed in the middle of the fan-out
    assert {shard_of(int(row[0]), COUNT) for row in open_before} == {0, 1}  # and both left claims behind
    counts = [len(g.channel_named("announcements").messages) for g in guilds]
    assert counts == [1] * SERVERS, counts
    assert sorted(state for _, state, _ in rows) == ["sent"] * SERVERS
    for key, row in settled.items():  # each claim the dead left open was taken over by its new process, and settled
        assert row is not None and row[0] not in dead and row[1] == "sent", (key, tuple(row or ()))
    owners = {claimer: {shard_of(int(guild), COUNT) for guild, _, c in rows if c == claimer} for _, _, claimer in rows}
    assert all(len(shards) == 1 for shards in owners.values())  # a process posted only to its own shard

"""SIGKILL the bot at 50 random points during a fan-out; restart it each time; every post exists exactly once.

Every restart counts as late: Discord's nonce window is shortened to nothing, as if each restart came more than
5 minutes after the kill, so a repeated nonce no longer saves the bot from a duplicate. And some posts are
created by Discord while the answer is lost (an unknown outcome), so the running bot must settle them too.
"""

from __future__ import annotations

import asyncio
import os
import random
import shutil
import signal
import sqlite3
import sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.clock import SystemClock
from bot.facts.parse import load_facts
from bot.sandbox.server import DROPPED, LoopbackDiscord, RateLimitPolicy, RecordedRequest
from bot.sandbox.world import World
from bot.storage import Database
from bot.storage.facts import FactStore
from bot.storage.guilds import GuildStore
from tests.paths import SEED_DATA_DIR

pytestmark = pytest.mark.single_pass  # reads the file with sqlite3; across processes on PostgreSQL: the shards work

SERVERS = 150
KILLS = 50
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def _data_with_a_milestone_due_now(root: Path, due_local: datetime) -> None:
    shutil.copytree(SEED_DATA_DIR, root)
    published = (due_local - timedelta(days=1)).date().isoformat()
    (root / "sources" / "fault-drill.toml").write_text(
        f"""[source]
id = "fault-drill"
publisher = "Drill"
title = "A milestone due now"
published = "{published}"
language = "en"

[[milestone]]
mission = "erbil"
paragraph = 1
kind = "announcement"
date = "{due_local.date().isoformat()}"
certainty = "confirmed"
""",
        encoding="utf-8",
    )


def _open_claims(database: Path) -> int:
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM announcements WHERE state = 'claimed'").fetchone()[0])


async def test_sigkill_at_fifty_points_then_exactly_once(tmp_path: Path) -> None:
    clock = SystemClock()
    due_local = (clock.now() - timedelta(minutes=2)).astimezone(AMSTERDAM).replace(second=0, microsecond=0)
    data_dir, database = tmp_path / "data", tmp_path / "bot.sqlite3"
    _data_with_a_milestone_due_now(data_dir, due_local)

    world = World(clock)
    servers = [world.add_guild(f"server-{i:03d}", ("announcements",)) for i in range(SERVERS)]
    db = await Database.open(database)
    await FactStore(db).apply(load_facts(data_dir), clock.now())
    store = GuildStore(db)
    for server in servers:
        await store.update(
            server.id,
            clock.now(),
            channel_id=server.channel_named("announcements").id,
            announce_from=clock.now() - timedelta(hours=1),
            leads=(0,),
            post_time=due_local.time(),
        )
    await db.close()

    harness = LoopbackDiscord(clock, world, RateLimitPolicy(messages_per_channel=None))
    harness.messages.nonce_window = timedelta(0)  # every restart is a late one: the nonce protects nothing
    await harness.start()
    zygote = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.faults.bot_process", harness.api_base, harness.gateway_url, str(database),
        str(data_dir), stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
    )  # fmt: skip
    assert zygote.stdin is not None and zygote.stdout is not None
    rng = random.Random(20201120)
    progress: list[int] = []  # posts in Discord after each kill
    current = {"pid": 0, "posts_left": 0}

    def kill_after_some_posts(request: RecordedRequest) -> None:
        if request.method == "POST" and request.path.endswith("/messages") and current["posts_left"] > 0:
            current["posts_left"] -= 1
            if current["posts_left"] == 0:
                os.kill(current["pid"], signal.SIGKILL)  # the post reached Discord; the ledger never hears of it

    harness.on_request = kill_after_some_posts

    async def start_bot() -> int:
        zygote.stdin.write(b"start\n")  # type: ignore[union-attr]
        await zygote.stdin.drain()  # type: ignore[union-attr]
        return int(await zygote.stdout.readline())  # type: ignore[union-attr]

    def alive(pid: int) -> bool:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True

    try:
        with harness.install():
            for point in range(KILLS):
                harness.connected.clear()
                pid = await start_bot()
                current.update(pid=pid, posts_left=0)
                if point % 5 == 1:  # Discord creates a post but the answer is lost, then the kill comes later
                    harness.inject("POST", r"/channels/\d+/messages", DROPPED, times=2, carried_out=True)
                if point % 2 == 0:  # after 1-3 posts reach Discord
                    current["posts_left"] = rng.randint(1, 3)
                    for _ in range(400):
                        if not alive(pid) or all(s.channel_named("announcements").messages for s in servers):
                            break
                        await asyncio.sleep(0.01)
                else:  # at a random moment: starting, recovering, claiming, sending or recording
                    await asyncio.wait_for(harness.connected.wait(), 30)
                    await asyncio.sleep(rng.uniform(0, 0.06))
                if alive(pid):
                    os.kill(pid, signal.SIGKILL)
                while alive(pid):
                    await asyncio.sleep(0.005)
                progress.append(sum(len(s.channel_named("announcements").messages) for s in servers))

            pid = await start_bot()  # the last one may finish the work
            current.update(pid=pid, posts_left=0)
            for _ in range(3000):
                done = all(s.channel_named("announcements").messages for s in servers)
                if done and _open_claims(database) == 0:
                    break
                await asyncio.sleep(0.01)
            os.kill(pid, signal.SIGKILL)
    finally:
        zygote.stdin.close()
        await zygote.wait()
        await harness.close()

    assert len(progress) == KILLS and progress[-1] < SERVERS  # every kill landed in the middle of the fan-out
    counts = [len(s.channel_named("announcements").messages) for s in servers]
    assert counts == [1] * SERVERS, counts
    assert _open_claims(database) == 0
    with sqlite3.connect(database) as conn:
        sent = conn.execute("SELECT COUNT(*) FROM announcements WHERE state = 'sent'").fetchone()[0]
    assert sent == SERVERS

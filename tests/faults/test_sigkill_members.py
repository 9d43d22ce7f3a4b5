"""The SIGKILL drill of ``test_sigkill`` over members following by DM: kill the bot at 20 points during a DM
fan-out (after 1-3 DMs reached Discord, or at a random moment; some DMs created while their answer is lost),
restart it each time with the nonce protecting nothing: every member gets their DM exactly once."""

from __future__ import annotations

import asyncio
import os
import random
import signal
import sqlite3
import sys
from datetime import timedelta
from pathlib import Path

from bot.clock import SystemClock
from bot.facts.parse import load_facts
from bot.i18n import Language
from bot.member_config import MemberConfig
from bot.sandbox.server import DROPPED, LoopbackDiscord, RateLimitPolicy, RecordedRequest
from bot.sandbox.world import World
from bot.storage import Database
from bot.storage.facts import FactStore
from bot.storage.members import MemberStore
from tests.faults.test_sigkill import AMSTERDAM, _data_with_a_milestone_due_now

MEMBERS = 60
KILLS = 20


def _open_claims(database: Path) -> int:
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM member_announcements WHERE state = 'claimed'").fetchone()[0])


async def test_sigkill_during_a_dm_fan_out_then_exactly_once(tmp_path: Path) -> None:
    clock = SystemClock()
    due_local = (clock.now() - timedelta(minutes=2)).astimezone(AMSTERDAM).replace(second=0, microsecond=0)
    data_dir, database = tmp_path / "data", tmp_path / "bot.sqlite3"
    _data_with_a_milestone_due_now(data_dir, due_local)

    world = World(clock)
    world.add_guild("home", ("announcements",))
    users = [world.add_user(f"follower-{i:03d}") for i in range(MEMBERS)]
    dms = [world.dm_with(u) for u in users]  # Discord keeps one DM channel per user: the bot opens these
    db = await Database.open(database)
    await FactStore(db).apply(load_facts(data_dir), clock.now())
    store = MemberStore(db)
    since = clock.now() - timedelta(hours=1)
    for user in users:
        config = MemberConfig(
            user.id, Language.EN, missions=frozenset({"erbil"}), leads=(0,), post_time=due_local.time(),
            timezone="Europe/Amsterdam", announce_from=since,
        )  # fmt: skip
        await store.change(user.id, since, lambda _c, config=config: config)
    await db.close()

    harness = LoopbackDiscord(clock, world, RateLimitPolicy(messages_per_channel=None))
    harness.messages.nonce_window = timedelta(0)
    await harness.start()
    zygote = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.faults.bot_process", harness.api_base, harness.gateway_url, str(database),
        str(data_dir), stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
    )  # fmt: skip
    assert zygote.stdin is not None and zygote.stdout is not None
    rng = random.Random(20210101)
    progress: list[int] = []
    current = {"pid": 0, "posts_left": 0}

    def kill_after_some_dms(request: RecordedRequest) -> None:
        if request.method == "POST" and request.path.endswith("/messages") and current["posts_left"] > 0:
            current["posts_left"] -= 1
            if current["posts_left"] == 0:
                os.kill(current["pid"], signal.SIGKILL)

    harness.on_request = kill_after_some_dms

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
                if point % 5 == 1:
                    harness.inject("POST", r"/channels/\d+/messages", DROPPED, times=2, carried_out=True)
                if point % 2 == 0:
                    current["posts_left"] = rng.randint(1, 3)
                    for _ in range(400):
                        if not alive(pid) or all(dm.messages for dm in dms):
                            break
                        await asyncio.sleep(0.01)
                else:
                    await asyncio.wait_for(harness.connected.wait(), 30)
                    await asyncio.sleep(rng.uniform(0, 0.06))
                if alive(pid):
                    os.kill(pid, signal.SIGKILL)
                while alive(pid):
                    await asyncio.sleep(0.005)
                progress.append(sum(len(dm.messages) for dm in dms))

            pid = await start_bot()
            current.update(pid=pid, posts_left=0)
            for _ in range(3000):
                if all(dm.messages for dm in dms) and _open_claims(database) == 0:
                    break
                await asyncio.sleep(0.01)
            os.kill(pid, signal.SIGKILL)
    finally:
        zygote.stdin.close()
        await zygote.wait()
        await harness.close()

    assert 0 < progress[-1] < MEMBERS, progress  # every kill landed in the middle of the fan-out
    assert [len(dm.messages) for dm in dms] == [1] * MEMBERS
    assert _open_claims(database) == 0
    with sqlite3.connect(database) as conn:
        sent = conn.execute("SELECT COUNT(*) FROM member_announcements WHERE state = 'sent'").fetchone()[0]
    assert sent == MEMBERS

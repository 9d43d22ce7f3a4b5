"""7. One milestone announced to N servers (default 20,000) by 1, 2 and 4 processes sharing one SQLite file.

Four shards in every run: one process holds all four, two hold two each, four hold one each. Each process is a
real subprocess with its own connections; the loopback Discord (in this process) enforces Discord's global
limit of 50 requests a second per bot across all of them, as Discord does. Each process paces itself at its
share of 48 posts a second (its shards' part of all shards), so together they stay under the limit.

The rate is the posts divided by the time from the first post to the last, over all processes; lost and
doubled count the servers with no post and with more than one.
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.common import ROOT, Table
from bot.clock import SystemClock
from bot.facts.parse import load_facts
from bot.sandbox.server import LoopbackDiscord, RateLimitPolicy
from bot.sandbox.world import World
from bot.storage import Database
from bot.storage.facts import FactStore
from bot.storage.guilds import GuildStore

SERVERS = 20_000
SHARD_COUNT = 4
LAYOUTS = {1: ["0-3"], 2: ["0-1", "2-3"], 4: ["0", "1", "2", "3"]}
LIMIT = 50
SEED_DATA = ROOT / "tests" / "seed_data"  # 2020-2023: nothing else falls due today


def noon_zone(now: datetime) -> str:
    """A fixed-offset zone where it is about noon now: "due a minute ago, today" stays today for hours."""
    hours = 12 - now.astimezone(UTC).hour
    return f"Etc/GMT{'-' if hours > 0 else '+'}{abs(hours)}" if hours else "Etc/GMT"


def _drill(data_dir: Path, due_local: datetime) -> None:
    shutil.copytree(SEED_DATA, data_dir)
    (data_dir / "sources" / "bench-drill.toml").write_text(
        f"""[source]
id = "bench-drill"
publisher = "Bench"
title = "A milestone due now"
published = "{(due_local - timedelta(days=1)).date().isoformat()}"
language = "en"

[[milestone]]
mission = "erbil"
paragraph = 1
kind = "announcement"
key = "bench-drill"
date = "{due_local.date().isoformat()}"
certainty = "confirmed"
""",
        encoding="utf-8",
    )


async def _prepare(database: Path, data_dir: Path, world: World, zone: str, due_local: datetime) -> None:
    now = SystemClock().now()
    db = await Database.open(database)
    try:
        await FactStore(db).apply(load_facts(data_dir), now)
        store = GuildStore(db)
        for guild in world.guilds.values():
            await store.update(guild.id, now, channel_id=guild.channel_named("announcements").id,
                               announce_from=now - timedelta(hours=1), leads=(0,), post_time=due_local.time(),
                               timezone=zone)  # fmt: skip
    finally:
        await db.close()


def _open_claims(database: Path) -> int:
    with sqlite3.connect(database, timeout=10) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM announcements WHERE state = 'claimed'").fetchone()[0])


async def _run(processes: int, servers: int, scratch: Path) -> tuple[int, float, int, int, int]:
    """One fan-out: posts, posts per second, lost, doubled, 429s."""
    clock = SystemClock()
    zone = noon_zone(clock.now())
    due_local = (clock.now() - timedelta(minutes=2)).astimezone(ZoneInfo(zone)).replace(second=0, microsecond=0)
    run_dir = scratch / f"run-{processes}"
    data_dir, database = run_dir / "data", run_dir / "bot.sqlite3"
    _drill(data_dir, due_local)
    world = World(clock)
    guilds = [world.add_guild(f"server-{i:05d}", ("announcements",), shard=(i % SHARD_COUNT, SHARD_COUNT))
              for i in range(servers)]  # fmt: skip
    await _prepare(database, data_dir, world, zone, due_local)
    server = LoopbackDiscord(clock, world, RateLimitPolicy(global_per_second=LIMIT, messages_per_channel=(5, 5.0)),
                             SHARD_COUNT)  # fmt: skip
    await server.start()
    children: list[asyncio.subprocess.Process] = []
    try:
        for shards in LAYOUTS[processes]:
            child = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bench.shard_process", server.api_base, server.gateway_url, str(database),
                str(data_dir), shards, str(SHARD_COUNT), stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
            )  # fmt: skip
            children.append(child)
        for child in children:
            assert child.stdout is not None
            await child.stdout.readline()  # ready
        for child in children:
            assert child.stdin is not None
            child.stdin.write(b"go\n")
            await child.stdin.drain()
        deadline = time.monotonic() + servers / (0.8 * LIMIT) + 120
        while time.monotonic() < deadline:
            if all(g.channel_named("announcements").messages for g in guilds) and _open_claims(database) == 0:
                break
            await asyncio.sleep(0.5)
        await asyncio.sleep(1)  # a straggling duplicate would show now
    finally:
        for child in children:
            with contextlib.suppress(ProcessLookupError):
                child.kill()
            await child.wait()
        await server.close()
    counts = [len(g.channel_named("announcements").messages) for g in guilds]
    sent = [r for r in server.requests if r.method == "POST" and r.path.endswith("/messages")]
    ok = [r.at for r in sent if r.status < 300]
    limited = sum(1 for r in server.requests if r.status == 429)
    rate = (len(ok) - 1) / (max(ok) - min(ok)) if len(ok) > 1 else 0.0
    shutil.rmtree(run_dir, ignore_errors=True)
    return sum(counts), rate, counts.count(0), sum(1 for c in counts if c > 1), limited


async def shards(table: Table, servers: int = SERVERS, layouts: list[int] | None = None) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        for processes in layouts or sorted(LAYOUTS):
            print(f"  {servers} servers, {processes} process(es) …", file=sys.stderr, flush=True)
            posts, rate, lost, doubled, limited = await _run(processes, servers, Path(scratch))
            name = f"7. fan-out to {servers} servers, {processes} process(es), {SHARD_COUNT} shards"
            table.add(name, f"{rate:.1f} posts/s", f"{LIMIT}/s limit", f"{rate / LIMIT:.2f}", "≥ 0.9",
                      rate / LIMIT >= 0.9)  # fmt: skip
            table.add(f"7. … {processes} process(es): posts / lost / doubled / 429s",
                      f"{posts} / {lost} / {doubled} / {limited}", "—", "—", f"{servers} / 0 / 0 / any",
                      lost == 0 and doubled == 0 and posts == servers)  # fmt: skip

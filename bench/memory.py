"""6. Resident memory of the bot connected to 1,000 servers, against a bare discord.py client with the same servers.

Each variant runs in a fresh process (harness and client in one process, as in the other benchmarks), so
neither inherits the other's heap. The bare client uses discord.py's default intents, as a minimal bot would.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys

from bench.common import Table

GUILDS = 1_000
RUNS = 2


def resident_kib() -> int:
    with open("/proc/self/status", encoding="utf-8") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS in /proc/self/status")


async def child(kind: str) -> None:
    from bench.common import running
    from bot.clock import SystemClock
    from bot.sandbox.world import World

    clock = SystemClock()
    world = World(clock)
    for i in range(GUILDS):
        guild = world.add_guild(f"server-{i:04d}", ("general", "announcements"))
        for j in range(5):
            world.add_member(guild, f"member-{i}-{j}")
    async with running("bare-client" if kind == "bare" else kind, clock, world):
        await asyncio.sleep(0.5)  # let the last GUILD_CREATEs settle into the cache
        print(resident_kib())


def measure(kind: str) -> int:
    result = subprocess.run(
        [sys.executable, "-m", "bench.memory", kind], capture_output=True, text=True, check=True, timeout=300
    )
    return int(result.stdout.strip().splitlines()[-1])


async def memory(table: Table) -> None:
    ours, bare = [], []
    for _ in range(RUNS):
        bare.append(measure("bare"))
        ours.append(measure("deploybot"))
    a, b = min(ours), min(bare)
    table.add(f"6. memory with {GUILDS} servers (RSS)", f"{a / 1024:.1f} MiB", f"{b / 1024:.1f} MiB",
              f"{a / b:.2f}×", "≤ 1.2×", a / b <= 1.2)  # fmt: skip


if __name__ == "__main__":
    import logging

    logging.basicConfig(level=logging.CRITICAL)
    asyncio.run(child(sys.argv[1]))

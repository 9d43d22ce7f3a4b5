"""1. /mission erbil round trip against a bare discord.py bot; 2. a burst of 500 interactions at once."""

from __future__ import annotations

import asyncio
import time

from bench.common import Table, percentile, running

ROUNDS = 4
PER_ROUND = 100
WARMUP = 20
BURST = 500


async def _sample(kind: str, count: int) -> list[float]:
    async with running(kind) as run:
        for _ in range(WARMUP):
            await run.driver.slash("mission", name="erbil")
        samples = []
        for _ in range(count):
            start = time.perf_counter()
            await run.driver.slash("mission", name="erbil")
            samples.append(time.perf_counter() - start)
        return samples


async def roundtrip(table: Table) -> None:
    ours: list[float] = []
    bare: list[float] = []
    for _ in range(ROUNDS):  # alternate, so drift on a shared machine hits both alike
        bare += await _sample("bare", PER_ROUND)
        ours += await _sample("deploybot", PER_ROUND)
    for name, p, target in (("p50", 50, 1.15), ("p99", 99, 1.3)):
        a, b = percentile(ours, p), percentile(bare, p)
        table.add(f"1. /mission round trip {name}", f"{a * 1000:.2f} ms", f"{b * 1000:.2f} ms", f"{a / b:.2f}×",
                  f"≤ {target}×", a / b <= target)  # fmt: skip


async def _burst(kind: str) -> tuple[int, float]:
    async with running(kind) as run:
        await run.driver.slash("mission", name="erbil")

        async def one() -> float | None:
            start = time.perf_counter()
            try:
                await run.driver.slash("mission", name="erbil")
            except Exception:
                return None
            return time.perf_counter() - start

        results = await asyncio.gather(*(one() for _ in range(BURST)))
        answered = [r for r in results if r is not None and r <= 3.0]
        done = [r for r in results if r is not None]
        return len(answered), percentile(done, 99) if done else float("inf")


async def burst(table: Table) -> None:
    ours_ok, ours_p99 = await _burst("deploybot")
    bare_ok, bare_p99 = await _burst("bare")
    table.add(f"2. burst of {BURST}: answered in 3 s", f"{ours_ok}/{BURST}", f"{bare_ok}/{BURST}", "—",
              f"{BURST}/{BURST}", ours_ok == BURST)  # fmt: skip
    table.add("2. burst p99", f"{ours_p99 * 1000:.0f} ms", f"{bare_p99 * 1000:.0f} ms",
              f"{ours_p99 / bare_p99:.2f}×", "—", None)  # fmt: skip

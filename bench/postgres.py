"""9. The /mission round trip and the fan-out on PostgreSQL against SQLite, in the same run (ratios).

The server is ``DEPLOYBOT_BENCH_DATABASE`` (default ``postgresql://127.0.0.1/test``); each measurement runs in a
fresh schema that is dropped afterwards.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import AsyncIterator

import asyncpg

from bench.common import Table, median, percentile
from bench.fanout import LIMIT, run_fanout
from bench.roundtrip import PER_ROUND, WARMUP, _sample

URL = os.environ.get("DEPLOYBOT_BENCH_DATABASE") or "postgresql://127.0.0.1/test"
ROUNDS = 6
FANOUT_SERVERS = 500


@contextlib.asynccontextmanager
async def schema(url: str = URL) -> AsyncIterator[str]:
    """A URL whose connections work in a new scratch schema of ``url``'s database, dropped afterwards (with any
    connection a killed process left behind)."""
    name = f"deploybot_bench_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(url)
    try:
        await admin.execute(f"CREATE SCHEMA {name}")
    finally:
        await admin.close()
    try:
        yield url + ("&" if "?" in url else "?") + f"search_path={name}&application_name={name}"
    finally:
        admin = await asyncpg.connect(url)
        try:
            await admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1", name
            )
            await admin.execute(f"DROP SCHEMA {name} CASCADE")
        finally:
            await admin.close()


async def postgres(table: Table) -> None:
    assert WARMUP > 0
    rounds: list[dict[str, list[float]]] = []
    for number in range(ROUNDS):  # alternating order: the machine is shared, neighbours compare fairly
        samples: dict[str, list[float]] = {}
        for kind in ("sqlite", "postgresql") if number % 2 else ("postgresql", "sqlite"):
            if kind == "sqlite":
                samples[kind] = await _sample("deploybot", PER_ROUND)
            else:
                async with schema() as url:
                    samples[kind] = await _sample("deploybot", PER_ROUND, database=url)
        rounds.append(samples)
    pooled = {kind: [s for r in rounds for s in r[kind]] for kind in ("sqlite", "postgresql")}
    for name, p in (("p50", 50), ("p99", 99)):
        ratio = median([percentile(r["postgresql"], p) / percentile(r["sqlite"], p) for r in rounds])
        table.add(f"9. /mission {name} on PostgreSQL vs SQLite", f"{percentile(pooled['postgresql'], p) * 1000:.2f} ms",
                  f"{percentile(pooled['sqlite'], p) * 1000:.2f} ms", f"{ratio:.2f}×", "—", None)  # fmt: skip

    lite_rate, lite_lost, lite_doubled, _ = await run_fanout(FANOUT_SERVERS)
    async with schema() as url:
        pg_rate, pg_lost, pg_doubled, _ = await run_fanout(FANOUT_SERVERS, database=url)
    table.add(f"9. fan-out to {FANOUT_SERVERS} servers on PostgreSQL vs SQLite", f"{pg_rate:.1f} posts/s",
              f"{lite_rate:.1f} posts/s", f"{pg_rate / lite_rate:.2f}", f"≥ 0.9 × {LIMIT}/s",
              pg_rate / LIMIT >= 0.9)  # fmt: skip
    table.add("9. fan-out lost / doubled, PostgreSQL (SQLite)", f"{pg_lost} / {pg_doubled}",
              f"{lite_lost} / {lite_doubled}", "—", "0 / 0", pg_lost == pg_doubled == 0)  # fmt: skip

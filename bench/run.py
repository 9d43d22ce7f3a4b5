"""Run every benchmark and print one table: ``python -m bench.run [names...]``."""

from __future__ import annotations

import argparse
import asyncio
import importlib
import logging
import sys

from bench.common import Table

BENCHMARKS = {  # name: (module, function)
    "roundtrip": ("bench.roundtrip", "roundtrip"),
    "burst": ("bench.roundtrip", "burst"),
    "planning": ("bench.planning", "planning"),
    "fanout": ("bench.fanout", "fanout"),
    "loading": ("bench.loading", "loading"),
    "memory": ("bench.memory", "memory"),
    "stalls": ("bench.stalls", "stalls"),
    "timeline": ("bench.timeline", "timeline"),
    "follow": ("bench.follow", "follow"),
    "postgres": ("bench.postgres", "postgres"),
    "shards": ("bench.shards", "shards"),
    "drafting": ("bench.drafting", "drafting"),
}


async def main(names: list[str], shard_options: dict[str, object] | None = None) -> int:
    table = Table()
    for name in names:
        print(f"running {name} …", file=sys.stderr, flush=True)
        module, function = BENCHMARKS[name]
        run = getattr(importlib.import_module(module), function)
        if name == "shards" and shard_options:
            await run(table, **shard_options)
        else:
            await run(table)
    print(table.render())
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("names", nargs="*", help=f"some of: {', '.join(BENCHMARKS)} (default: all)")
    parser.add_argument("--servers", type=int, help="shards only: servers to fan out to (default 20,000)")
    parser.add_argument(
        "--database",
        metavar="URL",
        help="shards only: share a postgresql:// database (a scratch schema per run, dropped after) instead of an "
        "SQLite file",
    )
    parser.add_argument(
        "--processes",
        type=lambda text: tuple(int(n) for n in text.split(",")),
        help="shards only: the process counts to run, of 1,2,4 (default all three)",
    )
    args = parser.parse_args()
    if args.processes and not set(args.processes) <= {1, 2, 4}:
        parser.error("--processes: choose from 1, 2 and 4 (four shards are spread over them)")
    options = {"servers": args.servers, "database": args.database, "processes": args.processes}
    shard_options = {key: value for key, value in options.items() if value is not None}
    logging.basicConfig(level=logging.ERROR)
    logging.getLogger("discord").setLevel(logging.CRITICAL)
    unknown = [n for n in args.names if n not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark {unknown[0]!r}; choose from {', '.join(BENCHMARKS)}")
    sys.exit(asyncio.run(main(args.names or list(BENCHMARKS), shard_options)))

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
}


async def main(names: list[str], servers: int | None = None, processes: list[int] | None = None) -> int:
    table = Table()
    for name in names:
        print(f"running {name} …", file=sys.stderr, flush=True)
        module, function = BENCHMARKS[name]
        run = getattr(importlib.import_module(module), function)
        if name == "shards":
            await run(table, **({"servers": servers} if servers is not None else {}), layouts=processes)
        else:
            await run(table)
    print(table.render())
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("names", nargs="*", help=f"some of: {', '.join(BENCHMARKS)} (default: all)")
    parser.add_argument("--servers", type=int, help="shards only: servers to fan out to (default 20,000)")
    parser.add_argument("--processes", type=int, action="append", choices=(1, 2, 4),
                        help="shards only: 1, 2 or 4 processes; repeat for several (default all)")  # fmt: skip
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    logging.getLogger("discord").setLevel(logging.CRITICAL)
    unknown = [n for n in args.names if n not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark {unknown[0]!r}; choose from {', '.join(BENCHMARKS)}")
    sys.exit(asyncio.run(main(args.names or list(BENCHMARKS), args.servers, args.processes)))

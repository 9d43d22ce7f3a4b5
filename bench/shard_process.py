"""One process of a sharded deploybot on the loopback Discord, for ``bench.shards``.

    python -m bench.shard_process API_BASE GATEWAY_URL DATABASE DATA_DIR SHARDS SHARD_COUNT

It imports and opens everything, prints ``ready``, and connects when a line arrives on standard input, so that
all processes of a run start their fan-out together (the start-up of an interpreter is not what is measured).
"""

from __future__ import annotations

import asyncio
import logging
import sys

import discord
import yarl

from bot.client import ShardedDeployBot, make_bot
from bot.sandbox.session import SANDBOX_TOKEN
from bot.settings import load_settings


async def run(api: str, gateway: str, database: str, data_dir: str, shards: str, count: str) -> None:
    discord.http.Route.BASE = api
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway)
    environ = {"DEPLOYBOT_DATABASE": database, "DEPLOYBOT_DATA_DIR": data_dir, "DEPLOYBOT_SHARDS": shards,
               "DEPLOYBOT_SHARD_COUNT": count}  # fmt: skip
    bot = make_bot(load_settings(environ, env_file=None), guild_ready_timeout=0.05, freeze_heap=True)
    if isinstance(bot, ShardedDeployBot):
        bot.identify_interval = 0  # the loopback Discord does not limit IDENTIFYs
    print("ready", flush=True)
    await asyncio.to_thread(sys.stdin.readline)
    await bot.start(SANDBOX_TOKEN)


if __name__ == "__main__":
    logging.basicConfig(level=logging.ERROR, format="bench process: %(levelname)s %(name)s: %(message)s")
    logging.getLogger("discord").setLevel(logging.CRITICAL)
    asyncio.run(run(*sys.argv[1:7]))

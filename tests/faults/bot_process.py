"""The real bot in processes of its own, for tests that kill it with SIGKILL.

A zygote imports everything once, then forks a fresh bot for each ``start`` line on standard input and
prints its pid: killing and restarting the bot 50 times costs milliseconds each, not a Python start-up.

    python -m tests.faults.bot_process API_BASE GATEWAY_URL DATABASE DATA_DIR

``start`` runs the plain unsharded bot; ``start SHARDS COUNT [LEASE]`` one process of a sharded bot (such as
``start 0-1 4 2.0``: shards 0 and 1 of 4, a lease of 2 seconds).
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys

import discord
import yarl

from bot.client import ShardedDeployBot, make_bot
from bot.sandbox.session import SANDBOX_TOKEN
from bot.settings import load_settings


async def run_bot(api: str, gateway: str, database: str, data_dir: str, *sharding: str) -> None:
    discord.http.Route.BASE = api
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway)
    environ = {"DEPLOYBOT_DATABASE": database, "DEPLOYBOT_DATA_DIR": data_dir}
    if sharding:
        environ |= {"DEPLOYBOT_SHARDS": sharding[0], "DEPLOYBOT_SHARD_COUNT": sharding[1]}
    lease = float(sharding[2]) if len(sharding) > 2 else 60.0
    bot = make_bot(load_settings(environ, env_file=None), guild_ready_timeout=0.05, lease_seconds=lease)
    if isinstance(bot, ShardedDeployBot):
        bot.identify_interval = 0  # the loopback Discord does not limit IDENTIFYs
    await bot.start(SANDBOX_TOKEN)


def zygote(args: list[str]) -> None:
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # killed bots are reaped automatically
    for line in sys.stdin:
        words = line.split()
        if not words or words[0] != "start":
            continue
        pid = os.fork()
        if pid == 0:
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            try:
                asyncio.run(run_bot(*args, *words[1:]))
            finally:
                os._exit(0)
        print(pid, flush=True)


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING, format="bot: %(levelname)s %(name)s: %(message)s")
    logging.getLogger("discord").setLevel(logging.CRITICAL)
    zygote(sys.argv[1:5])

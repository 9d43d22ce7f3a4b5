"""The real bot in processes of its own, for tests that kill it with SIGKILL.

A zygote imports everything once, then forks a fresh bot for each ``start`` line on standard input and
prints its pid: killing and restarting the bot 50 times costs milliseconds each, not a Python start-up.

    python -m tests.faults.bot_process API_BASE GATEWAY_URL DATABASE DATA_DIR
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys

import discord
import yarl

from bot.client import DeployBot
from bot.sandbox.session import SANDBOX_TOKEN
from bot.settings import load_settings


async def run_bot(api: str, gateway: str, database: str, data_dir: str) -> None:
    discord.http.Route.BASE = api
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway)
    settings = load_settings({"DEPLOYBOT_DATABASE": database, "DEPLOYBOT_DATA_DIR": data_dir}, env_file=None)
    bot = DeployBot(settings, guild_ready_timeout=0.05)
    await bot.start(SANDBOX_TOKEN)


def zygote(args: list[str]) -> None:
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # killed bots are reaped automatically
    for line in sys.stdin:
        if line.strip() != "start":
            continue
        pid = os.fork()
        if pid == 0:
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            try:
                asyncio.run(run_bot(*args))
            finally:
                os._exit(0)
        print(pid, flush=True)


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING, format="bot: %(levelname)s %(name)s: %(message)s")
    logging.getLogger("discord").setLevel(logging.CRITICAL)
    zygote(sys.argv[1:5])

"""Shared pieces of the benchmarks: the two bots on the loopback Discord, statistics, a result table."""

from __future__ import annotations

import asyncio
import contextlib
import statistics
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import DeployBot
from bot.clock import Clock, SystemClock
from bot.facts.parse import load_facts
from bot.facts.snapshot import Snapshot
from bot.i18n import Language
from bot.render.missions import mission_card
from bot.sandbox.driver import Actor, Driver
from bot.sandbox.server import LoopbackDiscord, RateLimitPolicy
from bot.sandbox.session import SANDBOX_TOKEN
from bot.sandbox.world import World
from bot.settings import load_settings
from bot.storage import Database
from bot.storage.facts import FactStore

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[index]


def median(samples: list[float]) -> float:
    return statistics.median(samples)


@dataclass
class Row:
    name: str
    ours: str
    baseline: str
    ratio: str
    target: str
    verdict: str


@dataclass
class Table:
    rows: list[Row] = field(default_factory=list)

    def add(self, name: str, ours: str, baseline: str, ratio: str, target: str, ok: bool | None) -> None:
        verdict = "—" if ok is None else ("met" if ok else "MISSED")
        self.rows.append(Row(name, ours, baseline, ratio, target, verdict))

    def render(self) -> str:
        head = Row("benchmark", "deploybot", "baseline", "ratio", "target", "result")
        rows = [head, *self.rows]
        widths = [
            max(len(getattr(r, f)) for r in rows) for f in ("name", "ours", "baseline", "ratio", "target", "verdict")
        ]
        lines = []
        for i, r in enumerate(rows):
            cells = [r.name, r.ours, r.baseline, r.ratio, r.target, r.verdict]
            lines.append("| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |")
            if i == 0:
                lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
        return "\n".join(lines)


class BareBot(commands.Bot):
    """The baseline: a discord.py bot that answers /mission with a fixed string."""

    def __init__(self) -> None:
        intents = discord.Intents.none()
        intents.guilds = True
        super().__init__(command_prefix=commands.when_mentioned, intents=intents, guild_ready_timeout=0.05)

        @app_commands.command(name="mission", description="A fixed answer")
        async def mission(interaction: discord.Interaction, name: str) -> None:
            await interaction.response.send_message("Erbil: 100-150 personnel, January 2021.")

        self.tree.add_command(mission)


class BareEmbedBot(commands.Bot):
    """A second baseline: a bare bot answering /mission with the very embed deploybot sends, fixed.

    Set against it, the round trip shows what deploybot's own code costs, apart from carrying the card.
    """

    def __init__(self) -> None:
        intents = discord.Intents.none()
        intents.guilds = True
        super().__init__(command_prefix=commands.when_mentioned, intents=intents, guild_ready_timeout=0.05)
        facts = load_facts(DATA_DIR)
        snapshot = Snapshot(facts, SystemClock().now().date())
        view = snapshot.mission("erbil")
        assert view is not None
        card = discord.Embed.from_dict(mission_card(view, snapshot, Language.EN))

        @app_commands.command(name="mission", description="A fixed card")
        async def mission(interaction: discord.Interaction, name: str) -> None:
            await interaction.response.send_message(embed=card)

        self.tree.add_command(mission)


class BareClient(discord.Client):
    """The memory baseline: a plain discord.py client with the default intents, as a minimal bot would have."""

    def __init__(self) -> None:
        super().__init__(intents=discord.Intents.default(), guild_ready_timeout=0.05)
        self.tree = app_commands.CommandTree(self)


@dataclass
class Running:
    server: LoopbackDiscord
    bot: discord.Client
    driver: Driver
    world: World


@contextlib.asynccontextmanager
async def running(
    kind: str,
    clock: Clock | None = None,
    world: World | None = None,
    policy: RateLimitPolicy | None = None,
    database: Path | str | None = None,
    data_dir: Path = DATA_DIR,
    owner_ids: frozenset[int] = frozenset(),
) -> AsyncIterator[Running]:
    """``kind`` is "bare", "bare-client" or "deploybot"; each runs on the same harness in this process.

    deploybot reads its facts from ``data_dir``; ``owner_ids`` may run ``/owner`` commands.
    """
    clock = clock or SystemClock()
    world = world or World(clock)
    if not world.guilds:
        guild = world.add_guild("Bench", ("general", "announcements"))
        world.add_member(guild, "member")
    guild = next(iter(world.guilds.values()))
    member = next(m for m in guild.members.values() if not m.user.bot and m.user.id != guild.owner_id)
    server = LoopbackDiscord(clock, world, policy or RateLimitPolicy(messages_per_channel=None))
    await server.start()
    with tempfile.TemporaryDirectory() as scratch:
        bot: BareBot | BareEmbedBot | BareClient | DeployBot
        if kind == "bare":
            bot = BareBot()
        elif kind == "bare-embed":
            bot = BareEmbedBot()
        elif kind == "bare-client":
            bot = BareClient()
        else:
            settings = load_settings({"DEPLOYBOT_DATA_DIR": str(data_dir)}, env_file=None)
            path = database or Path(scratch) / "bench.sqlite3"
            db = await Database.open(path)
            await FactStore(db).apply(load_facts(data_dir), clock.now())
            await db.close()
            settings = replace(settings, database=path, owner_ids=owner_ids, home_guild_id=guild.id)
            bot = DeployBot(settings, clock, guild_ready_timeout=0.05, freeze_heap=True)  # as run_bot does
        driver = Driver(server, Actor(guild, guild.channel_named("general"), member), timeout=60)
        try:
            with server.install():
                await bot.login(SANDBOX_TOKEN)
                task = asyncio.ensure_future(bot.connect())
                await bot.wait_until_ready()
                if isinstance(bot, DeployBot):
                    await bot.sync_commands()  # the global commands, and /owner in the home server
                else:
                    await bot.tree.sync()
                yield Running(server, bot, driver, world)
                await bot.close()
                with contextlib.suppress(BaseException):
                    await task
        finally:
            await server.close()

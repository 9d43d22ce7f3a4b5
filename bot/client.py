"""The ``commands.Bot`` subclass: ``setup_hook`` opens storage, loads the cogs and starts the background work."""

from __future__ import annotations

import asyncio
import gc
import logging
import sys
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
import discord
from discord import app_commands
from discord.ext import commands

from bot import __version__, limits
from bot.buckets import amortise_bucket_sweep
from bot.clock import Clock, SystemClock
from bot.curation.service import Curation
from bot.facts.book import FactBook
from bot.facts.parse import load_facts
from bot.i18n import Language, say
from bot.render.mentions import NO_MENTIONS, CommandMentions
from bot.schedule.dispatcher import Dispatcher
from bot.schedule.events import EventSync
from bot.schedule.pacing import Pacer
from bot.settings import Settings
from bot.storage import Database
from bot.storage.drafts import Drafts
from bot.storage.events import EventStore
from bot.storage.facts import FactStore, LoadSummary
from bot.storage.guilds import GuildStore
from bot.storage.instances import Instances, new_instance_id
from bot.storage.ledger import MEMBERS, Ledger
from bot.storage.members import MemberStore

log = logging.getLogger(__name__)

EXTENSIONS = (
    "cogs.missions",
    "cogs.calendar",
    "cogs.config",
    "cogs.announcements",
    "cogs.events",
    "cogs.owner",
    "cogs.welcome",
    "cogs.curation",
    "cogs.follow",
)


def command_text(key: str) -> app_commands.locale_str:
    """A slash command's name, description or choice: English as Discord's default, the key for the translator."""
    return app_commands.locale_str(say(key, Language.EN), key=key)


class DutchTranslator(app_commands.Translator):
    """Dutch names and descriptions for the slash commands, from the catalogue; other locales see the English."""

    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        if locale is not discord.Locale.dutch:
            return None
        key = string.extras.get("key")
        if key is None and context.location is app_commands.TranslationContextLocation.parameter_name:
            key = f"command.parameter.{string.message}"  # discord.py names parameters after the Python argument
        return say(key, Language.NL) if key else None


class DeployTree(app_commands.CommandTree["DeployBot"]):
    """The command tree; what a sync registers also tells the bot the commands' ids, for mentions."""

    async def sync(self, *, guild: discord.abc.Snowflake | None = None) -> list[app_commands.AppCommand]:
        synced = await super().sync(guild=guild)
        self.client.remember_commands(synced, guild.id if guild else None)
        return synced


def mentions_of(synced: Iterable[app_commands.AppCommand]) -> CommandMentions:
    """Every command and subcommand by its qualified name ("config resume"), as discord.py mentions it."""
    mentions: dict[str, str] = {}

    def add_groups(options: Iterable[object]) -> None:
        for option in options:
            if isinstance(option, app_commands.AppCommandGroup):
                mentions[option.qualified_name] = option.mention
                add_groups(option.options)

    for command in synced:
        mentions[command.name] = command.mention
        add_groups(command.options)
    return CommandMentions(mentions)


class Refusal(app_commands.AppCommandError):
    """Input the bot will not act on: ``key`` names the catalogue message that says why, ``values`` fill it in."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key, self.values = key, values

    def words(self, lang: Language) -> str:
        return say(self.key, lang, **self.values)


class DeployBot(commands.Bot):
    """deploybot. Everything it needs is injected, so tests and the sandbox run the very same class."""

    def __init__(
        self,
        settings: Settings,
        clock: Clock | None = None,
        facts_poll_seconds: float = 30.0,
        guild_ready_timeout: float = 2.0,
        freeze_heap: bool = False,
        lease_seconds: float = 60.0,
    ) -> None:
        # The bot uses no voice: discord.py's warnings that the voice libraries (PyNaCl, davey) are missing are noise.
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
        intents = discord.Intents.none()
        intents.guilds = True  # guild, channel and role events: all the bot needs for slash commands
        sharding: dict[str, Any] = {}
        if settings.shards.sharded and isinstance(self, commands.AutoShardedBot):  # see make_bot
            sharding = {"shard_ids": list(settings.shards.own), "shard_count": settings.shards.count}
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            help_command=None,
            allowed_mentions=discord.AllowedMentions.none(),  # no fact text can ever ping anyone
            owner_ids=set(settings.owner_ids) or None,
            member_cache_flags=discord.MemberCacheFlags.none(),
            chunk_guilds_at_startup=False,
            max_messages=None,
            guild_ready_timeout=guild_ready_timeout,
            tree_cls=DeployTree,
            **sharding,
        )
        # discord.py walks all its rate-limit buckets for every new one: O(servers) per post in a fan-out.
        self.bucket_sweep = amortise_bucket_sweep(self.http)
        self.settings = settings
        self.clock: Clock = clock or SystemClock()
        self.facts_poll_seconds = facts_poll_seconds
        self.version = __version__
        self._db: Database | None = None
        self._facts: FactBook | None = None
        self._fact_store: FactStore | None = None
        self._guild_store: GuildStore | None = None
        self._dispatcher: Dispatcher | None = None
        self._ledger: Ledger | None = None
        self._events: EventSync | None = None
        self._curation: Curation | None = None
        self._members: MemberStore | None = None
        self._member_dispatcher: Dispatcher | None = None
        # Posts and DMs share Discord's one global limit; with shards, this process takes its shards' share of it.
        self.pace = Pacer(settings.shards.share(limits.ANNOUNCEMENTS_PER_SECOND))
        self._freezing: asyncio.Task[None] | None = None
        self.freeze_heap = freeze_heap  # a process-wide choice: the production bot makes it (run_bot), tests don't
        self._mentions: dict[int | None, CommandMentions] = {}  # by guild for guild commands; None: global
        # This process among all that share the database: its claims carry the id, its lease says it lives.
        self.instance_id = new_instance_id()
        self.lease = timedelta(seconds=lease_seconds)
        self._instances: Instances | None = None
        self._heartbeat: asyncio.Task[None] | None = None

    @property
    def db(self) -> Database:
        if self._db is None:
            raise RuntimeError("the database is opened in setup_hook")
        return self._db

    @property
    def facts(self) -> FactBook:
        if self._facts is None:
            raise RuntimeError("the facts are opened in setup_hook")
        return self._facts

    @property
    def fact_store(self) -> FactStore:
        """The facts as stored: ``/owner reload`` writes them, ``/about`` reads when they were loaded."""
        if self._fact_store is None:
            raise RuntimeError("the facts are opened in setup_hook")
        return self._fact_store

    @property
    def guild_settings(self) -> GuildStore:
        if self._guild_store is None:
            raise RuntimeError("the settings are opened in setup_hook")
        return self._guild_store

    @property
    def ledger(self) -> Ledger:
        if self._ledger is None:
            raise RuntimeError("the ledger is opened in setup_hook")
        return self._ledger

    @property
    def curation(self) -> Curation:
        """Curators' drafts: /facts ingest, review and publish."""
        if self._curation is None:
            raise RuntimeError("curation is opened in setup_hook")
        return self._curation

    async def reload_facts(self) -> LoadSummary:
        """Load data/ into the database and answer from it at once; the dispatcher then plans the update posts.
        Raises :class:`~bot.facts.parse.FactsInvalid` (nothing changed). /owner reload and a publish use it."""
        # Parsed in a thread: reading and validating every file would hold up every other command meanwhile.
        facts = await asyncio.to_thread(load_facts, self.settings.data_dir)
        summary = await self.fact_store.apply(facts, self.now())
        await self.facts.refresh(force=True)
        self.dispatcher.wake()
        return summary

    @property
    def dispatcher(self) -> Dispatcher:
        if self._dispatcher is None:
            raise RuntimeError("the dispatcher is made in setup_hook")
        return self._dispatcher

    @property
    def event_sync(self) -> EventSync:
        """Discord Scheduled Events kept in step with the facts (``/config events``)."""
        if self._events is None:
            raise RuntimeError("the events sync is made in setup_hook")
        return self._events

    @property
    def members(self) -> MemberStore:
        if self._members is None:
            raise RuntimeError("the members are opened in setup_hook")
        return self._members

    @property
    def member_dispatcher(self) -> Dispatcher:
        """The same dispatcher, planning and ledger code for members following missions by DM (their own rows)."""
        if self._member_dispatcher is None:
            raise RuntimeError("the dispatcher is made in setup_hook")
        return self._member_dispatcher

    @property
    def dispatchers(self) -> tuple[Dispatcher, ...]:
        return tuple(d for d in (self._dispatcher, self._member_dispatcher) if d is not None)

    async def setup_hook(self) -> None:
        self._db = await Database.open(self.settings.database)
        self._fact_store = FactStore(self._db)
        self._facts = FactBook(self._fact_store, self.clock, self.settings.timezone, self.facts_poll_seconds)
        await self._facts.refresh(force=True)
        self._guild_store = GuildStore(self._db)
        self._instances = Instances(self._db)
        await self._instances.register(self.instance_id, self.settings.shards, self.clock.now(), self.lease)
        self._heartbeat = asyncio.create_task(self._renew_lease(), name="deploybot-lease")
        self._ledger = Ledger(self._db, instance=self.instance_id)
        zone, pace, shards, instances = self.settings.timezone, self.pace, self.settings.shards, self._instances
        self._dispatcher = Dispatcher(
            self._facts, self._guild_store, self._ledger, self.clock, zone,
            pace=pace, shards=shards, instances=instances,
        )  # fmt: skip
        self._members = MemberStore(self._db)
        # Members are spread over the processes by the same formula on their user id (DMs need no shard).
        member_ledger = Ledger(self._db, MEMBERS, instance=self.instance_id)
        self._member_dispatcher = Dispatcher(
            self._facts, self._members, member_ledger, self.clock, zone,
            pace=pace, shards=shards, instances=instances,
        )  # fmt: skip
        self._events = EventSync(self._facts, self._guild_store, EventStore(self._db), self.clock, zone, shards)
        self._dispatcher.on_wake.append(self._events.wake)  # new facts: the events follow
        self._guild_store.listeners.append(self._events.changed)  # follows, zone, post time
        self._curation = Curation(Drafts(self._db), self._facts, self.clock, self.settings.data_dir)
        await self.tree.set_translator(DutchTranslator())
        self.tree.error(self.on_app_command_error)
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        await self._fetch_command_ids()
        if self.freeze_heap:
            self._freezing = asyncio.create_task(self._freeze_startup_heap(), name="deploybot-gc-freeze")
        log.info(
            "deploybot %s ready to connect (%s, instance %s); facts version %s",
            self.version, self.settings.shards.describe(), self.instance_id, self._facts.version,
        )  # fmt: skip

    async def _renew_lease(self) -> None:
        """Tell the other processes this one lives, three times per lease (real time, as processes die in it)."""
        assert self._instances is not None
        while True:
            await asyncio.sleep(self.lease.total_seconds() / 3)
            try:
                if not await self._instances.renew(self.instance_id, self.clock.now(), self.lease):
                    log.warning("instance %s had been taken for dead; registering again", self.instance_id)
                    await self._instances.register(self.instance_id, self.settings.shards, self.clock.now(), self.lease)
            except Exception:  # the database is busy or away: try again at the next beat, well within the lease
                log.exception("renewing the lease of instance %s failed", self.instance_id)

    async def _fetch_command_ids(self) -> None:
        """Once, after login: the ids Discord gave the commands when they were last synced (by `deploybot sync`)."""
        scopes = [None, self.settings.dev_guild_id] if self.settings.dev_guild_id else [None]
        for guild_id in scopes:
            guild = discord.Object(guild_id) if guild_id else None
            try:
                self.remember_commands(await self.tree.fetch_commands(guild=guild), guild_id)
            except discord.HTTPException as exc:  # commands are then named plainly: "/timeline"
                log.warning("could not fetch the command ids (%s); answers name commands without mentions", exc)

    def remember_commands(self, synced: Iterable[app_commands.AppCommand], guild_id: int | None) -> None:
        self._mentions[guild_id] = mentions_of(synced)

    def command_mentions(self, guild_id: int | None) -> CommandMentions:
        """How to name commands in ``guild_id``: its own commands' mentions (a development server's copies, the
        home server's /owner) over the global ones; plain names for what was never synced."""
        everywhere = self._mentions.get(None, NO_MENTIONS)
        guild = self._mentions.get(guild_id) if guild_id is not None else None
        return everywhere | guild if guild is not None else everywhere

    async def sync_commands(self, guild_id: int | None = None) -> dict[int | None, list[app_commands.AppCommand]]:
        """Register the commands with Discord: every command to ``guild_id`` at once (a development server), or
        globally; then the home server's own (/owner), which are registered nowhere else. By scope (None: global).
        """
        synced: dict[int | None, list[app_commands.AppCommand]] = {}
        if guild_id is not None:
            self.tree.copy_global_to(guild=discord.Object(guild_id))  # a development server gets every command
        synced[guild_id] = await self.tree.sync(guild=discord.Object(guild_id) if guild_id else None)
        home = self.settings.home_guild_id
        if home is not None and home != guild_id:
            synced[home] = await self.tree.sync(guild=discord.Object(home))
        return synced

    async def _freeze_startup_heap(self) -> None:
        """The facts, plans and settings loaded at start live as long as the process: once the dispatcher's first
        pass has built them, they are moved out of the garbage collector's way (``gc.freeze``), so that a full
        collection later walks only what is new. On 10,000 servers it turns 60–140 ms pauses of the event loop
        into about 20 ms (``make bench``, stalls)."""
        await self.dispatcher.first_pass.wait()
        gc.collect()
        gc.freeze()

    async def close(self) -> None:
        if self._freezing is not None:
            self._freezing.cancel()
        if self._heartbeat is not None:
            self._heartbeat.cancel()
        for dispatcher in self.dispatchers:
            await dispatcher.stop()
        if self._events is not None:
            await self._events.stop()
        await super().close()
        if self._db is not None:
            if self._instances is not None:  # a clean stop: whoever takes these shards over need not wait
                try:
                    await self._instances.retire(self.instance_id)
                except Exception:
                    log.exception("could not retire instance %s; its lease runs out by itself", self.instance_id)
            await self._db.close()
            self._db = None

    async def on_app_command_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        """The one place input is refused and failures are answered: privately, in the member's language.

        A :class:`Refusal` (a transformer's or a cog's) says what is wrong with the input; any other failure
        gets a short apology, never a silent "the application did not respond". (Numbers out of an option's
        ``app_commands.Range`` never arrive: Discord refuses them.)
        """
        if isinstance(error, app_commands.CheckFailure) and interaction.response.is_done():
            return  # the cog's interaction_check already explained the refusal
        lang = await self.answer_language(interaction.guild_id, str(interaction.locale))
        if isinstance(error, app_commands.TransformerError) and isinstance(error.__cause__, Refusal):
            error = error.__cause__
        if isinstance(error, Refusal):
            text = error.words(lang)
        else:
            log.error("/%s failed", interaction.command.qualified_name if interaction.command else "?", exc_info=error)
            text = say("card.error", lang)
        try:
            if interaction.response.is_done():
                await interaction.followup.send(text, ephemeral=True)
            else:
                await interaction.response.send_message(text, ephemeral=True)
        except discord.HTTPException:
            pass  # the interaction itself is gone (too late, or Discord is down): the log has it

    async def answer_language(self, guild_id: int | None, locale: str) -> Language:
        """The server's chosen language, else the member's Discord client's."""
        if guild_id is not None:
            chosen = (await self.guild_settings.get(guild_id)).language
            if chosen is not None:
                return chosen
        return Language.from_locale(locale)

    def facts_changed(self) -> None:
        """The hook for a pushed notice that another process loaded new facts (PostgreSQL's LISTEN/NOTIFY):
        plan again now. Without a push, the announcements cog polls the facts version every minute."""
        self.facts.notify()
        self.dispatcher.wake()

    async def settle(self) -> None:
        """Return once the background work has caught up with the clock (the sandbox's :advance waits on it)."""
        for dispatcher in self.dispatchers:
            await dispatcher.settle()
        await self.event_sync.settle()

    def now(self) -> datetime:
        return self.clock.now().astimezone(UTC)


class ShardedDeployBot(DeployBot, commands.AutoShardedBot):
    """The same bot over some of the bot's shards (discord.py's AutoShardedBot): one connection per shard."""

    # Between two shards' IDENTIFYs, as discord.py waits (Discord allows max_concurrency of them per 5 s);
    # the loopback Discord does not limit them, so tests set 0.
    identify_interval = 5.0

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        if not initial and self.identify_interval > 0:
            await asyncio.sleep(self.identify_interval)


def make_bot(settings: Settings, **options: Any) -> DeployBot:
    """The plain bot when unsharded (one process, one connection, as always); the sharded one otherwise."""
    cls = ShardedDeployBot if settings.shards.sharded else DeployBot
    return cls(settings, **options)


async def run_bot(settings: Settings) -> int:
    """Connect to the real Discord until stopped."""
    assert settings.token is not None
    bot = make_bot(settings, freeze_heap=True)
    try:
        await bot.start(settings.token.reveal())
    except discord.LoginFailure:
        print("DISCORD_TOKEN: Discord refused the token (improper token); copy it again from the Developer Portal.")
        return 2
    except (aiohttp.ClientError, OSError, TimeoutError) as exc:  # no network, DNS, a firewall: one line, no trace
        print(
            f"Cannot reach Discord ({unreachable(exc)}); check the network connection, then try again.", file=sys.stderr
        )
        return 1
    finally:
        if not bot.is_closed():
            await bot.close()
    return 0


def unreachable(exc: BaseException) -> str:
    """Why a connection failed, in a few words: "Cannot connect to host discord.com:443 [Connection refused]"."""
    text = str(exc).strip()
    return text or type(exc).__name__


async def sync_commands(settings: Settings, guild_id: int | None) -> int:
    """Register the slash commands once (Discord allows 200 creates a day), instead of on every start."""
    assert settings.token is not None
    bot = DeployBot(settings)
    try:
        await bot.login(settings.token.reveal())
        for scope, commands_ in (await bot.sync_commands(guild_id)).items():
            if scope is None:
                where = "all servers (global; may take up to an hour to show)"
            else:
                where = f"server {scope}" + (" (home: /owner, /facts)" if scope == settings.home_guild_id else "")
            print(f"Synced {len(commands_)} commands to {where}: " + ", ".join(f"/{c.name}" for c in commands_))
        if settings.home_guild_id is None:
            print(
                "/owner and /facts are not registered: set DEPLOYBOT_HOME_GUILD_ID (or DEPLOYBOT_DEV_GUILD_ID) to "
                "their server."
            )
    except discord.LoginFailure:
        print("DISCORD_TOKEN: Discord refused the token (improper token).")
        return 2
    except (aiohttp.ClientError, OSError, TimeoutError) as exc:
        print(f"Cannot reach Discord ({unreachable(exc)}); nothing was registered.", file=sys.stderr)
        return 1
    finally:
        await bot.close()
    return 0

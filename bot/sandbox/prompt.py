"""``deploybot sandbox``: the real bot on the loopback Discord, driven line by line from a prompt or a pipe.

printf '/mission erbil\\n' | deploybot sandbox
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import shlex
import shutil
import sys
import tempfile
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from bot.clock import ManualClock, SystemClock
from bot.facts.parse import FactsInvalid
from bot.i18n import Language
from bot.sandbox.driver import DriverError, Reply
from bot.sandbox.server import EPHEMERAL, RecordedRequest
from bot.sandbox.session import Sandbox, parse_clock, running_sandbox
from bot.sandbox.timestamps import shown
from bot.sandbox.world import Guild
from bot.settings import Settings

HELP = """Lines the sandbox understands:
  /command value option:value ...   run a slash command (quote values with spaces; subcommands as words;
                                    after :locale nl the Dutch names work too, as in /missie erbil)
  :as moderator | :as member        who acts
  :locale nl | :locale en           the acting user's Discord language
  :complete /mission name:er        the choices offered: the bot's autocomplete, channels, roles, fixed choices
  :click LABEL                      press a button on the last message (its label's words: :click next)
  :form Label=value; Label=value    fill in the form the last answer opened and submit it (unnamed fields
                                    keep what the bot filled in)
  /facts ingest article:PATH published:2021-10-02   attach a local file (.txt, .md, .html) to a command;
                                    publishing writes into a copy of data/ made for this sandbox
  :clock 2021-10-25T08:00           set the sandbox clock (UTC unless a zone is given)
  :advance 30d                      move the clock on (d, h or m); due announcements are posted
  :channel #announcements           print a channel's messages
  :events                           print the server's scheduled events (/config events on)
  :dm, :server                      act in your DMs with the bot (the user install), or back in #general
  :help                             this text; end of input (Ctrl-D) quits"""

DEFAULT_ZONE = "Europe/Amsterdam"
_DURATION = re.compile(r"^(\d+)([dhm])$")


class PromptError(Exception):
    """A line the sandbox cannot carry out: printed as one line, and the sandbox goes on."""


@dataclass
class Prompt:
    sandbox: Sandbox
    out: TextIO
    seen: dict[int, int] = field(default_factory=dict)  # channel id → messages already shown
    files: Path | None = None  # where attached files are saved for a person to open (a temporary directory)

    def __post_init__(self) -> None:
        self._mark_seen()

    def _mark_seen(self) -> None:
        for channel in self.sandbox.guild.channels.values():
            self.seen[channel.id] = len(channel.messages)
        for dm in self.sandbox.world.dms.values():
            self.seen[dm.id] = len(dm.messages)

    def say(self, text: str = "") -> None:
        locale = self.sandbox.driver.actor.locale
        text = readable_commands(text, self.sandbox.server.commands, locale)
        text = shown(
            text, Language.from_locale(locale), self.sandbox.clock.now()
        )  # timestamps as the client shows them
        print(readable_mentions(text, self.sandbox.guild), file=self.out, flush=True)

    async def handle(self, line: str) -> None:
        line = line.strip()
        if not line or line.startswith("#"):
            return
        try:
            if line.startswith("/"):
                await self._slash(line)
            elif line.startswith(":"):
                await self._meta(line)
            else:
                raise PromptError("start a line with / for a command or : for the sandbox (:help)")
        except (PromptError, DriverError) as exc:
            self.say(f"error: {exc}")
        except ValueError as exc:
            self.say(f"error: {exc}")
        self._show_new_channel_messages()

    # -- slash commands -------------------------------------------------------------------------------
    def _split(self, text: str) -> list[str]:
        try:
            return shlex.split(text)
        except ValueError as exc:
            raise PromptError(f"cannot read that line ({exc})") from None

    def _parse(self, text: str) -> tuple[str, dict[str, str]]:
        words = self._split(text.lstrip("/"))
        if not words:
            raise PromptError("no command given")
        driver = self.sandbox.driver
        path = [words[0]]
        options: dict[str, str] = {}
        loose: list[str] = []
        for word in words[1:]:
            name, sep, value = word.partition(":")
            if sep and _is_option(name, value, driver.option_names(" ".join(path))):
                options[name] = value
                continue
            candidate = " ".join([*path, word])
            if not options and not loose and _has_path(driver, candidate):
                path.append(word)
            else:
                loose.append(word)
        if loose:
            first = driver.first_required_option(" ".join(path))
            if first is None or first in options:
                raise PromptError(f"what is '{' '.join(loose)}'? give options as name:value")
            options[first] = " ".join(loose)
        return " ".join(path), options

    async def _slash(self, line: str) -> None:
        path, options = self._parse(line)
        reply = await self.sandbox.driver.run(path, options)
        self._show_reply(reply)

    # -- sandbox lines --------------------------------------------------------------------------------
    async def _meta(self, line: str) -> None:
        word, _, rest = line[1:].partition(" ")
        rest = rest.strip()
        driver, sandbox = self.sandbox.driver, self.sandbox
        if word == "help":
            self.say(HELP)
        elif word == "as":
            members = {"moderator": sandbox.moderator, "member": sandbox.member}
            if rest not in members:
                raise PromptError(":as takes moderator or member")
            driver.act_as(member=members[rest])
            self.say(f"acting as the {rest}")
        elif word == "locale":
            if rest not in {"nl", "en"}:
                raise PromptError(":locale takes nl or en")
            driver.act_as(locale="nl" if rest == "nl" else "en-US")
            self.say(f"client language: {rest}")
        elif word == "complete":
            path, options = self._parse(rest)
            if len(options) != 1:
                raise PromptError("give one option to complete, as in :complete /mission name:er")
            ((option, value),) = options.items()
            choices = await driver.autocomplete(path, option, value)
            self.say("\n".join(f"  {c['name']}  →  {c['value']}" for c in choices) or "  (no choices)")
        elif word == "click":
            last = driver.last
            if last is None:
                raise PromptError("there is no message to click on yet")
            self._show_reply(await driver.click(last, rest))
        elif word == "form":
            last = driver.last
            if last is None or last.modal is None:
                raise PromptError("the last answer opened no form (:click Edit opens one)")
            values = {}
            for part in filter(None, (p.strip() for p in rest.split(";"))):
                label, sep, value = part.partition("=")
                if not sep:
                    raise PromptError(":form takes Label=value pairs separated by ';'")
                values[label.strip()] = value.strip()
            self._show_reply(await driver.submit(last, values))
        elif word == "clock":
            await self._move_clock(parse_clock(rest, sandbox.clock.now()))
        elif word == "advance":
            match = _DURATION.match(rest)
            if not match:
                raise PromptError(":advance takes a duration such as 30d, 12h or 15m")
            unit = {"d": "days", "h": "hours", "m": "minutes"}[match.group(2)]
            await self._move_clock(sandbox.clock.now() + timedelta(**{unit: int(match.group(1))}))
        elif word == "dm":
            driver.act_in(sandbox.world.dm_with(driver.actor.member.user))
            self.say(f"in {driver.actor.member.user.name}'s DMs with the bot")
        elif word == "server":
            driver.act_in(None)
            self.say(f"in #{driver.actor.channel.name}")
        elif word == "channel":
            try:
                channel = sandbox.guild.channel_named(rest)
            except KeyError as exc:
                raise PromptError(str(exc).strip("'\"")) from None
            self.say(f"── #{channel.name}: {len(channel.messages)} message(s)")
            for message in channel.messages:
                self.say(render_message(message))
            self._mark_seen()
        elif word == "events":
            await sandbox.bot.settle()
            scheduled = sorted(sandbox.guild.scheduled_events.values(), key=lambda e: str(e["scheduled_start_time"]))
            zone = (await self._server_zones())[0]
            self.say(f"── {sandbox.guild.name}: {len(scheduled)} scheduled event(s)")
            for event in scheduled:
                start = datetime.fromisoformat(str(event["scheduled_start_time"])).astimezone(zone)
                where = (event.get("entity_metadata") or {}).get("location", "")
                self.say(f"• {start:%Y-%m-%d %H:%M %Z} · {event['name']} · {where}")
                self.say("    " + str(event.get("description") or "").replace("\n", "\n    "))
        else:
            raise PromptError(f"unknown sandbox line ':{word}' (:help lists them)")

    async def _move_clock(self, when: datetime) -> None:
        clock = self.sandbox.clock
        if when < clock.now():
            raise PromptError("the sandbox clock only moves forward")
        await self.sandbox.advance_to(when)
        self.say(await self._clock_line())

    async def _clock_line(self) -> str:
        """The sandbox time in UTC and in the server's time zone (its /config timezone, else the bot's)."""
        now = self.sandbox.clock.now()
        line = f"clock: {now.isoformat(timespec='minutes')}"
        zones = await self._server_zones()
        local = ", ".join(f"{now.astimezone(zone):%Y-%m-%d %H:%M %Z} ({zone.key})" for zone in zones)
        return f"{line} · {self.sandbox.guild.name}: {local}"

    async def _server_zones(self) -> list[ZoneInfo]:
        bot = getattr(self.sandbox, "bot", None)
        if bot is None:  # no bot to ask: the default zone, beside UTC above
            return [ZoneInfo(DEFAULT_ZONE)]
        config = await bot.guild_settings.get(self.sandbox.guild.id)
        return [config.zone(bot.settings.timezone)]

    # -- output ---------------------------------------------------------------------------------------
    def _show_reply(self, reply: Reply) -> None:
        if reply.modal is not None:
            self.say(f"── a form: {reply.modal.get('title')}")
            for label, value in reply.fields().items():
                self.say(f"  {label}: {value}")
            return
        channel = self.sandbox.guild.channels.get(reply.interaction.channel_id)
        dm = self.sandbox.world.dms.get(reply.interaction.channel_id)
        where = f"#{channel.name}" if channel else (f"DM with {dm.recipient.name}" if dm else "a channel")
        note = " (only you can see this)" if reply.ephemeral else ""
        self.say(f"── {where}{note}")
        self.say(render_message(reply.message))
        self._save_files(reply.message)
        self._mark_seen()

    def _save_files(self, message: dict[str, Any]) -> None:
        """Write each attached file to :attr:`files` and say where, so that a person can open the picture."""
        for attachment in message.get("attachments") or []:
            if self.files is None:
                self.files = Path(tempfile.mkdtemp(prefix="deploybot-sandbox-"))
            path = self.files / f"{attachment['id']}-{Path(attachment['filename']).name}"
            path.write_bytes(self.sandbox.driver.download(attachment))
            self.say(f"   saved to {path}")

    def _show_new_channel_messages(self) -> None:
        for channel in self.sandbox.guild.channels.values():
            shown = self.seen.get(channel.id, 0)
            for message in channel.messages[shown:]:
                self.say(f"── #{channel.name}")
                self.say(render_message(message))
                self._save_files(message)
            self.seen[channel.id] = len(channel.messages)
        for dm in self.sandbox.world.dms.values():  # reminders by DM as they arrive
            shown = self.seen.get(dm.id, 0)
            for message in dm.messages[shown:]:
                self.say(f"── DM with {dm.recipient.name}")
                self.say(render_message(message))
            self.seen[dm.id] = len(dm.messages)


_OPTION_NAME = re.compile(r"[^\W\d][\w-]*")


def _is_option(name: str, value: str, known: set[str]) -> bool:
    """Whether ``name:value`` gives an option, or is a value with a colon in it (``18:30``, a link)."""
    if name in known:
        return True
    return bool(_OPTION_NAME.fullmatch(name)) and not value.startswith("//")


def _has_path(driver: Any, path: str) -> bool:
    try:
        driver.command_spec(path)
    except DriverError as exc:
        return "needs a subcommand" in str(exc)
    return True


_MENTIONS = re.compile(r"<(#|@&|@!?)(\d+)>")


def readable_mentions(text: str, guild: Guild) -> str:
    """ "<#123>" as "#announcements" and "<@&456>" as "@news", as a Discord client shows them."""

    def name(match: re.Match[str]) -> str:
        kind, snowflake = match.group(1), int(match.group(2))
        if kind == "#" and snowflake in guild.channels:
            return f"#{guild.channels[snowflake].name}"
        if kind == "@&" and snowflake in guild.roles:
            return f"@{guild.roles[snowflake].name}"
        if kind.startswith("@") and snowflake in guild.members:
            return f"@{guild.members[snowflake].user.name}"
        return match.group(0)

    return _MENTIONS.sub(name, text)


_COMMAND_MENTION = re.compile(r"</([\w -]+):(\d+)>")


def readable_commands(text: str, commands: list[dict[str, Any]], locale: str) -> str:
    """ "</config resume:123>" as the acting client shows it: "/config hervat" for a Dutch client."""

    def name(match: re.Match[str]) -> str:
        words, options, shown = match.group(1).split(), commands, []
        for word in words:
            spec = next((o for o in options if o["name"] == word), None)
            if spec is None:
                return match.group(0)
            shown.append((spec.get("name_localizations") or {}).get(locale[:2], word))
            options = spec.get("options") or []
        return "/" + " ".join(shown)

    return _COMMAND_MENTION.sub(name, text)


def render_message(message: dict[str, Any]) -> str:
    """A message as a person reads it in a terminal: content, embeds, then buttons."""
    lines = []
    if message.get("content"):
        lines.append(str(message["content"]))
    for embed in message.get("embeds") or []:
        if embed.get("title"):
            lines.append(f"┃ {embed['title']}")
        if embed.get("description"):
            lines += [f"┃ {line}" for line in str(embed["description"]).splitlines()]
        for f in embed.get("fields") or []:
            lines.append(f"┃ ▸ {f['name']}")
            lines += [f"┃   {line}" for line in str(f["value"]).splitlines()]
        if embed.get("footer"):
            lines.append(f"┃ ─ {embed['footer']['text']}")
    for attachment in message.get("attachments") or []:
        size = f"{attachment.get('size', 0) / 1024:.0f} KiB"
        description = f": {attachment['description']}" if attachment.get("description") else ""
        lines.append(f"📎 {attachment['filename']} ({size}){description}")
    buttons = [c for row in message.get("components") or [] for c in row.get("components") or []]
    if buttons:
        lines.append("  ".join(f"[{b.get('label')}{' (disabled)' if b.get('disabled') else ''}]" for b in buttons))
    if int(message.get("flags") or 0) & EPHEMERAL and not lines:
        lines.append("(empty)")
    return "\n".join(lines)


def _recorder(path: str) -> tuple[TextIO, Any]:
    handle = open(path, "w", encoding="utf-8")  # noqa: SIM115 - closed when the sandbox ends

    def record(request: RecordedRequest) -> None:
        entry = {"method": request.method, "path": request.path, "body": request.body, "status": request.status}
        handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
        handle.flush()

    return handle, record


async def run_sandbox(settings: Settings, db_path: str | None, clock_text: str | None, record: str | None) -> int:
    """Start the sandbox and read lines until end of input. Returns the exit code."""
    if settings.log_level != "DEBUG":  # the prompt is the output; keep the log to what goes wrong
        logging.getLogger("discord").setLevel(logging.ERROR)
        logging.getLogger("bot").setLevel(logging.WARNING)
        logging.getLogger("cogs").setLevel(logging.WARNING)
    try:
        start = parse_clock(clock_text, SystemClock().now().replace(second=0, microsecond=0))
    except ValueError:
        print(f"--clock: '{clock_text}' is not an ISO date or time (such as 2021-10-25T08:00)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="deploybot-sandbox-") as scratch:
        if db_path is None:
            database = Path(scratch) / "sandbox.sqlite3"
            if isinstance(settings.database, Path) and settings.database.is_file():
                shutil.copy(settings.database, database)  # a copy: the sandbox never changes the real one
        else:
            database = Path(db_path)
            print(
                f"--db {database}: loading the facts in {settings.data_dir} into that file first; "
                "the sandbox then works on it directly",
                flush=True,
            )
        clock = ManualClock(start)
        if settings.data_dir.is_dir():  # /facts publish writes here: never into the real data/
            data_copy = Path(scratch) / settings.data_dir.name
            shutil.copytree(settings.data_dir, data_copy)
            settings = replace(settings, data_dir=data_copy)
        try:
            async with running_sandbox(settings, clock, database) as sandbox:
                handle = None
                if record:
                    handle, sandbox.server.on_request = _recorder(record)
                try:
                    return await _repl(sandbox)
                finally:
                    if handle is not None:
                        handle.close()
        except FactsInvalid as exc:
            print("The data files have problems; fix them first (deploybot load --check):", file=sys.stderr)
            for error in exc.errors:
                print(f"  {error}", file=sys.stderr)
            return 1


async def _repl(sandbox: Sandbox) -> int:
    prompt = Prompt(sandbox, sys.stdout)
    interactive = sys.stdin.isatty()
    guild = sandbox.guild
    channels = ", ".join(f"#{c.name}" for c in guild.channels.values())
    prompt.say(
        f"deploybot sandbox: server '{guild.name}' ({channels}), acting as the member; "
        f"clock {sandbox.clock.now().isoformat(timespec='minutes')}. :help lists what you can type."
    )
    loop = asyncio.get_running_loop()
    while True:
        if interactive:
            print("> ", end="", flush=True)
        line = await loop.run_in_executor(None, sys.stdin.readline)
        if not line:
            return 0
        if not interactive and line.strip():
            prompt.say(f"> {line.rstrip()}")
        await prompt.handle(line)

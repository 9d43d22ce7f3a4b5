"""Acting as Discord users: slash commands, autocomplete and button clicks, and reading what the bot answered.

Used by the tests and by the ``deploybot sandbox`` prompt alike.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from bot.sandbox.server import EPHEMERAL, DiscordError, Interaction, LoopbackDiscord
from bot.sandbox.world import Channel, DMChannel, Guild, Member

# Application command option types
SUB_COMMAND, SUB_COMMAND_GROUP, STRING, INTEGER, BOOLEAN, USER, CHANNEL, ROLE, MENTIONABLE, NUMBER, ATTACHMENT = range(
    1, 12
)


class DriverError(Exception):
    """What a user did cannot be done (no such command, option or button): one clear line."""


@dataclass
class Reply:
    """What the bot answered: the final message as the user sees it (or autocomplete choices)."""

    message: dict[str, Any]
    interaction: Interaction

    @property
    def content(self) -> str:
        return str(self.message.get("content") or "")

    @property
    def embeds(self) -> list[dict[str, Any]]:
        return list(self.message.get("embeds") or [])

    @property
    def embed(self) -> dict[str, Any]:
        (embed,) = self.embeds
        return embed

    @property
    def ephemeral(self) -> bool:
        return bool(int(self.message.get("flags") or 0) & EPHEMERAL)

    @property
    def modal(self) -> dict[str, Any] | None:
        """The modal the bot opened in answer (a form to fill in), if it did."""
        found = self.message.get("modal")
        return found if isinstance(found, dict) else None

    def fields(self) -> dict[str, str]:
        """The opened modal's text inputs: label → the value it was filled in with."""
        return {i.get("label") or i["custom_id"]: str(i.get("value") or "") for i in _text_inputs(self.modal or {})}

    @property
    def attachments(self) -> list[dict[str, Any]]:
        return list(self.message.get("attachments") or [])

    @property
    def buttons(self) -> list[dict[str, Any]]:
        return [c for row in self.message.get("components") or [] for c in row.get("components") or []]

    @property
    def text(self) -> str:
        """Everything readable in the message, for assertions: content, titles, fields, footers."""
        parts = [self.content]
        for embed in self.embeds:
            parts += [embed.get("title") or "", embed.get("description") or ""]
            for f in embed.get("fields") or []:
                parts += [f.get("name") or "", f.get("value") or ""]
            parts.append((embed.get("footer") or {}).get("text") or "")
        return "\n".join(p for p in parts if p)


@dataclass
class Actor:
    guild: Guild
    channel: Channel
    member: Member
    locale: str = "en-US"
    history: list[Reply] = field(default_factory=list)
    dm: DMChannel | None = None  # acting in a DM or group DM (through the user's install) instead of the channel

    @property
    def place(self) -> tuple[Guild | None, Channel | DMChannel]:
        return (None, self.dm) if self.dm is not None else (self.guild, self.channel)


class Driver:
    """One user at a time, in one channel; switch with :meth:`act_as`."""

    def __init__(self, server: LoopbackDiscord, actor: Actor, timeout: float = 10.0) -> None:
        self.server = server
        self.actor = actor
        self.timeout = timeout  # a guard against a hung test, never a wait for time to pass

    def download(self, attachment: dict[str, Any]) -> bytes:
        """The bytes of a file the bot attached (as Discord's CDN would serve them)."""
        return self.server.messages.uploads[attachment["id"]]

    def act_as(
        self,
        member: Member | None = None,
        locale: str | None = None,
        channel: Channel | None = None,
        guild: Guild | None = None,
    ) -> None:
        """Who acts, in which language, where (a server's channel: also leaves a DM)."""
        if guild is not None:
            self.actor.guild = guild
        if channel is not None:
            self.actor.dm = None
        if member is not None:
            self.actor.member = member
        if locale is not None:
            self.actor.locale = locale
        if channel is not None:
            self.actor.channel = channel

    def act_in(self, dm: DMChannel | None) -> None:
        """Act in a DM with the bot or a group DM (``None``: back in the server's channel)."""
        self.actor.dm = dm

    # -- building interaction data ----------------------------------------------------------------------
    def _localized(self, entry: dict[str, Any]) -> str | None:
        """The name the acting user's Discord shows for a command, option or choice (``None``: the default)."""
        return (entry.get("name_localizations") or {}).get(self.actor.locale)

    def _named(self, entry: dict[str, Any], word: str) -> bool:
        return word == entry["name"] or word == self._localized(entry)

    def _command(self, word: str) -> dict[str, Any]:
        """A synced command by the name the user typed: its own name, or its name in the user's language."""
        guild_id = self.actor.guild.id
        with contextlib.suppress(KeyError):
            return self.server.command(word, guild_id)
        for command in [*self.server.guild_commands.get(guild_id, []), *self.server.commands]:
            if self._localized(command) == word:
                return command
        raise DriverError(f"/{word} is not a command of this bot")

    def _available(self, command: dict[str, Any]) -> None:
        """Discord's client offers a command only where its ``contexts`` allow (0 a server, 1 the bot's DMs, 2 a
        group DM) and, where the bot is not a member (a group DM, a server without it), only through a user's
        own install (``integration_types`` with 1); the bot's DMs are open to the server install too."""
        guild, place = self.actor.place
        context = 0 if guild is not None else (1 if place.payload()["type"] == 1 else 2)
        installed = context == 1 or (guild is not None and guild.id in self.server.world.guilds)
        contexts = command.get("contexts")
        kinds = command.get("integration_types") or [0]
        if (contexts is not None and context not in contexts) or (not installed and 1 not in kinds):
            raise DriverError(f"/{command['name']} is not available here")

    def command_spec(self, path: str) -> tuple[dict[str, Any], list[str], list[dict[str, Any]]]:
        """The command, the chain of its default names (command, group, subcommand) and the options there."""
        words = path.strip().lstrip("/").split()
        if not words:
            raise DriverError("no command given")
        command = self._command(words[0])
        self._available(command)
        options, chain = command.get("options") or [], [command["name"]]
        for word in words[1:]:
            sub = next(
                (o for o in options if self._named(o, word) and o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP)),
                None,
            )
            if sub is None:
                raise DriverError(f"/{' '.join(chain)} has no subcommand '{word}'")
            chain.append(sub["name"])
            options = sub.get("options") or []
        if any(o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP) for o in options):
            names = ", ".join(o["name"] for o in options)
            raise DriverError(f"/{' '.join(chain)} needs a subcommand: {names}")
        return command, chain, options

    def option_names(self, path: str) -> set[str]:
        """The names a user may give the options of ``path`` (default and localized); none for no such path."""
        try:
            _, _, specs = self.command_spec(path)
        except DriverError:
            return set()
        return {name for spec in specs for name in (spec["name"], self._localized(spec)) if name}

    def _option_spec(self, specs: list[dict[str, Any]], chain: list[str], name: str) -> dict[str, Any]:
        spec = next((s for s in specs if self._named(s, name)), None)
        if spec is None:
            names = ", ".join(s["name"] for s in specs) or "none"
            raise DriverError(f"/{' '.join(chain)} has no option '{name}' (options: {names})")
        return spec

    def _choice(self, spec: dict[str, Any], text: str) -> Any:
        """The value of the choice the user picked, by its value or its (localized) name, as Discord's client
        lets them pick only among the choices; anything else is refused, as Discord refuses it."""
        choices = spec["choices"]
        folded = text.casefold()
        for choice in choices:
            names = {str(choice["value"]), choice["name"], self._localized(choice) or choice["name"]}
            if text in names or folded in {n.casefold() for n in names}:
                return choice["value"]
        offered = ", ".join(str(c["value"]) for c in choices)
        raise DriverError(f"option '{spec['name']}': '{text}' is not one of its choices ({offered})")

    def _value(self, spec: dict[str, Any], raw: Any, resolved: dict[str, dict[str, Any]]) -> Any:
        kind, text = spec["type"], str(raw)
        guild = self.actor.guild
        if spec.get("choices"):
            return self._choice(spec, text)
        try:
            if kind == INTEGER:
                return int(text)
            if kind == NUMBER:
                return float(text)
            if kind == BOOLEAN:
                return text.lower() in {"true", "yes", "1", "ja"}
            if kind == CHANNEL:
                channel = guild.channel_named(text) if not text.isdigit() else guild.channels[int(text)]
                resolved.setdefault("channels", {})[str(channel.id)] = {
                    **channel.payload(),
                    "permissions": str(guild.permissions_in(self.actor.member, channel).value),
                }
                return str(channel.id)
            if kind == ROLE:
                role = guild.role_named(text) if not text.isdigit() else guild.roles[int(text)]
                resolved.setdefault("roles", {})[str(role.id)] = role.payload()
                return str(role.id)
            if kind == ATTACHMENT:  # a local file, uploaded as the user's client uploads it
                attachment = raw if isinstance(raw, dict) else self.upload(Path(text))
                resolved.setdefault("attachments", {})[attachment["id"]] = attachment
                return attachment["id"]
        except OSError as exc:
            raise DriverError(f"option '{spec['name']}': cannot read {text} ({exc.strerror or exc})") from None
        except (ValueError, KeyError) as exc:
            raise DriverError(f"option '{spec['name']}': {exc}") from None
        return text

    def _data(self, path: str, options: dict[str, Any], focused: str | None = None) -> dict[str, Any]:
        command, chain, specs = self.command_spec(path)
        resolved: dict[str, dict[str, Any]] = {}
        given, named = [], set()
        for name, raw in options.items():
            spec = self._option_spec(specs, chain, name)
            named.add(spec["name"])
            if name == focused:
                given.append({"name": spec["name"], "type": spec["type"], "value": str(raw), "focused": True})
            else:
                value = self._value(spec, raw, resolved)
                _within_range(spec, value)
                given.append({"name": spec["name"], "type": spec["type"], "value": value})
        if focused is None:
            missing = [s["name"] for s in specs if s.get("required") and s["name"] not in named]
            if missing:
                raise DriverError(f"/{' '.join(chain)} needs the option '{missing[0]}'")
        for sub in reversed(chain[1:]):
            kind = SUB_COMMAND if sub == chain[-1] else SUB_COMMAND_GROUP
            given = [{"name": sub, "type": kind, "options": given}]
        data: dict[str, Any] = {"id": command["id"], "name": command["name"], "type": 1, "options": given}
        if resolved:
            data["resolved"] = resolved
        if command.get("guild_id"):
            data["guild_id"] = command["guild_id"]
        return data

    def upload(self, path: Path) -> dict[str, Any]:
        """A local file as an attachment on the loopback Discord (``path.name`` is its file name)."""
        return self.server.attach(path.name, path.read_bytes())

    def first_required_option(self, path: str) -> str | None:
        _, _, specs = self.command_spec(path)
        return next((s["name"] for s in specs if s.get("required")), specs[0]["name"] if specs else None)

    # -- acting -----------------------------------------------------------------------------------------
    async def _await(self, interaction: Interaction) -> Any:
        try:
            return await asyncio.wait_for(asyncio.shield(interaction.outcome), self.timeout)
        except DiscordError as exc:
            raise DriverError(
                f"the application did not respond (Discord said {exc.status} {exc.code}: {exc})"
            ) from None
        except TimeoutError:
            errors = "; ".join(f"{e.status} {e.code} {e}" for e in interaction.errors) or "no answer at all"
            raise DriverError(f"the bot did not answer the interaction ({errors})") from None

    async def slash(self, path: str, *, age: timedelta = timedelta(0), **options: Any) -> Reply:
        """Run ``/path`` (``"config channel"`` for a subcommand) with ``options``; the final answer."""
        return await self.run(path, options, age)

    async def run(self, path: str, options: dict[str, Any], age: timedelta = timedelta(0)) -> Reply:
        """:meth:`slash` with the options as a mapping; ``age`` makes the interaction that old on arrival."""
        data = self._data(path, options)
        actor = self.actor
        interaction = await self.server.send_interaction(
            2, data, *actor.place, actor.member.user.id, actor.locale, age=age
        )
        reply = Reply(await self._await(interaction), interaction)
        actor.history.append(reply)
        return reply

    async def autocomplete(self, path: str, option: str, value: str, **others: Any) -> list[dict[str, Any]]:
        """The choices the user is offered while typing ``value``: the bot's autocomplete answer, or, for a
        channel, a role or fixed choices, what Discord's client itself lists (no interaction is sent)."""
        _, chain, specs = self.command_spec(path)
        spec = self._option_spec(specs, chain, option)
        if spec.get("choices"):
            return [c for c in spec["choices"] if _offered(value, self._localized(c) or c["name"])]
        if spec["type"] == CHANNEL:
            kinds = spec.get("channel_types") or [0]
            channels = sorted(self.actor.guild.channels.values(), key=lambda c: c.position)
            return [
                {"name": f"#{c.name}", "value": str(c.id)}
                for c in channels
                if c.payload()["type"] in kinds and _offered(value.lstrip("#"), c.name)
            ]
        if spec["type"] == ROLE:
            roles = [r for r in self.actor.guild.roles.values() if r.name != "@everyone"]
            return [{"name": f"@{r.name}", "value": str(r.id)} for r in roles if _offered(value.lstrip("@"), r.name)]
        if not spec.get("autocomplete"):
            raise DriverError(f"option '{spec['name']}' of /{' '.join(chain)} offers no choices")
        data = self._data(path, {**others, option: value}, focused=option)
        actor = self.actor
        interaction = await self.server.send_interaction(4, data, *actor.place, actor.member.user.id, actor.locale)
        return list(await self._await(interaction))

    async def click(self, reply: Reply | dict[str, Any], label: str) -> Reply:
        """Press the button labelled (or with custom id) ``label`` on a message."""
        message = reply.message if isinstance(reply, Reply) else reply
        buttons = [c for row in message.get("components") or [] for c in row.get("components") or []]
        button = next((b for b in buttons if label in (b.get("label"), b.get("custom_id"))), None)
        if button is None:  # "Next" for "Next ▶": the label's words, in any case
            button = next((b for b in buttons if _words(label) and _words(label) == _words(b.get("label"))), None)
        if button is None:
            labels = ", ".join(str(b.get("label") or b.get("custom_id")) for b in buttons) or "none"
            raise DriverError(f"no button '{label}' on that message (buttons: {labels})")
        if button.get("disabled"):
            raise DriverError(f"the button '{label}' is disabled")
        actor = self.actor
        data = {"custom_id": button["custom_id"], "component_type": 2}
        interaction = await self.server.send_interaction(
            3, data, *actor.place, actor.member.user.id, actor.locale, message=message
        )
        result = Reply(await self._await(interaction), interaction)
        actor.history.append(result)
        return result

    async def submit(self, opened: Reply, values: dict[str, str] | None = None) -> Reply:
        """Fill in the modal ``opened`` shows (``values`` by label or custom id; the rest as the bot filled them
        in) and submit it, as Discord's client does: a MODAL_SUBMIT interaction."""
        modal = opened.modal
        if modal is None:
            raise DriverError("that answer opened no form")
        values = dict(values or {})
        rows = []
        for text_input in _text_inputs(modal):
            value = str(text_input.get("value") or "")
            for name in (text_input.get("label"), text_input["custom_id"]):
                if name in values:
                    value = values.pop(name)
            if text_input.get("required", True) and not value:
                raise DriverError(f"the form needs '{text_input.get('label') or text_input['custom_id']}'")
            max_length = text_input.get("max_length") or 4000
            if len(value) > max_length:
                raise DriverError(f"'{text_input.get('label')}' takes at most {max_length} characters")
            rows.append({"type": 1, "components": [{"type": 4, "custom_id": text_input["custom_id"], "value": value}]})
        if values:
            raise DriverError(f"the form has no field {', '.join(values)}")
        actor = self.actor
        data = {"custom_id": modal["custom_id"], "components": rows}
        origin = opened.interaction.message
        interaction = await self.server.send_interaction(
            5, data, actor.guild, actor.channel, actor.member.user.id, actor.locale, message=origin
        )
        result = Reply(await self._await(interaction), interaction)
        actor.history.append(result)
        return result

    @property
    def last(self) -> Reply | None:
        return self.actor.history[-1] if self.actor.history else None


def _within_range(spec: dict[str, Any], value: Any) -> None:
    """A Discord client refuses a number outside the option's min_value / max_value before sending anything."""
    low, high = spec.get("min_value"), spec.get("max_value")
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if number and ((low is not None and value < low) or (high is not None and value > high)):
        raise DriverError(f"option '{spec['name']}': {value} is not between {low} and {high}")


def _text_inputs(modal: dict[str, Any]) -> list[dict[str, Any]]:
    """A modal's text inputs, whether each sits in an action row or in a label."""
    found = []
    for row in modal.get("components") or []:
        if row.get("type") == 18:
            found.append({**(row.get("component") or {}), "label": row.get("label")})
        else:
            found += [c for c in row.get("components") or [] if c.get("type") == 4]
    return found


def _words(text: str | None) -> list[str]:
    return re.findall(r"\w+", (text or "").casefold())


def _offered(typed: str, name: str) -> bool:
    """Whether Discord's client lists ``name`` while ``typed`` is in the box (a case-insensitive substring)."""
    return typed.casefold() in name.casefold()

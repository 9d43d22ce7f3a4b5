"""Interactions and their webhooks: the harness creates an interaction, the bot answers it through the
callback (within 3 seconds) and the interaction's webhook (within 15 minutes): original, edits, followups."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from aiohttp import web
from discord import Permissions

from bot import limits
from bot.clock import Clock
from bot.sandbox import rules
from bot.sandbox.messages import Messages
from bot.sandbox.wire import EPHEMERAL, LOADING, Call, DiscordError, json_response
from bot.sandbox.world import Channel, DMChannel, Guild, World

# What Discord lets an app do where it is present only through a user's install: send messages, embed, mention
# nobody (the response itself is an interaction response, not a channel message).
USER_INSTALL_PERMISSIONS = Permissions(send_messages=True, embed_links=True, use_application_commands=True)

HOOK_MESSAGE = r"/webhooks/(?P<app>\d+)/(?P<token>[^/]+)/messages/(?P<mid>@original|\d+)"


@dataclass
class Interaction:
    """An interaction the harness created and what the bot answered to it."""

    id: int
    token: str
    kind: int
    created: datetime
    guild_id: int | None
    channel_id: int
    user_id: int
    message: dict[str, Any] | None = None  # the message a component sits on
    response_type: int | None = None
    original: dict[str, Any] | None = None
    followups: list[dict[str, Any]] = field(default_factory=list)
    choices: list[dict[str, Any]] | None = None
    modal: dict[str, Any] | None = None  # the modal the bot opened in answer (response type 9)
    outcome: asyncio.Future[Any] = field(default_factory=lambda: asyncio.get_running_loop().create_future())
    errors: list[DiscordError] = field(default_factory=list)
    # Discord makes every answer private when an app is used through a user's install in a server that does
    # not let that member use external apps (no Use External Apps permission there).
    forced_ephemeral: bool = False

    def settle(self, value: Any) -> None:
        if not self.outcome.done():
            self.outcome.set_result(value)

    def fail(self, error: DiscordError) -> None:
        """Discord refused the first answer: the user sees "The application did not respond"."""
        self.errors.append(error)
        if not self.outcome.done():
            self.outcome.set_exception(error)


class Interactions:
    """Every interaction made so far, by id; ``dispatch`` sends INTERACTION_CREATE down the gateway."""

    def __init__(
        self,
        world: World,
        clock: Clock,
        messages: Messages,
        dispatch: Callable[[str, dict[str, Any]], Awaitable[None]],
    ) -> None:
        self.world, self.clock, self.messages, self.dispatch = world, clock, messages, dispatch
        self.by_id: dict[int, Interaction] = {}

    async def send(
        self,
        kind: int,
        data: dict[str, Any],
        guild: Guild | None,
        channel: Channel | DMChannel,
        user_id: int,
        locale: str = "en-US",
        message: dict[str, Any] | None = None,
        age: timedelta = timedelta(0),
    ) -> Interaction:
        """Create an interaction (``age`` old, on the harness clock) and dispatch INTERACTION_CREATE.

        In a server with the bot it comes from the server's install (context 0). Without ``guild`` (a DM with the
        bot, context 1, or a group DM, context 2), or in a server the bot is not in, it comes from the user's own
        install of the app: ``authorizing_integration_owners`` names the user, and outside servers there is a
        ``user`` and no ``member``, as Discord sends them."""
        created = self.clock.now() - age
        interaction = Interaction(
            id=self.world.ids.at(created),
            token=secrets.token_urlsafe(24),
            kind=kind,
            created=created,
            guild_id=guild.id if guild is not None else None,
            channel_id=channel.id,
            user_id=user_id,
            message=message,
        )
        self.by_id[interaction.id] = interaction
        payload: dict[str, Any] = {
            "id": str(interaction.id),
            "application_id": str(self.world.application_id),
            "type": kind,
            "data": data,
            "channel_id": str(channel.id),
            "channel": channel.payload(),
            "token": interaction.token,
            "version": 1,
            "locale": locale,
            "entitlements": [],
            "attachment_size_limit": limits.ATTACHMENT_SIZE,
        }
        if guild is not None and isinstance(channel, Channel):
            member = guild.members[user_id]
            member_payload = member.payload()
            member_payload["permissions"] = str(guild.permissions_in(member, channel).value)
            installed = guild.id in self.world.guilds and self.world.bot.id in guild.members
            bot_permissions = (
                guild.permissions_in(self.world.bot_member(guild), channel) if installed else USER_INSTALL_PERMISSIONS
            )
            interaction.forced_ephemeral = not installed and not guild.permissions_in(member, channel).use_external_apps
            payload.update(
                guild_id=str(guild.id),
                guild={"id": str(guild.id), "locale": guild.preferred_locale, "features": []},
                member=member_payload,
                app_permissions=str(bot_permissions.value),
                guild_locale=guild.preferred_locale,
                authorizing_integration_owners={"0": str(guild.id)} if installed else {"1": str(user_id)},
                context=0,
            )
        else:
            payload.update(
                user=self.world.users[user_id].payload(),
                app_permissions=str(USER_INSTALL_PERMISSIONS.value),
                authorizing_integration_owners={"1": str(user_id)},
                context=1 if channel.payload()["type"] == 1 else 2,
            )
        if message is not None:
            payload["message"] = message
        await self.dispatch("INTERACTION_CREATE", payload)
        return interaction

    def _interaction(self, interaction_id: str, token: str) -> Interaction:
        interaction = self.by_id.get(int(interaction_id))
        if interaction is None or interaction.token != token:
            raise DiscordError(404, 10062, "Unknown interaction")
        return interaction

    def _by_token(self, token: str) -> Interaction:
        for interaction in self.by_id.values():
            if interaction.token == token:
                if self.clock.now() - interaction.created > timedelta(minutes=limits.INTERACTION_TOKEN_MINUTES):
                    raise DiscordError(401, 50027, "Invalid Webhook Token")
                return interaction
        raise DiscordError(404, 10015, "Unknown Webhook")

    # -- the first answer -------------------------------------------------------------------------------
    async def callback(self, call: Call) -> web.Response:
        interaction = self._interaction(call.params["id"], call.params["token"])
        try:
            return self._respond(interaction, call)
        except DiscordError as exc:
            interaction.fail(exc)
            raise

    def _respond(self, interaction: Interaction, call: Call) -> web.Response:
        if interaction.response_type is not None:
            raise DiscordError(400, 40060, "Interaction has already been acknowledged.")
        late = self.clock.now() - interaction.created
        if late > timedelta(seconds=limits.INTERACTION_FIRST_RESPONSE_SECONDS):
            raise DiscordError(404, 10062, "Unknown interaction")
        body = call.body if isinstance(call.body, dict) else {}
        kind, data = body.get("type"), body.get("data") or {}
        resource: dict[str, Any] = {"type": kind}
        messages = self.messages
        if kind == 4:
            messages.check(data, call.files)
            message = messages.new_message(interaction.channel_id, interaction.guild_id, data, 20, files=call.files)
            message["flags"] |= EPHEMERAL if interaction.forced_ephemeral else 0
            self._post_as_interaction(interaction, message)
            interaction.settle(message)
            resource["message"] = message
        elif kind == 5:
            flags = (int(data.get("flags") or 0) & EPHEMERAL) | LOADING
            flags |= EPHEMERAL if interaction.forced_ephemeral else 0
            message = messages.new_message(interaction.channel_id, interaction.guild_id, {"flags": flags}, kind=20)
            self._post_as_interaction(interaction, message)
            resource["message"] = message
        elif kind == 6:
            interaction.original = interaction.message
        elif kind == 7:
            if interaction.message is None:
                raise DiscordError(400, 40004, "Interaction has no message to update")
            messages.check({"content": "x", **data})
            stored = messages.stored(interaction.message) or interaction.message
            interaction.original = messages.apply_edit(stored, data, call.files)
            interaction.settle(interaction.original)
            resource["message"] = interaction.original
        elif kind == 8:
            errors = rules.check_autocomplete(data.get("choices"))
            if errors:
                raise DiscordError(
                    400,
                    50035,
                    "Invalid Form Body",
                    {**errors.body(), "errors": {"data": errors.body()["errors"]}},
                )
            interaction.choices = data["choices"]
            interaction.settle(interaction.choices)
        elif kind == 9:
            if interaction.kind not in (2, 3):  # a modal answers a command or a component, never a modal submit
                raise DiscordError(400, 50035, "Invalid Form Body", {"code": 50035, "errors": {"type": {}}})
            errors = rules.check_modal(data)
            if errors:
                raise DiscordError(
                    400, 50035, "Invalid Form Body", {**errors.body(), "errors": {"data": errors.body()["errors"]}}
                )
            interaction.modal = data
            interaction.settle({"modal": data})
        else:
            raise DiscordError(400, 50035, "Invalid Form Body", {"code": 50035, "errors": {"type": {}}})
        interaction.response_type = kind
        if call.request.query.get("with_response") not in {"1", "true", "True"}:
            return web.Response(status=204)
        original = interaction.original or {}
        return json_response(
            {
                "interaction": {
                    "id": str(interaction.id),
                    "type": interaction.kind,
                    "response_message_id": original.get("id"),
                    "response_message_loading": bool(original.get("flags", 0) & LOADING),
                    "response_message_ephemeral": bool(original.get("flags", 0) & EPHEMERAL),
                },
                "resource": resource,
            }
        )

    def _post_as_interaction(self, interaction: Interaction, message: dict[str, Any]) -> None:
        message["interaction_metadata"] = {
            "id": str(interaction.id),
            "type": interaction.kind,
            "user": self.world.users[interaction.user_id].payload(),
            "authorizing_integration_owners": {},
        }
        interaction.original = message
        stored = self.world.messages_of(interaction.channel_id)
        if stored is not None and not message["flags"] & EPHEMERAL:
            stored.append(message)

    # -- the interaction's webhook ----------------------------------------------------------------------
    def _hook_message(self, interaction: Interaction, mid: str) -> dict[str, Any]:
        if mid == "@original":
            if interaction.original is None:
                raise DiscordError(404, 10008, "Unknown Message")
            return interaction.original
        for message in [*interaction.followups, interaction.original]:
            if message is not None and message["id"] == mid:
                return message
        raise DiscordError(404, 10008, "Unknown Message")

    async def get_hook(self, call: Call) -> web.Response:
        interaction = self._by_token(call.params["token"])
        return json_response(self._hook_message(interaction, call.params["mid"]))

    async def edit_hook(self, call: Call) -> web.Response:
        interaction = self._by_token(call.params["token"])
        message = self._hook_message(interaction, call.params["mid"])
        stored = self.messages.stored(message) or message
        edited = self.messages.apply_edit(stored, call.body, call.files)
        if call.params["mid"] == "@original":
            interaction.original = edited
            interaction.settle(edited)
        return json_response(edited)

    async def delete_hook(self, call: Call) -> web.Response:
        interaction = self._by_token(call.params["token"])
        message = self._hook_message(interaction, call.params["mid"])
        kept = self.world.messages_of(int(message["channel_id"]))
        if kept is not None:
            kept[:] = [m for m in kept if m["id"] != message["id"]]
        return web.Response(status=204)

    async def followup(self, call: Call) -> web.Response:
        interaction = self._by_token(call.params["token"])
        if interaction.response_type is None:
            raise DiscordError(404, 10015, "Unknown Webhook")
        messages = self.messages
        messages.check(call.body, call.files)
        if interaction.original is not None and interaction.original["flags"] & LOADING:
            original = messages.stored(interaction.original) or interaction.original
            edited = messages.apply_edit(original, call.body, call.files)
            interaction.settle(edited)
            return json_response(edited)
        message = messages.new_message(interaction.channel_id, interaction.guild_id, call.body, files=call.files)
        message["flags"] |= EPHEMERAL if interaction.forced_ephemeral else 0
        interaction.followups.append(message)
        stored = self.world.messages_of(interaction.channel_id)
        if stored is not None and not message["flags"] & EPHEMERAL:
            stored.append(message)
        interaction.settle(message)
        return json_response(message)

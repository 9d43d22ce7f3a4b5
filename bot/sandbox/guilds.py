"""REST for who the bot is and where it is: the user and application, the gateway address, servers with
their channels and roles, and the application commands synced to them."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from bot.sandbox import rules
from bot.sandbox.wire import Call, DiscordError, json_response
from bot.sandbox.world import Guild, World


class Guilds:
    """The application, its servers and its commands. ``gateway_url`` is what GET /gateway answers."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.gateway_url = ""
        self.shard_count = 1  # what GET /gateway/bot recommends
        self.commands: list[dict[str, Any]] = []
        self.guild_commands: dict[int, list[dict[str, Any]]] = {}

    # -- identity ---------------------------------------------------------------------------------------
    async def get_me(self, call: Call) -> web.Response:
        return json_response(self.world.bot.payload())

    async def get_application(self, call: Call) -> web.Response:
        return json_response(
            {
                "id": str(self.world.application_id),
                "name": "deploybot",
                "icon": None,
                "description": "",
                "bot_public": True,
                "bot_require_code_grant": False,
                "verify_key": "0" * 64,
                "flags": 0,
                "owner": self.world.bot.payload(),
                "team": None,
            }
        )

    async def get_gateway(self, call: Call) -> web.Response:
        return json_response(
            {
                "url": self.gateway_url,
                "shards": self.shard_count,
                "session_start_limit": {
                    "total": 1000,
                    "remaining": 1000,
                    "reset_after": 0,
                    "max_concurrency": 1,
                },
            }
        )

    # -- servers ----------------------------------------------------------------------------------------
    def guild(self, guild_id: str) -> Guild:
        guild = self.world.guilds.get(int(guild_id))
        if guild is None:
            raise DiscordError(404, 10004, "Unknown Guild")
        return guild

    async def get_guild(self, call: Call) -> web.Response:
        guild = self.guild(call.params["guild"])
        return json_response(guild.payload(self.world.bot_member(guild)))

    async def get_guild_channels(self, call: Call) -> web.Response:
        return json_response([c.payload() for c in self.guild(call.params["guild"]).channels.values()])

    async def get_roles(self, call: Call) -> web.Response:
        return json_response([r.payload() for r in self.guild(call.params["guild"]).roles.values()])

    # -- commands ---------------------------------------------------------------------------------------
    def _scope(self, call: Call) -> list[dict[str, Any]]:
        guild = call.params.get("guild")
        return self.guild_commands.setdefault(int(guild), []) if guild else self.commands

    async def get_commands(self, call: Call) -> web.Response:
        return json_response(self._scope(call))

    async def put_commands(self, call: Call) -> web.Response:
        errors = rules.check_commands(call.body, global_scope="guild" not in call.params)
        if errors:
            raise DiscordError(400, 50035, "Invalid Form Body", errors.body())
        existing = {(c.get("type", 1), c["name"]): c["id"] for c in self._scope(call)}
        stored = []
        for command in call.body:
            key = (command.get("type", 1), command["name"])
            stored.append(
                {
                    "type": 1,
                    "options": [],
                    "description": "",
                    "default_member_permissions": None,
                    "dm_permission": True,
                    "nsfw": False,
                    "name_localizations": None,
                    "description_localizations": None,
                    **command,
                    "id": existing.get(key) or str(self.world.ids.next()),
                    "application_id": str(self.world.application_id),
                    "version": str(self.world.ids.next()),
                    "guild_id": call.params.get("guild"),
                }
            )
        if "guild" in call.params:
            self.guild_commands[int(call.params["guild"])] = stored
        else:
            self.commands = stored
        return json_response(stored)

    def command(self, name: str, guild_id: int | None = None) -> dict[str, Any]:
        """A synced command by name: the guild's own first, then the global ones."""
        for command in [*self.guild_commands.get(guild_id or 0, []), *self.commands]:
            if command["name"] == name:
                return command
        raise KeyError(f"/{name} is not a synced command")

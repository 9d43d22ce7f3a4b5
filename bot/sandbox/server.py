"""A small Discord on 127.0.0.1: REST and gateway, for the real discord.py client.

It serves a :class:`~bot.sandbox.world.World`, checks every body the bot sends against Discord's documented
limits (answering 400 / 50035 as Discord does), enforces permissions, interaction deadlines and rate limits,
honours ``nonce`` + ``enforce_nonce``, stores every message per channel and records every request.

This module is the router and the life cycle; the parts live beside it: :mod:`~bot.sandbox.gateway`,
:mod:`~bot.sandbox.messages` and :mod:`~bot.sandbox.guilds` (REST), :mod:`~bot.sandbox.interactions`
(interactions and their webhooks), :mod:`~bot.sandbox.ratelimits` and :mod:`~bot.sandbox.faults`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import timedelta
from typing import Any

import discord
import orjson
import yarl
from aiohttp import web

from bot import limits
from bot.clock import Clock
from bot.sandbox.events import ScheduledEvents
from bot.sandbox.faults import DROPPED, Fault, Faults, answer_with
from bot.sandbox.gateway import Gateway, GatewaySession
from bot.sandbox.guilds import Guilds
from bot.sandbox.interactions import HOOK_MESSAGE, Interaction, Interactions
from bot.sandbox.messages import NONCE_WINDOW, Messages, pings
from bot.sandbox.ratelimits import RateLimiter, RateLimitPolicy, too_many_requests
from bot.sandbox.uploads import Upload, is_multipart, parse_multipart
from bot.sandbox.wire import (
    API,
    EPHEMERAL,
    LOADING,
    Call,
    DiscordError,
    Handler,
    RecordedRequest,
    json_response,
    runner_port,
)
from bot.sandbox.world import Channel, DMChannel, Guild, User, World

__all__ = [
    "API",
    "DROPPED",
    "EPHEMERAL",
    "LOADING",
    "NONCE_WINDOW",
    "Call",
    "DiscordError",
    "Fault",
    "GatewaySession",
    "Interaction",
    "LoopbackDiscord",
    "RateLimitPolicy",
    "RecordedRequest",
    "json_response",
    "pings",
    "runner_port",
    "too_many_requests",
]

log = logging.getLogger(__name__)

Route = tuple[str, re.Pattern[str], Handler, str]


class LoopbackDiscord:
    """The server. ``await start()``, then :meth:`install` points discord.py at it."""

    def __init__(
        self,
        clock: Clock,
        world: World | None = None,
        rate_limits: RateLimitPolicy | None = None,
        shard_count: int = 1,
    ) -> None:
        self.clock = clock
        self.world = world or World(clock)
        self.requests: list[RecordedRequest] = []
        self.gateway = Gateway(self.world)
        self.guilds = Guilds(self.world)
        self.guilds.shard_count = shard_count  # GET /gateway/bot recommends it; IDENTIFY may carry any count
        self.messages = Messages(self.world, clock)
        self.events = ScheduledEvents(self.world, clock)
        self.interaction_api = Interactions(self.world, clock, self.messages, self.gateway.dispatch)
        self.limiter = RateLimiter(rate_limits or RateLimitPolicy())
        self._faults = Faults()
        self._runner: web.AppRunner | None = None
        self.port = 0
        self._routes = self._route_table()
        self.token: str | None = None  # when set, only this bot token is accepted (any otherwise)
        self.on_request: Callable[[RecordedRequest], None] | None = None  # after the answer is made
        self.before_request: Callable[[str, str], None] | None = None  # before anything is done
        self.attachments: dict[int, tuple[str, bytes]] = {}  # uploaded files, served from the CDN route

    # -- state the tests read -------------------------------------------------------------------------
    @property
    def policy(self) -> RateLimitPolicy:
        return self.limiter.policy

    @policy.setter
    def policy(self, policy: RateLimitPolicy) -> None:
        self.limiter.policy = policy

    @property
    def faults(self) -> list[Fault]:
        return self._faults.pending

    @property
    def interactions(self) -> dict[int, Interaction]:
        return self.interaction_api.by_id

    @property
    def commands(self) -> list[dict[str, Any]]:
        return self.guilds.commands

    @property
    def guild_commands(self) -> dict[int, list[dict[str, Any]]]:
        return self.guilds.guild_commands

    @property
    def sessions(self) -> dict[str, GatewaySession]:
        return self.gateway.sessions

    @property
    def identifies(self) -> int:
        return self.gateway.identifies

    @property
    def connected(self) -> asyncio.Event:
        """Set while the bot is connected (identified or resumed)."""
        return self.gateway.connected

    # -- life cycle -----------------------------------------------------------------------------------
    async def start(self) -> None:
        # Room for ten files at the upload limit: a larger file is refused by the rules (413 / 40005), as Discord does.
        app = web.Application(client_max_size=limits.ATTACHMENTS_PER_MESSAGE * limits.ATTACHMENT_SIZE + 2**23)
        app.router.add_get("/gateway", self.gateway.handle)
        app.router.add_get("/attachments/{aid}/{name}", self._attachment)
        app.router.add_route("*", API + "/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = runner_port(self._runner)
        self.gateway.url = self.guilds.gateway_url = self.gateway_url

    async def close(self) -> None:
        await self.gateway.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}{API}"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    @contextlib.contextmanager
    def install(self) -> Iterator[None]:
        """Point discord.py's REST base and gateway at this server for as long as the block runs."""
        route_base, gateway = discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
        discord.http.Route.BASE = self.api_base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(self.gateway_url)
        try:
            yield
        finally:
            discord.http.Route.BASE = route_base
            discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = gateway

    # -- faults ---------------------------------------------------------------------------------------
    def inject(
        self,
        method: str,
        path: str,
        status: int,
        code: int = 0,
        times: int = 1,
        retry_after: float = 0.05,
        *,
        carried_out: bool = False,
    ) -> None:
        """Make the next ``times`` requests matching ``method`` and the ``path`` regex fail with ``status``.

        ``status`` :data:`DROPPED` (0) drops the connection without an answer, as a request that times out
        or is reset would; 429 answers as Discord's rate limiter does (``retry_after`` seconds); any other
        status answers ``{"message": "injected <status>", "code": code}``.

        By default the request is refused before anything happens. With ``carried_out=True`` the outcome is
        unknown to the client: the request is carried out in full (a message is created, stored and shows in
        the channel's history) and only then is its answer replaced by the fault; ``DROPPED`` is a connection
        reset after the message exists. Such a fault waits for a request that succeeds: one that Discord
        refuses anyway (403, 429, ...) is answered as usual and does not use the fault up.
        """
        self._faults.add(method, path, status, code, times, retry_after, carried_out)

    # -- gateway --------------------------------------------------------------------------------------
    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send a gateway event to the bot (kept for a resume if the bot is reconnecting)."""
        await self.gateway.dispatch(event, data)

    async def request_reconnect(self) -> None:
        """Op 7: the bot closes and resumes."""
        await self.gateway.request_reconnect()

    async def invalidate_session(self) -> None:
        """Op 9 (not resumable): the bot identifies again."""
        await self.gateway.invalidate_session()

    async def drop_connection(self, shard: int | None = None) -> None:
        """The connection dies without a close frame (1006): the bot reconnects and resumes (with ``shard``:
        only that shard's connection)."""
        await self.gateway.drop_connection(shard)

    async def join_guild(self, guild: Guild) -> None:
        """The bot is added to a server while connected: GUILD_CREATE without ``unavailable``, as Discord sends
        for a join (with ``unavailable: false`` it would be a known server coming back)."""
        self.world.guilds[guild.id] = guild
        payload = guild.payload(self.world.bot_member(guild))
        del payload["unavailable"]
        await self.dispatch("GUILD_CREATE", payload)

    async def remove_guild(self, guild: Guild) -> None:
        """The bot is removed from a server: GUILD_DELETE."""
        self.world.guilds.pop(guild.id, None)
        await self.dispatch("GUILD_DELETE", {"id": str(guild.id)})

    async def update_channel(self, channel: Channel) -> None:
        await self.dispatch("CHANNEL_UPDATE", channel.payload())

    async def delete_channel(self, guild: Guild, channel: Channel) -> None:
        guild.channels.pop(channel.id, None)
        await self.dispatch("CHANNEL_DELETE", channel.payload())

    def post(
        self, channel: Channel, content: str, author: User | None = None, attachments: Sequence[dict[str, Any]] = ()
    ) -> dict[str, Any]:
        """A message that appears in ``channel`` as if ``author`` (the bot by default) had just posted it,
        without a request: for filling a history that a test then reads through the client. ``attachments``:
        files made with :meth:`attach`."""
        message = self.messages.new_message(channel.id, channel.guild_id, {"content": content}, author=author)
        message["attachments"] = list(attachments)
        channel.messages.append(message)
        return message

    # -- attachments ----------------------------------------------------------------------------------
    def attach(self, filename: str, data: bytes, content_type: str | None = None) -> dict[str, Any]:
        """Upload a file as a user's client does: its attachment object, downloadable from this server's CDN."""
        attachment_id = self.world.ids.next()
        self.attachments[attachment_id] = (filename, data)
        url = f"http://127.0.0.1:{self.port}/attachments/{attachment_id}/{filename}"
        payload: dict[str, Any] = {
            "id": str(attachment_id),
            "filename": filename,
            "size": len(data),
            "url": url,
            "proxy_url": url,
        }
        if content_type:
            payload["content_type"] = content_type
        return payload

    async def _attachment(self, request: web.Request) -> web.Response:
        found = self.attachments.get(int(request.match_info["aid"])) if request.match_info["aid"].isdigit() else None
        if found is None or found[0] != request.match_info["name"]:
            return web.Response(status=404)
        return web.Response(body=found[1], content_type="application/octet-stream")

    # -- interactions and commands --------------------------------------------------------------------
    async def send_interaction(
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
        """Create an interaction (``age`` old, on the harness clock) and dispatch INTERACTION_CREATE."""
        return await self.interaction_api.send(kind, data, guild, channel, user_id, locale, message, age)

    def command(self, name: str, guild_id: int | None = None) -> dict[str, Any]:
        """A synced command by name: the guild's own first, then the global ones."""
        return self.guilds.command(name, guild_id)

    # -- REST -----------------------------------------------------------------------------------------
    def _route_table(self) -> list[Route]:
        g, m, i, e = self.guilds, self.messages, self.interaction_api, self.events
        event = r"/guilds/(?P<guild>\d+)/scheduled-events/(?P<event>\d+)"
        table: list[tuple[str, str, Handler, str]] = [
            ("GET", r"/users/@me", g.get_me, "user"),
            ("GET", r"/oauth2/applications/@me", g.get_application, "app"),
            ("GET", r"/applications/@me", g.get_application, "app"),
            ("GET", r"/gateway(/bot)?", g.get_gateway, "gateway"),
            ("GET", r"/applications/(?P<app>\d+)/commands", g.get_commands, "commands"),
            ("PUT", r"/applications/(?P<app>\d+)/commands", g.put_commands, "commands"),
            ("GET", r"/applications/(?P<app>\d+)/guilds/(?P<guild>\d+)/commands", g.get_commands, "commands"),
            ("PUT", r"/applications/(?P<app>\d+)/guilds/(?P<guild>\d+)/commands", g.put_commands, "commands"),
            ("POST", r"/interactions/(?P<id>\d+)/(?P<token>[^/]+)/callback", i.callback, "interaction"),
            ("GET", HOOK_MESSAGE, i.get_hook, "hook"),
            ("PATCH", HOOK_MESSAGE, i.edit_hook, "hook"),
            ("DELETE", HOOK_MESSAGE, i.delete_hook, "hook"),
            ("POST", r"/webhooks/(?P<app>\d+)/(?P<token>[^/]+)", i.followup, "hook"),
            ("POST", r"/users/@me/channels", m.open_dm, "dm"),
            ("POST", r"/channels/(?P<channel>\d+)/messages", m.create, "messages"),
            ("GET", r"/channels/(?P<channel>\d+)/messages", m.history, "history"),
            ("GET", r"/channels/(?P<channel>\d+)/messages/(?P<mid>\d+)", m.get, "message"),
            ("PATCH", r"/channels/(?P<channel>\d+)/messages/(?P<mid>\d+)", m.edit, "message"),
            ("GET", r"/channels/(?P<channel>\d+)", m.get_channel, "channel"),
            ("GET", r"/guilds/(?P<guild>\d+)", g.get_guild, "guild"),
            ("GET", r"/guilds/(?P<guild>\d+)/channels", g.get_guild_channels, "guild"),
            ("GET", r"/guilds/(?P<guild>\d+)/roles", g.get_roles, "guild"),
            ("GET", r"/guilds/(?P<guild>\d+)/scheduled-events", e.list_events, "events"),
            ("POST", r"/guilds/(?P<guild>\d+)/scheduled-events", e.create, "events"),
            ("GET", event, e.get, "events"),
            ("PATCH", event, e.modify, "events"),
            ("DELETE", event, e.delete, "events"),
        ]  # fmt: skip
        return [(method, re.compile(f"^{p}$"), h, b) for method, p, h, b in table]

    async def _rest(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        raw = await request.read()
        files: dict[int, Upload] = {}
        unreadable: DiscordError | None = None
        if is_multipart(request.headers.get("Content-Type", "")):
            try:
                body, files = parse_multipart(raw, request.headers["Content-Type"])
            except DiscordError as exc:
                body, unreadable = None, exc
        else:
            try:
                body = orjson.loads(raw) if raw else None
            except ValueError:
                body = raw.decode(errors="replace")
        if self.before_request is not None:
            self.before_request(request.method, path)
        record = RecordedRequest(request.method, path, body, 0, time.monotonic(), files)
        self.requests.append(record)
        if unreadable is not None:
            response = json_response(unreadable.body, unreadable.status)
        else:
            response = await self._answer(request, path, body, files)
        record.status = response.status
        if self.on_request is not None:
            self.on_request(record)
        return response

    async def _answer(self, request: web.Request, path: str, body: Any, files: dict[int, Upload]) -> web.Response:
        fault = self._faults.take(request.method, path, carried_out=False)
        if fault is not None:
            return answer_with(fault, request)
        for method, pattern, handler, bucket in self._routes:
            match = pattern.match(path)
            if match is None or method != request.method:
                continue
            interaction_route = bucket in {"interaction", "hook"}
            authorization = request.headers.get("Authorization", "")
            token_ok = authorization.startswith("Bot ") and (self.token is None or authorization == f"Bot {self.token}")
            if not interaction_route and not token_ok:
                return json_response({"message": "401: Unauthorized", "code": 0}, 401)
            limited, headers = self.limiter.check(bucket, match.groupdict(), exempt=interaction_route)
            if limited is not None:
                return limited
            try:
                response = await handler(Call(request, match.groupdict(), body, files))
            except DiscordError as exc:
                response = json_response(exc.body, exc.status)
            if response.status < 400:
                lost = self._faults.take(request.method, path, carried_out=True)
                if lost is not None:
                    return answer_with(lost, request)
            response.headers.update(headers)
            return response
        return json_response({"message": "404: Not Found", "code": 0}, 404)

"""A small Discord on 127.0.0.1: REST and gateway, for the real discord.py client.

It serves a :class:`~bot.sandbox.world.World`, checks every body the bot sends against Discord's documented
limits (answering 400 / 50035 as Discord does), enforces permissions, interaction deadlines and rate limits,
honours ``nonce`` + ``enforce_nonce``, stores every message per channel and records every request.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
import re
import secrets
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import discord
import orjson
import yarl
from aiohttp import WSMsgType, web

from bot import limits
from bot.clock import Clock
from bot.sandbox import rules
from bot.sandbox.world import Channel, Guild, World

log = logging.getLogger(__name__)

API = "/api/v10"
EPHEMERAL = 1 << 6
LOADING = 1 << 7
NONCE_WINDOW = timedelta(minutes=5)

_HOOK_MESSAGE = r"/webhooks/(?P<app>\d+)/(?P<token>[^/]+)/messages/(?P<mid>@original|\d+)"

Handler = Callable[["Call"], Awaitable[web.Response]]


class DiscordError(Exception):
    """An error answer, in Discord's shape."""

    def __init__(self, status: int, code: int, message: str, body: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.status, self.code = status, code
        self.body = body or {"message": message, "code": code}


def _text(frame: Any) -> str:
    """A gateway frame as a JSON text frame (discord.py reads plain text frames as well as zlib-stream)."""
    return orjson.dumps(frame).decode()


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    # Exactly ``application/json``: discord.py checks the header verbatim (aiohttp's json_response adds a charset).
    return web.Response(
        body=orjson.dumps(data),
        status=status,
        headers={"Content-Type": "application/json", **(headers or {})},
    )


@dataclass
class RecordedRequest:
    method: str
    path: str
    body: Any
    status: int
    at: float


@dataclass
class Call:
    """One REST request on its way through the router."""

    request: web.Request
    params: dict[str, str]
    body: Any


@dataclass
class Fault:
    method: str
    pattern: re.Pattern[str]
    status: int
    times: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class RateLimitPolicy:
    """Discord's global limit and the per-channel message bucket. ``None`` turns one off."""

    global_per_second: int | None = limits.GLOBAL_REQUESTS_PER_SECOND
    messages_per_channel: tuple[int, float] | None = (5, 5.0)


class _Window:
    """Requests in the last ``period`` seconds (real time: discord.py waits on real time too)."""

    def __init__(self, limit: int, period: float) -> None:
        self.limit, self.period = limit, period
        self.hits: collections.deque[float] = collections.deque()

    def _trim(self, now: float) -> None:
        while self.hits and now - self.hits[0] >= self.period:
            self.hits.popleft()

    def try_take(self, now: float) -> float | None:
        """Take one request; ``None`` if allowed, else seconds until one is free."""
        self._trim(now)
        if len(self.hits) >= self.limit:
            return self.period - (now - self.hits[0])
        self.hits.append(now)
        return None

    def headers(self, now: float, bucket: str) -> dict[str, str]:
        self._trim(now)
        reset_after = self.period - (now - self.hits[0]) if self.hits else self.period
        return {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(max(0, self.limit - len(self.hits))),
            "X-RateLimit-Reset": f"{time.time() + reset_after:.3f}",
            "X-RateLimit-Reset-After": f"{reset_after:.3f}",
            "X-RateLimit-Bucket": bucket,
        }


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
    outcome: asyncio.Future[Any] = field(default_factory=lambda: asyncio.get_running_loop().create_future())
    errors: list[DiscordError] = field(default_factory=list)

    def settle(self, value: Any) -> None:
        if not self.outcome.done():
            self.outcome.set_result(value)

    def fail(self, error: DiscordError) -> None:
        """Discord refused the first answer: the user sees "The application did not respond"."""
        self.errors.append(error)
        if not self.outcome.done():
            self.outcome.set_exception(error)


@dataclass
class GatewaySession:
    id: str
    seq: int = 0
    log: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    ws: web.WebSocketResponse | None = None
    resumes: int = 0


class LoopbackDiscord:
    """The server. ``await start()``, then :meth:`install` points discord.py at it."""

    def __init__(self, clock: Clock, world: World | None = None, rate_limits: RateLimitPolicy | None = None) -> None:
        self.clock = clock
        self.world = world or World(clock)
        self.policy = rate_limits or RateLimitPolicy()
        self.requests: list[RecordedRequest] = []
        self.interactions: dict[int, Interaction] = {}
        self.commands: list[dict[str, Any]] = []
        self.guild_commands: dict[int, list[dict[str, Any]]] = {}
        self.faults: list[Fault] = []
        self.sessions: dict[str, GatewaySession] = {}
        self.identifies = 0
        self.connected = asyncio.Event()
        self._global = _Window(self.policy.global_per_second or 1, 1.0)
        self._buckets: dict[str, _Window] = {}
        self._runner: web.AppRunner | None = None
        self.port = 0
        self._routes = self._route_table()
        self.token: str | None = None  # when set, only this bot token is accepted (any otherwise)
        self.on_request: Callable[[RecordedRequest], None] | None = None  # after the answer is made
        self.before_request: Callable[[str, str], None] | None = None  # before anything is done

    # -- life cycle -----------------------------------------------------------------------------------
    async def start(self) -> None:
        app = web.Application(client_max_size=8 * 1024 * 1024)
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", API + "/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = runner_port(self._runner)

    async def close(self) -> None:
        for session in self.sessions.values():
            if session.ws is not None and not session.ws.closed:
                await session.ws.close()
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
        self, method: str, path: str, status: int, code: int = 0, times: int = 1, retry_after: float = 0.05
    ) -> None:
        """Answer the next ``times`` requests matching ``method`` and the ``path`` regex with an error.

        ``status`` 0 drops the connection without an answer, as a request that times out or is reset would.
        """
        body: dict[str, Any] = {"message": f"injected {status}", "code": code}
        if status == 429:
            body = {"message": "You are being rate limited.", "retry_after": retry_after, "global": False}
        headers = {"Via": "1.1 google", "Retry-After": str(retry_after)} if status == 429 else {}
        self.faults.append(Fault(method, re.compile(path), status, times, body, headers))

    # -- gateway --------------------------------------------------------------------------------------
    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoclose=True, max_msg_size=0)
        await ws.prepare(request)
        await ws.send_str(_text({"op": 10, "d": {"heartbeat_interval": 41250}, "s": None, "t": None}))
        session: GatewaySession | None = None
        async for msg in ws:
            if msg.type is not WSMsgType.TEXT:
                continue
            payload = orjson.loads(msg.data)
            op = payload.get("op")
            if op == 1:
                await ws.send_str(_text({"op": 11, "d": None, "s": None, "t": None}))
            elif op == 2:
                session = await self._identify(ws)
            elif op == 6:
                session = await self._resume(ws, payload["d"])
        if session is not None and session.ws is ws:
            session.ws = None
        return ws

    async def _identify(self, ws: web.WebSocketResponse) -> GatewaySession:
        self.identifies += 1
        session = GatewaySession(secrets.token_hex(16), ws=ws)
        self.sessions = {session.id: session}  # a new identify ends every older session
        ready = {
            "v": 10,
            "user": self.world.bot.payload(),
            "guilds": [{"id": str(g), "unavailable": True} for g in self.world.guilds],
            "session_id": session.id,
            "resume_gateway_url": self.gateway_url,
            "application": {"id": str(self.world.application_id), "flags": 0},
            "private_channels": [],
            "relationships": [],
            "session_type": "normal",
            "shard": [0, 1],
        }
        await self._send(session, "READY", ready)
        for guild in list(self.world.guilds.values()):
            await self._send(session, "GUILD_CREATE", guild.payload(self.world.bot_member(guild)))
        self.connected.set()
        return session

    async def _resume(self, ws: web.WebSocketResponse, data: dict[str, Any]) -> GatewaySession | None:
        session = self.sessions.get(data.get("session_id", ""))
        if session is None:
            await ws.send_str(_text({"op": 9, "d": False, "s": None, "t": None}))
            return None
        session.ws = ws
        session.resumes += 1
        for seq, event in session.log:
            if seq > int(data.get("seq") or 0):
                await ws.send_str(_text(event))
        await self._send(session, "RESUMED", {})
        self.connected.set()
        return session

    async def _send(self, session: GatewaySession, event: str, data: dict[str, Any]) -> None:
        session.seq += 1
        frame = {"op": 0, "t": event, "s": session.seq, "d": data}
        session.log.append((session.seq, frame))
        del session.log[:-1000]
        if session.ws is not None and not session.ws.closed:
            with contextlib.suppress(ConnectionError, RuntimeError):
                await session.ws.send_str(_text(frame))

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send a gateway event to the bot (kept for a resume if the bot is reconnecting)."""
        for session in list(self.sessions.values()):
            await self._send(session, event, data)

    async def request_reconnect(self) -> None:
        """Op 7: the bot closes and resumes."""
        self.connected.clear()
        for session in self.sessions.values():
            if session.ws is not None:
                await session.ws.send_str(_text({"op": 7, "d": None, "s": None, "t": None}))

    async def invalidate_session(self) -> None:
        """Op 9 (not resumable): the bot identifies again."""
        self.connected.clear()
        for session in list(self.sessions.values()):
            if session.ws is not None:
                await session.ws.send_str(_text({"op": 9, "d": False, "s": None, "t": None}))
        self.sessions = {}

    async def drop_connection(self) -> None:
        """The connection dies without a close frame (1006): the bot reconnects and resumes."""
        self.connected.clear()
        for session in self.sessions.values():
            if session.ws is not None and session.ws._req is not None and session.ws._req.transport is not None:
                session.ws._req.transport.abort()

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

    # -- REST -----------------------------------------------------------------------------------------
    def _route_table(self) -> list[tuple[str, re.Pattern[str], Handler, str]]:
        table: list[tuple[str, str, Handler, str]] = [
            ("GET", r"/users/@me", self._get_me, "user"),
            ("GET", r"/oauth2/applications/@me", self._get_application, "app"),
            ("GET", r"/applications/@me", self._get_application, "app"),
            ("GET", r"/gateway(/bot)?", self._get_gateway, "gateway"),
            ("GET", r"/applications/(?P<app>\d+)/commands", self._get_commands, "commands"),
            ("PUT", r"/applications/(?P<app>\d+)/commands", self._put_commands, "commands"),
            ("GET", r"/applications/(?P<app>\d+)/guilds/(?P<guild>\d+)/commands", self._get_commands, "commands"),
            ("PUT", r"/applications/(?P<app>\d+)/guilds/(?P<guild>\d+)/commands", self._put_commands, "commands"),
            ("POST", r"/interactions/(?P<id>\d+)/(?P<token>[^/]+)/callback", self._callback, "interaction"),
            ("GET", _HOOK_MESSAGE, self._get_hook, "hook"),
            ("PATCH", _HOOK_MESSAGE, self._edit_hook, "hook"),
            ("DELETE", _HOOK_MESSAGE, self._delete_hook, "hook"),
            ("POST", r"/webhooks/(?P<app>\d+)/(?P<token>[^/]+)", self._followup, "hook"),
            ("POST", r"/channels/(?P<channel>\d+)/messages", self._create_message, "messages"),
            ("GET", r"/channels/(?P<channel>\d+)/messages", self._history, "history"),
            ("GET", r"/channels/(?P<channel>\d+)/messages/(?P<mid>\d+)", self._get_message, "message"),
            ("PATCH", r"/channels/(?P<channel>\d+)/messages/(?P<mid>\d+)", self._edit_message, "message"),
            ("GET", r"/channels/(?P<channel>\d+)", self._get_channel, "channel"),
            ("GET", r"/guilds/(?P<guild>\d+)", self._get_guild, "guild"),
            ("GET", r"/guilds/(?P<guild>\d+)/channels", self._get_guild_channels, "guild"),
            ("GET", r"/guilds/(?P<guild>\d+)/roles", self._get_roles, "guild"),
        ]  # fmt: skip
        return [(m, re.compile(f"^{p}$"), h, b) for m, p, h, b in table]

    async def _rest(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        raw = await request.read()
        try:
            body = orjson.loads(raw) if raw else None
        except ValueError:
            body = raw.decode(errors="replace")
        if self.before_request is not None:
            self.before_request(request.method, path)
        record = RecordedRequest(request.method, path, body, 0, time.monotonic())
        self.requests.append(record)
        response = await self._answer(request, path, body)
        record.status = response.status
        if self.on_request is not None:
            self.on_request(record)
        return response

    async def _answer(self, request: web.Request, path: str, body: Any) -> web.Response:
        for fault in self.faults:
            if fault.times > 0 and fault.method == request.method and fault.pattern.search(path):
                fault.times -= 1
                if fault.status == 0 and request.transport is not None:
                    request.transport.abort()
                    raise ConnectionResetError("dropped by an injected fault")
                return json_response(fault.body, fault.status, fault.headers)
        for method, pattern, handler, bucket in self._routes:
            match = pattern.match(path)
            if match is None or method != request.method:
                continue
            interaction_route = bucket in {"interaction", "hook"}
            authorization = request.headers.get("Authorization", "")
            token_ok = authorization.startswith("Bot ") and (self.token is None or authorization == f"Bot {self.token}")
            if not interaction_route and not token_ok:
                return json_response({"message": "401: Unauthorized", "code": 0}, 401)
            limited, headers = self._rate_limit(bucket, match.groupdict(), exempt=interaction_route)
            if limited is not None:
                return limited
            try:
                response = await handler(Call(request, match.groupdict(), body))
            except DiscordError as exc:
                response = json_response(exc.body, exc.status)
            response.headers.update(headers)
            return response
        return json_response({"message": "404: Not Found", "code": 0}, 404)

    def _rate_limit(
        self, bucket: str, params: dict[str, str], exempt: bool
    ) -> tuple[web.Response | None, dict[str, str]]:
        now = time.monotonic()
        if self.policy.global_per_second and not exempt:
            wait = self._global.try_take(now)
            if wait is not None:
                return too_many_requests(wait, {"X-RateLimit-Global": "true", "X-RateLimit-Scope": "global"}), {}
        if bucket == "messages" and self.policy.messages_per_channel:
            limit, period = self.policy.messages_per_channel
            key = f"messages:{params['channel']}"
            window = self._buckets.setdefault(key, _Window(limit, period))
            wait = window.try_take(now)
            if wait is not None:
                return too_many_requests(wait, {"X-RateLimit-Scope": "user", **window.headers(now, "messages")}), {}
            return None, window.headers(now, "messages")
        return None, {}

    # -- identity -------------------------------------------------------------------------------------
    async def _get_me(self, call: Call) -> web.Response:
        return json_response(self.world.bot.payload())

    async def _get_application(self, call: Call) -> web.Response:
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

    async def _get_gateway(self, call: Call) -> web.Response:
        return json_response(
            {
                "url": self.gateway_url,
                "shards": 1,
                "session_start_limit": {
                    "total": 1000,
                    "remaining": 1000,
                    "reset_after": 0,
                    "max_concurrency": 1,
                },
            }
        )

    # -- commands -------------------------------------------------------------------------------------
    def _scope(self, call: Call) -> list[dict[str, Any]]:
        guild = call.params.get("guild")
        return self.guild_commands.setdefault(int(guild), []) if guild else self.commands

    async def _get_commands(self, call: Call) -> web.Response:
        return json_response(self._scope(call))

    async def _put_commands(self, call: Call) -> web.Response:
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

    # -- messages -------------------------------------------------------------------------------------
    def _channel(self, channel_id: str) -> tuple[Guild, Channel]:
        found = self.world.find_channel(int(channel_id))
        if found is None:
            raise DiscordError(404, 10003, "Unknown Channel")
        return found

    def _require(self, guild: Guild, channel: Channel, *needed: str) -> None:
        perms = guild.permissions_in(self.world.bot_member(guild), channel)
        if not perms.view_channel:
            raise DiscordError(403, 50001, "Missing Access")
        if any(not getattr(perms, name) for name in needed):
            raise DiscordError(403, 50013, "Missing Permissions")

    def _new_message(
        self, channel_id: int, guild_id: int | None, payload: dict[str, Any], kind: int = 0
    ) -> dict[str, Any]:
        message_id = self.world.ids.next()
        message = {
            "id": str(message_id),
            "type": kind,
            "channel_id": str(channel_id),
            "guild_id": str(guild_id) if guild_id else None,
            "author": self.world.bot.payload(),
            "content": payload.get("content") or "",
            "embeds": payload.get("embeds") or [],
            "components": payload.get("components") or [],
            "attachments": [],
            "flags": int(payload.get("flags") or 0),
            "timestamp": self.clock.now().isoformat(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "pinned": False,
            "nonce": payload.get("nonce"),
            "allowed_mentions": payload.get("allowed_mentions"),
        }
        message["pings"] = pings(str(message["content"]), payload.get("allowed_mentions"))
        return message

    def _check(self, payload: Any) -> None:
        if not isinstance(payload, dict):
            raise DiscordError(400, 50109, "The request body contains invalid JSON.")
        errors = rules.check_message(payload)
        if errors:
            raise DiscordError(400, 50035, "Invalid Form Body", errors.body())
        if not (payload.get("content") or payload.get("embeds") or payload.get("components")):
            raise DiscordError(400, 50006, "Cannot send an empty message")

    async def _create_message(self, call: Call) -> web.Response:
        guild, channel = self._channel(call.params["channel"])
        payload = call.body
        self._check(payload)
        self._require(guild, channel, "send_messages", *(["embed_links"] if payload.get("embeds") else []))
        nonce = payload.get("nonce")
        if nonce is not None and payload.get("enforce_nonce"):
            horizon = (self.clock.now() - NONCE_WINDOW).isoformat()
            for earlier in reversed(channel.messages):
                if earlier["timestamp"] < horizon:
                    break
                if earlier.get("nonce") == nonce and earlier["author"]["id"] == str(self.world.bot.id):
                    return json_response(earlier)
        message = self._new_message(channel.id, guild.id, payload)
        channel.messages.append(message)
        return json_response(message)

    async def _history(self, call: Call) -> web.Response:
        guild, channel = self._channel(call.params["channel"])
        self._require(guild, channel, "read_message_history")
        limit = min(100, int(call.request.query.get("limit", "50")))
        before = call.request.query.get("before")
        messages = [m for m in channel.messages if before is None or int(m["id"]) < int(before)]
        return json_response(list(reversed(messages[-limit:])))

    async def _get_message(self, call: Call) -> web.Response:
        guild, channel = self._channel(call.params["channel"])
        self._require(guild, channel, "read_message_history")
        message = channel.message(call.params["mid"])
        if message is None:
            raise DiscordError(404, 10008, "Unknown Message")
        return json_response(message)

    async def _edit_message(self, call: Call) -> web.Response:
        _, channel = self._channel(call.params["channel"])
        message = channel.message(call.params["mid"])
        if message is None:
            raise DiscordError(404, 10008, "Unknown Message")
        return json_response(self._apply_edit(message, call.body))

    def _apply_edit(self, message: dict[str, Any], payload: Any) -> dict[str, Any]:
        if not isinstance(payload, dict):
            raise DiscordError(400, 50109, "The request body contains invalid JSON.")
        errors = rules.check_message(payload)
        if errors:
            raise DiscordError(400, 50035, "Invalid Form Body", errors.body())
        for key in ("content", "embeds", "components", "allowed_mentions"):
            if key in payload:
                message[key] = payload[key] if payload[key] is not None else ([] if key != "content" else "")
        if "flags" in payload and payload["flags"] is not None:
            message["flags"] = (message["flags"] & EPHEMERAL) | int(payload["flags"])
        message["flags"] &= ~LOADING
        message["edited_timestamp"] = self.clock.now().isoformat()
        message["pings"] = pings(str(message["content"]), message.get("allowed_mentions"))
        return message

    async def _get_channel(self, call: Call) -> web.Response:
        _, channel = self._channel(call.params["channel"])
        return json_response(channel.payload())

    def _guild(self, guild_id: str) -> Guild:
        guild = self.world.guilds.get(int(guild_id))
        if guild is None:
            raise DiscordError(404, 10004, "Unknown Guild")
        return guild

    async def _get_guild(self, call: Call) -> web.Response:
        guild = self._guild(call.params["guild"])
        return json_response(guild.payload(self.world.bot_member(guild)))

    async def _get_guild_channels(self, call: Call) -> web.Response:
        return json_response([c.payload() for c in self._guild(call.params["guild"]).channels.values()])

    async def _get_roles(self, call: Call) -> web.Response:
        return json_response([r.payload() for r in self._guild(call.params["guild"]).roles.values()])

    # -- interactions ---------------------------------------------------------------------------------
    async def send_interaction(
        self,
        kind: int,
        data: dict[str, Any],
        guild: Guild,
        channel: Channel,
        user_id: int,
        locale: str = "en-US",
        message: dict[str, Any] | None = None,
        age: timedelta = timedelta(0),
    ) -> Interaction:
        """Create an interaction (``age`` old, on the harness clock) and dispatch INTERACTION_CREATE."""
        created = self.clock.now() - age
        interaction = Interaction(
            id=self.world.ids.at(created),
            token=secrets.token_urlsafe(24),
            kind=kind,
            created=created,
            guild_id=guild.id,
            channel_id=channel.id,
            user_id=user_id,
            message=message,
        )
        self.interactions[interaction.id] = interaction
        member = guild.members[user_id]
        member_payload = member.payload()
        member_payload["permissions"] = str(guild.permissions_in(member, channel).value)
        payload = {
            "id": str(interaction.id),
            "application_id": str(self.world.application_id),
            "type": kind,
            "data": data,
            "guild_id": str(guild.id),
            "guild": {"id": str(guild.id), "locale": guild.preferred_locale, "features": []},
            "channel_id": str(channel.id),
            "channel": channel.payload(),
            "member": member_payload,
            "token": interaction.token,
            "version": 1,
            "app_permissions": str(guild.permissions_in(self.world.bot_member(guild), channel).value),
            "locale": locale,
            "guild_locale": guild.preferred_locale,
            "entitlements": [],
            "authorizing_integration_owners": {"0": str(guild.id)},
            "context": 0,
            "attachment_size_limit": 10 * 1024 * 1024,
        }
        if message is not None:
            payload["message"] = message
        await self.dispatch("INTERACTION_CREATE", payload)
        return interaction

    def _interaction(self, interaction_id: str, token: str) -> Interaction:
        interaction = self.interactions.get(int(interaction_id))
        if interaction is None or interaction.token != token:
            raise DiscordError(404, 10062, "Unknown interaction")
        return interaction

    def _by_token(self, token: str) -> Interaction:
        for interaction in self.interactions.values():
            if interaction.token == token:
                if self.clock.now() - interaction.created > timedelta(minutes=limits.INTERACTION_TOKEN_MINUTES):
                    raise DiscordError(401, 50027, "Invalid Webhook Token")
                return interaction
        raise DiscordError(404, 10015, "Unknown Webhook")

    async def _callback(self, call: Call) -> web.Response:
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
        if kind == 4:
            self._check(data)
            message = self._new_message(interaction.channel_id, interaction.guild_id, data, kind=20)
            self._post_as_interaction(interaction, message)
            interaction.settle(message)
            resource["message"] = message
        elif kind == 5:
            flags = (int(data.get("flags") or 0) & EPHEMERAL) | LOADING
            message = self._new_message(interaction.channel_id, interaction.guild_id, {"flags": flags}, kind=20)
            self._post_as_interaction(interaction, message)
            resource["message"] = message
        elif kind == 6:
            interaction.original = interaction.message
        elif kind == 7:
            if interaction.message is None:
                raise DiscordError(400, 40004, "Interaction has no message to update")
            self._check({"content": "x", **data})
            stored = self._stored(interaction.message) or interaction.message
            interaction.original = self._apply_edit(stored, data)
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
        found = self.world.find_channel(interaction.channel_id)
        if found is not None and not message["flags"] & EPHEMERAL:
            found[1].messages.append(message)

    def _stored(self, message: dict[str, Any]) -> dict[str, Any] | None:
        found = self.world.find_channel(int(message["channel_id"]))
        return found[1].message(message["id"]) if found else None

    def _hook_message(self, interaction: Interaction, mid: str) -> dict[str, Any]:
        if mid == "@original":
            if interaction.original is None:
                raise DiscordError(404, 10008, "Unknown Message")
            return interaction.original
        for message in [*interaction.followups, interaction.original]:
            if message is not None and message["id"] == mid:
                return message
        raise DiscordError(404, 10008, "Unknown Message")

    async def _get_hook(self, call: Call) -> web.Response:
        interaction = self._by_token(call.params["token"])
        return json_response(self._hook_message(interaction, call.params["mid"]))

    async def _edit_hook(self, call: Call) -> web.Response:
        interaction = self._by_token(call.params["token"])
        message = self._hook_message(interaction, call.params["mid"])
        stored = self._stored(message) or message
        edited = self._apply_edit(stored, call.body)
        if call.params["mid"] == "@original":
            interaction.original = edited
            interaction.settle(edited)
        return json_response(edited)

    async def _delete_hook(self, call: Call) -> web.Response:
        interaction = self._by_token(call.params["token"])
        message = self._hook_message(interaction, call.params["mid"])
        found = self.world.find_channel(int(message["channel_id"]))
        if found is not None:
            found[1].messages = [m for m in found[1].messages if m["id"] != message["id"]]
        return web.Response(status=204)

    async def _followup(self, call: Call) -> web.Response:
        interaction = self._by_token(call.params["token"])
        if interaction.response_type is None:
            raise DiscordError(404, 10015, "Unknown Webhook")
        self._check(call.body)
        if interaction.original is not None and interaction.original["flags"] & LOADING:
            edited = self._apply_edit(self._stored(interaction.original) or interaction.original, call.body)
            interaction.settle(edited)
            return json_response(edited)
        message = self._new_message(interaction.channel_id, interaction.guild_id, call.body)
        interaction.followups.append(message)
        found = self.world.find_channel(interaction.channel_id)
        if found is not None and not message["flags"] & EPHEMERAL:
            found[1].messages.append(message)
        interaction.settle(message)
        return json_response(message)


def too_many_requests(wait: float, headers: dict[str, str]) -> web.Response:
    """A 429 as Discord sends it: ``retry_after`` and ``global`` in the body, and a ``Via`` header, without
    which discord.py takes the 429 for a Cloudflare ban."""
    body = {
        "message": "You are being rate limited.",
        "retry_after": round(wait, 3),
        "global": headers.get("X-RateLimit-Global") == "true",
    }
    return json_response(body, 429, {"Via": "1.1 google", "Retry-After": f"{wait:.3f}", **headers})


def runner_port(runner: web.AppRunner) -> int:
    """The port the operating system gave the server (it was started on port 0)."""
    for address in runner.addresses:
        return int(address[1])
    raise RuntimeError("the loopback Discord is not listening")


_MENTION = re.compile(r"<@(!?)(\d+)>|<@&(\d+)>|@(everyone|here)")


def pings(content: str, allowed: dict[str, Any] | None) -> dict[str, Any]:
    """Who a message would actually notify, given its content and ``allowed_mentions`` (Discord's rules)."""
    if "@" not in content:
        return {"everyone": False, "users": [], "roles": []}
    users = {m.group(2) for m in _MENTION.finditer(content) if m.group(2)}
    roles = {m.group(3) for m in _MENTION.finditer(content) if m.group(3)}
    everyone = any(m.group(4) for m in _MENTION.finditer(content))
    if allowed is None:  # no allowed_mentions: everything in the content pings
        return {"everyone": everyone, "users": sorted(users), "roles": sorted(roles)}
    parse = set(allowed.get("parse") or [])
    allowed_users = users if "users" in parse else users & {str(u) for u in allowed.get("users") or []}
    allowed_roles = roles if "roles" in parse else roles & {str(r) for r in allowed.get("roles") or []}
    return {
        "everyone": everyone and "everyone" in parse,
        "users": sorted(allowed_users),
        "roles": sorted(allowed_roles),
    }

"""The loopback Discord's gateway: hello, identify, resume, events kept for a resume, and the ways a
connection ends (reconnect request, invalid session, a dropped socket)."""

from __future__ import annotations

import asyncio
import contextlib
import secrets
from dataclasses import dataclass, field
from typing import Any

import orjson
from aiohttp import WSMsgType, web

from bot.sandbox.world import World


def _text(frame: Any) -> str:
    """A gateway frame as a JSON text frame (discord.py reads plain text frames as well as zlib-stream)."""
    return orjson.dumps(frame).decode()


@dataclass
class GatewaySession:
    id: str
    seq: int = 0
    log: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    ws: web.WebSocketResponse | None = None
    resumes: int = 0


class Gateway:
    """The websocket side. ``url`` is where the bot connects (and resumes)."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.url = ""
        self.sessions: dict[str, GatewaySession] = {}
        self.identifies = 0
        self.connected = asyncio.Event()

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
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

    async def close(self) -> None:
        for session in self.sessions.values():
            if session.ws is not None and not session.ws.closed:
                await session.ws.close()

    async def _identify(self, ws: web.WebSocketResponse) -> GatewaySession:
        self.identifies += 1
        session = GatewaySession(secrets.token_hex(16), ws=ws)
        self.sessions = {session.id: session}  # a new identify ends every older session
        ready = {
            "v": 10,
            "user": self.world.bot.payload(),
            "guilds": [{"id": str(g), "unavailable": True} for g in self.world.guilds],
            "session_id": session.id,
            "resume_gateway_url": self.url,
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

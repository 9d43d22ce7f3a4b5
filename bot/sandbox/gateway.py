"""The loopback Discord's gateway: hello, identify, resume, events kept for a resume, and the ways a
connection ends (reconnect request, invalid session, a dropped socket).

Sharded as Discord is: IDENTIFY carries ``[shard_id, shard_count]``; each shard's session gets READY and the
GUILD_CREATEs of its own servers only (``(guild_id >> 22) % shard_count``), every later event of a server goes
to the session of its shard (an event without a server to shard 0), and each shard's session resumes alone.
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets
from dataclasses import dataclass, field
from typing import Any

import orjson
from aiohttp import WSMsgType, web

from bot.sandbox.world import World
from bot.shards import shard_of

INVALID_SHARD = 4010  # Discord's close code for a shard id that does not fit the shard count


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
    shard: tuple[int, int] = (0, 1)  # [shard_id, shard_count] from IDENTIFY

    def carries(self, guild_id: int | None) -> bool:
        """Whether events of ``guild_id`` go to this session (events of no server go to shard 0)."""
        shard_id, count = self.shard
        return shard_id == (0 if guild_id is None else shard_of(guild_id, count))


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
                shard = (payload.get("d") or {}).get("shard") or [0, 1]
                shard_id, count = int(shard[0]), int(shard[1])
                if count < 1 or not 0 <= shard_id < count:
                    await ws.close(code=INVALID_SHARD, message=b"Invalid shard")
                    break
                session = await self._identify(ws, (shard_id, count))
            elif op == 6:
                session = await self._resume(ws, payload["d"])
        if session is not None and session.ws is ws:
            session.ws = None
        return ws

    async def close(self) -> None:
        for session in self.sessions.values():
            if session.ws is not None and not session.ws.closed:
                await session.ws.close()

    async def _identify(self, ws: web.WebSocketResponse, shard: tuple[int, int] = (0, 1)) -> GatewaySession:
        self.identifies += 1
        session = GatewaySession(secrets.token_hex(16), ws=ws, shard=shard)
        # A new identify ends every older session of the same shard (and of another shard count).
        self.sessions = {k: v for k, v in self.sessions.items() if v.shard[1] == shard[1] and v.shard != shard}
        self.sessions[session.id] = session
        guilds = [g for g in self.world.guilds.values() if session.carries(g.id)]
        ready = {
            "v": 10,
            "user": self.world.bot.payload(),
            "guilds": [{"id": str(g.id), "unavailable": True} for g in guilds],
            "session_id": session.id,
            "resume_gateway_url": self.url,
            "application": {"id": str(self.world.application_id), "flags": 0},
            "private_channels": [],
            "relationships": [],
            "session_type": "normal",
            "shard": list(shard),
        }
        await self._send(session, "READY", ready)
        for guild in guilds:
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
        """Send a gateway event to the session of its server's shard (kept for a resume if that shard is
        reconnecting)."""
        guild = data.get("guild_id") or (data.get("id") if event.startswith("GUILD_") else None)
        guild_id = int(guild) if guild is not None else None
        for session in list(self.sessions.values()):
            if session.carries(guild_id):
                await self._send(session, event, data)

    def shards(self) -> set[tuple[int, int]]:
        """The shards with a session now."""
        return {session.shard for session in self.sessions.values()}

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

    async def drop_connection(self, shard: int | None = None) -> None:
        """The connection dies without a close frame (1006): the bot reconnects and resumes. With ``shard``,
        only that shard's connection."""
        self.connected.clear()
        for session in self.sessions.values():
            if shard is not None and session.shard[0] != shard:
                continue
            if session.ws is not None and session.ws._req is not None and session.ws._req.transport is not None:
                session.ws._req.transport.abort()

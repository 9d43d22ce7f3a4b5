"""What every part of the loopback Discord shares: the API prefix, message flags, errors in Discord's shape,
JSON answers as discord.py expects them, and the record of each request."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import orjson
from aiohttp import web

if TYPE_CHECKING:
    from bot.sandbox.uploads import Upload

API = "/api/v10"
EPHEMERAL = 1 << 6
LOADING = 1 << 7


class DiscordError(Exception):
    """An error answer, in Discord's shape."""

    def __init__(self, status: int, code: int, message: str, body: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.status, self.code = status, code
        self.body = body or {"message": message, "code": code}


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
    files: dict[int, Upload] = field(default_factory=dict)


@dataclass
class Call:
    """One REST request on its way through the router."""

    request: web.Request
    params: dict[str, str]
    body: Any
    files: dict[int, Upload] = field(default_factory=dict)  # multipart ``files[n]``, by n


Handler = Callable[[Call], Awaitable[web.Response]]


def runner_port(runner: web.AppRunner) -> int:
    """The port the operating system gave the server (it was started on port 0)."""
    for address in runner.addresses:
        return int(address[1])
    raise RuntimeError("the loopback Discord is not listening")

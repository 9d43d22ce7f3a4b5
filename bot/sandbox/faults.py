"""Faults a test injects into the loopback Discord: error answers, dropped connections, lost answers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from bot.sandbox.wire import json_response

DROPPED = 0
"""The status of a fault that drops the connection without an answer (a reset or a timeout to the client)."""


@dataclass
class Fault:
    method: str
    pattern: re.Pattern[str]
    status: int
    times: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)
    carried_out: bool = False  # the request takes effect; only its answer is replaced

    def matches(self, method: str, path: str) -> bool:
        return self.times > 0 and self.method == method and self.pattern.search(path) is not None


class Faults:
    """The faults waiting to happen, in the order they were injected."""

    def __init__(self) -> None:
        self.pending: list[Fault] = []

    def add(
        self,
        method: str,
        path: str,
        status: int,
        code: int = 0,
        times: int = 1,
        retry_after: float = 0.05,
        carried_out: bool = False,
    ) -> Fault:
        body: dict[str, Any] = {"message": f"injected {status}", "code": code}
        if status == 429:
            body = {"message": "You are being rate limited.", "retry_after": retry_after, "global": False}
        headers = {"Via": "1.1 google", "Retry-After": str(retry_after)} if status == 429 else {}
        fault = Fault(method, re.compile(path), status, times, body, headers, carried_out)
        self.pending.append(fault)
        return fault

    def take(self, method: str, path: str, carried_out: bool) -> Fault | None:
        """The first fault of that kind matching the request, used up once; ``None`` when there is none."""
        for fault in self.pending:
            if fault.carried_out == carried_out and fault.matches(method, path):
                fault.times -= 1
                return fault
        return None


def answer_with(fault: Fault, request: web.Request) -> web.Response:
    """The fault's answer; for :data:`DROPPED`, the connection is aborted and nothing is answered."""
    if fault.status == DROPPED and request.transport is not None:
        request.transport.abort()
        raise ConnectionResetError("dropped by an injected fault")
    return json_response(fault.body, fault.status, fault.headers)

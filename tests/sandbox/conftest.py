"""The loopback Discord with the real bot connected: the `sandbox` fixture."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.clock import ManualClock, utc
from bot.sandbox.session import Sandbox, running_sandbox
from bot.settings import load_settings
from tests.conftest import DATA_DIR
from tests.contract import spec_available, violations


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(utc(2021, 10, 20, 8))


@pytest.fixture
async def sandbox(tmp_path: Path, clock: ManualClock) -> AsyncIterator[Sandbox]:
    settings = load_settings({"DEPLOYBOT_DATA_DIR": str(DATA_DIR)}, env_file=None)
    async with running_sandbox(settings, clock, tmp_path / "bot.sqlite3") as running:
        yield running
        if spec_available():
            accepted = [r for r in running.server.requests if r.status < 400]
            broken = [v for r in accepted for v in violations(r.method, r.path, r.body)]
            assert not broken, "requests that break Discord's OpenAPI spec:\n" + "\n".join(broken)

"""The loopback Discord with the real bot connected: the `clock` and `sandbox` fixtures."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.clock import ManualClock, utc
from bot.sandbox.session import Sandbox, running_sandbox
from bot.settings import load_settings
from tests.contract import violations
from tests.paths import SEED_DATA_DIR


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(utc(2021, 10, 20, 8))


@contextlib.asynccontextmanager
async def start_sandbox(
    tmp_path: Path, clock: ManualClock, data_dir: Path = SEED_DATA_DIR, database: Path | str | None = None
) -> AsyncIterator[Sandbox]:
    """The real bot on the loopback Discord; afterwards, every accepted request is checked against the spec.

    ``database``: the ``database`` fixture's location (SQLite, or PostgreSQL in that pass); default an SQLite file.
    """
    settings = load_settings({"DEPLOYBOT_DATA_DIR": str(data_dir)}, env_file=None)
    async with running_sandbox(settings, clock, database or tmp_path / "bot.sqlite3") as running:
        yield running
        accepted = [r for r in running.server.requests if r.status < 400]
        broken = [v for r in accepted for v in violations(r.method, r.path, r.body)]
        assert not broken, "requests that break Discord's OpenAPI spec:\n" + "\n".join(broken)


@pytest.fixture
async def sandbox(tmp_path: Path, clock: ManualClock, database: Path | str) -> AsyncIterator[Sandbox]:
    async with start_sandbox(tmp_path, clock, database=database) as running:
        yield running

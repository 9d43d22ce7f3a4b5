"""Running the storage, scheduler, fault and shard tests on PostgreSQL: a fresh schema per test, dropped after.

Set ``DEPLOYBOT_TEST_DATABASE=postgresql://127.0.0.1/test`` (as ``.ci/run`` does for its second pass) and the
``database`` and ``db`` fixtures give each test its own schema there instead of an SQLite file. When the server
cannot be reached, those tests fail with one line saying so in CI (``CI`` set) and skip with that reason elsewhere.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import AsyncIterator

import asyncpg
import pytest

ENVIRONMENT = "DEPLOYBOT_TEST_DATABASE"
LOCAL = "postgresql://127.0.0.1/test"  # where tests that always need PostgreSQL look when the variable is unset


def test_url() -> str | None:
    """The PostgreSQL server the tests run on, or None for SQLite."""
    return os.environ.get(ENVIRONMENT) or None


test_url.__test__ = False  # type: ignore[attr-defined]  # not a test, whatever its name


def unreachable(url: str, exc: BaseException) -> None:
    message = f"PostgreSQL at {url} ({ENVIRONMENT}) is not reachable: {str(exc) or type(exc).__name__}"
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


async def connect(url: str) -> asyncpg.Connection:
    try:
        return await asyncpg.connect(url, timeout=5)
    except (OSError, TimeoutError, asyncpg.PostgresError) as exc:
        unreachable(url, exc)
        raise  # not reached: unreachable() fails or skips


def with_parameters(url: str, **parameters: str) -> str:
    return url + ("&" if "?" in url else "?") + "&".join(f"{k}={v}" for k, v in parameters.items())


@contextlib.asynccontextmanager
async def fresh_schema(url: str) -> AsyncIterator[str]:
    """A URL whose connections work in a new, empty schema (their application_name names it too), dropped after."""
    schema = f"deploybot_test_{uuid.uuid4().hex[:12]}"
    admin = await connect(url)
    try:
        await admin.execute(f"CREATE SCHEMA {schema}")
    finally:
        await admin.close()
    try:
        yield with_parameters(url, search_path=schema, application_name=schema)
    finally:
        admin = await connect(url)
        try:
            # The bot's own connections are closed by now; any left over (a test that failed midway) go too.
            await admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1", schema
            )
            await admin.execute(f"DROP SCHEMA {schema} CASCADE")
        finally:
            await admin.close()


async def terminate_connections(url: str, application_name: str) -> int:
    """End every server connection of that application, as a PostgreSQL restart does."""
    admin = await connect(url)
    try:
        rows = await admin.fetch(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1", application_name
        )
        return len(rows)
    finally:
        await admin.close()

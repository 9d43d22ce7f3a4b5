"""Shared fixtures: the project's data directory, copied so tests may change it."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.facts.model import FactSet
from bot.facts.parse import load_facts
from bot.storage import Database
from tests.paths import SEED_DATA_DIR
from tests.postgres import LOCAL, fresh_schema, test_url
from tests.sandbox_fixtures import clock, sandbox  # noqa: F401  (fixtures)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A private copy of data/ that a test may edit."""
    target = tmp_path / "data"
    shutil.copytree(SEED_DATA_DIR, target)
    return target


@pytest.fixture(scope="session")
def facts() -> FactSet:
    return load_facts(SEED_DATA_DIR)


@pytest.fixture
async def database(tmp_path: Path) -> AsyncIterator[Path | str]:
    """Where a test's database lives: an SQLite file, or with DEPLOYBOT_TEST_DATABASE a fresh PostgreSQL schema."""
    url = test_url()
    if url is None:
        yield tmp_path / "bot.sqlite3"
        return
    async with fresh_schema(url) as located:
        yield located


@pytest.fixture
async def db(database: Path | str) -> AsyncIterator[Database]:
    opened = await Database.open(database)
    yield opened
    await opened.close()


@pytest.fixture
async def postgres() -> AsyncIterator[str]:
    """A fresh PostgreSQL schema, whichever pass this is (for tests about PostgreSQL itself, and both backends)."""
    async with fresh_schema(test_url() or LOCAL) as located:
        yield located

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
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "test.sqlite3")
    yield database
    await database.close()

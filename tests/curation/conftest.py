"""The curation core on a copy of the seed data, a fresh database and a fact book on a manual clock."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.clock import ManualClock, utc
from bot.curation.service import Curation
from bot.facts.book import FactBook
from bot.facts.parse import load_facts
from bot.storage import Database
from bot.storage.drafts import Drafts
from bot.storage.facts import FactStore
from tests.paths import SEED_DATA_DIR


@pytest.fixture
async def curation(tmp_path: Path) -> AsyncIterator[Curation]:
    data = tmp_path / "data"
    shutil.copytree(SEED_DATA_DIR, data)
    clock = ManualClock(utc(2021, 10, 20, 8))
    db = await Database.open(tmp_path / "bot.sqlite3")
    store = FactStore(db)
    await store.apply(load_facts(data), clock.now())
    book = FactBook(store, clock, ZoneInfo("Europe/Amsterdam"), poll_seconds=0)
    await book.refresh(force=True)
    try:
        yield Curation(Drafts(db), book, clock, data)
    finally:
        await db.close()

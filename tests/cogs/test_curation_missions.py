"""/facts with a mission data/ does not know, and a draft that waits while the facts change, end to end through
the loopback Discord: a curator creates the new mission (or maps its facts to a known one), Publish writes it to
data/missions.toml with the source; a draft shown or published later is compared with the facts of that moment."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from bot.clock import ManualClock, utc
from bot.facts.parse import load_facts
from bot.sandbox.driver import Reply
from tests.cogs.test_curation import SEED, Curated, curated, data_files, ingest, item, needs_seed

POLAND = (
    "Het kabinet heeft vrijdag besloten twee F-35's naar Polen te sturen. Naar schatting zestig tot tachtig "
    "militairen gaan eind januari mee, samen met Amerikaanse eenheden."
)
POLAND_LATER = (
    "Het kabinet heeft vrijdag besloten twee F-35's naar Polen te sturen. Naar schatting negentig militairen "
    "gaan eind januari mee, samen met Amerikaanse eenheden."
)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(utc(2021, 9, 20, 8))


@pytest.fixture
async def env(tmp_path: Path, clock: ManualClock):  # type: ignore[no-untyped-def]
    async with curated(tmp_path, clock) as running:
        yield running


def article(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def lines(page: Reply) -> list[str]:
    return [line.removeprefix("▶ ") for line in page.embed["description"].splitlines()]


async def test_explore(env: Curated, tmp_path: Path) -> None:
    page = await ingest(env, article=article(tmp_path, "polen.txt", POLAND))
    print(page.embed)
    assert False

"""The running bot's view of the facts: load, then look up; pick up a load made by another process."""

import asyncio
from dataclasses import replace
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.clock import ManualClock
from bot.facts.book import FactBook
from bot.facts.model import FactSet
from bot.storage import Database
from bot.storage.facts import FactStore

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


async def test_load_then_lookup_erbil(db: Database, facts: FactSet) -> None:
    await FactStore(db).apply(facts, datetime.now(UTC))
    book = FactBook(FactStore(db), ManualClock(datetime(2020, 11, 22, tzinfo=UTC)), AMSTERDAM)
    snapshot = await book.snapshot()
    erbil = snapshot.mission(snapshot.find("erbil")[0].slug)
    assert erbil is not None
    assert erbil.mission.slug == "erbil"
    (main,) = [v.current for v in erbil.contributions]
    assert (main.personnel_min, main.personnel_max) == (100, 150)
    start = next(v.current for v in erbil.milestones if v.current.key == "deployment-start")
    assert (str(start.date), start.certainty.value) == ("2021-01", "probable")


async def test_a_load_from_elsewhere_is_picked_up(db: Database, facts: FactSet) -> None:
    store = FactStore(db)
    await store.apply(facts, datetime.now(UTC))
    clock = ManualClock(datetime(2026, 11, 29, tzinfo=UTC))
    book = FactBook(store, clock, AMSTERDAM, poll_seconds=0)
    assert (await book.snapshot()).mission("peshmerga-training") is not None
    other_process = FactStore(db)
    await other_process.apply(
        replace(
            facts,
            missions={k: v for k, v in facts.missions.items() if k != "peshmerga-training"},
            contributions=tuple(c for c in facts.contributions if c.mission != "peshmerga-training"),
            milestones=tuple(m for m in facts.milestones if m.mission != "peshmerga-training"),
        ),
        datetime.now(UTC),
    )
    assert (await book.snapshot()).mission("peshmerga-training") is None


async def test_the_day_follows_the_clock_in_the_bot_time_zone(db: Database, facts: FactSet) -> None:
    await FactStore(db).apply(facts, datetime.now(UTC))
    clock = ManualClock(datetime(2020, 11, 19, 22, 30, tzinfo=UTC))  # 23:30 in Amsterdam on the 19th
    book = FactBook(FactStore(db), clock, AMSTERDAM)
    assert (await book.snapshot()).mission("minusma") is None
    clock.advance(datetime(2020, 11, 19, 23, 30, tzinfo=UTC) - clock.now())  # 00:30 on the 20th
    assert (await book.snapshot()).mission("minusma") is not None


async def test_readers_refreshing_at_once_all_get_the_new_facts(db: Database, facts: FactSet) -> None:
    """The servers' and the members' dispatchers, the events sync and commands share one book: a reader that
    arrives while another reads the new facts waits for them, instead of planning with the old ones."""
    store = FactStore(db)
    await store.apply(facts, datetime.now(UTC))
    book = FactBook(store, ManualClock(datetime(2026, 11, 29, tzinfo=UTC)), AMSTERDAM, poll_seconds=3600)
    await book.refresh(force=True)
    first = book.version
    fewer = replace(  # another process loads new facts
        facts,
        missions={k: v for k, v in facts.missions.items() if k != "peshmerga-training"},
        contributions=tuple(c for c in facts.contributions if c.mission != "peshmerga-training"),
        milestones=tuple(m for m in facts.milestones if m.mission != "peshmerga-training"),
    )
    await FactStore(db).apply(fewer, datetime.now(UTC))
    book.notify()
    versions = await asyncio.gather(*(_version_after_snapshot(book) for _ in range(3)))
    assert versions == [book.version] * 3 and book.version != first


async def _version_after_snapshot(book: FactBook) -> int:
    await book.snapshot()
    return book.version

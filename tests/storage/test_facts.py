"""Applying data/ to SQLite: one transaction, idempotent, removals, and a faithful round trip."""

from dataclasses import replace
from datetime import UTC, datetime

from bot.facts.model import FactSet
from bot.storage import Database
from bot.storage.facts import FactStore

NOW = datetime(2026, 11, 29, 12, tzinfo=UTC)


def same(db: Database, read: FactSet, expected: FactSet) -> bool:
    """Equal facts; on SQLite also in the files' order (PostgreSQL gives them in the key's order)."""
    if db.dialect == "sqlite":
        return read == expected

    def by_key(facts: FactSet) -> FactSet:
        return replace(
            facts,
            contributions=tuple(sorted(facts.contributions, key=lambda c: (c.source, c.mission, c.key))),
            partners=tuple(sorted(facts.partners, key=lambda p: (p.source, p.mission, p.key))),
            milestones=tuple(sorted(facts.milestones, key=lambda m: (m.source, m.mission, m.key))),
        )

    return by_key(read) == by_key(expected)


async def test_load_round_trips_and_is_idempotent(db: Database, facts: FactSet) -> None:
    store = FactStore(db)
    assert await store.version() == 0
    first = await store.apply(facts, NOW)
    assert first.changed and first.version == 1
    assert len(first.changes["milestones"].added) == len(facts.milestones)
    assert same(db, await store.read(), facts)

    second = await store.apply(facts, NOW)
    assert not second.changed and second.version == 1
    assert second.lines() == ["Nothing changed (facts version 1)."]


async def test_changes_and_removals_are_applied(db: Database, facts: FactSet) -> None:
    store = FactStore(db)
    await store.apply(facts, NOW)
    dropped = facts.sources["unsc-2023-06"]
    changed = [replace(m, note=None) if m.key == "arrival" and m.mission == "erbil" else m for m in facts.milestones]
    smaller = replace(
        facts,
        sources={k: v for k, v in facts.sources.items() if k != dropped.id},
        milestones=tuple(m for m in changed if m.source != dropped.id),
    )
    summary = await store.apply(smaller, NOW)
    assert summary.version == 2
    assert [r[0] for r in summary.changes["sources"].removed] == ["unsc-2023-06"]
    assert len(summary.changes["milestones"].removed) == 1
    assert len(summary.changes["milestones"].changed) == 2  # the arrival as told by two sources
    assert same(db, await store.read(), smaller)
    assert any(line.startswith("sources: 1 removed (unsc-2023-06)") for line in summary.lines())


async def test_removing_a_mission_removes_it_with_its_facts(db: Database, facts: FactSet) -> None:
    store = FactStore(db)
    await store.apply(facts, NOW)
    without = replace(
        facts,
        missions={k: v for k, v in facts.missions.items() if k != "peshmerga-training"},
        contributions=tuple(c for c in facts.contributions if c.mission != "peshmerga-training"),
        milestones=tuple(m for m in facts.milestones if m.mission != "peshmerga-training"),
    )
    await store.apply(without, NOW)
    assert "peshmerga-training" not in (await store.read()).missions

"""The fact tables: applying a validated :class:`FactSet` as one diff, and reading it back.

Loading computes, per table, which rows were added, changed and removed, and applies all of it in one
transaction; a second load of the same files changes nothing. Each change bumps ``facts_version``, which a
running bot polls cheaply to pick up a load made by another process.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.dates import Certainty, Duration, FuzzyDate
from bot.facts.model import (
    Contribution,
    Equipment,
    FactSet,
    Milestone,
    MilestoneKind,
    Mission,
    Organisation,
    Partner,
    PartnerRole,
    PersonnelKind,
    Scope,
    Source,
)
from bot.i18n import Localized
from bot.storage.database import Database, Executor

Row = tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    keys: tuple[str, ...]
    columns: tuple[str, ...]  # keys first

    def key_of(self, row: Row) -> Row:
        return row[: len(self.keys)]


# Parents before children: upserts run in this order, deletions in reverse.
TABLES = (
    Table("sources", ("id",), ("id", "publisher", "title", "published", "language", "url", "no_url")),
    Table("organisations", ("id",), ("id", "short", "name_nl", "name_en")),
    Table(
        "missions",
        ("slug",),
        ("slug", "source", "name_nl", "name_en", "organisation", "country", "place_nl", "place_en",
         "summary_nl", "summary_en", "aliases"),
    ),
    Table(
        "contributions",
        ("source", "mission", "key"),
        ("source", "mission", "key", "paragraph", "country", "personnel_min", "personnel_max",
         "personnel_kind", "approximate", "equipment", "task_nl", "task_en"),
    ),
    Table(
        "partners",
        ("source", "mission", "key"),
        ("source", "mission", "key", "paragraph", "role", "country", "organisation", "note_nl", "note_en"),
    ),
    Table(
        "milestones",
        ("source", "mission", "key"),
        ("source", "mission", "key", "paragraph", "kind", "date", "date_first", "date_last", "certainty",
         "until", "duration", "note_nl", "note_en", "scope", "contribution"),
    ),
)  # fmt: skip
_BY_NAME = {t.name: t for t in TABLES}


@dataclass(slots=True)
class TableChange:
    added: list[Row] = field(default_factory=list)
    changed: list[Row] = field(default_factory=list)
    removed: list[Row] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)


@dataclass(slots=True)
class LoadSummary:
    changes: dict[str, TableChange]
    version: int

    @property
    def changed(self) -> bool:
        return any(self.changes.values())

    def lines(self) -> list[str]:
        """One line per table that changed, naming the keys: what a person wants to see after a load."""
        if not self.changed:
            return [f"Nothing changed (facts version {self.version})."]
        out = []
        for name, change in self.changes.items():
            if not change:
                continue
            parts = []
            for verb, rows in (
                ("added", change.added),
                ("changed", change.changed),
                ("removed", change.removed),
            ):
                if rows:
                    keys = ", ".join("/".join(str(k) for k in _BY_NAME[name].key_of(r)) for r in rows[:5])
                    more = f" and {len(rows) - 5} more" if len(rows) > 5 else ""
                    parts.append(f"{len(rows)} {verb} ({keys}{more})")
            out.append(f"{name}: " + "; ".join(parts))
        out.append(f"Facts version is now {self.version}.")
        return out


def _loc(value: Localized | None) -> tuple[str | None, str | None]:
    return (value.nl, value.en) if value else (None, None)


def facts_to_rows(facts: FactSet) -> dict[str, dict[Row, Row]]:
    """Every fact as a table row, keyed by its primary key."""
    rows: dict[str, list[Row]] = {t.name: [] for t in TABLES}
    for s in facts.sources.values():
        rows["sources"].append((s.id, s.publisher, s.title, str(s.published), s.language, s.url, s.no_url))
    for o in facts.organisations.values():
        rows["organisations"].append((o.id, o.short, o.name.nl, o.name.en))
    for m in facts.missions.values():
        rows["missions"].append(
            (m.slug, m.source, m.name.nl, m.name.en, m.organisation, m.country, m.place.nl, m.place.en,
             m.summary.nl, m.summary.en, json.dumps(list(m.aliases), ensure_ascii=False))
        )  # fmt: skip
    for c in facts.contributions:
        rows["contributions"].append(
            (c.source, c.mission, c.key, c.paragraph, c.country, c.personnel_min, c.personnel_max,
             c.personnel_kind.value, int(c.approximate),
             json.dumps([[e.name, e.count] for e in c.equipment], ensure_ascii=False), *_loc(c.task))
        )  # fmt: skip
    for p in facts.partners:
        rows["partners"].append(
            (p.source, p.mission, p.key, p.paragraph, p.role.value, p.country, p.organisation, *_loc(p.note))
        )
    for ms in facts.milestones:
        rows["milestones"].append(
            (ms.source, ms.mission, ms.key, ms.paragraph, ms.kind.value, str(ms.date),
             ms.date.first.isoformat(),
             ms.date.last.isoformat(), ms.certainty.value, str(ms.until) if ms.until else None,
             str(ms.duration) if ms.duration else None, *_loc(ms.note), ms.scope.value, ms.contribution)
        )  # fmt: skip
    return {name: {_BY_NAME[name].key_of(r): r for r in table_rows} for name, table_rows in rows.items()}


def _localized(nl: str | None, en: str | None) -> Localized | None:
    return Localized(nl, en) if nl is not None and en is not None else None


def rows_to_facts(rows: dict[str, dict[Row, Row]]) -> FactSet:
    """The inverse of :func:`facts_to_rows`."""
    sources = {
        r[0]: Source(r[0], r[1], r[2], FuzzyDate.parse(r[3]), r[4], r[5], r[6]) for r in rows["sources"].values()
    }
    organisations = {r[0]: Organisation(r[0], Localized(r[2], r[3]), r[1]) for r in rows["organisations"].values()}
    missions = {
        r[0]: Mission(r[0], r[1], Localized(r[2], r[3]), r[4], r[5], Localized(r[6], r[7]),
                      Localized(r[8], r[9]),
                      tuple(json.loads(r[10])))
        for r in rows["missions"].values()
    }  # fmt: skip
    contributions = tuple(
        Contribution(r[0], r[3], r[1], r[2], r[4], r[5], r[6], PersonnelKind(r[7]), bool(r[8]),
                     tuple(Equipment(n, c) for n, c in json.loads(r[9])), _localized(r[10], r[11]))
        for r in rows["contributions"].values()
    )  # fmt: skip
    partners = tuple(
        Partner(r[0], r[3], r[1], PartnerRole(r[4]), r[5], r[6], _localized(r[7], r[8]))
        for r in rows["partners"].values()
    )
    milestones = tuple(
        Milestone(r[0], r[3], r[1], r[2], MilestoneKind(r[4]), FuzzyDate.parse(r[5]), Certainty(r[8]),
                  FuzzyDate.parse(r[9]) if r[9] else None, Duration.parse(r[10]) if r[10] else None,
                  _localized(r[11], r[12]), Scope(r[13]), r[14])
        for r in rows["milestones"].values()
    )  # fmt: skip
    return FactSet(sources, organisations, missions, contributions, partners, milestones)


class FactStore:
    """Reads and writes the fact tables of one :class:`Database`."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def _rows(self, conn: Executor) -> dict[str, dict[Row, Row]]:
        result: dict[str, dict[Row, Row]] = {}
        for table in TABLES:
            # Table and column names come from TABLES above, never from input.
            query = f"SELECT {', '.join(table.columns)} FROM {table.name}"
            if self.db.dialect != "sqlite":
                # SQLite gives rows in the order they were first loaded (the files' order), which the card keeps
                # for partners; PostgreSQL moves a row when it changes, so there the order is the key's.
                query += f" ORDER BY {', '.join(table.keys)}"
            result[table.name] = {table.key_of(r): r for r in await conn.fetchall(query)}
        return result

    async def read(self) -> FactSet:
        async with self.db.consistent_read() as conn:
            return rows_to_facts(await self._rows(conn))

    async def version(self, conn: Executor | None = None) -> int:
        """The facts version: 0 before the first load, bumped by every load that changes something."""
        row = await (conn or self.db).fetchone("SELECT value FROM facts_meta WHERE key = 'version'")
        return int(row[0]) if row else 0

    async def loaded_at(self) -> datetime | None:
        row = await self.db.fetchone("SELECT value FROM facts_meta WHERE key = 'loaded_at'")
        return datetime.fromisoformat(row[0]) if row else None

    async def apply(self, facts: FactSet, now: datetime) -> LoadSummary:
        """Make the tables hold exactly ``facts``, in one transaction."""
        wanted = facts_to_rows(facts)
        async with self.db.transaction() as conn:
            current = await self._rows(conn)
            changes = {t.name: _diff(current[t.name], wanted[t.name]) for t in TABLES}
            for table in reversed(TABLES):
                removed = changes[table.name].removed
                if removed:
                    where = " AND ".join(f"{k} = ?" for k in table.keys)
                    await conn.executemany(f"DELETE FROM {table.name} WHERE {where}", removed)
            for table in TABLES:
                upserts = changes[table.name].added + changes[table.name].changed
                if upserts:
                    cols = ", ".join(table.columns)
                    marks = ", ".join("?" for _ in table.columns)
                    updates = ", ".join(f"{c} = excluded.{c}" for c in table.columns if c not in table.keys)
                    await conn.executemany(
                        f"INSERT INTO {table.name} ({cols}) VALUES ({marks}) "
                        f"ON CONFLICT ({', '.join(table.keys)}) DO UPDATE SET {updates}",
                        upserts,
                    )
            version = await self.version(conn)
            if any(changes.values()):
                version += 1
                await conn.executemany(
                    "INSERT INTO facts_meta (key, value) VALUES (?, ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    [("version", str(version)), ("loaded_at", now.isoformat())],
                )
        return LoadSummary(changes, version)


def _diff(current: dict[Row, Row], wanted: dict[Row, Row]) -> TableChange:
    change = TableChange()
    for key, row in wanted.items():
        if key not in current:
            change.added.append(row)
        elif current[key] != row:
            change.changed.append(row)
    change.removed = [key for key in current if key not in wanted]
    return change

"""``deploybot migrate-db``: copy an SQLite database into an empty PostgreSQL one, in one transaction, checked
row by row before it commits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.storage.database import Database, Executor, Row, StorageError
from bot.storage.postgres import PostgresDatabase, identifier
from bot.storage.sqlite import SqliteDatabase


class CopyRefused(StorageError):
    """The target is not fit to copy into (not empty, another schema version); nothing was changed."""


class CopyMismatch(StorageError):
    """What arrived differs from what was sent; the transaction was rolled back, the target is unchanged."""


@dataclass(frozen=True, slots=True)
class CopyReport:
    counts: dict[str, int]  # table → rows copied and checked

    def lines(self) -> list[str]:
        total = sum(self.counts.values())
        out = [f"{table}: {count} row(s)" for table, count in self.counts.items()]
        out.append(f"Checked row by row: {total} row(s) in {len(self.counts)} tables arrived unchanged.")
        return out


async def _order(source: SqliteDatabase, tables: Sequence[str]) -> list[str]:
    """Parents before children, so that every foreign key holds as rows arrive."""
    parents = {table: (await source.foreign_keys(table)) - {table} for table in tables}
    ordered: list[str] = []
    while len(ordered) < len(tables):
        ready = sorted(t for t in tables if t not in ordered and parents[t] <= set(ordered))
        if not ready:
            raise CopyRefused(f"the tables {sorted(set(tables) - set(ordered))} refer to each other in a cycle")
        ordered.extend(ready)
    return ordered


def _sort_key(row: Row) -> tuple[tuple[bool, str], ...]:
    return tuple((value is None, repr(value)) for value in row)


async def transfer(target: Executor, table: str, columns: Sequence[str], rows: list[Row]) -> None:
    """Insert ``rows`` into ``table`` (a seam the tests use to make a row arrive changed)."""
    marks = ", ".join("?" for _ in columns)
    await target.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)


async def copy_database(source: SqliteDatabase, target: PostgresDatabase) -> CopyReport:
    """Copy every table of ``source`` into ``target`` (both already migrated to this bot's schema)."""
    versions = (await source.schema_version(), await target.schema_version())
    if versions[0] != versions[1]:
        raise CopyRefused(f"schema versions differ: {source.path} has {versions[0]}, {target.path} has {versions[1]}")
    tables = await source.tables()
    theirs = await target.tables()
    if tables != theirs:
        differ = sorted(t for t in set(tables) | set(theirs) if tables.get(t) != theirs.get(t))
        raise CopyRefused(f"the tables of the two databases differ ({', '.join(differ)}); nothing was copied")
    order = await _order(source, list(tables))
    counts: dict[str, int] = {}
    async with target.transaction() as tx:
        for table in order:
            (count,) = await tx.fetchone(f"SELECT COUNT(*) FROM {identifier(table)}") or (0,)
            if count:
                raise CopyRefused(
                    f"{target.path} is not empty ({table} has {count} row(s)); migrate-db copies only into an "
                    "empty database, so that nothing there is overwritten or mixed: give it a new database or schema"
                )
        for table in order:
            columns = [identifier(c) for c in tables[table]]
            select = f"SELECT {', '.join(columns)} FROM {identifier(table)}"
            rows = await source.fetchall(select)
            await transfer(tx, table, columns, rows)
            arrived = await tx.fetchall(select)
            if len(arrived) != len(rows):
                raise CopyMismatch(f"{table}: {len(rows)} row(s) sent, {len(arrived)} arrived; nothing was copied")
            for sent, got in zip(sorted(rows, key=_sort_key), sorted(arrived, key=_sort_key), strict=True):
                if sent != got:
                    raise CopyMismatch(f"{table}: the row {sent!r} arrived as {got!r}; nothing was copied")
            counts[table] = len(rows)
        await _restart_identities(tx)
    return CopyReport(counts)


async def _restart_identities(tx: Executor) -> None:
    """Identity columns continue after the highest copied value (explicit values do not move them)."""
    for table, column in await tx.fetchall(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND is_identity = 'YES'"
    ):
        table, column = identifier(table), identifier(column)
        await tx.fetchall(
            f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), MAX({column})) FROM {table} "
            f"HAVING MAX({column}) IS NOT NULL"
        )


async def migrate_db(source_location: str, target_url: str) -> CopyReport:
    """Open both (migrating each to this bot's schema), then copy."""
    source = await Database.open(source_location)
    try:
        if not isinstance(source, SqliteDatabase):
            raise CopyRefused(f"the source {source.path} is not an SQLite database")
        target = await Database.open(target_url)
        try:
            if not isinstance(target, PostgresDatabase):
                raise CopyRefused(f"--to {target.path}: give a postgresql:// URL")
            return await copy_database(source, target)
        finally:
            await target.close()
    finally:
        await source.close()

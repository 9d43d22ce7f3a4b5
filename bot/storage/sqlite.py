"""The SQLite backend (aiosqlite): one connection per process, pragmas, ``PRAGMA user_version`` migrations."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import time
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

import aiosqlite

from bot.storage.database import Database, Executor, Row, StorageError
from bot.storage.migrations import MIGRATIONS


def explain(exc: sqlite3.Error, location: str) -> str:
    """One line naming the real cause. Only a damaged file is told to restore a backup: restoring a healthy
    database would roll the announcement ledger back and post again what was already posted."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc)
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text:
        return (
            f"the database {location} is locked by another process (another deploybot, or a tool holding it "
            "open); its contents are fine: stop that process or wait, then try again"
        )
    if name.startswith("SQLITE_READONLY") or "readonly" in text or "read-only" in text:
        return (
            f"the database {location} is read-only (its file, folder or file system does not allow writing); "
            "its contents are fine: make it writable, then try again"
        )
    if name.startswith("SQLITE_FULL") or "disk is full" in text:
        return f"the disk holding {location} is full; its contents are fine: free some space, then try again"
    if name.startswith("SQLITE_CANTOPEN") or "unable to open" in text:
        return f"cannot open the database {location} ({text}): check that the path exists and may be written"
    if name.startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT")) or "not a database" in text or "malformed" in text:
        return f"the database {location} is damaged ({text}); restore it from a backup"
    return f"the database {location} could not be used ({text})"


class _Connection(Executor):
    """Portable SQL on the aiosqlite connection: SQLite takes ``?`` as it is."""

    def __init__(self, connection: aiosqlite.Connection) -> None:
        self.connection = connection

    async def execute(self, sql: str, params: Sequence[object] = ()) -> int:
        async with self.connection.execute(sql, params) as cursor:
            return cursor.rowcount

    async def executemany(self, sql: str, rows: Iterable[Sequence[object]]) -> None:
        await self.connection.executemany(sql, rows)

    async def fetchall(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        async with self.connection.execute(sql, params) as cursor:
            return list(await cursor.fetchall())  # type: ignore[arg-type]  # rows are tuples (no row_factory)

    async def fetchone(self, sql: str, params: Sequence[object] = ()) -> Row | None:
        async with self.connection.execute(sql, params) as cursor:
            row = await cursor.fetchone()
        return tuple(row) if row is not None else None


class SqliteDatabase(_Connection, Database):
    """One aiosqlite connection. Writes that belong together go through :meth:`transaction`."""

    dialect = "sqlite"

    def __init__(self, connection: aiosqlite.Connection, path: str) -> None:
        super().__init__(connection)
        self.location = path
        # One connection serves every task: transactions take turns instead of nesting.
        self._writing = asyncio.Lock()
        self.busy_timeout = 5.0  # seconds a write waits for another process's lock

    @classmethod
    async def connect(cls, path: str | Path, busy_timeout_ms: int = 5000) -> SqliteDatabase:
        location = str(path)
        uri = location.startswith("file:")  # an SQLite URI, such as file:bot.sqlite3?mode=ro
        if location != ":memory:" and not uri:
            try:
                Path(location).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StorageError(f"cannot create the folder for the database {location}: {exc.strerror}") from None
        try:
            connection = await aiosqlite.connect(location, isolation_level=None, uri=uri)
        except sqlite3.Error as exc:
            raise StorageError(explain(exc, location)) from None
        db = cls(connection, location)
        db.busy_timeout = busy_timeout_ms / 1000
        try:
            await connection.execute("PRAGMA foreign_keys = ON")
            await connection.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            if location != ":memory:":
                await connection.execute("PRAGMA journal_mode = WAL")
                await connection.execute("PRAGMA synchronous = NORMAL")
            await db._migrate()
        except sqlite3.Error as exc:
            await connection.close()
            raise StorageError(explain(exc, location)) from None
        except BaseException:
            await connection.close()
            raise
        return db

    async def schema_version(self) -> int:
        row = await self.fetchone("PRAGMA user_version")
        return int(row[0]) if row else 0

    async def _migrate(self) -> None:
        version = await self.schema_version()
        if version > len(MIGRATIONS):
            raise StorageError(
                f"the database {self.path} has schema version {version}, newer than this bot knows "
                f"({len(MIGRATIONS)}); upgrade deploybot"
            )
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            async with self.transaction():
                for statement in _statements(script):
                    await self.connection.execute(statement)
                # PRAGMA takes no parameters; ``number`` is an int from our own list.
                await self.connection.execute(f"PRAGMA user_version = {int(number)}")

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Executor]:
        """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any exception."""
        async with self._writing:
            await self._begin()
            try:
                yield self
            except BaseException:
                await self.connection.execute("ROLLBACK")
                raise
            await self.connection.execute("COMMIT")

    async def _begin(self) -> None:
        """BEGIN IMMEDIATE, waiting out another process's write as the busy timeout allows.

        SQLite's own busy wait does not cover one case: a read of another task on this connection still open
        (between its execute and its fetch) on a snapshot that another process's commit made stale. SQLite
        then refuses at once; the read ends as soon as its task runs, so the begin is tried again shortly.
        Cancelled while beginning, a transaction that began anyway is rolled back.
        """
        deadline = time.monotonic() + self.busy_timeout
        delay = 0.001
        while True:
            begin = asyncio.ensure_future(self.connection.execute("BEGIN IMMEDIATE"))
            try:
                await asyncio.shield(begin)
                return
            except sqlite3.OperationalError as exc:
                busy = "locked" in str(exc) or "busy" in str(exc)
                if not busy or time.monotonic() >= deadline:
                    raise
            except BaseException:
                # Cancelled (a task stopping): the BEGIN still runs in the database's thread. Wait for it, then
                # roll back, or the shared connection stays inside a transaction nobody will finish.
                with contextlib.suppress(Exception):
                    await begin
                if self.connection.in_transaction:
                    await self.connection.execute("ROLLBACK")
                raise
            await asyncio.sleep(delay)
            delay = min(delay * 2, 0.05)

    @asynccontextmanager
    async def consistent_read(self) -> AsyncIterator[Executor]:
        """Reads that must not see another task's open transaction on this shared connection."""
        async with self._writing:
            yield self

    async def tables(self) -> dict[str, list[str]]:
        names = await self.fetchall(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
        result = {}
        for (name,) in names:
            # The name comes from sqlite_master, quoted as an identifier.
            columns = await self.fetchall(f'PRAGMA table_info("{name}")')
            result[name] = [column[1] for column in columns]
        return result

    async def foreign_keys(self, table: str) -> set[str]:
        """The tables ``table`` refers to."""
        return {row[2] for row in await self.fetchall(f'PRAGMA foreign_key_list("{table}")')}

    async def close(self) -> None:
        await self.connection.close()


def _statements(script: str) -> list[str]:
    """Split a migration script into statements (executescript would commit our transaction)."""
    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return [s for s in statements if s]

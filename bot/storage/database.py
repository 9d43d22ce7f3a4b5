"""Opening the SQLite database: pragmas, migrations, and transactions that group writes."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiosqlite

from bot.storage.migrations import MIGRATIONS


class StorageError(Exception):
    """The database cannot be used; the message says why, in one line."""


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


class Database:
    """One aiosqlite connection. Writes that belong together go through :meth:`transaction`."""

    def __init__(self, connection: aiosqlite.Connection, path: str) -> None:
        self.connection = connection
        self.path = path
        # One connection serves every task: transactions take turns instead of nesting.
        self._writing = asyncio.Lock()
        self.busy_timeout = 5.0

    @classmethod
    async def open(cls, path: str | Path, busy_timeout_ms: int = 5000) -> Database:
        """Open (creating if needed) and migrate the database at ``path`` (``:memory:`` for tests).

        ``busy_timeout_ms``: how long a write waits for another process's lock before giving up.
        """
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

    async def _migrate(self) -> None:
        async with self.connection.execute("PRAGMA user_version") as cursor:
            row = await cursor.fetchone()
        version = int(row[0]) if row else 0
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
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any exception."""
        async with self._writing:
            await self._begin()
            try:
                yield self.connection
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
            try:
                await self.connection.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                busy = "locked" in str(exc) or "busy" in str(exc)
                if not busy or time.monotonic() >= deadline:
                    raise
            except BaseException:
                if self.connection.in_transaction:
                    await self.connection.execute("ROLLBACK")
                raise
            await asyncio.sleep(delay)
            delay = min(delay * 2, 0.05)

    @asynccontextmanager
    async def consistent_read(self) -> AsyncIterator[aiosqlite.Connection]:
        """Reads that must not see another task's open transaction on this shared connection."""
        async with self._writing:
            yield self.connection

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

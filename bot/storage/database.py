"""One storage interface, two backends: SQLite (the embedded default) and PostgreSQL (a shared store).

Callers write SQL once, in portable form with ``?`` placeholders, and run it through an :class:`Executor`:
``Database.transaction()`` for writes that belong together (serialised, as SQLite's ``BEGIN IMMEDIATE`` is),
``Database.consistent_read()`` for reads that must see one committed state, or the database's own
``fetchall``/``fetchone`` for a single read. What differs between the backends lives in ``sqlite.py`` and
``postgres.py``; :meth:`Database.open` picks one from the location (a path, or a ``postgresql://`` URL).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Any, Literal

Row = tuple[Any, ...]
Dialect = Literal["sqlite", "postgresql"]


class StorageError(Exception):
    """The database cannot be used; the message says why, in one line."""


def is_postgres(location: str | Path) -> bool:
    """Whether ``location`` names a PostgreSQL database rather than an SQLite file."""
    return isinstance(location, str) and location.startswith(("postgresql://", "postgres://"))


def shown(location: str | Path) -> str:
    """The location as it may appear in a message or a log line: a URL without its password."""
    text = str(location)
    if is_postgres(text) and "@" in text:
        scheme, rest = text.split("://", 1)
        credentials, host = rest.rsplit("@", 1)
        user = credentials.split(":", 1)[0]
        return f"{scheme}://{user}@{host}" if user else f"{scheme}://{host}"
    return text


class Executor(ABC):
    """Runs portable SQL (``?`` placeholders) on one connection."""

    @abstractmethod
    async def execute(self, sql: str, params: Sequence[object] = ()) -> int:
        """Run one statement; the number of rows it changed."""

    @abstractmethod
    async def executemany(self, sql: str, rows: Iterable[Sequence[object]]) -> None: ...

    @abstractmethod
    async def fetchall(self, sql: str, params: Sequence[object] = ()) -> list[Row]: ...

    async def fetchone(self, sql: str, params: Sequence[object] = ()) -> Row | None:
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None


class Database(Executor):
    """An open database. As an :class:`Executor` it runs single statements outside any transaction."""

    dialect: Dialect
    location: str

    @staticmethod
    async def open(location: str | Path, busy_timeout_ms: int = 5000) -> Database:
        """Open (creating if needed) and migrate the database at ``location``.

        A ``postgresql://`` URL opens a PostgreSQL pool; anything else is an SQLite path or ``file:`` URI
        (``:memory:`` for tests). ``busy_timeout_ms``: how long an SQLite write waits for another process's lock.
        """
        if is_postgres(location):
            from bot.storage.postgres import PostgresDatabase

            return await PostgresDatabase.connect(str(location))
        from bot.storage.sqlite import SqliteDatabase

        return await SqliteDatabase.connect(location, busy_timeout_ms)

    @property
    def path(self) -> str:
        """Where the database is, fit to be shown (no password)."""
        return shown(self.location)

    @abstractmethod
    def transaction(self) -> AbstractAsyncContextManager[Executor]:
        """Writes that belong together: serialised against every other write transaction (in this process and
        any other on the same database), committed on success, rolled back on any exception."""

    @abstractmethod
    def consistent_read(self) -> AbstractAsyncContextManager[Executor]:
        """Reads that see one committed state, never another task's open transaction."""

    @abstractmethod
    async def schema_version(self) -> int: ...

    @abstractmethod
    async def tables(self) -> dict[str, list[str]]:
        """Every table of ours and its columns in order (for checks and ``migrate-db``)."""

    @abstractmethod
    async def close(self) -> None: ...

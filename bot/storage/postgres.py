"""The PostgreSQL backend (asyncpg): a connection pool, ``schema_version`` migrations, writes serialised by a
transaction-scoped advisory lock, and reconnecting after the server restarts.

Why an advisory lock and not SERIALIZABLE with retries: the callers' transactions interleave Python between
statements (``GuildStore.modify`` calls the moderator's change, ``Ledger.claim_all`` decides per row), so a
retry would have to re-run their code. One lock per schema makes every write transaction take its turn, across
processes, exactly as ``BEGIN IMMEDIATE`` does on SQLite; reads never wait for it.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import re
from collections.abc import AsyncIterator, Awaitable, Iterable, Sequence
from contextlib import asynccontextmanager, suppress
from typing import Any, TypeVar
from urllib.parse import parse_qs, urlsplit

import asyncpg

from bot.storage.database import Database, Executor, Row, StorageError, shown
from bot.storage.migrations import postgres_migrations

log = logging.getLogger(__name__)

T = TypeVar("T")

POOL_SIZE = 5
CONNECT_TIMEOUT = 10.0  # seconds; a server that is down refuses at once, one that is unreachable times out
# pg_advisory_xact_lock(LOCK_CLASS, hashtext(current_schema())): one write lock per schema.
LOCK_CLASS = 0x0DB7
_LOCK = "SELECT pg_advisory_xact_lock($1, hashtext(current_schema()))"

# The connection went away: the server restarted, an administrator ended it, the network dropped.
LOST: tuple[type[BaseException], ...] = (
    OSError,
    asyncpg.ConnectionDoesNotExistError,
    asyncpg.PostgresConnectionError,
    asyncpg.AdminShutdownError,
    asyncpg.CrashShutdownError,
    asyncpg.CannotConnectNowError,
    asyncpg.InterfaceError,
    asyncpg.exceptions._base.InternalClientError,  # a query on a connection the server just ended
)
FAILED: tuple[type[BaseException], ...] = (asyncpg.PostgresError, *LOST, TimeoutError)


def explain(exc: BaseException, location: str) -> str:
    """One line naming the real cause. No PostgreSQL problem is ever told to restore a backup: restoring would
    roll the announcement ledger back and post again what was already posted."""
    text = str(exc).strip() or type(exc).__name__
    if isinstance(exc, ConnectionRefusedError):
        return (
            f"PostgreSQL at {location} refused the connection: is the server running and listening there? "
            "(the bot reconnects when it is back)"
        )
    if isinstance(exc, asyncpg.InvalidPasswordError):
        return f"PostgreSQL at {location} refused the password ({text}): check the user and password in the URL"
    if isinstance(exc, asyncpg.InvalidAuthorizationSpecificationError):
        return f"PostgreSQL at {location} refused the login ({text}): check the user in the URL and pg_hba.conf"
    if isinstance(exc, asyncpg.InvalidCatalogNameError):
        return f"PostgreSQL at {location} has no such database ({text}): create it first (createdb)"
    if isinstance(exc, asyncpg.InsufficientPrivilegeError):
        return f"the PostgreSQL user may not do this at {location} ({text}): grant it rights on the schema"
    if isinstance(exc, asyncpg.TooManyConnectionsError):
        return f"PostgreSQL at {location} has no connection to spare ({text}); its contents are fine: try again"
    if isinstance(exc, asyncpg.DiskFullError):
        return f"the disk of PostgreSQL at {location} is full; its contents are fine: free some space, then try again"
    if isinstance(exc, asyncpg.ReadOnlySQLTransactionError):
        return (
            f"PostgreSQL at {location} is read-only (a standby, or default_transaction_read_only); "
            "point DEPLOYBOT_DATABASE at the primary"
        )
    if isinstance(exc, asyncpg.CannotConnectNowError):
        return f"PostgreSQL at {location} is starting up or shutting down ({text}); the bot reconnects when it is up"
    if isinstance(exc, LOST):
        return f"lost the connection to PostgreSQL at {location} ({text}); the bot reconnects on its next try"
    if isinstance(exc, TimeoutError):
        return f"PostgreSQL at {location} did not answer in time: check the host and the network"
    return f"the database {location} could not be used ({text})"


@functools.lru_cache(maxsize=4096)
def dollar_placeholders(sql: str) -> str:
    """Portable SQL's ``?`` as asyncpg's ``$1, $2, …`` (a ``?`` inside a quoted string stays)."""
    out, number, quoted = [], 0, False
    for char in sql:
        if char == "'":
            quoted = not quoted
        if char == "?" and not quoted:
            number += 1
            out.append(f"${number}")
        else:
            out.append(char)
    return "".join(out)


def _rowcount(status: str) -> int:
    """asyncpg's command tag ("INSERT 0 1", "UPDATE 3", "DELETE 0") as a row count."""
    last = status.rsplit(" ", 1)[-1]
    return int(last) if last.isdigit() else -1


class _Connection(Executor):
    def __init__(self, connection: Any, db: PostgresDatabase) -> None:
        self.connection = connection
        self.db = db

    async def execute(self, sql: str, params: Sequence[object] = ()) -> int:
        status = await self.db.guard(self.connection.execute(dollar_placeholders(sql), *params))
        return _rowcount(status)

    async def executemany(self, sql: str, rows: Iterable[Sequence[object]]) -> None:
        rows = list(rows)
        if rows:
            await self.db.guard(self.connection.executemany(dollar_placeholders(sql), rows))

    async def fetchall(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        records = await self.db.guard(self.connection.fetch(dollar_placeholders(sql), *params))
        return [tuple(record) for record in records]


class PostgresDatabase(Database):
    """A pool of asyncpg connections to one schema (``search_path``) of one PostgreSQL database."""

    dialect = "postgresql"

    pool: asyncpg.Pool

    def __init__(self, location: str) -> None:
        self.location = location
        self._writing = asyncio.Lock()  # this process's writers queue here, not for a pooled connection each
        self._lost = False  # a connection was lost and no query has succeeded since
        self._closing = False

    @classmethod
    async def connect(cls, url: str) -> PostgresDatabase:
        location = shown(url)
        settings = {}
        if "application_name" not in parse_qs(urlsplit(url).query):
            settings["application_name"] = "deploybot"
        db = cls(url)
        try:
            db.pool = await asyncpg.create_pool(
                url,
                min_size=1,
                max_size=POOL_SIZE,
                timeout=CONNECT_TIMEOUT,
                server_settings=settings,
                init=db._prepare,
                max_inactive_connection_lifetime=0,  # only a lost connection is ever closed under us
            )
        except FAILED as exc:
            raise StorageError(explain(exc, location)) from None
        except ValueError as exc:  # a URL asyncpg cannot parse
            raise StorageError(
                f"DEPLOYBOT_DATABASE: {location} is not a PostgreSQL URL asyncpg accepts ({exc})"
            ) from None
        try:
            await db._migrate()
        except BaseException:
            await db.close()
            raise
        return db

    # -- losing and regaining the server ------------------------------------------------------------------
    async def guard(self, awaitable: Awaitable[T]) -> T:
        """Await a query; a lost connection is logged once and makes the pool start afresh, and every
        PostgreSQL error becomes a :class:`StorageError` naming its cause."""
        try:
            result = await awaitable
        except LOST as exc:
            await self._connection_lost(exc)
            raise StorageError(explain(exc, self.path)) from exc
        except FAILED as exc:
            raise StorageError(explain(exc, self.path)) from exc
        if self._lost:
            self._lost = False
            log.warning("reconnected to PostgreSQL at %s", self.path)
        return result

    async def _connection_lost(self, exc: BaseException) -> None:
        await self.pool.expire_connections()  # every pooled connection may be dead: new ones on the next acquire
        self._note_lost(str(exc) or type(exc).__name__)

    def _note_lost(self, why: str) -> None:
        if not self._lost:
            self._lost = True
            log.warning("lost the connection to PostgreSQL at %s (%s); reconnecting", self.path, why)

    async def _prepare(self, connection: Any) -> None:
        """Each new pooled connection: noticed when the server ends it, even while idle (a restart)."""
        connection.add_termination_listener(self._terminated)

    def _terminated(self, connection: Any) -> None:
        if not self._closing:
            self._note_lost("the server ended the connection")

    @asynccontextmanager
    async def _acquire(self) -> AsyncIterator[Any]:
        try:
            connection = await self.pool.acquire()
        except LOST as exc:
            await self._connection_lost(exc)
            raise StorageError(explain(exc, self.path)) from exc
        except FAILED as exc:
            raise StorageError(explain(exc, self.path)) from exc
        try:
            yield connection
        finally:
            with suppress(Exception):  # a dead connection is closed and replaced by the pool
                await self.pool.release(connection)

    # -- the interface -----------------------------------------------------------------------------------
    async def _once(self, run: Any) -> Any:
        """One statement outside a transaction, tried a second time on a fresh connection if the first was
        lost (a read or a single statement either happened whole or not at all)."""
        for attempt in (1, 2):
            try:
                async with self._acquire() as connection:
                    return await run(_Connection(connection, self))
            except StorageError as exc:
                if attempt == 2 or not isinstance(exc.__cause__, LOST):
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    async def execute(self, sql: str, params: Sequence[object] = ()) -> int:
        return int(await self._once(lambda c: c.execute(sql, params)))

    async def executemany(self, sql: str, rows: Iterable[Sequence[object]]) -> None:
        async with self.transaction() as tx:
            await tx.executemany(sql, rows)

    async def fetchall(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        return list(await self._once(lambda c: c.fetchall(sql, params)))

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Executor]:
        async with self._writing, self._acquire() as connection:
            transaction = connection.transaction()
            try:
                await self.guard(transaction.start())
                await self.guard(connection.execute(_LOCK, LOCK_CLASS))
                yield _Connection(connection, self)
                await self.guard(transaction.commit())
            except BaseException:
                await self._roll_back(connection, transaction)
                raise

    @asynccontextmanager
    async def consistent_read(self) -> AsyncIterator[Executor]:
        """A read-only REPEATABLE READ transaction: every query in it sees the same committed snapshot.

        It also takes this process's turn with the writers, as on SQLite: callers rely on no write of their own
        process committing while they read (``GuildStore.announcing_guilds`` then drains the changed servers,
        which must all be in what it read; a change committed meanwhile would be drained unseen).
        """
        async with self._writing, self._acquire() as connection:
            transaction = connection.transaction(isolation="repeatable_read", readonly=True)
            try:
                await self.guard(transaction.start())
                yield _Connection(connection, self)
            finally:
                await self._roll_back(connection, transaction)

    async def _roll_back(self, connection: Any, transaction: Any) -> None:
        """End ``transaction`` keeping nothing, however far it got. Stopping the bot cancels its tasks wherever
        they are: in BEGIN, in a query, in COMMIT, even in the rollback. A connection that cannot be rolled back
        cleanly (never started, failed, or cancelled again) is closed rather than handed back to the pool perhaps
        still in the transaction, which asyncpg would reset with "Resetting connection with an active
        transaction" logged as an error; the pool opens a new one when it is next needed. A cancellation goes on;
        any other failure here was only the transaction's end."""
        try:
            await transaction.rollback()
        except BaseException as exc:
            connection.remove_termination_listener(self._terminated)  # closed on purpose: not a lost connection
            connection.terminate()
            if not isinstance(exc, Exception):
                raise

    async def schema_version(self) -> int:
        row = await self.fetchone("SELECT COALESCE(MAX(version), 0) FROM schema_version")
        return int(row[0]) if row else 0

    async def _migrate(self) -> None:
        migrations = postgres_migrations()
        async with self.transaction() as tx:
            await tx.execute("CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)")
        while True:
            async with self.transaction() as tx:  # the lock: two processes starting at once migrate once
                row = await tx.fetchone("SELECT COALESCE(MAX(version), 0) FROM schema_version")
                version = int(row[0]) if row else 0
                if version > len(migrations):
                    raise StorageError(
                        f"the database {self.path} has schema version {version}, newer than this bot knows "
                        f"({len(migrations)}); upgrade deploybot"
                    )
                if version == len(migrations):
                    return
                assert isinstance(tx, _Connection)
                await self.guard(tx.connection.execute(migrations[version]))  # several statements, no parameters
                await tx.execute("DELETE FROM schema_version")
                await tx.execute("INSERT INTO schema_version (version) VALUES (?)", (version + 1,))

    async def tables(self) -> dict[str, list[str]]:
        rows = await self.fetchall(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND table_name != 'schema_version' ORDER BY table_name, ordinal_position"
        )
        result: dict[str, list[str]] = {}
        for table, column in rows:
            result.setdefault(table, []).append(column)
        return result

    async def close(self) -> None:
        self._closing = True
        with suppress(Exception):
            await asyncio.wait_for(self.pool.close(), timeout=10)


_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")


def identifier(name: str) -> str:
    """A table or column name of ours, checked before it goes into SQL text."""
    if not _IDENTIFIER.match(name):
        raise ValueError(f"not a plain identifier: {name!r}")
    return name

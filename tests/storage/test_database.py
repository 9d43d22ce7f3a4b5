import sqlite3
from pathlib import Path

import pytest

from bot.storage import Database, StorageError
from bot.storage.migrations import MIGRATIONS
from bot.storage.sqlite import explain


async def _schema_version(db: Database) -> int:
    async with db.connection.execute("PRAGMA user_version") as cursor:
        row = await cursor.fetchone()
    return int(row[0]) if row else 0


@pytest.mark.single_pass
async def test_migrations_run_from_an_empty_database(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "fresh.sqlite3")
    try:
        assert await _schema_version(db) == len(MIGRATIONS)
        async with db.connection.execute("PRAGMA foreign_keys") as cursor:
            assert (await cursor.fetchone())[0] == 1
        async with db.connection.execute("PRAGMA journal_mode") as cursor:
            assert (await cursor.fetchone())[0] == "wal"
    finally:
        await db.close()
    again = await Database.open(tmp_path / "fresh.sqlite3")  # reopening migrates nothing twice
    assert await _schema_version(again) == len(MIGRATIONS)
    await again.close()


@pytest.mark.single_pass
async def test_a_corrupt_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "corrupt.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StorageError, match=r"is damaged .*restore it from a backup"):
        await Database.open(path)
    assert path.read_bytes() == b"this is not a database" * 100  # nothing overwritten


@pytest.mark.single_pass
async def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "future.sqlite3")
    await db.connection.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 5}")
    await db.close()
    with pytest.raises(StorageError, match="newer than this bot knows"):
        await Database.open(tmp_path / "future.sqlite3")


async def test_a_transaction_rolls_back_on_error(db: Database) -> None:
    with pytest.raises(RuntimeError):
        async with db.transaction() as conn:
            await conn.execute("INSERT INTO facts_meta (key, value) VALUES ('x', '1')")
            raise RuntimeError("boom")
    assert await db.fetchone("SELECT COUNT(*) FROM facts_meta") == (0,)


@pytest.mark.single_pass
async def test_a_lock_held_by_another_process_is_named_and_no_restore_is_advised(tmp_path: Path) -> None:
    path = tmp_path / "busy.sqlite3"
    path.write_bytes(b"")  # new: opening it must create the schema
    other = sqlite3.connect(path, isolation_level=None)  # another process's connection, as far as SQLite knows
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StorageError) as refused:
            await Database.open(path, busy_timeout_ms=50)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert "locked by another process" in str(refused.value)
    assert "backup" not in str(refused.value)


@pytest.mark.single_pass
async def test_a_read_only_database_is_named_and_no_restore_is_advised(tmp_path: Path) -> None:
    path = tmp_path / "ro.sqlite3"
    path.write_bytes(b"")  # an empty database: opening it must write the schema
    with pytest.raises(StorageError) as refused:
        await Database.open(f"file:{path}?mode=ro")  # SQLite itself refuses every write, as on a read-only mount
    assert "read-only" in str(refused.value) and "backup" not in str(refused.value)


@pytest.mark.single_pass
def test_a_full_disk_is_named_and_no_restore_is_advised() -> None:
    full = sqlite3.OperationalError("database or disk is full")
    full.sqlite_errorname = "SQLITE_FULL"
    text = explain(full, "bot.sqlite3")
    assert "disk holding bot.sqlite3 is full" in text and "backup" not in text

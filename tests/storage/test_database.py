from pathlib import Path

import pytest

from bot.storage import Database, StorageError
from bot.storage.migrations import MIGRATIONS


async def test_migrations_run_from_an_empty_database(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "fresh.sqlite3")
    try:
        assert await db.schema_version() == len(MIGRATIONS)
        async with db.connection.execute("PRAGMA foreign_keys") as cursor:
            assert (await cursor.fetchone())[0] == 1
        async with db.connection.execute("PRAGMA journal_mode") as cursor:
            assert (await cursor.fetchone())[0] == "wal"
    finally:
        await db.close()
    again = await Database.open(tmp_path / "fresh.sqlite3")  # reopening migrates nothing twice
    assert await again.schema_version() == len(MIGRATIONS)
    await again.close()


async def test_a_corrupt_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "corrupt.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StorageError, match="unusable"):
        await Database.open(path)
    assert path.read_bytes() == b"this is not a database" * 100  # nothing overwritten


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
    async with db.connection.execute("SELECT COUNT(*) FROM facts_meta") as cursor:
        assert (await cursor.fetchone())[0] == 0

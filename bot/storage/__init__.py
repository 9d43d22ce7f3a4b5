"""SQLite storage (aiosqlite): migrations, the fact tables, per-server state. All SQL lives here."""

from bot.storage.database import Database, StorageError

__all__ = ["Database", "StorageError"]

"""Storage: one interface (``database.py``), two backends (``sqlite.py``, ``postgres.py``), the migrations,
the fact tables, per-server state, the ledger, and ``migrate-db`` (``copy.py``). All SQL lives here."""

from bot.storage.database import Database, StorageError

__all__ = ["Database", "StorageError"]

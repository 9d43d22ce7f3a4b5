"""The running bot processes sharing one database: each an instance with a lease it renews while it runs.

A claim in the ledger names the instance that made it. Another process settles that claim only once the
instance is gone: stopped cleanly (its row deleted), its lease run out (it died or hung somewhere else), or
seen dead on this very host (its pid no longer exists: a restart after kill -9 need not wait out the lease).
"""

from __future__ import annotations

import os
import secrets
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.shards import Shards, format_ids
from bot.storage.database import Database


@dataclass(frozen=True, slots=True)
class Instance:
    id: str
    host: str
    pid: int
    lease_until: datetime

    def alive(self, now: datetime) -> bool:
        """Whether its claims are still its own: its lease runs and, on this host, its process exists."""
        if self.lease_until <= now:
            return False
        if self.host == socket.gethostname() and self.pid != os.getpid():
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                return False
            except PermissionError:  # another user's process with that pid: it exists
                return True
        return True


def new_instance_id() -> str:
    return f"{socket.gethostname()[:40]}-{os.getpid()}-{secrets.token_hex(4)}"


class Instances:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def register(self, instance_id: str, shards: Shards, now: datetime, lease: timedelta) -> None:
        ids = format_ids(shards.ids) if shards.ids is not None else ""
        async with self.db.transaction() as conn:
            await conn.execute(
                "INSERT INTO instances (id, host, pid, shards, shard_count, started_at, lease_until) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET lease_until = excluded.lease_until",
                (instance_id, socket.gethostname(), os.getpid(), ids, shards.count, now.isoformat(),
                 (now + lease).isoformat()),
            )  # fmt: skip

    async def renew(self, instance_id: str, now: datetime, lease: timedelta) -> bool:
        """Extend the lease; False when the row was gone (another process took this one for dead)."""
        async with self.db.transaction() as conn:
            changed = await conn.execute(
                "UPDATE instances SET lease_until = ? WHERE id = ?", ((now + lease).isoformat(), instance_id)
            )
            return changed == 1

    async def retire(self, instance_id: str) -> None:
        """A clean stop: its open claims (if any) may be settled by whoever takes over, at once."""
        async with self.db.transaction() as conn:
            await conn.execute("DELETE FROM instances WHERE id = ?", (instance_id,))

    async def all(self) -> dict[str, Instance]:
        rows = await self.db.fetchall("SELECT id, host, pid, lease_until FROM instances")
        return {r[0]: Instance(r[0], r[1], int(r[2]), datetime.fromisoformat(r[3])) for r in rows}

    async def forget_expired(self, before: datetime) -> int:
        """Rows of instances whose lease ran out before ``before`` and that hold no claim any more."""
        async with self.db.transaction() as conn:
            return await conn.execute(
                "DELETE FROM instances WHERE lease_until < ? "
                "AND NOT EXISTS (SELECT 1 FROM announcements AS a "
                "WHERE a.claimed_by = instances.id AND a.state = 'claimed') "
                "AND NOT EXISTS (SELECT 1 FROM member_announcements AS m "
                "WHERE m.claimed_by = instances.id AND m.state = 'claimed')",
                (before.isoformat(),),
            )

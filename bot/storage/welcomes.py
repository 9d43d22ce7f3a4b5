"""Which servers were given the setup hint: once per server, ever (the row outlives the bot leaving)."""

from __future__ import annotations

from datetime import datetime

from bot.storage.database import Database


class Welcomes:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def claim(self, guild_id: int, at: datetime) -> bool:
        """True the first time for ``guild_id``, False ever after: claimed before posting, so at most once."""
        async with self.db.transaction() as conn:
            inserted = await conn.execute(
                "INSERT INTO guild_welcomes (guild_id, welcomed_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
                (guild_id, at.isoformat()),
            )
            return inserted == 1

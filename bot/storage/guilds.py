"""Per-server settings with registered defaults: a server that changed nothing reads the defaults."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, time
from zoneinfo import ZoneInfo

from bot.i18n import Language
from bot.storage.database import Database

DEFAULT_LEADS: tuple[int, ...] = (30, 7, 1, 0)
DEFAULT_POST_TIME = time(9, 0)
ALL_MISSIONS = "*"


@dataclass(frozen=True, slots=True)
class GuildConfig:
    guild_id: int
    channel_id: int | None = None
    leads: tuple[int, ...] = DEFAULT_LEADS
    language: Language | None = None
    timezone: str | None = None
    post_time: time = DEFAULT_POST_TIME
    follow_all: bool = True
    missions: frozenset[str] = frozenset()
    roles: dict[str, int] = field(default_factory=dict)  # mission slug or ALL_MISSIONS → role id
    paused: bool = False
    problem: str | None = None
    problem_since: datetime | None = None
    announce_from: datetime | None = None

    def zone(self, default: ZoneInfo) -> ZoneInfo:
        return ZoneInfo(self.timezone) if self.timezone else default

    def follows(self, mission: str) -> bool:
        return self.follow_all or mission in self.missions

    def role_for(self, mission: str) -> int | None:
        return self.roles.get(mission, self.roles.get(ALL_MISSIONS))

    @property
    def announcing(self) -> bool:
        """Whether announcements go out: a channel is set and neither a moderator nor a problem paused them."""
        return self.channel_id is not None and not self.paused and self.problem is None

    @property
    def announcement_language(self) -> Language:
        return self.language or Language.NL


_COLUMNS = "channel_id, leads, language, timezone, post_time, follow_all, paused, problem, problem_since, announce_from"


class GuildStore:
    """Reads and writes ``guild_settings`` and its child tables. Every change is one transaction."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._cache: dict[int, GuildConfig] = {}  # only this store writes these tables, so it stays true
        self.generation = 0  # moves on every change: the dispatcher re-plans when it does

    async def get(self, guild_id: int) -> GuildConfig:
        cached = self._cache.get(guild_id)
        if cached is None:
            configs = await self._read("WHERE guild_id = ?", (guild_id,))
            cached = self._cache[guild_id] = configs[0] if configs else GuildConfig(guild_id)
        return cached

    async def announcing_guilds(self) -> list[GuildConfig]:
        """Every server with an announcement channel (paused ones included: ``/config show`` needs them)."""
        configs = await self._read("WHERE channel_id IS NOT NULL", ())
        self._cache.update((c.guild_id, c) for c in configs)
        return configs

    async def _read(self, where: str, params: tuple[int, ...]) -> list[GuildConfig]:
        """Servers' settings in three queries, however many servers there are."""
        conn = self.db.connection
        missions: dict[int, set[str]] = {}
        roles: dict[int, dict[str, int]] = {}
        scope = f"guild_id IN (SELECT guild_id FROM guild_settings {where})"
        async with conn.execute(f"SELECT guild_id, mission FROM guild_missions WHERE {scope}", params) as cur:
            for guild_id, mission in await cur.fetchall():
                missions.setdefault(int(guild_id), set()).add(mission)
        async with conn.execute(f"SELECT guild_id, mission, role_id FROM guild_roles WHERE {scope}", params) as cur:
            for guild_id, mission, role_id in await cur.fetchall():
                roles.setdefault(int(guild_id), {})[mission] = int(role_id)
        configs = []
        async with conn.execute(
            f"SELECT guild_id, {_COLUMNS} FROM guild_settings {where} ORDER BY guild_id", params
        ) as cur:
            rows = await cur.fetchall()
        for row in rows:
            guild_id, channel_id, leads, language, zone, post_time, follow_all, paused, problem, since, start = row
            configs.append(
                GuildConfig(
                    guild_id=int(guild_id),
                    channel_id=channel_id,
                    leads=tuple(int(x) for x in leads.split(",")) if leads else DEFAULT_LEADS,
                    language=Language(language) if language else None,
                    timezone=zone,
                    post_time=time.fromisoformat(post_time) if post_time else DEFAULT_POST_TIME,
                    follow_all=bool(follow_all),
                    missions=frozenset(missions.get(int(guild_id), ())),
                    roles=roles.get(int(guild_id), {}),
                    paused=bool(paused),
                    problem=problem,
                    problem_since=datetime.fromisoformat(since) if since else None,
                    announce_from=datetime.fromisoformat(start) if start else None,
                )
            )
        return configs

    async def save(self, config: GuildConfig, now: datetime) -> None:
        """Write the whole configuration (missions and roles included) in one transaction."""
        leads = None if config.leads == DEFAULT_LEADS else ",".join(str(x) for x in config.leads)
        post_time = None if config.post_time == DEFAULT_POST_TIME else config.post_time.strftime("%H:%M")
        values = (
            config.guild_id,
            config.channel_id,
            leads,
            config.language.value if config.language else None,
            config.timezone,
            post_time,
            int(config.follow_all),
            int(config.paused),
            config.problem,
            config.problem_since.isoformat() if config.problem_since else None,
            config.announce_from.isoformat() if config.announce_from else None,
            now.isoformat(),
        )
        updates = ", ".join(f"{c.strip()} = excluded.{c.strip()}" for c in _COLUMNS.split(","))
        async with self.db.transaction() as conn:
            await conn.execute(
                f"INSERT INTO guild_settings (guild_id, {_COLUMNS}, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                f"ON CONFLICT (guild_id) DO UPDATE SET {updates}, updated_at = excluded.updated_at",
                values,
            )
            await conn.execute("DELETE FROM guild_missions WHERE guild_id = ?", (config.guild_id,))
            await conn.executemany(
                "INSERT INTO guild_missions (guild_id, mission) VALUES (?, ?)",
                [(config.guild_id, m) for m in sorted(config.missions)],
            )
            await conn.execute("DELETE FROM guild_roles WHERE guild_id = ?", (config.guild_id,))
            await conn.executemany(
                "INSERT INTO guild_roles (guild_id, mission, role_id) VALUES (?, ?, ?)",
                [(config.guild_id, m, r) for m, r in sorted(config.roles.items())],
            )
        self._cache[config.guild_id] = config
        self.generation += 1

    async def update(self, guild_id: int, now: datetime, **changes: object) -> GuildConfig:
        """Read, change some fields, write back: one moderator command."""
        config = replace(await self.get(guild_id), **changes)  # type: ignore[arg-type]
        await self.save(config, now)
        return config

    async def forget(self, guild_id: int) -> None:
        """The bot left the server: its settings and its ledger go (the ledger cascades)."""
        async with self.db.transaction() as conn:
            await conn.execute("DELETE FROM guild_settings WHERE guild_id = ?", (guild_id,))
        self._cache.pop(guild_id, None)
        self.generation += 1

"""The members' store: one read-modify-write per change, follows kept in step, and forgetting everything at once."""

from __future__ import annotations

from dataclasses import replace
from datetime import time
from pathlib import Path

from bot.announcement import AnnouncementKey, MilestoneVersion
from bot.clock import utc
from bot.dates import Certainty, FuzzyDate
from bot.i18n import Language
from bot.member_config import DMS_CLOSED, MemberConfig
from bot.storage import Database
from bot.storage.ledger import MEMBERS, Ledger
from bot.storage.members import MemberStore

NOW = utc(2021, 10, 1, 8)


async def test_a_member_is_stored_followed_changed_paused_and_forgotten(database: Path | str) -> None:
    db = await Database.open(database)
    try:
        store = MemberStore(db)
        assert await store.member(7) is None
        assert (await store.get(7)).channel_id is None  # nothing to plan for someone never seen

        def follow(current: MemberConfig | None) -> MemberConfig:
            base = current or MemberConfig(7, Language.NL)
            return replace(base, missions=base.missions | {"erbil"}, announce_from=NOW)

        await store.change(7, NOW, follow)
        await store.change(7, NOW, lambda c: c and replace(c, missions=c.missions | {"minusma"}, post_time=time(7)))
        await store.set_dm_channel(7, 99)
        fresh = MemberStore(db)  # read back from the database, not the cache
        config = await fresh.member(7)
        assert config is not None
        assert (config.missions, config.post_time, config.dm_channel_id) == (
            frozenset({"erbil", "minusma"}),
            time(7),
            99,
        )
        assert await fresh.dm_channels() == {7: 99}
        audience = await fresh.get(7)
        assert (audience.guild_id, audience.channel_id, audience.follow_all, audience.language) == (
            7,
            7,
            False,
            Language.NL,
        )
        assert [c.guild_id for c in await fresh.announcing_guilds()] == [7]

        # The dispatcher pauses a member through the shape it plans with; only the pause is taken from it.
        paused = await fresh.modify(7, NOW, lambda c: replace(c, problem=DMS_CLOSED, problem_since=NOW, leads=(1,)))
        assert paused.problem == DMS_CLOSED and not paused.announcing
        stored = await MemberStore(db).member(7)
        assert stored is not None and stored.paused_reason == DMS_CLOSED and stored.leads == (30, 7, 1, 0)

        ledger = Ledger(db, MEMBERS)
        version = MilestoneVersion(FuzzyDate.parse("2021-01"), None, None, Certainty.PROBABLE)
        key = AnnouncementKey(7, "erbil", "deployment-start", version, 30)
        await ledger.claim_all([(key, NOW, NOW.date())], 7, False, NOW)
        assert len(await ledger.entries(7)) == 1

        assert await fresh.forget(7)
        assert await fresh.member(7) is None and await ledger.entries(7) == []
        assert tuple(await db.fetchone("SELECT COUNT(*) FROM member_follows") or ()) == (0,)
        assert not await fresh.forget(7)
    finally:
        await db.close()

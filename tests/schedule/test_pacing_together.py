"""Attack: servers' announcements and members' DMs falling due at the same moment share Discord's one global
limit. The loopback Discord enforces it (50 a second, real time, as discord.py waits in real time): not one 429,
and every server and every member gets theirs."""

from __future__ import annotations

from pathlib import Path

from bot.clock import ManualClock, utc
from bot.i18n import Language
from bot.member_config import MemberConfig
from bot.sandbox.server import RateLimitPolicy
from bot.sandbox.session import default_world, running_sandbox
from bot.settings import load_settings
from tests.paths import SEED_DATA_DIR

SERVERS = MEMBERS = 40


async def test_posts_and_dms_at_one_moment_stay_under_the_global_limit(tmp_path: Path) -> None:
    clock = ManualClock(utc(2021, 11, 16, 7))  # MINUSMA's rotation: "the second half of November" at 09:00
    world, guild, moderator, member = default_world(clock)
    guilds = [guild] + [world.add_guild(f"server-{i}") for i in range(SERVERS - 1)]
    users = [world.add_user(f"follower-{i}") for i in range(MEMBERS)]
    settings = load_settings({"DEPLOYBOT_DATA_DIR": str(SEED_DATA_DIR)}, env_file=None)
    policy = RateLimitPolicy(global_per_second=50, messages_per_channel=(5, 5.0))
    async with running_sandbox(
        settings, clock, tmp_path / "bot.sqlite3", rate_limits=policy, world=(world, guild, moderator, member)
    ) as sandbox:
        bot, now = sandbox.bot, clock.now()
        for g in guilds:
            await bot.guild_settings.update(
                g.id, now, channel_id=g.channel_named("announcements").id, announce_from=now
            )
        for u in users:
            config = MemberConfig(u.id, Language.EN, missions=frozenset({"minusma"}), announce_from=now)
            await bot.members.change(u.id, now, lambda _c, config=config: config)
        for dispatcher in bot.dispatchers:
            dispatcher.wake()
        mark = len(sandbox.server.requests)
        await sandbox.advance_to(utc(2021, 11, 16, 8, 30))
        requests = sandbox.server.requests[mark:]
        assert [r for r in requests if r.status == 429] == []
        assert all(g.channel_named("announcements").messages for g in guilds)
        assert [len(world.dm_with(u).messages) for u in users] == [1] * MEMBERS

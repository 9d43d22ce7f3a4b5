"""Looking ahead without posting: ``/config show``, ``/config preview`` and ``/config test``."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from bot.announcement import UPDATE, Announcement, Planned
from bot.guild_config import GuildConfig
from bot.render.announcements import announcement
from bot.schedule.dispatcher import Dispatcher, latest_day
from bot.schedule.planning import Due, plan_guild


async def upcoming(dispatcher: Dispatcher, config: GuildConfig, until: datetime, limit: int = 50) -> list[Planned]:
    """What would be posted from now until ``until`` on today's facts, exactly as it would look."""
    return [Planned(due.at, message) for due, message in await _ahead(dispatcher, config, until, limit)]


async def _ahead(
    dispatcher: Dispatcher, config: GuildConfig, until: datetime, limit: int
) -> list[tuple[Due, Announcement]]:
    now = dispatcher.clock.now()
    zone = config.zone(dispatcher.default_zone)
    plan = await dispatcher.facts.snapshot(as_of=latest_day(now))
    done = await dispatcher.ledger.keys(config.guild_id)
    told = await dispatcher.ledger.told(config.guild_id)
    start = max(config.announce_from or now, now)
    ahead = []
    for due in sorted(plan_guild(plan, config, dispatcher.default_zone, told), key=lambda d: (d.at, -d.lead)):
        if due.row in done or due.at < max(start, due.known_at) or due.at > until:
            continue
        day = due.at.astimezone(zone).date()  # worded for its own day, from the facts known now
        ahead.append((due, dispatcher.render(plan, config, [due], "preview", False, day)))
        if len(ahead) >= limit:
            break
    return ahead


async def sample(dispatcher: Dispatcher, config: GuildConfig) -> Announcement | None:
    """A test post for ``/config test``: the server's next announcement (else the latest milestone of a mission
    it follows), as it will look, marked as a test and pinging no one."""
    now = dispatcher.clock.now()
    ahead = await _ahead(dispatcher, config, now + timedelta(days=365), limit=20)
    next_reminder = next((due for due, _ in ahead if due.lead != UPDATE), None)
    zone = config.zone(dispatcher.default_zone)
    lang = config.announcement_language
    if next_reminder is not None:
        day: date = next_reminder.at.astimezone(zone).date()
        plan = await dispatcher.facts.snapshot(as_of=latest_day(now))  # the facts the reminder was planned from
        view = plan.mission(next_reminder.mission)
        if view is not None:
            milestone = next(v.current for v in view.milestones if v.current.key == next_reminder.milestone)
            return announcement(view, milestone, plan, lang, next_reminder.lead, "test", day, test=True)
    today = now.astimezone(zone).date()
    snapshot = await dispatcher.facts.snapshot(as_of=today)
    latest = [(v, m.current) for v in snapshot.views() if config.follows(v.mission.slug) for m in v.milestones]
    if not latest:
        return None
    view, milestone = max(latest, key=lambda pair: pair[1].date.first)
    return announcement(view, milestone, snapshot, lang, 0, "test", today, test=True)

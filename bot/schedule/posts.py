"""One post for one server and mission: what falls due together, said together, on the server's own date."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from bot.announcement import CONTRIBUTION, UPDATE, Announcement, ContributionVersion, MilestoneVersion, PictureOrder
from bot.facts.snapshot import MissionView, Snapshot
from bot.guild_config import GuildConfig
from bot.i18n import Language
from bot.render.announcements import compose, contribution_part, reminder_part
from bot.schedule.planning import Due


def post_for(
    snapshot: Snapshot, config: GuildConfig, dues: list[Due], reference: str, late: bool, today: date
) -> Announcement:
    """One post for one mission's due announcements, worded on the server's ``today``."""
    mission = dues[0].mission
    view = snapshot.mission(mission)
    if view is None:
        raise LookupError(f"mission {mission!r} is not known on {snapshot.as_of}")
    lang = config.announcement_language
    parts = []
    for due in dues:
        if due.milestone.startswith(CONTRIBUTION):
            key = due.milestone.removeprefix(CONTRIBUTION)
            current = next(v.current for v in view.contributions if v.current.key == key)
            assert isinstance(due.previous, ContributionVersion)
            parts.append(contribution_part(view, current, due.previous, lang))
        else:
            milestone = next(v.current for v in view.milestones if v.current.key == due.milestone)
            previous = due.previous if isinstance(due.previous, MilestoneVersion) else None
            parts.append(reminder_part(view, milestone, lang, due.lead, today, previous))
    post = compose(view, snapshot, lang, parts, reference, config.role_for(mission), late)
    if any(due.lead == UPDATE and not due.milestone.startswith(CONTRIBUTION) for due in dues):
        post = replace(post, picture=timeline_order(view, snapshot.as_of, lang))
    return post


def timeline_order(view: MissionView, as_of: date, lang: Language) -> PictureOrder:
    """The mission's timeline as it now stands, for an update post about a moved date."""

    def draw() -> tuple[bytes, str, str]:
        from bot.render.timeline_picture import render_timeline  # the picture's library loads only when drawn

        picture = render_timeline([view], as_of, lang, single=True)
        return picture.png, picture.filename, picture.alt

    return PictureOrder((view.mission.slug, as_of, lang, view.milestones), draw)

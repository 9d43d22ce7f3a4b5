"""A member's own follows as ``/following`` shows them: the missions, their settings, what comes next, a pause."""

from __future__ import annotations

from typing import Any

from bot.announcement import Planned
from bot.i18n import Language, say
from bot.member_config import MemberConfig
from bot.render.embeds import shorten
from bot.render.problems import problem_text

FIELD_VALUE = 1024  # Discord's limit on an embed field's value


def following_card(
    config: MemberConfig,
    names: list[str],
    zone: str,
    ahead: list[Planned],
    resume_command: str,
    lang: Language,
) -> dict[str, Any]:
    """The embed: ``names`` of the missions followed, ``ahead`` the next reminders as they would arrive."""
    settings = say(
        "follow.settings",
        lang,
        time=f"{config.post_time:%H:%M}",
        zone=zone,
        leads=",".join(map(str, config.leads)),
        language=say(f"language.{config.language}", lang),
    )
    lines = [f"<t:{int(p.at.timestamp())}:f> — {p.message.embed.get('title', '')}" for p in ahead]
    fields = [
        {"name": say("follow.missions_field", lang), "value": shorten("\n".join(names), FIELD_VALUE), "inline": False},
        {"name": say("follow.settings_field", lang), "value": settings, "inline": False},
        {
            "name": say("follow.next_field", lang),
            "value": shorten("\n".join(lines) or say("follow.none_ahead", lang), FIELD_VALUE),
            "inline": False,
        },
    ]
    if config.paused_reason is not None:
        paused = say(
            "follow.paused_text",
            lang,
            reason=problem_text(config.paused_reason, lang),
            since=f"<t:{int(config.paused_since.timestamp())}:f>" if config.paused_since else "?",
            command=resume_command,
        )
        fields.append({"name": say("follow.paused_field", lang), "value": paused, "inline": False})
    return {"title": say("follow.following_title", lang), "fields": fields}

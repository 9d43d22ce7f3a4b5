"""Discord timestamps as a client shows them, for the sandbox's screen and for tests that read posts as people do.

``<t:UNIX:D>`` becomes a date in the reader's language, ``<t:UNIX:R>`` a relative phrase against the sandbox's
clock ("in 3 days"). The words are the client's (Discord's), not the bot's, so they live here, not in the
bot's catalogue.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.dates import format_day
from bot.i18n import Language

_STAMP = re.compile(r"<t:(-?\d+)(?::([tTdDfFR]))?>")
_RELATIVE = {
    Language.EN: ("in {n} days", "{n} days ago", "today", "tomorrow", "yesterday"),
    Language.NL: ("over {n} dagen", "{n} dagen geleden", "vandaag", "morgen", "gisteren"),
}


def shown(text: str, lang: Language = Language.EN, now: datetime | None = None, zone: ZoneInfo | None = None) -> str:
    """``text`` with every Discord timestamp written out as a client in ``zone`` (default UTC) shows it."""
    where = zone or ZoneInfo("UTC")

    def written(match: re.Match[str]) -> str:
        when = datetime.fromtimestamp(int(match.group(1)), UTC).astimezone(where)
        style = match.group(2) or "f"
        if style == "R":
            days = (when.date() - (now or datetime.now(UTC)).astimezone(where).date()).days
            later, earlier, today, tomorrow, yesterday = _RELATIVE[lang]
            if days in (-1, 0, 1):
                return {0: today, 1: tomorrow, -1: yesterday}[days]
            return (later if days > 0 else earlier).format(n=abs(days))
        day = format_day(when.date(), lang)
        if style in "dD":
            return day
        if style in "tT":
            return f"{when:%H:%M}"
        return f"{day} {when:%H:%M}"

    return _STAMP.sub(written, text)

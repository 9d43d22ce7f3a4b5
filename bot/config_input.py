"""Checking what a moderator typed into /config: a value, or an error that names what is wrong."""

from __future__ import annotations

import re
from datetime import time

from bot.zones import canonical_zone, zone_names

MAX_LEADS = 6
MAX_LEAD_DAYS = 365
_TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")


class InputError(ValueError):
    """``key`` names the message in the catalogue (:mod:`bot.i18n`); ``values`` fill it in."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key, self.values = key, values


def parse_leads(text: str) -> tuple[int, ...]:
    """ "30,7,1,0" → (30, 7, 1, 0): whole days 0–365, at most six, longest first."""
    parts = [p.strip() for p in re.split(r"[,\s]+", text.strip()) if p.strip()]
    if not parts:
        raise InputError("config.leads_empty")
    if len(parts) > MAX_LEADS:
        raise InputError("config.leads_too_many", count=len(parts), limit=MAX_LEADS)
    leads = set()
    for part in parts:
        if not part.isdigit() or int(part) > MAX_LEAD_DAYS:
            raise InputError("config.lead_invalid", value=part[:20], limit=MAX_LEAD_DAYS)
        leads.add(int(part))
    return tuple(sorted(leads, reverse=True))


def parse_time(text: str) -> time:
    match = _TIME.match(text.strip())
    if not match:
        raise InputError("config.time_invalid", value=text.strip()[:20])
    return time(int(match.group(1)), int(match.group(2)))


def parse_zone(text: str) -> str:
    """An IANA zone name as tzdata spells it ("europe/amsterdam" → "Europe/Amsterdam")."""
    name = canonical_zone(text)
    if name is None:
        raise InputError("config.zone_invalid", value=text.strip()[:60])
    return name


def zone_choices(typed: str, limit: int = 25) -> list[str]:
    """IANA zones for autocomplete: prefix matches on the city first, then anywhere in the name."""
    needle = typed.strip().casefold().replace(" ", "_")[:60]
    if not needle:
        return ["Europe/Amsterdam", "Europe/Brussels", "Europe/London", "UTC", "America/New_York"][:limit]
    zones = [z for z in zone_names() if "/" in z and not z.startswith("Etc/")]
    city = [z for z in zones if z.rsplit("/", 1)[-1].casefold().startswith(needle)]
    anywhere = [z for z in zones if needle in z.casefold() and z not in city]
    return (city + anywhere)[:limit]

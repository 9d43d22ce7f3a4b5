"""Time zones from the ``tzdata`` package, so that every machine the bot runs on has the same database.

The operating system's zoneinfo folder differs between machines and holds files that are no zones at all
(``posixrules``, ``localtime``, the ``posix/`` and ``right/`` copies); a server that stored one of them would
plan fine on one host and fail on the next. So the bot reads zones only from ``tzdata`` (a declared
dependency) and accepts only the IANA names that package lists, matched without regard to case.
"""

from __future__ import annotations

import zoneinfo
from functools import cache
from importlib import resources

NOT_A_PLACE = frozenset({"Factory"})  # in the list, but a placeholder that says "local time zone must be set"


def use_bundled_tzdata() -> None:
    """Make ``ZoneInfo`` read only the tzdata package (called once, when ``bot`` is imported)."""
    zoneinfo.reset_tzpath(to=[])


@cache
def zone_names() -> tuple[str, ...]:
    """Every IANA zone name tzdata ships, sorted."""
    listed = resources.files("tzdata").joinpath("zones").read_text(encoding="utf-8").split()
    return tuple(sorted(name for name in listed if name not in NOT_A_PLACE))


@cache
def _by_folded_name() -> dict[str, str]:
    return {name.casefold(): name for name in zone_names()}


def canonical_zone(text: str) -> str | None:
    """The IANA name meant by ``text`` ("europe/amsterdam" → "Europe/Amsterdam"), or None if there is none."""
    return _by_folded_name().get(text.strip().replace(" ", "_").casefold())

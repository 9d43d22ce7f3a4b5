"""Why announcements stopped in a server, stored as a catalogue key with its values, and worded for each reader.

The stored form reads well in a log line too: ``problem.missing_permissions?channel=news&missing=send_messages``.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import parse_qsl, urlencode

from bot.i18n import Language, say


def problem(key: str, **values: str) -> str:
    """The stored form of the message ``problem.<key>`` (see the catalogue) with ``values``."""
    return f"problem.{key}?{urlencode(values)}" if values else f"problem.{key}"


def problem_text(stored: str, lang: Language) -> str:
    """The problem in ``lang``; text stored in another form (older rows, plain reasons) is shown as it is."""
    key, _, query = stored.partition("?")
    if not key.startswith("problem."):
        return stored
    values = dict(parse_qsl(query))
    if "missing" in values:
        values["missing"] = permission_names(values["missing"].split(","), lang)
    try:
        return say(key, lang, **values)
    except KeyError:  # a key or value this version does not know: better the raw form than no reason at all
        return stored


def permission_names(flags: Iterable[str], lang: Language) -> str:
    """Discord's permission flags as its client names them in ``lang``: "Send Messages, Embed Links"."""
    return ", ".join(say(f"permission.{flag}", lang) for flag in flags)

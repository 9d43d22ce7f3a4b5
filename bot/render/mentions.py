"""How an answer names a command: as Discord's command mention, so that every client shows its own name for it.

An English client shows ``</timeline:ID>`` as "/timeline", a Dutch one as "/tijdlijn", whatever the language of
the answer around it. Before the bot knows the ids (nothing synced yet) it writes the plain English ``/timeline``.
"""

from __future__ import annotations

from collections.abc import Mapping


class CommandMentions:
    """Qualified command names (``"config resume"``) to their mentions; immutable and hashable, so that a card
    rendered with them can be cached."""

    __slots__ = ("_key", "_mentions")

    def __init__(self, mentions: Mapping[str, str] | None = None) -> None:
        self._mentions = dict(mentions or {})
        self._key = frozenset(self._mentions.items())

    def __call__(self, name: str) -> str:
        return self._mentions.get(name, f"/{name}")

    def __or__(self, other: CommandMentions) -> CommandMentions:
        """These mentions, with ``other``'s where both name a command."""
        return CommandMentions({**self._mentions, **other._mentions})

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CommandMentions) and self._key == other._key

    def __hash__(self) -> int:
        return hash(self._key)

    def __repr__(self) -> str:
        return f"CommandMentions({self._mentions!r})"


NO_MENTIONS = CommandMentions()

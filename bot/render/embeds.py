"""Building embeds (as Discord's JSON shape) that always fit Discord's limits, and paging long lists."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from bot import limits

Embed = dict[str, Any]

_SENTENCE_END = re.compile(r"(?<=[.!?])\s")
_MARKDOWN = re.compile(r"([\\*_~`|>#\[\]()<@:-])")
ELLIPSIS = "…"
FOOTER_RESERVE = 200  # room kept for a footer set after the fields, and for the "+N" note on left-out fields


def shorten(text: str, limit: int) -> str:
    """``text`` within ``limit`` characters: cut at a sentence end, else a line or word end, with an ellipsis."""
    if len(text) <= limit:
        return text
    room = limit - 2  # for " …"
    window = text[: room + 1]  # one more character, to see whether the cut falls on a boundary
    sentence_ends = [m.start() for m in _SENTENCE_END.finditer(window)]
    for boundary in (sentence_ends[-1] if sentence_ends else -1, window.rfind("\n"), window.rfind(" ")):
        if boundary > room // 2:
            return text[:boundary].rstrip() + " " + ELLIPSIS
    return text[: limit - 1] + ELLIPSIS


def quote_user_text(text: str, limit: int = 60) -> str:
    """What a user typed, safe to echo: no control characters, no markdown, not too long."""
    visible = "".join(c for c in text if unicodedata.category(c)[0] != "C")
    visible = " ".join(visible.split())
    return _MARKDOWN.sub(r"\\\1", shorten(visible, limit))


@dataclass
class EmbedBuilder:
    """Adds parts while keeping every limit: parts that would not fit are shortened, or left out and counted."""

    title: str
    description: str = ""
    url: str | None = None
    color: int = 0x2F6F4E
    footer: str | None = None
    fields: list[dict[str, Any]] = field(default_factory=list)
    left_out: int = 0
    _fields_length: int = field(default=0, init=False, repr=False)

    def field(self, name: str, value: str, inline: bool = False) -> EmbedBuilder:
        if not value.strip():
            return self
        name, value = shorten(name, limits.EMBED_FIELD_NAME), shorten(value, limits.EMBED_FIELD_VALUE)
        footer_room = 0 if self.footer else FOOTER_RESERVE
        too_many = len(self.fields) >= limits.EMBED_FIELDS
        if too_many or self._length() + len(name) + len(value) + footer_room > limits.EMBEDS_TOTAL - FOOTER_RESERVE:
            self.left_out += 1
            return self
        self.fields.append({"name": name, "value": value, "inline": inline})
        self._fields_length += len(name) + len(value)
        return self

    def _length(self) -> int:
        """What counts towards the 6000 so far (shortening never makes a part longer than its limit)."""
        return (
            min(len(self.title), limits.EMBED_TITLE)
            + min(len(self.description), limits.EMBED_DESCRIPTION)
            + min(len(self.footer or ""), limits.EMBED_FOOTER)
            + self._fields_length
        )

    def _raw(self) -> Embed:
        embed: Embed = {
            "type": "rich",
            "title": shorten(self.title, limits.EMBED_TITLE),
            "color": self.color,
        }
        if self.description:
            embed["description"] = shorten(self.description, limits.EMBED_DESCRIPTION)
        if self.url:
            embed["url"] = self.url
        if self.fields:
            embed["fields"] = self.fields
        if self.footer:
            embed["footer"] = {"text": shorten(self.footer, limits.EMBED_FOOTER)}
        return embed

    def build(self) -> Embed:
        """The embed; fields that did not fit are counted in the footer ("+2 …") rather than lost silently."""
        if self.left_out:
            self.footer = shorten(f"{self.footer or ''} · +{self.left_out} {ELLIPSIS}".lstrip(" ·"), FOOTER_RESERVE)
            self.left_out = 0
        embed = self._raw()
        overflow = limits.embed_length(embed) - limits.EMBEDS_TOTAL
        if overflow > 0 and "description" in embed:  # parts that fit their own limits but not together
            description = embed["description"]
            embed["description"] = shorten(description, max(1, len(description) - overflow))
            overflow = limits.embed_length(embed) - limits.EMBEDS_TOTAL
        if overflow > 0 and "footer" in embed:
            footer = embed["footer"]["text"]
            embed["footer"]["text"] = shorten(footer, max(1, len(footer) - overflow))
        return embed


def paginate(lines: list[str], per_page: int = 12, max_chars: int = 3800) -> list[list[str]]:
    """Split lines into pages of at most ``per_page`` lines and ``max_chars`` characters."""
    pages: list[list[str]] = []
    page: list[str] = []
    size = 0
    for raw in lines:
        line = shorten(raw, max_chars)
        if page and (len(page) >= per_page or size + len(line) + 1 > max_chars):
            pages.append(page)
            page, size = [], 0
        page.append(line)
        size += len(line) + 1
    if page:
        pages.append(page)
    return pages

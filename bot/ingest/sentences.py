"""An article's paragraphs and sentences, each sentence with its offset so that every draft entry can point
at the very characters it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.ingest.model import Span

_BLOCK = re.compile(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*")  # lines up to the next blank line
_LINE = re.compile(r"[^\n]+")
_BULLET = re.compile(r"\s*[•·▪*–-]\s")
# A sentence ends at . ! or ? before a capital, a bullet (or the end), but not after "ca.", "Zr.", "Ms.", "Hr.", "nr.".
_SENTENCE_END = re.compile(r"(?<!\bca)(?<!\bZr)(?<!\bMs)(?<!\bHr)(?<!\bnr)[.!?](?=\s+[A-Z„\"'(•]|\s*$)")


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    start: int  # offset of the sentence in the article
    paragraph: int

    @property
    def span(self) -> Span:
        return (self.start, self.start + len(self.text))


@dataclass(frozen=True, slots=True)
class Heading:
    text: str
    start: int  # offset of the heading in the article


def _is_heading(line: str) -> bool:
    line = line.strip()
    return len(line) < 60 and not line.endswith((".", "!", "?", "”", '"'))


def _parts(text: str) -> list[tuple[bool, int, str]]:
    """(is a heading, offset, text) for every heading and paragraph: blocks up to a blank line, their leading
    short lines without a full stop taken off as headings, and a bulleted line a paragraph of its own."""
    result: list[tuple[bool, int, str]] = []
    for block in _BLOCK.finditer(text):
        lines = list(_LINE.finditer(block.group(0)))
        while len(lines) > 1 and _is_heading(lines[0].group(0)) and not _BULLET.match(lines[0].group(0)):
            result.append((True, block.start() + lines[0].start(), lines[0].group(0)))
            lines = lines[1:]
        if len(lines) == 1 and _is_heading(lines[0].group(0)):
            result.append((True, block.start() + lines[0].start(), lines[0].group(0)))
            continue
        start = lines[0].start()
        for i, line in enumerate(lines):
            ends_here = i + 1 == len(lines) or bool(_BULLET.match(lines[i + 1].group(0)))
            if ends_here:
                result.append((False, block.start() + start, block.group(0)[start : line.end()]))
                if i + 1 < len(lines):
                    start = lines[i + 1].start()
    return result


def sentences(text: str) -> list[Sentence]:
    """Sentences with their offsets; a short line without a full stop is a heading and starts no paragraph."""
    result: list[Sentence] = []
    paragraph = 0
    for heading, offset, body in _parts(text):
        if heading:
            continue  # a heading such as "Strijd tegen IS"
        paragraph += 1
        start = 0
        for end in _SENTENCE_END.finditer(body):
            piece = body[start : end.end()]
            where = offset + start + (len(piece) - len(piece.lstrip()))
            if piece.strip():
                result.append(Sentence(piece.strip(), where, paragraph))
            start = end.end()
        rest = body[start:]
        if rest.strip():
            result.append(Sentence(rest.strip(), offset + start + (len(rest) - len(rest.lstrip())), paragraph))
    return result


def headings(text: str) -> list[Heading]:
    """The short lines without a full stop that ``sentences`` passes over: a weekly overview's "Litouwen",
    a letter's "1. Roemenië", a closing "Lopende operaties"."""
    return [Heading(body.strip(), offset) for heading, offset, body in _parts(text) if heading]

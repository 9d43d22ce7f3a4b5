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
# A numbered item or a table row starts a paragraph of its own too: "2) Slowakije: …", "| Interflex | 75 |".
_ITEM = re.compile(r"\s*(?:\d{1,2}\)\s|\|)")
# A sentence ends at . ! or ? before a capital, a bullet (or the end), but not after "ca.", "Zr.", "Ms.", "Hr.", "nr.",
# "o.a.", "bijv.", "gen." and the like.
_SENTENCE_END = re.compile(
    r"(?<!\bca)(?<!\bZr)(?<!\bMs)(?<!\bHr)(?<!\bnr)(?<!\bo\.a)(?<!\bbijv)(?<!\bm\.n)(?<!\bi\.v\.m)(?<!\bresp)"
    r"(?<!\bvs)(?<!\bdr)(?<!\bgen)(?<!\bkol)(?<!\bmaj)(?<!\bkap)(?<!\blt)(?<!\bbrig)(?<!\bGen)(?<!\bKol)(?<!\bLt)(?<!\bDr)[.!?](?=\s+[A-Z„\"'(•]|\s*$)"
)


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


# A field of a list: "Wat: luchtruimbewaking", "Wie: 80 instructeurs" (in a block of such lines).
_FIELD = re.compile(r"^[^\W\d][\w /-]{0,24}:\s+\S")


def _is_heading(line: str) -> bool:
    line = line.strip()
    return len(line) < 60 and not line.endswith((".", "!", "?", "”", '"'))


def _parts(text: str) -> list[tuple[bool, int, str]]:
    """(is a heading, offset, text) for every heading and paragraph: blocks up to a blank line; in them a short
    line without a full stop that starts the block or follows a finished sentence is a heading ("Litouwen"
    above its paragraph, even without a blank line between), and a bulleted line is a paragraph of its own."""
    result: list[tuple[bool, int, str]] = []
    for block in _BLOCK.finditer(text):
        body = block.group(0)
        lines = list(_LINE.finditer(body))
        start: int | None = None  # where the paragraph being gathered began

        def close(end: int, offset: int = block.start(), body: str = body) -> None:
            nonlocal start
            if start is not None:
                result.append((False, offset + start, body[start:end].rstrip()))
                start = None

        previous_heading = False
        for i, line in enumerate(lines):
            words = line.group(0)
            after_sentence = (
                i == 0 or previous_heading or lines[i - 1].group(0).rstrip().endswith((".", "!", "?", ":", "”", '"'))
            )
            continued = i + 1 < len(lines) and lines[i + 1].group(0).lstrip()[:1].islower()  # a wrapped line
            heading = (
                _is_heading(words)
                and not _BULLET.match(words)
                and not (len(lines) > 1 and _FIELD.match(words.strip()))  # a field of a list, not a title
                and (len(words.split()) <= 7 or len(lines) == 1)
                and not continued
                and (after_sentence or len(lines) == 1)
                and (i + 1 < len(lines) or len(lines) == 1 or start is None)
            )
            previous_heading = heading
            if heading:
                close(lines[i - 1].end() if i else 0)
                result.append((True, block.start() + line.start(), words))
                continue
            if (_BULLET.match(words) or _ITEM.match(words)) and start is not None:
                close(lines[i - 1].end())
            if start is None:
                start = line.start()
        close(len(body))
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

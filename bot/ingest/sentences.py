"""An article's paragraphs and sentences, each sentence with its offset so that every draft entry can point
at the very characters it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.ingest.model import Span

_BLOCK = re.compile(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*")  # lines up to the next blank line
# A sentence ends at . ! or ? before a capital (or the end), but not after "ca.", "Zr.", "Ms.", "Hr.", "nr.".
_SENTENCE_END = re.compile(r"(?<!\bca)(?<!\bZr)(?<!\bMs)(?<!\bHr)(?<!\bnr)[.!?](?=\s+[A-Z„\"'(]|\s*$)")


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    start: int  # offset of the sentence in the article
    paragraph: int

    @property
    def span(self) -> Span:
        return (self.start, self.start + len(self.text))


def sentences(text: str) -> list[Sentence]:
    """Sentences with their offsets; a short line without a full stop is a heading and starts no paragraph."""
    result: list[Sentence] = []
    paragraph = 0
    for block in _BLOCK.finditer(text):
        body = block.group(0)
        if len(body.strip()) < 60 and not body.strip().endswith((".", "!", "?", "”", '"')):
            continue  # a heading such as "Strijd tegen IS"
        paragraph += 1
        start = 0
        for end in _SENTENCE_END.finditer(body):
            piece = body[start : end.end()]
            offset = block.start() + start + (len(piece) - len(piece.lstrip()))
            if piece.strip():
                result.append(Sentence(piece.strip(), offset, paragraph))
            start = end.end()
        rest = body[start:]
        if rest.strip():
            result.append(Sentence(rest.strip(), block.start() + start + (len(rest) - len(rest.lstrip())), paragraph))
    return result

"""Finding a mission by what a person types: case- and accent-insensitive, by prefix, or close enough."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

_NON_WORD = re.compile(r"[^\w]+")

# How a match was made, best first.
EXACT, PREFIX, WORD_PREFIX, CONTAINS, CLOSE = range(5)
_CLOSE_CUTOFF = 0.75
MAX_QUERY = 100


def normalize(text: str) -> str:
    """ "MINUSMA" and "Minusma" alike, "Irák" as "irak", punctuation as single spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_WORD.sub(" ", stripped.casefold()).replace("_", " ").strip()


@dataclass(frozen=True, slots=True)
class Match:
    slug: str
    rank: int
    score: float
    term: str


class MissionIndex:
    """An in-memory index of every name a mission goes by. Built once per loaded fact set."""

    def __init__(self, names: Iterable[tuple[str, str]]) -> None:
        self._terms: dict[str, set[str]] = {}
        for slug, name in names:
            term = normalize(name)
            if term:
                self._terms.setdefault(term, set()).add(slug)
        self._sorted = sorted(self._terms)

    def search(self, query: str, limit: int = 25) -> list[Match]:
        """Missions matching ``query``, best first, each mission once."""
        q = normalize(query[:MAX_QUERY])
        if not q:
            return []
        best: dict[str, Match] = {}

        def offer(term: str, rank: int, score: float) -> None:
            for slug in self._terms[term]:
                current = best.get(slug)
                if current is None or (rank, -score) < (current.rank, -current.score):
                    best[slug] = Match(slug, rank, score, term)

        for term in self._sorted:
            if term == q:
                offer(term, EXACT, 1.0)
            elif term.startswith(q):
                offer(term, PREFIX, len(q) / len(term))
            elif any(word.startswith(q) for word in term.split()):
                offer(term, WORD_PREFIX, len(q) / len(term))
            elif len(q) >= 3 and q in term:
                offer(term, CONTAINS, len(q) / len(term))
        if len(q) >= 3:
            for term in self._sorted:
                score = _closeness(q, term)
                if score >= _CLOSE_CUTOFF:
                    offer(term, CLOSE, score)
        ranked = sorted(best.values(), key=lambda m: (m.rank, -m.score, m.slug))
        return ranked[:limit]

    def suggest(self, query: str, limit: int = 3) -> list[str]:
        """Slugs of the names most like ``query``, for a "did you mean" when nothing matched well enough."""
        q = normalize(query[:MAX_QUERY])
        scored: dict[str, float] = {}
        for term in difflib.get_close_matches(q, self._sorted, n=limit * 4, cutoff=0.5):
            for slug in self._terms[term]:
                scored[slug] = max(scored.get(slug, 0.0), difflib.SequenceMatcher(None, q, term).ratio())
        return sorted(scored, key=lambda slug: (-scored[slug], slug))[:limit]


def _closeness(query: str, term: str) -> float:
    """How alike the query is to the term, or to the start of it of the same length (typos while typing)."""
    whole = difflib.SequenceMatcher(None, query, term).ratio()
    head = difflib.SequenceMatcher(None, query, term[: len(query)]).ratio() if len(term) > len(query) else 0.0
    words = max((difflib.SequenceMatcher(None, query, w).ratio() for w in term.split()), default=0.0)
    return max(whole, head, words)

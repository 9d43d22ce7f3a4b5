"""Reading an article before drafting: what is refused (too large, binary, empty, not Dutch), and HTML to text.

An empty or English text would otherwise be drafted into a made-up "new mission": the drafter's rules are
Dutch rules, so anything else is refused with a reason instead of guessed at.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import PurePath

MAX_BYTES = 1024 * 1024  # 1 MB: far more than any article; a bigger file is not an article
TEXT_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm")
SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Very common function words: a Dutch news paragraph is full of the first, an English one of the second.
DUTCH = _words(
    "de het een en van is dat niet in op te voor met zijn er die naar ook door maar om bij wordt worden "
    "heeft hebben zij ze nog al aan als dan werd uit wel zal zullen over kabinet militairen"
)
ENGLISH = _words(
    "the and of is that to in for with on are was were be by it this from have has will as at an not "
    "which troops government"
)
_WORD = re.compile(r"[a-zà-ÿ]+")
MIN_DUTCH_SHARE = 0.08  # of all words; Dutch news prose runs at 0.2–0.35, English prose near 0


class ArticleRefused(ValueError):
    """The article cannot be drafted: ``code`` names why (a catalogue key ``ingest.refused.<code>``)."""

    def __init__(self, code: str, message: str, **values: object) -> None:
        super().__init__(message)
        self.code, self.values = code, values


class _Text(HTMLParser):
    """Collects an HTML document's text, leaving out scripts and styles; block elements end a paragraph."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    BLOCKS = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "tr"})

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "noscript", "template"):
            self._skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "noscript", "template"):
            self._skipping = max(0, self._skipping - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_text(html: str) -> str:
    """The readable text of an HTML document: paragraphs kept apart by blank lines, runs of spaces folded."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    paragraphs = re.split(r"\n\s*\n", "".join(parser.parts))
    return "\n\n".join(" ".join(p.split()) for p in paragraphs if p.strip())


def dutch_share(text: str) -> tuple[float, float]:
    """The share of words that are common Dutch, and of those that are common English, function words."""
    words = _WORD.findall(text.lower())
    if not words:
        return 0.0, 0.0
    return sum(w in DUTCH for w in words) / len(words), sum(w in ENGLISH for w in words) / len(words)


def read_article(data: bytes, filename: str, any_suffix: bool = False) -> str:
    """The article's text, ready for the drafter; raises :class:`ArticleRefused` with a clear reason.

    ``any_suffix``: read a file of any other name as plain text (the command line); otherwise only .txt, .md
    and .html are taken (an attachment in Discord).
    """
    suffix = PurePath(filename).suffix.lower()
    if suffix not in SUFFIXES and not any_suffix:
        raise ArticleRefused("type", f"{filename}: only .txt, .md and .html articles can be drafted", filename=filename)
    if len(data) > MAX_BYTES:
        raise ArticleRefused(
            "too_large",
            f"{filename}: {len(data):,} bytes is over the 1 MB an article may be",
            filename=filename,
            size=len(data),
        )
    if b"\x00" in data:
        raise ArticleRefused("binary", f"{filename}: this is a binary file, not text", filename=filename)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ArticleRefused("binary", f"{filename}: this is not UTF-8 text", filename=filename) from None
    if suffix in HTML_SUFFIXES:
        text = html_text(text)
    if not text.strip():
        raise ArticleRefused("empty", f"{filename}: the article is empty", filename=filename)
    dutch, english = dutch_share(text)
    if dutch < MIN_DUTCH_SHARE or english > dutch:
        raise ArticleRefused(
            "not_dutch",
            f"{filename}: this does not read as Dutch; only Dutch articles can be drafted",
            filename=filename,
        )
    return text


def refusal(data: bytes, filename: str, any_suffix: bool = False) -> str | None:
    """Why ``data`` cannot be drafted, in one line; ``None`` when it can."""
    try:
        read_article(data, filename, any_suffix)
    except ArticleRefused as exc:
        return str(exc)
    return None

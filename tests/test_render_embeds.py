"""Rendering always fits Discord's limits."""

from bot import limits
from bot.render.embeds import EmbedBuilder, paginate, quote_user_text, shorten


def test_shorten_cuts_at_a_sentence_then_a_word() -> None:
    text = "First sentence here. Second sentence is rather long and goes on and on."
    assert shorten(text, 40) == "First sentence here. …"
    assert shorten("one two three four five six", 15) == "one two three …"
    assert shorten("x" * 50, 10) == "x" * 9 + "…"
    assert shorten("short", 10) == "short"
    for limit in range(3, 80):
        assert len(shorten(text, limit)) <= limit


def test_a_huge_embed_is_cut_to_the_limits_and_says_so() -> None:
    embed = EmbedBuilder("t" * 300, "d" * 5000, footer="f")
    for i in range(30):
        embed.field(f"name {i}" + "n" * 300, "v" * 2000)
    built = embed.build()
    assert len(built["title"]) == limits.EMBED_TITLE
    assert len(built["description"]) <= limits.EMBED_DESCRIPTION
    assert all(len(f["value"]) <= limits.EMBED_FIELD_VALUE for f in built["fields"])
    assert limits.embed_length(built) <= limits.EMBEDS_TOTAL
    assert "+" in built["footer"]["text"]  # the fields left out are counted, not lost silently


def test_user_text_is_quoted_safely() -> None:
    assert quote_user_text("**bold** @everyone\x00\u202e") == "\\*\\*bold\\*\\* \\@everyone"
    assert len(quote_user_text("a" * 500)) <= 60


def test_paginate_respects_lines_and_characters() -> None:
    pages = paginate([f"line {i}" for i in range(30)], per_page=12)
    assert [len(p) for p in pages] == [12, 12, 6]
    big = paginate(["x" * 1000] * 10, per_page=12, max_chars=3800)
    assert all(sum(len(line) + 1 for line in page) <= 3800 for page in big)

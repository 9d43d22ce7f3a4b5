"""What the drafter refuses to read, and why: too large, binary, empty, not Dutch; HTML read as its text."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from bot.ingest.language import MAX_BYTES, ArticleRefused, html_text, read_article, refusal
from tests.paths import SEED_DATA_DIR

DUTCH = (
    "Het kabinet stuurt ongeveer 250 militairen naar Litouwen. Zij vertrekken naar verwachting in januari en "
    "blijven daar een halfjaar, samen met Duitse eenheden die de leiding hebben over de battlegroup."
)
ENGLISH = (
    "The cabinet is sending about 250 troops to Lithuania. They are expected to leave in January and will stay "
    "there for half a year, together with German units that lead the battlegroup."
)


def _code(data: bytes, name: str = "article.txt") -> str:
    with pytest.raises(ArticleRefused) as refused:
        read_article(data, name)
    return refused.value.code


def test_a_short_dutch_news_paragraph_is_read() -> None:
    assert read_article(DUTCH.encode(), "nieuws.txt") == DUTCH
    assert refusal(DUTCH.encode(), "nieuws.md") is None


def test_refusals_name_their_reason() -> None:
    assert _code(ENGLISH.encode()) == "not_dutch"
    assert _code(b"") == "empty"
    assert _code(b"   \n\t\n  ") == "empty"
    assert _code(b"Het\x00kabinet") == "binary"
    assert _code(b"\xff\xfe\x00\xd8") == "binary"
    assert _code(b"\xc3\x28 kabinet") == "binary"  # not UTF-8
    assert _code(DUTCH.encode() + b" " * MAX_BYTES) == "too_large"
    assert _code(DUTCH.encode(), "article.pdf") == "type"
    assert (
        refusal(ENGLISH.encode(), "a.txt") == "a.txt: this does not read as Dutch; only Dutch articles can be drafted"
    )


def test_html_is_read_as_its_text_without_scripts_and_styles() -> None:
    html = (
        "<html><head><title>x</title><style>p { color: red }</style><script>var troops = 'the and of';</script>"
        f"</head><body><h1>Litouwen</h1><p>{DUTCH.replace('Litouwen', 'Litouwen&nbsp;(NAVO)')}</p></body></html>"
    )
    text = read_article(html.encode(), "bericht.html")
    assert "var troops" not in text and "color" not in text
    assert "Litouwen (NAVO)" in text and text.startswith("x\n\nLitouwen")
    assert html_text("<p>a</p><p>b  c</p>") == "a\n\nb c"
    assert _code(b"<html><body><script>x</script></body></html>", "leeg.htm") == "empty"


@pytest.mark.parametrize(("content", "reason"), [("", "empty"), ("  \n\n ", "empty"), (ENGLISH, "Dutch")])
def test_the_command_line_refuses_with_exit_1_and_no_draft(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], content: str, reason: str
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DEPLOYBOT_DATA_DIR", str(SEED_DATA_DIR))
    article, out = tmp_path / "article.txt", tmp_path / "draft.toml"
    article.write_text(content, encoding="utf-8")
    assert main(["ingest", str(article), "--published", "2020-12-11", "--out", str(out)]) == 1
    captured = capsys.readouterr()
    assert reason in captured.err and "No draft was made." in captured.err
    assert captured.out == "" and not out.exists()

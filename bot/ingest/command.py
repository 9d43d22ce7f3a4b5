"""``deploybot ingest``: read an article, print (or write) a draft; never touch data/ itself."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

from bot.facts.parse import FactsInvalid, load_facts
from bot.ingest.draft import to_json, to_toml
from bot.ingest.extract import Extractor
from bot.ingest.language import ArticleRefused, read_article
from bot.settings import Settings


def ingest_command(
    settings: Settings, article: str, published: str, source_id: str | None, out: str | None, form: str
) -> int:
    try:
        day = date.fromisoformat(published)
    except ValueError:
        print(f"--published: '{published}' is not a date such as 2020-11-20", file=sys.stderr)
        return 2
    path = Path(article)
    try:
        data = path.read_bytes()
    except OSError as exc:
        print(f"{article}: cannot be read ({exc.strerror or exc})", file=sys.stderr)
        return 2
    try:
        text = read_article(data, path.name, any_suffix=True)
    except ArticleRefused as exc:  # empty, binary, too large or not Dutch: no draft at all, never a guess
        print(f"{exc}. No draft was made.", file=sys.stderr)
        return 1
    if out is not None:
        target = Path(out).resolve()
        if settings.data_dir.resolve() in target.parents:
            print(f"--out: {out} is inside {settings.data_dir}; drafts are reviewed before they go there",
                  file=sys.stderr)  # fmt: skip
            return 2
    try:
        known = load_facts(settings.data_dir)  # to link facts to missions data/ already has
    except FactsInvalid:
        known = None
    draft = Extractor(known).extract(text, day, source_id or f"ingest-{day.isoformat()}")
    rendered = to_toml(draft, text, path.name) if form == "toml" else json.dumps(to_json(draft, text), indent=2,
                                                                                 ensure_ascii=False)  # fmt: skip
    if out is None:
        print(rendered)
    else:
        Path(out).write_text(rendered + ("\n" if not rendered.endswith("\n") else ""), encoding="utf-8")
        print(f"Draft written to {out}: {len(draft.contributions)} contributions, {len(draft.partners)} partners, "
              f"{len(draft.milestones)} milestones.")  # fmt: skip
    return 0

"""Publishing a reviewed draft: ``data/sources/<id>.toml`` as a person writes it, checked by the real loader on
a copy of data/ before anything is written, then written atomically (a temporary file and ``os.replace``).

Only structured fields go into the file (numbers, dates, kinds, countries): never the article's sentences, so
the excerpts a curator reviewed stay out of data/.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Any

from bot.facts.parse import SOURCES_DIR, FactsInvalid, load_facts
from bot.ingest.draft import toml_value

# The order a person writes the fields in (README "Adding a source"); anything else follows.
ORDER = (
    "mission", "paragraph", "key", "country", "organisation", "role", "kind", "date", "until", "duration",
    "certainty", "personnel_min", "personnel_max", "personnel_kind", "approximate", "equipment",
)  # fmt: skip
TABLES = ("contribution", "partner", "milestone")
ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")

_writing = threading.Lock()  # two publishes of one id in this process: the second finds the first's file


class PublishRefused(Exception):
    """Nothing was written: ``key`` names why (a catalogue key), ``values`` fill it in."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key, self.values = key, values


def source_id_for(publisher: str, published: str) -> str:
    """ "NRC Handelsblad", "2020-11-20" → "nrc-handelsblad-2020-11-20" (the README's <publisher>-<date>)."""
    slug = re.sub(r"[^a-z0-9]+", "-", publisher.lower()).strip("-")[:40].strip("-") or "source"
    return f"{slug}-{published.replace(' ', '-')}"


def source_toml(source: dict[str, Any], facts: list[tuple[str, dict[str, Any]]], header: str) -> str:
    """The file's text: a comment, the ``[source]`` table, then each fact's table, in a person's order."""
    lines = [f"# {line}" for line in header.splitlines()] + ["", "[source]"]
    for key in ("id", "publisher", "title", "published", "language", "url", "no_url"):
        if source.get(key):
            lines.append(f"{key} = {toml_value(source[key])}")
    for table in TABLES:
        for kind, fields in facts:
            if kind != table:
                continue
            ordered = sorted(fields, key=lambda k: ORDER.index(k) if k in ORDER else len(ORDER))
            lines += ["", f"[[{table}]]", *(f"{k} = {toml_value(fields[k])}" for k in ordered if fields[k] is not None)]
    return "\n".join(lines) + "\n"


def check(data_dir: Path, source_id: str, text: str) -> None:
    """Load a temporary copy of ``data_dir`` with the new file in it; :class:`FactsInvalid` as the loader says."""
    with tempfile.TemporaryDirectory(prefix="deploybot-publish-") as tmp:
        copy = Path(tmp) / data_dir.name
        shutil.copytree(data_dir, copy)
        (copy / SOURCES_DIR / f"{source_id}.toml").write_text(text, encoding="utf-8")
        load_facts(copy)


def target(data_dir: Path, source_id: str) -> Path:
    if not ID.fullmatch(source_id):  # not match: "$" also matches before a final newline
        raise PublishRefused("curation.publish.bad_id", source_id=source_id)
    return data_dir / SOURCES_DIR / f"{source_id}.toml"


def free_id(data_dir: Path, source_id: str, known: set[str]) -> str:
    """``source_id``, or the first of ``source_id-2``, ``-3``, … that neither data/ nor ``known`` has."""
    candidate, n = source_id, 1
    while candidate in known or (data_dir / SOURCES_DIR / f"{candidate}.toml").exists():
        n += 1
        candidate = f"{source_id[: 63 - len(str(n))]}-{n}"
    return candidate


def write_new(path: Path, text: str) -> None:
    """Write ``path`` atomically, refusing one that exists: readers see no file or the whole file."""
    with _writing:
        if path.exists():
            raise PublishRefused("curation.publish.exists", source_id=path.stem)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def prepare(data_dir: Path, source: dict[str, Any], facts: list[tuple[str, dict[str, Any]]], header: str) -> str:
    """The checked text of the new file; :class:`PublishRefused` (nothing accepted, the id taken) or
    :class:`FactsInvalid` (the loader's problems) when it may not be written."""
    if not facts:
        raise PublishRefused("curation.publish.nothing")
    path = target(data_dir, source["id"])
    if path.exists():
        raise PublishRefused("curation.publish.exists", source_id=source["id"])
    text = source_toml(source, facts, header)
    check(data_dir, source["id"], text)
    return text


__all__ = [
    "FactsInvalid",
    "PublishRefused",
    "free_id",
    "prepare",
    "source_id_for",
    "source_toml",
    "target",
    "write_new",
]

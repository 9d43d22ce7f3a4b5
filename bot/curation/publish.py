"""Publishing a reviewed draft: ``data/sources/<id>.toml`` as a person writes it (and the new missions the
curators created, at the end of ``data/missions.toml``), checked by the real loader on one copy of data/ before
anything is written, then written atomically (a temporary file and ``os.replace``).

With new missions there are three writes, each leaving a data/ that loads, so a crash between two of them never
leaves one that does not (a mission must cite a source the loader knows, and a fact a mission it knows): the
source file with its ``[source]`` table alone (a stub: it cites nothing and shows nothing), then missions.toml,
then the whole source file over the stub. Publishing again after such a crash recognises its own stub and its
own missions and finishes the job.

Only structured fields go into the file (numbers, dates, kinds, countries): never the article's sentences, so
the excerpts a curator reviewed stay out of data/.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import threading
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.curation.missions import appended, mission_toml
from bot.facts.parse import MISSIONS_FILE, SOURCES_DIR, FactsInvalid, load_facts
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


@dataclass(frozen=True, slots=True)
class Plan:
    """What a publish writes, checked: the source file, and with new missions its stub and missions.toml."""

    path: Path
    text: str
    stub: str  # the source file without facts: written first when missions are added, recognised after a crash
    missions_before: str | None = None  # data/missions.toml as it was checked; None: no mission is added
    missions_after: str | None = None
    missions: tuple[str, ...] = ()  # the slugs this publish adds (or added before a crash)


def stub_toml(source: dict[str, Any], draft_id: str) -> str:
    """The source file before its facts: what a crash between the writes may leave (it loads, and cites nothing)."""
    header = f"{source['publisher']}, {source['published']}: being published from Discord (draft {draft_id})."
    return source_toml(source, [], header)


def check(data_dir: Path, source_id: str, text: str, stub: str | None = None, missions: str | None = None) -> None:
    """Load one temporary copy of ``data_dir`` with the new file in it (and first, with new ``missions``, the
    state between the writes: the ``stub`` and the new missions.toml); :class:`FactsInvalid` as the loader
    says."""
    with tempfile.TemporaryDirectory(prefix="deploybot-publish-") as tmp:
        copy = Path(tmp) / data_dir.name
        shutil.copytree(data_dir, copy)
        file = copy / SOURCES_DIR / f"{source_id}.toml"
        if missions is not None and stub is not None:
            file.write_text(stub, encoding="utf-8")
            (copy / MISSIONS_FILE).write_text(missions, encoding="utf-8")
            load_facts(copy)
        file.write_text(text, encoding="utf-8")
        load_facts(copy)


def target(data_dir: Path, source_id: str) -> Path:
    if not ID.fullmatch(source_id):  # not match: "$" also matches before a final newline
        raise PublishRefused("curation.publish.bad_id", source_id=source_id)
    return data_dir / SOURCES_DIR / f"{source_id}.toml"


def free_id(data_dir: Path, source_id: str, known: set[str], ours: Callable[[str], bool] = lambda _: False) -> str:
    """``source_id``, or the first of ``source_id-2``, ``-3``, … that neither data/ nor ``known`` has (or that
    ``ours`` says holds this very publish's stub, left by a crash)."""
    candidate, n = source_id, 1
    while (candidate in known or (data_dir / SOURCES_DIR / f"{candidate}.toml").exists()) and not ours(candidate):
        n += 1
        candidate = f"{source_id[: 63 - len(str(n))]}-{n}"
    return candidate


def holds(path: Path, text: str) -> bool:
    """Whether ``path`` exists with exactly ``text`` in it."""
    try:
        return path.read_text(encoding="utf-8") == text
    except (FileNotFoundError, UnicodeDecodeError):
        return False


def _atomic(path: Path, text: str) -> None:
    """Readers see the old file (or none) or the whole new one, never a part."""
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


def write_new(path: Path, text: str) -> None:
    """Write ``path`` atomically, refusing one that exists: readers see no file or the whole file."""
    with _writing:
        if path.exists():
            raise PublishRefused("curation.publish.exists", source_id=path.stem)
        _atomic(path, text)


def write(plan: Plan) -> None:
    """Write what ``plan`` says, in the order that keeps data/ loading after every step; refuses (writing
    nothing) when missions.toml changed since it was checked or the source file is someone else's."""
    missions = plan.path.parent.parent / MISSIONS_FILE
    with _writing:
        if plan.missions_after is not None and not holds(missions, plan.missions_before or ""):
            raise PublishRefused("curation.publish.changed_meanwhile")
        if plan.path.exists() and not holds(plan.path, plan.stub):
            raise PublishRefused("curation.publish.exists", source_id=plan.path.stem)
        if plan.missions_after is not None:
            _atomic(plan.path, plan.stub)
            _atomic(missions, plan.missions_after)
        _atomic(plan.path, plan.text)


def prepare(
    data_dir: Path,
    source: dict[str, Any],
    facts: list[tuple[str, dict[str, Any]]],
    header: str,
    new_missions: list[dict[str, Any]] | None = None,
    draft_id: str = "",
) -> Plan:
    """The checked plan of the writes; :class:`PublishRefused` (nothing accepted, the id or a new mission's
    slug taken) or :class:`FactsInvalid` (the loader's problems) when it may not be written."""
    if not facts:
        raise PublishRefused("curation.publish.nothing")
    path = target(data_dir, source["id"])
    stub = stub_toml(source, draft_id)
    if path.exists() and not holds(path, stub):
        raise PublishRefused("curation.publish.exists", source_id=source["id"])
    text = source_toml(source, facts, header)
    before = (data_dir / MISSIONS_FILE).read_text(encoding="utf-8")
    # After a crash between the writes (our stub is there), the missions it added go: the draft may have been
    # changed since (a mission renamed, given another slug, or its facts mapped), and what it says now is added.
    kept = without_missions_of(before, source["id"]) if holds(path, stub) else before
    if not new_missions and kept == before:
        check(data_dir, source["id"], text)
        return Plan(path, text, stub)
    try:
        there = {m.get("slug"): m for m in tomllib.loads(kept).get("mission", []) if isinstance(m, dict)}
    except tomllib.TOMLDecodeError:
        there = {}  # the loader says what is wrong with it, below
    tables, slugs = [], []
    for fields in new_missions or []:
        if fields["slug"] in there:
            raise PublishRefused("curation.publish.slug_taken", slug=fields["slug"])
        tables.append(mission_toml(fields, source))
        slugs.append(fields["slug"])
    written = appended(kept, tables) if tables else kept.rstrip("\n") + "\n"
    after = None if written == before else written  # None: the crash had written exactly this
    check(data_dir, source["id"], text, stub, after)
    return Plan(path, text, stub, before if after is not None else None, after, tuple(slugs))


def without_missions_of(missions_text: str, source_id: str) -> str:
    """data/missions.toml without the ``[[mission]]`` tables a publish of ``source_id`` appended (as
    :func:`~bot.curation.missions.mission_toml` writes them); unchanged when they cannot be told apart."""
    block = re.compile(
        r"\n+\[\[mission\]\]\nslug = [^\n]*\nsource = "
        + re.escape(toml_value(source_id))
        + r"\n(?:[a-z_]+ = [^\n]*\n?)*"
    )
    kept = block.sub("\n", missions_text)
    try:
        tables = [m for m in tomllib.loads(missions_text).get("mission", []) if isinstance(m, dict)]
        left = [m for m in tomllib.loads(kept).get("mission", []) if isinstance(m, dict)]
    except tomllib.TOMLDecodeError:
        return missions_text
    if left != [m for m in tables if m.get("source") != source_id]:
        return missions_text  # a table of that source in another shape (written by hand): the loader decides
    return kept


__all__ = [
    "FactsInvalid",
    "Plan",
    "PublishRefused",
    "free_id",
    "prepare",
    "source_id_for",
    "source_toml",
    "target",
    "write",
    "write_new",
]

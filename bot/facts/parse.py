"""Reading and validating ``data/``: every error at once, each naming the file, the entry and what is wrong.

Layout::

    data/organisations.toml     [[organisation]] id, short, name = {nl, en}
    data/missions.toml          [[mission]] slug, source, name, organisation, country, place, summary, aliases
    data/sources/*.toml         [source] plus the [[contribution]], [[partner]] and [[milestone]] it gives
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from bot.countries import is_country
from bot.dates import Certainty, DateError, Duration, FuzzyDate
from bot.facts.model import (
    Contribution,
    Equipment,
    FactSet,
    Milestone,
    MilestoneKind,
    Mission,
    Organisation,
    Partner,
    PartnerRole,
    PersonnelKind,
    Source,
)
from bot.facts.search import normalize
from bot.i18n import Localized

E = TypeVar("E", bound=StrEnum)

MISSIONS_FILE = "missions.toml"
ORGANISATIONS_FILE = "organisations.toml"
SOURCES_DIR = "sources"


@dataclass(frozen=True, slots=True)
class FactError:
    file: str
    entry: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.entry}: {self.message}"


class FactsInvalid(Exception):
    """Raised with every problem found, so a person can fix them all in one go."""

    def __init__(self, errors: list[FactError]) -> None:
        self.errors = errors
        super().__init__(f"{len(errors)} problem(s) in the data files")


class _Entry:
    """One TOML table being read; each problem is recorded, never raised, so reading goes on."""

    def __init__(self, errors: list[FactError], file: str, label: str, table: Any) -> None:
        self.errors, self.file, self.label = errors, file, label
        self.table: dict[str, Any] = table if isinstance(table, dict) else {}
        if not isinstance(table, dict):
            self.error("must be a table")
        self.used: set[str] = set()

    def error(self, message: str) -> None:
        self.errors.append(FactError(self.file, self.label, message))

    def raw(self, name: str, required: bool) -> Any:
        self.used.add(name)
        if name not in self.table:
            if required:
                self.error(f"'{name}' is missing")
            return None
        return self.table[name]

    def text(self, name: str, required: bool = True) -> str | None:
        value = self.raw(name, required)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            self.error(f"'{name}' must be a non-empty string")
            return None
        return value.strip()

    def integer(self, name: str, required: bool = True, minimum: int = 0) -> int | None:
        value = self.raw(name, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            self.error(f"'{name}' must be a whole number of at least {minimum} (got {value!r})")
            return None
        return value

    def flag(self, name: str) -> bool:
        value = self.raw(name, False)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.error(f"'{name}' must be true or false")
            return False
        return value

    def localized(self, name: str, required: bool = True) -> Localized | None:
        value = self.raw(name, required)
        if value is None:
            return None
        if (
            not isinstance(value, dict)
            or set(value) != {"nl", "en"}
            or not all(isinstance(v, str) and v.strip() for v in value.values())
        ):
            self.error(f"'{name}' must be a table with a non-empty 'nl' and 'en' text")
            return None
        return Localized(nl=value["nl"].strip(), en=value["en"].strip())

    def choice(self, name: str, enum: type[E], default: E | None = None) -> E | None:
        value = self.raw(name, default is None)
        if value is None:
            return default
        try:
            return enum(value)
        except ValueError:
            known = ", ".join(e.value for e in enum)
            self.error(f"unknown {name} {value!r} (known: {known})")
            return None

    def fuzzy_date(self, name: str, required: bool = True) -> FuzzyDate | None:
        value = self.raw(name, required)
        if value is None:
            return None
        try:
            return FuzzyDate.parse(value)
        except DateError as exc:
            self.error(f"'{name}': {exc}")
            return None

    def duration(self, name: str) -> Duration | None:
        value = self.raw(name, False)
        if value is None:
            return None
        try:
            return Duration.parse(value)
        except DateError as exc:
            self.error(f"'{name}': {exc}")
            return None

    def country(self, name: str, required: bool = True) -> str | None:
        value = self.text(name, required)
        if value is not None and not is_country(value):
            self.error(f"'{name}': {value!r} is not an ISO 3166 alpha-2 country code (such as NL or US)")
            return None
        return value

    def finish(self) -> None:
        for extra in sorted(set(self.table) - self.used):
            self.error(f"unknown field '{extra}'")


def _read_toml(path: Path, root: Path, errors: list[FactError]) -> dict[str, Any] | None:
    rel = path.relative_to(root.parent).as_posix() if path.is_relative_to(root.parent) else str(path)
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        errors.append(FactError(rel, "file", f"is not valid TOML: {exc}"))
    except OSError as exc:
        errors.append(FactError(rel, "file", f"cannot be read: {exc.strerror or exc}"))
    return None


def _tables(doc: dict[str, Any], name: str, file: str, errors: list[FactError]) -> Iterator[tuple[int, Any]]:
    items = doc.get(name, [])
    if not isinstance(items, list):
        errors.append(FactError(file, name, f"use [[{name}]] for each entry"))
        return
    yield from enumerate(items, start=1)


def load_facts(data_dir: Path) -> FactSet:
    """Read and validate every file under ``data_dir``; raises :class:`FactsInvalid` listing all problems."""
    errors: list[FactError] = []
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise FactsInvalid([FactError(str(data_dir), "directory", "does not exist")])

    def rel(path: Path) -> str:
        return path.relative_to(data_dir.parent).as_posix()

    organisations = _parse_organisations(data_dir / ORGANISATIONS_FILE, data_dir, rel, errors)
    missions = _parse_missions(data_dir / MISSIONS_FILE, data_dir, rel, errors)
    sources: dict[str, Source] = {}
    contributions: list[Contribution] = []
    partners: list[Partner] = []
    milestones: list[Milestone] = []
    source_files: dict[str, str] = {}
    for path in sorted((data_dir / SOURCES_DIR).glob("*.toml")):
        doc = _read_toml(path, data_dir, errors)
        if doc is None:
            continue
        file = rel(path)
        source = _parse_source(doc.get("source"), file, errors)
        if source is None:
            continue
        if source.id in sources:
            errors.append(FactError(file, "source", f"id '{source.id}' is also used by {source_files[source.id]}"))
            continue
        sources[source.id] = source
        source_files[source.id] = file
        contributions += _parse_contributions(doc, source.id, file, errors)
        partners += _parse_partners(doc, source.id, file, errors)
        milestones += _parse_milestones(doc, source.id, file, errors)
        known = {"source", "contribution", "partner", "milestone"}
        for extra in sorted(set(doc) - known):
            errors.append(FactError(file, extra, "unknown section (known: " + ", ".join(sorted(known)) + ")"))

    facts = FactSet(
        sources=sources,
        organisations=organisations,
        missions=missions,
        contributions=tuple(contributions),
        partners=tuple(partners),
        milestones=tuple(milestones),
    )
    errors += _cross_check(facts, rel(data_dir / MISSIONS_FILE), source_files)
    if errors:
        raise FactsInvalid(errors)
    return facts


def _parse_organisations(path: Path, root: Path, rel: Any, errors: list[FactError]) -> dict[str, Organisation]:
    result: dict[str, Organisation] = {}
    doc = _read_toml(path, root, errors)
    if doc is None:
        return result
    file = rel(path)
    for index, table in _tables(doc, "organisation", file, errors):
        entry = _Entry(errors, file, f"organisation #{index}", table)
        oid, short, name = entry.text("id"), entry.text("short"), entry.localized("name")
        entry.finish()
        if oid is None or short is None or name is None:
            continue
        if oid in result:
            entry.error(f"duplicate organisation id '{oid}'")
            continue
        result[oid] = Organisation(oid, name, short)
    return result


def _parse_missions(path: Path, root: Path, rel: Any, errors: list[FactError]) -> dict[str, Mission]:
    result: dict[str, Mission] = {}
    doc = _read_toml(path, root, errors)
    if doc is None:
        return result
    file = rel(path)
    for index, table in _tables(doc, "mission", file, errors):
        slug = table.get("slug") if isinstance(table, dict) else None
        entry = _Entry(errors, file, f"mission #{index} ({slug})" if slug else f"mission #{index}", table)
        slug = entry.text("slug")
        if slug is not None and (slug != slug.lower() or not slug.replace("-", "").isalnum()):
            entry.error(f"slug '{slug}' must be lower-case letters, digits and hyphens")
            slug = None
        source, name, organisation = entry.text("source"), entry.localized("name"), entry.text("organisation")
        country, place, summary = (
            entry.country("country"),
            entry.localized("place"),
            entry.localized("summary"),
        )
        aliases = entry.raw("aliases", False) or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
            entry.error("'aliases' must be a list of non-empty strings")
            aliases = []
        entry.finish()
        if slug is not None and slug in result:
            entry.error(f"duplicate slug '{slug}'")
            continue
        if (
            slug is None
            or source is None
            or name is None
            or organisation is None
            or country is None
            or place is None
            or summary is None
        ):
            continue
        result[slug] = Mission(
            slug, source, name, organisation, country, place, summary, tuple(a.strip() for a in aliases)
        )
    return result


def _parse_source(table: Any, file: str, errors: list[FactError]) -> Source | None:
    if table is None:
        errors.append(FactError(file, "source", "the [source] table is missing"))
        return None
    entry = _Entry(errors, file, "source", table)
    sid, publisher, title = entry.text("id"), entry.text("publisher"), entry.text("title")
    published, language = entry.fuzzy_date("published"), entry.text("language")
    url = entry.text("url", required=False)
    if url is not None and not url.startswith(("https://", "http://")):
        entry.error(f"'url' must start with https:// (got {url!r})")
    if language is not None and language not in {"nl", "en"}:
        entry.error(f"'language' must be 'nl' or 'en' (got {language!r})")
    entry.finish()
    if sid is None or publisher is None or title is None or published is None or language is None:
        return None
    return Source(sid, publisher, title, published, language, url)


def _label(kind: str, index: int, table: Any) -> str:
    mission = table.get("mission") if isinstance(table, dict) else None
    key = table.get("key") if isinstance(table, dict) else None
    detail = "/".join(str(part) for part in (mission, key) if part)
    return f"{kind} #{index}" + (f" ({detail})" if detail else "")


def _parse_contributions(doc: dict[str, Any], source: str, file: str, errors: list[FactError]) -> list[Contribution]:
    result = []
    for index, table in _tables(doc, "contribution", file, errors):
        entry = _Entry(errors, file, _label("contribution", index, table), table)
        mission, paragraph = entry.text("mission"), entry.integer("paragraph", minimum=1)
        key = entry.text("key", required=False) or "main"
        country = entry.country("country", required=False) or "NL"
        low, high = entry.integer("personnel_min", False), entry.integer("personnel_max", False)
        if low is not None and high is not None and low > high:
            entry.error(f"personnel_min {low} is greater than personnel_max {high}")
        if (low is None) != (high is None):
            entry.error("give both personnel_min and personnel_max (equal for an exact number)")
        kind = entry.choice("personnel_kind", PersonnelKind, PersonnelKind.PLANNED)
        approximate = entry.flag("approximate")
        equipment = _parse_equipment(entry)
        task = entry.localized("task", required=False)
        entry.finish()
        if mission is None or paragraph is None or kind is None:
            continue
        result.append(
            Contribution(source, paragraph, mission, key, country, low, high, kind, approximate, equipment, task)
        )
    return result


def _parse_equipment(entry: _Entry) -> tuple[Equipment, ...]:
    value = entry.raw("equipment", False) or []
    items = []
    if not isinstance(value, list):
        entry.error("'equipment' must be a list of {name, count} tables")
        return ()
    for number, item in enumerate(value, start=1):
        name = item.get("name") if isinstance(item, dict) else None
        count = item.get("count", 1) if isinstance(item, dict) else None
        if not isinstance(name, str) or not name.strip():
            entry.error(f"equipment #{number} needs a 'name'")
        elif isinstance(count, bool) or not isinstance(count, int) or count < 1:
            entry.error(f"equipment #{number} ({name}): 'count' must be a whole number of at least 1")
        else:
            items.append(Equipment(name.strip(), count))
    return tuple(items)


def _parse_partners(doc: dict[str, Any], source: str, file: str, errors: list[FactError]) -> list[Partner]:
    result = []
    for index, table in _tables(doc, "partner", file, errors):
        entry = _Entry(errors, file, _label("partner", index, table), table)
        mission, paragraph = entry.text("mission"), entry.integer("paragraph", minimum=1)
        role = entry.choice("role", PartnerRole)
        country, organisation = entry.country("country", False), entry.text("organisation", False)
        if ("country" in entry.table) == ("organisation" in entry.table):
            entry.error("give either 'country' or 'organisation', not both or neither")
        note = entry.localized("note", required=False)
        entry.finish()
        if mission is None or paragraph is None or role is None or (country is None) == (organisation is None):
            continue
        result.append(Partner(source, paragraph, mission, role, country, organisation, note))
    return result


def _parse_milestones(doc: dict[str, Any], source: str, file: str, errors: list[FactError]) -> list[Milestone]:
    result = []
    for index, table in _tables(doc, "milestone", file, errors):
        entry = _Entry(errors, file, _label("milestone", index, table), table)
        mission, paragraph = entry.text("mission"), entry.integer("paragraph", minimum=1)
        kind = entry.choice("kind", MilestoneKind)
        key = entry.text("key", required=False) or (kind.value if kind else None)
        has_date = "date" in entry.table
        when = entry.fuzzy_date("date", required=False)
        if not has_date:
            entry.error("'date' is missing" + (" (a duration needs a start date)" if "duration" in entry.table else ""))
        certainty = entry.choice("certainty", Certainty)
        until = entry.fuzzy_date("until", required=False)
        duration = entry.duration("duration")
        if until is not None and when is not None and until.last < when.first:
            entry.error(f"'until' {until} lies before 'date' {when}")
        if until is not None and duration is not None:
            entry.error("give 'until' or 'duration', not both")
        note = entry.localized("note", required=False)
        entry.finish()
        if mission is None or paragraph is None or kind is None or key is None or when is None or certainty is None:
            continue
        result.append(Milestone(source, paragraph, mission, key, kind, when, certainty, until, duration, note))
    return result


def _cross_check(facts: FactSet, missions_file: str, source_files: dict[str, str]) -> list[FactError]:
    """Checks that need everything read: references, duplicate keys, clashing names."""
    errors: list[FactError] = []
    terms: dict[str, str] = {}
    for mission in facts.missions.values():
        label = f"mission {mission.slug}"
        if mission.source not in facts.sources:
            errors.append(FactError(missions_file, label, f"unknown source id '{mission.source}'"))
        if mission.organisation not in facts.organisations:
            errors.append(FactError(missions_file, label, f"unknown organisation id '{mission.organisation}'"))
        names = {mission.slug, mission.name.nl, mission.name.en, *mission.aliases}
        for term in sorted({normalize(n) for n in names}):
            other = terms.setdefault(term, mission.slug)
            if other != mission.slug:
                errors.append(FactError(missions_file, label, f"name or alias '{term}' is also used by '{other}'"))

    seen: set[tuple[str, str, str, str]] = set()
    groups: list[tuple[str, tuple[Contribution | Partner | Milestone, ...]]] = [
        ("contribution", facts.contributions),
        ("partner", facts.partners),
        ("milestone", facts.milestones),
    ]
    for kind, items in groups:
        for item in items:
            file = source_files[item.source]
            label = f"{kind} ({item.mission}/{item.key})"
            if item.mission not in facts.missions:
                errors.append(FactError(file, label, f"unknown mission id '{item.mission}'"))
            identity = (kind, item.source, item.mission, item.key)
            if identity in seen:
                errors.append(FactError(file, label, "the same mission and key appear twice in one source"))
            seen.add(identity)
            if isinstance(item, Partner) and item.organisation and item.organisation not in facts.organisations:
                errors.append(FactError(file, label, f"unknown organisation id '{item.organisation}'"))
    return errors

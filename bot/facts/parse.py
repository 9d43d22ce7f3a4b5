"""Reading and validating ``data/``: every error at once, each naming the file, the entry and what is wrong.

Layout::

    data/organisations.toml     [[organisation]] id, short, name = {nl, en}
    data/missions.toml          [[mission]] slug, source, name, organisation, country, place, summary, aliases
    data/sources/*.toml         [source] plus the [[contribution]], [[partner]] and [[milestone]] it gives

One entry's fields are read by :class:`bot.facts.entry.Entry`; checks across files live in
:mod:`bot.facts.crosscheck`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot.dates import Certainty
from bot.facts import bounds
from bot.facts.crosscheck import Unread, cross_check
from bot.facts.entry import Entry, FactError, FactsInvalid, read_toml, tables
from bot.facts.model import (
    MAIN,
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
    Scope,
    Source,
)

__all__ = ["FactError", "FactsInvalid", "load_facts"]

MISSIONS_FILE = "missions.toml"
ORGANISATIONS_FILE = "organisations.toml"
SOURCES_DIR = "sources"
SECTIONS = ("source", "contribution", "partner", "milestone")


def load_facts(data_dir: Path) -> FactSet:
    """Read and validate every file under ``data_dir``; raises :class:`FactsInvalid` listing all problems.

    A file that cannot be read is one problem, not the cause of many: checks that would look things up in it
    (an unknown mission, organisation or source id) are skipped. A source whose ``[source]`` table is wrong
    still has its other sections checked, so that one bad field does not hide the rest of the file's problems.
    """
    errors: list[FactError] = []
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise FactsInvalid([FactError(str(data_dir), "directory", "does not exist")])

    def rel(path: Path) -> str:
        return path.relative_to(data_dir.parent).as_posix()

    unread = Unread()
    organisations = _parse_file(data_dir / ORGANISATIONS_FILE, rel, errors, _parse_organisations)
    unread.organisations = organisations is None
    missions = _parse_file(data_dir / MISSIONS_FILE, rel, errors, _parse_missions)
    unread.missions = missions is None
    sources: dict[str, Source] = {}
    contributions: list[Contribution] = []
    partners: list[Partner] = []
    milestones: list[Milestone] = []
    source_files: dict[str, str] = {}
    for path in sorted((data_dir / SOURCES_DIR).glob("*.toml")):
        file = rel(path)
        doc = read_toml(path, file, errors)
        if doc is None:
            unread.some_source = True  # its id is unknown: a mission citing it must not be called wrong
            continue
        table = doc.get("source")
        source = _parse_source(table, file, errors)
        if source is None:
            sid = table.get("id") if isinstance(table, dict) else None
            if isinstance(sid, str) and sid.strip():
                unread.source_ids.add(sid.strip())
            else:
                unread.some_source = True
            # Checked for their own problems, then left out: the facts are invalid anyway.
            _parse_sections(doc, str(sid or path.stem), file, errors)
            continue
        if source.id in sources:
            errors.append(FactError(file, "source", f"id '{source.id}' is also used by {source_files[source.id]}"))
            continue
        sources[source.id] = source
        source_files[source.id] = file
        found = _parse_sections(doc, source.id, file, errors)
        contributions += found[0]
        partners += found[1]
        milestones += found[2]

    facts = FactSet(
        sources=sources,
        organisations=organisations or {},
        missions=missions or {},
        contributions=tuple(contributions),
        partners=tuple(partners),
        milestones=tuple(milestones),
    )
    errors += cross_check(facts, rel(data_dir / MISSIONS_FILE), source_files, unread)
    if errors:
        raise FactsInvalid(errors)
    return facts


def _parse_sections(
    doc: dict[str, Any], source_id: str, file: str, errors: list[FactError]
) -> tuple[list[Contribution], list[Partner], list[Milestone]]:
    """A source file's contributions, partners and milestones; an unknown section is a problem."""
    for extra in sorted(set(doc) - set(SECTIONS)):
        errors.append(FactError(file, extra, "unknown section (known: " + ", ".join(sorted(SECTIONS)) + ")"))
    return (
        _parse_contributions(doc, source_id, file, errors),
        _parse_partners(doc, source_id, file, errors),
        _parse_milestones(doc, source_id, file, errors),
    )


def _parse_file(
    path: Path,
    rel: Callable[[Path], str],
    errors: list[FactError],
    parse: Callable[[dict[str, Any], str, list[FactError]], dict[str, Any]],
) -> dict[str, Any] | None:
    """The file's entries, or None when it cannot be read at all."""
    file = rel(path)
    doc = read_toml(path, file, errors)
    return None if doc is None else parse(doc, file, errors)


def _parse_organisations(doc: dict[str, Any], file: str, errors: list[FactError]) -> dict[str, Organisation]:
    result: dict[str, Organisation] = {}
    for index, table in tables(doc, "organisation", file, errors):
        entry = Entry(errors, file, f"organisation #{index}", table)
        oid, short = entry.text("id"), entry.text("short", limit=bounds.SHORT)
        name = entry.localized("name", limit=bounds.NAME)
        entry.finish()
        if oid is None or short is None or name is None:
            continue
        if oid in result:
            entry.error(f"duplicate organisation id '{oid}'")
            continue
        result[oid] = Organisation(oid, name, short)
    return result


def _aliases(entry: Entry) -> tuple[str, ...]:
    aliases = entry.raw("aliases", False) or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        entry.error("'aliases' must be a list of non-empty strings")
        return ()
    return tuple(a.strip() for a in aliases if entry.bounded(f"alias '{a.strip()[:20]}…'", a.strip(), bounds.ALIAS))


def _parse_missions(doc: dict[str, Any], file: str, errors: list[FactError]) -> dict[str, Mission]:
    result: dict[str, Mission] = {}
    for index, table in tables(doc, "mission", file, errors):
        slug = table.get("slug") if isinstance(table, dict) else None
        shown = str(slug)[: bounds.ID] if slug else None
        entry = Entry(errors, file, f"mission #{index} ({shown})" if shown else f"mission #{index}", table)
        slug = entry.text("slug")
        if slug is not None and (slug != slug.lower() or not slug.replace("-", "").isalnum()):
            entry.error(f"slug '{slug}' must be lower-case letters, digits and hyphens")
            slug = None
        source, organisation = entry.text("source"), entry.text("organisation")
        name = entry.localized("name", limit=bounds.NAME)
        country, place = entry.country("country"), entry.localized("place", limit=bounds.PLACE)
        summary = entry.localized("summary", limit=bounds.SUMMARY)
        aliases = _aliases(entry)
        entry.finish()
        if slug is not None and slug in result:
            entry.error(f"duplicate slug '{slug}'")
            continue
        if None in (slug, source, name, organisation, country, place, summary):
            continue
        assert slug and source and name and organisation and country and place and summary
        result[slug] = Mission(slug, source, name, organisation, country, place, summary, aliases)
    return result


def _parse_source(table: Any, file: str, errors: list[FactError]) -> Source | None:
    if table is None:
        errors.append(FactError(file, "source", "the [source] table is missing"))
        return None
    entry = Entry(errors, file, "source", table)
    sid = entry.text("id")
    publisher, title = entry.text("publisher", limit=bounds.PUBLISHER), entry.text("title", limit=bounds.TITLE)
    published, language = entry.fuzzy_date("published"), entry.text("language")
    url = entry.text("url", required=False, limit=bounds.URL)
    if url is not None and not url.startswith(("https://", "http://")):
        entry.error(f"'url' must start with https:// (got {url!r})")
    no_url = entry.text("no_url", required=False, limit=bounds.NOTE)
    if url is not None and no_url is not None:
        entry.error("give 'url', or 'no_url' saying why there is none, not both")
    if language is not None and language not in {"nl", "en"}:
        entry.error(f"'language' must be 'nl' or 'en' (got {language!r})")
    entry.finish()
    if sid is None or publisher is None or title is None or published is None or language is None:
        return None
    return Source(sid, publisher, title, published, language, url, no_url)


def _label(kind: str, index: int, table: Any) -> str:
    mission = table.get("mission") if isinstance(table, dict) else None
    key = table.get("key") if isinstance(table, dict) else None
    detail = "/".join(str(part)[: bounds.ID] for part in (mission, key) if part)
    return f"{kind} #{index}" + (f" ({detail})" if detail else "")


def _parse_contributions(doc: dict[str, Any], source: str, file: str, errors: list[FactError]) -> list[Contribution]:
    result = []
    for index, table in tables(doc, "contribution", file, errors):
        entry = Entry(errors, file, _label("contribution", index, table), table)
        mission, paragraph = entry.text("mission"), entry.integer("paragraph", minimum=1)
        key = entry.text("key", required=False) or MAIN
        country = entry.country("country", required=False) or "NL"
        low, high = entry.integer("personnel_min", False), entry.integer("personnel_max", False)
        if low is not None and high is not None and low > high:
            entry.error(f"personnel_min {low} is greater than personnel_max {high}")
        if (low is None) != (high is None):
            entry.error("give both personnel_min and personnel_max (equal for an exact number)")
        kind = entry.choice("personnel_kind", PersonnelKind, PersonnelKind.PLANNED)
        approximate = entry.flag("approximate")
        equipment = _parse_equipment(entry)
        task = entry.localized("task", required=False, limit=bounds.TASK)
        entry.finish()
        if mission is None or paragraph is None or kind is None:
            continue
        result.append(
            Contribution(source, paragraph, mission, key, country, low, high, kind, approximate, equipment, task)
        )
    return result


def _parse_equipment(entry: Entry) -> tuple[Equipment, ...]:
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
        elif not entry.bounded(f"equipment #{number} name", name.strip(), bounds.EQUIPMENT_NAME):
            continue
        elif isinstance(count, bool) or not isinstance(count, int) or count < 1:
            entry.error(f"equipment #{number} ({name}): 'count' must be a whole number of at least 1")
        else:
            items.append(Equipment(name.strip(), count))
    return tuple(items)


def _parse_partners(doc: dict[str, Any], source: str, file: str, errors: list[FactError]) -> list[Partner]:
    result = []
    for index, table in tables(doc, "partner", file, errors):
        entry = Entry(errors, file, _label("partner", index, table), table)
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


def default_milestone_key(kind: MilestoneKind, scope: Scope, contribution: str) -> str:
    """The kind, prefixed with whose date it is unless it is the main contribution's: versions stay apart."""
    if scope is Scope.OPERATION:
        return f"operation-{kind.value}"
    return kind.value if contribution == MAIN else f"{contribution}-{kind.value}"


def _parse_milestones(doc: dict[str, Any], source: str, file: str, errors: list[FactError]) -> list[Milestone]:
    result = []
    for index, table in tables(doc, "milestone", file, errors):
        entry = Entry(errors, file, _label("milestone", index, table), table)
        mission, paragraph = entry.text("mission"), entry.integer("paragraph", minimum=1)
        kind = entry.choice("kind", MilestoneKind)
        scope = entry.choice("scope", Scope, Scope.CONTRIBUTION)
        contribution = entry.text("contribution", required=False)
        if scope is Scope.OPERATION and contribution is not None:
            entry.error("an operation milestone belongs to no Dutch contribution: leave 'contribution' out")
        contribution = contribution or MAIN
        explicit_key = entry.text("key", required=False)
        key = explicit_key or (default_milestone_key(kind, scope, contribution) if kind and scope else None)
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
        if None in (mission, paragraph, kind, key, when, certainty, scope):
            continue
        assert mission and paragraph and kind and key and when and certainty and scope
        result.append(
            Milestone(
                source, paragraph, mission, key, kind, when, certainty, until, duration, note, scope, contribution
            )
        )
    return result

"""Checks that need every file read: references between files, duplicate keys, clashing names."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.facts.entry import FactError
from bot.facts.model import MAIN, Contribution, FactSet, Milestone, Partner, Scope
from bot.facts.search import normalize


@dataclass
class Unread:
    """What could not be read, so that a lookup in it is not reported as a mistake of its own: one syntax error in
    missions.toml is one problem, not one "unknown mission" per fact."""

    missions: bool = False
    organisations: bool = False
    some_source: bool = False  # a source file whose id is unknown (unreadable, or no id)
    source_ids: set[str] = field(default_factory=set)  # sources whose [source] table is wrong

    def source(self, source_id: str) -> bool:
        return self.some_source or source_id in self.source_ids


def cross_check(
    facts: FactSet, missions_file: str, source_files: dict[str, str], unread: Unread | None = None
) -> list[FactError]:
    unread = unread or Unread()
    errors = _missions(facts, missions_file, unread)
    errors += _facts(facts, source_files, unread)
    errors += _milestone_owners(facts, source_files)
    return errors


def _missions(facts: FactSet, missions_file: str, unread: Unread) -> list[FactError]:
    errors: list[FactError] = []
    terms: dict[str, str] = {}
    for mission in facts.missions.values():
        label = f"mission {mission.slug}"
        if mission.source not in facts.sources and not unread.source(mission.source):
            errors.append(FactError(missions_file, label, f"unknown source id '{mission.source}'"))
        if mission.organisation not in facts.organisations and not unread.organisations:
            errors.append(FactError(missions_file, label, f"unknown organisation id '{mission.organisation}'"))
        names = {mission.slug, mission.name.nl, mission.name.en, *mission.aliases}
        for term in sorted({normalize(n) for n in names}):
            other = terms.setdefault(term, mission.slug)
            if other != mission.slug:
                errors.append(FactError(missions_file, label, f"name or alias '{term}' is also used by '{other}'"))
    return errors


def _facts(facts: FactSet, source_files: dict[str, str], unread: Unread) -> list[FactError]:
    errors: list[FactError] = []
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
            if item.mission not in facts.missions and not unread.missions:
                errors.append(FactError(file, label, f"unknown mission id '{item.mission}'"))
            identity = (kind, item.source, item.mission, item.key)
            if identity in seen:
                errors.append(FactError(file, label, "the same mission and key appear twice in one source"))
            seen.add(identity)
            organisation = item.organisation if isinstance(item, Partner) else None
            if organisation and organisation not in facts.organisations and not unread.organisations:
                errors.append(FactError(file, label, f"unknown organisation id '{organisation}'"))
    return errors


def _owner(m: Milestone) -> str:
    return "the operation" if m.scope is Scope.OPERATION else f"contribution '{m.contribution}'"


def _milestone_owners(facts: FactSet, source_files: dict[str, str]) -> list[FactError]:
    """A milestone names a contribution that exists, and all versions of one milestone belong to the same one."""
    errors: list[FactError] = []
    keys = {(c.mission, c.key) for c in facts.contributions}
    first: dict[tuple[str, str], Milestone] = {}
    for m in facts.milestones:
        file, label = source_files[m.source], f"milestone ({m.mission}/{m.key})"
        if m.scope is Scope.CONTRIBUTION and m.contribution != MAIN and (m.mission, m.contribution) not in keys:
            errors.append(
                FactError(file, label, f"contribution '{m.contribution}' is not the key of any [[contribution]] "
                          f"of mission '{m.mission}'")
            )  # fmt: skip
        earlier = first.setdefault((m.mission, m.key), m)
        if (earlier.scope, earlier.contribution) != (m.scope, m.contribution):
            errors.append(
                FactError(file, label, f"key '{m.key}' belongs to {_owner(earlier)} in {source_files[earlier.source]} "
                          f"but to {_owner(m)} here; give each its own key")
            )  # fmt: skip
    return errors

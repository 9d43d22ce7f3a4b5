"""A mission data/ does not know yet, as a decision of its own in a draft: a curator creates it (slug, names,
country, aliases: checked here) or maps its facts to a mission data/ has. Pure.

The decision is an item of table :data:`MISSION` beside the facts. Its facts keep the drafted slug in their
fields; :func:`resolution` says where they go when published: the created slug, the mapped mission, or nowhere
yet (Publish refuses them then, naming the mission).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.countries import country_name, is_country
from bot.facts import bounds
from bot.facts.model import Mission
from bot.facts.search import normalize
from bot.i18n import Language, say
from bot.ingest.draft import toml_value

MISSION = "mission"  # the item table of a new mission's decision
MAPPED = "mapped"  # its decision when its facts go to a mission data/ has ({"map_to": slug} in its edit)
CREATED = "accepted"  # its decision when it is created (the modal's fields in its edit)
INPUTS = ("slug", "name_nl", "name_en", "country", "aliases")
SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
FALLBACK_ORGANISATION = "national"
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


@dataclass
class Checked:
    fields: dict[str, Any]
    problems: list[tuple[str, dict[str, object]]] = field(default_factory=list)


def proposal(
    slug: str, name: str, country: str | None, organisation: str, excerpt: str, confidence: float
) -> dict[str, Any]:
    """The decision item for a drafted mission: the drafter's slug and name (in both languages until a curator
    names it), the country, and the organisation the article names near it (else a national deployment)."""
    name = fold(name)[: bounds.NAME] or slug
    return {
        "table": MISSION,
        "fields": {
            "slug": slug,
            "name": {"nl": name, "en": name},
            "country": country or "",
            "organisation": organisation,
            "aliases": [],
        },
        "change": "new-mission",
        "before": None,
        "excerpt": excerpt,
        "confidence": round(confidence, 2),
    }


def fold(text: str) -> str:
    """Runs of whitespace (newlines too) as one space: a name is one line."""
    return " ".join(text.split())


def current_inputs(fields: Mapping[str, Any]) -> dict[str, str]:
    """What the modal shows before a curator types."""
    name = fields.get("name") or {}
    return {
        "slug": str(fields.get("slug", "")),
        "name_nl": str(name.get("nl", "")),
        "name_en": str(name.get("en", "")),
        "country": str(fields.get("country", "")),
        "aliases": ", ".join(fields.get("aliases") or []),
    }


def terms_in_use(missions: Iterable[Mission]) -> dict[str, str]:
    """Every mission's slug, names and aliases (as the loader compares them) → that mission's slug."""
    used: dict[str, str] = {}
    for m in missions:
        for term in (m.slug, m.name.nl, m.name.en, *m.aliases):
            used.setdefault(normalize(term), m.slug)
    return used


def check(fields: Mapping[str, Any], typed: Mapping[str, str], taken: Mapping[str, str]) -> Checked:
    """The curator's ``typed`` values over ``fields``, every problem at once. ``taken``: the terms other missions
    use (slugs, names, aliases, normalised) → their slug; a slug or name among them is refused."""
    problems: list[tuple[str, dict[str, object]]] = []
    result = dict(fields)
    slug = typed.get("slug", "").strip().lower()
    if not SLUG.fullmatch(slug):
        problems.append(("curation.mission.bad_slug", {"value": slug[:70]}))
    elif slug in taken.values():
        problems.append(("curation.mission.slug_taken", {"value": slug}))
    else:
        result["slug"] = slug
    own_slug = slug if result["slug"] == slug and not problems else ""
    names = {}
    for lang in ("nl", "en"):
        name = fold(typed.get(f"name_{lang}", ""))
        problem = _text_problem(name, bounds.NAME)
        if problem:
            problems.append((f"curation.mission.name_{problem}", {"language": lang, "limit": bounds.NAME}))
        names[lang] = name
    aliases = [fold(a) for a in typed.get("aliases", "").split(",") if fold(a)]
    for alias in aliases:
        problem = _text_problem(alias, bounds.ALIAS)
        if problem:
            problems.append((f"curation.mission.alias_{problem}", {"value": alias[:40], "limit": bounds.ALIAS}))
    for term in dict.fromkeys([own_slug, *names.values(), *aliases]):
        other = taken.get(normalize(term)) if term else None
        if other is not None:
            problems.append(("curation.mission.name_taken", {"value": term[:60], "mission": other}))
    result["name"], result["aliases"] = names, aliases
    country = typed.get("country", "").strip().upper()
    if not is_country(country):
        problems.append(("curation.mission.country", {"value": country[:10]}))
    else:
        result["country"] = country
    return Checked(result, problems)


def _text_problem(text: str, limit: int) -> str | None:
    if not text:
        return "empty"
    if len(text) > limit:
        return "long"
    # A control character, a lone surrogate, or a bidirectional override or isolate: a name that reads
    # differently from what it holds ("Pol\u202eand" shows as "Poldna").
    if any(unicodedata.category(c) in ("Cc", "Cs") or c in BIDI_CONTROLS for c in text):
        return "control"
    if not normalize(text):  # zero-width spaces or punctuation only: invisible, and no search ever finds it
        return "unsearchable"
    return None


def resolution(items: Iterable[Any]) -> dict[str, str | None]:
    """Each new mission of a draft (its drafted slug) → the slug its facts are published under: the created one,
    the mission it was mapped to, or ``None`` while it is neither (undecided or rejected). ``items``: the
    draft's :class:`~bot.storage.drafts.StoredItem`."""
    result: dict[str, str | None] = {}
    for item in items:
        if item.proposed["table"] != MISSION:
            continue
        drafted = item.proposed["fields"]["slug"]
        edited = item.edited or {}
        if item.decision == CREATED and edited.get("slug"):  # created through its form only
            result[drafted] = edited["slug"]
        elif item.decision == MAPPED:
            result[drafted] = edited.get("map_to")
        else:
            result[drafted] = None
    return result


def described(item: Any) -> dict[str, Any]:
    """A new mission's slug, names, country and aliases: as created, else as drafted (a mapping is no
    description)."""
    edited = item.edited or {}
    return dict(edited) if "slug" in edited else dict(item.proposed["fields"])


def created(items: Iterable[Any]) -> list[dict[str, Any]]:
    """The fields of every mission a curator created in the draft."""
    return [
        dict(i.edited)
        for i in items
        if i.proposed["table"] == MISSION and i.decision == CREATED and (i.edited or {}).get("slug")
    ]


def mission_toml(fields: Mapping[str, Any], source: Mapping[str, Any]) -> str:
    """The ``[[mission]]`` table as a person writes it in data/missions.toml. The place is the country until a
    person says more; the summary says where the mission came from."""
    country = str(fields["country"])
    place = {"nl": country_name(country, Language.NL), "en": country_name(country, Language.EN)}
    summary = {
        lang.value: say("curation.mission.summary", lang, publisher=source["publisher"], date=source["published"])
        for lang in (Language.NL, Language.EN)
    }
    lines = [
        "[[mission]]",
        f"slug = {toml_value(fields['slug'])}",
        f"source = {toml_value(source['id'])}",
        f"name = {toml_value({'nl': fields['name']['nl'], 'en': fields['name']['en']})}",
        f"organisation = {toml_value(fields.get('organisation') or FALLBACK_ORGANISATION)}",
        f"country = {toml_value(country)}",
        f"place = {toml_value(place)}",
        f"summary = {toml_value(summary)}",
    ]
    if fields.get("aliases"):
        lines.append(f"aliases = {toml_value(list(fields['aliases']))}")
    return "\n".join(lines) + "\n"


def appended(missions_text: str, tables: list[str]) -> str:
    """data/missions.toml with ``tables`` at its end, one blank line apart, as the file's own entries are."""
    return missions_text.rstrip("\n") + "\n\n" + "\n".join(tables)

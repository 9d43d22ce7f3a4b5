"""A draft as the curator reviews it: one item per page, the diff against today's facts above it.

Every part is shortened to Discord's limits by the shared :class:`~bot.render.embeds.EmbedBuilder`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.countries import country_name, flag, is_country
from bot.curation.missions import MAPPED, MISSION, described, resolution
from bot.curation.review import CHANGED, MOVED, NEW_MISSION, NEW_PARTNER
from bot.curation.service import ACCEPTED, REJECTED, effective
from bot.dates import Certainty, DateError, FuzzyDate, format_with_certainty
from bot.facts.model import PersonnelKind
from bot.i18n import Language, say
from bot.render.embeds import Embed, EmbedBuilder, quote_user_text, shorten
from bot.render.lines import personnel_text
from bot.storage.drafts import StoredDraft, StoredItem

OVERVIEW_LINES = 20
MARKS = {ACCEPTED: "✅", REJECTED: "❌", MAPPED: "🔀", None: "•"}


def _personnel(fields: dict[str, Any], lang: Language) -> str:
    try:
        kind = PersonnelKind(fields.get("personnel_kind") or "estimate")
    except ValueError:
        kind = PersonnelKind.ESTIMATE
    text = personnel_text(
        fields.get("personnel_min"), fields.get("personnel_max"), kind, bool(fields.get("approximate")), lang
    )
    if text is None:
        kit = ", ".join(f"{e['count']}× {e['name']}" for e in fields.get("equipment") or [])
        return kit or "?"
    return text


def _when(fields: dict[str, Any], lang: Language) -> str:
    try:
        return format_with_certainty(FuzzyDate.parse(fields["date"]), Certainty(fields["certainty"]), lang)
    except (DateError, ValueError, KeyError):
        return str(fields.get("date"))


def item_line(
    item: StoredItem,
    lang: Language,
    names: Mapping[str, str] | None = None,
    organisations: Mapping[str, str] | None = None,
) -> str:
    """One line of the diff: "changed · Lithuania: 270–300 → about 250 personnel (actual)", "partner · Erbil: new
    partner 🇺🇸 United States (operates alongside)". ``names``: missions' names by slug (else the slug);
    ``organisations``: organisations' names by id (else the id)."""
    table, change, before = item.proposed["table"], item.proposed["change"], item.proposed.get("before")
    fields = effective(item)
    if table == MISSION:
        return f"{MARKS.get(item.decision, '•')} {_new_mission(item, lang, names, organisations)}"
    mission = (names or {}).get(fields.get("mission", ""), fields.get("mission", "?"))
    if table == "contribution":
        now = _personnel(fields, lang)
        what = f"{_personnel(before, lang)} → {now}" if change == CHANGED and before else now
    elif table == "milestone":
        name = say(f"milestone.{fields.get('kind')}", lang)
        now = _when(fields, lang)
        what = f"{name}: {_when(before, lang)} → {now}" if change == MOVED and before else f"{name}: {now}"
    else:
        country = str(fields.get("country") or "")
        organisation = str(fields.get("organisation") or "")
        who = (
            f"{flag(country)} {country_name(country, lang)}"
            if is_country(country)
            else (organisations or {}).get(organisation, organisation)
        )
        what = say("curation.partner", lang, partner=who or "?", role=say(f"role.{fields.get('role')}", lang))
    label = say(f"curation.change.{change}", lang)
    return f"{MARKS.get(item.decision, '•')} {label} · {mission}: {what}"


def _country(code: str, lang: Language) -> str:
    return f"{flag(code)} {country_name(code, lang)}" if is_country(code) else "?"


def _new_mission(
    item: StoredItem, lang: Language, names: Mapping[str, str] | None, organisations: Mapping[str, str] | None
) -> str:
    """ "New mission: Letland (letland, 🇱🇻 Latvia, NATO)", or where its facts go once mapped."""
    fields = described(item)
    if item.decision == MAPPED:
        drafted = item.proposed["fields"]["name"][lang.value]
        target = str(effective(item).get("map_to", "?"))
        return say("curation.new_mission.mapped", lang, name=drafted, mission=(names or {}).get(target, target))
    name, organisation = fields["name"][lang.value], str(fields.get("organisation", ""))
    country = _country(fields["country"], lang) + ", " + (organisations or {}).get(organisation, organisation)
    return say("curation.new_mission", lang, name=name, slug=fields["slug"], country=country)


def draft_names(draft: StoredDraft, names: Mapping[str, str], lang: Language) -> dict[str, str]:
    """``names`` and the draft's new missions by their drafted slug: named as where their facts go (created,
    mapped) or as drafted."""
    result = dict(names)
    routes = resolution(draft.items)
    for item in draft.items:
        if item.proposed["table"] != MISSION:
            continue
        drafted = item.proposed["fields"]["slug"]
        target = routes.get(drafted)
        name = described(item)["name"][lang.value]
        result[drafted] = names.get(target, name) if target else name
        if target:
            result.setdefault(target, name)
    return result


def page(
    draft: StoredDraft,
    index: int,
    lang: Language,
    names: Mapping[str, str] | None = None,
    organisations: Mapping[str, str] | None = None,
) -> Embed:
    """The draft with item ``index`` open (the overview of every item above it)."""
    total = len(draft.items)
    names = draft_names(draft, names or {}, lang)
    embed = EmbedBuilder(title=shorten(say("curation.title", lang, source=draft.source["id"]), 256))
    overview = [
        ("▶ " if n == index else "") + item_line(item, lang, names, organisations)
        for n, item in enumerate(draft.items[:OVERVIEW_LINES])
    ]
    if total > OVERVIEW_LINES:
        overview.append(say("curation.more_items", lang, count=total - OVERVIEW_LINES))
    folded = draft.summary.get("unchanged", 0)
    if folded:
        overview.append(say("curation.unchanged", lang, count=folded))
    if draft.summary.get("new_missions"):
        overview.append(say("curation.new_missions", lang, missions=", ".join(draft.summary["new_missions"])))
    if not draft.items:
        overview.insert(0, say("curation.nothing_new", lang))
    embed.description = shorten("\n".join(overview), 3500)
    if 0 <= index < total:
        item = draft.items[index]
        heading = say("curation.item", lang, number=index + 1, total=total)
        embed.field(heading, shorten(item_line(item, lang, names, organisations), 1000))
        embed.field(say("curation.excerpt", lang), "«" + quote_user_text(item.proposed.get("excerpt", ""), 200) + "»")
        shown = described(item) if item.proposed["table"] == MISSION else effective(item)
        embed.field(say("curation.mission", lang), shown.get("mission") or shown.get("slug") or "?", inline=True)
        embed.field(say("curation.confidence", lang), f"{float(item.proposed.get('confidence', 0)):.2f}", inline=True)
        state = say(f"curation.decision.{item.decision or 'open'}", lang)
        if item.edited is not None:
            state += " · " + say("curation.edited", lang)
        embed.field(say("curation.decision", lang), state, inline=True)
    if draft.state == "published":
        embed.footer = say("curation.footer_published", lang, draft=draft.id, version=draft.version)
    else:
        expires = draft.expires_at.date().isoformat()
        embed.footer = say("curation.footer", lang, draft=draft.id, version=draft.version, expires=expires)
    return embed.build()


def counts(draft: StoredDraft) -> tuple[int, int, int]:
    """(accepted, rejected, undecided) items."""
    accepted = sum(i.decision in (ACCEPTED, MAPPED) for i in draft.items)
    rejected = sum(i.decision == REJECTED for i in draft.items)
    return accepted, rejected, len(draft.items) - accepted - rejected


__all__ = ["NEW_MISSION", "NEW_PARTNER", "counts", "draft_names", "item_line", "page"]

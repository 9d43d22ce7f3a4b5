"""The announcement a server receives: the same facts and wording as the commands, in the server's language."""

from __future__ import annotations

from dataclasses import dataclass

from bot.countries import flag
from bot.dates import Certainty, Duration, FuzzyDate, Precision, describe_when
from bot.facts.model import Contribution, Milestone, PersonnelKind
from bot.facts.snapshot import MissionView, Snapshot
from bot.i18n import Language, say
from bot.render.embeds import Embed, EmbedBuilder
from bot.render.missions import STATUS_COLOURS, contribution_heading, personnel, personnel_text
from bot.schedule.planning import UPDATE


@dataclass(frozen=True, slots=True)
class Announcement:
    """What to post: the role ping (if any) goes in the content, everything else in one embed."""

    content: str | None
    embed: Embed
    role_id: int | None


def heading(milestone: Milestone, lead: int, lang: Language) -> str:
    if lead == UPDATE:
        return say("announce.update", lang)
    if milestone.date.precision is Precision.DAY:
        if lead == 0:
            return say("announce.today", lang)
        if lead == 1:
            return say("announce.tomorrow", lang)
        return say("announce.in_days", lang, days=lead)
    if lead == 0:
        return say(f"announce.this_{milestone.date.precision}", lang)
    return say("announce.coming_up", lang)


def phrase(milestone: Milestone, lang: Language) -> str:
    """ "expected in November 2021 (about 6 months)"; "from the second half of November 2021 to 15 May 2022"."""
    text = describe_when(milestone.date, milestone.certainty, lang, milestone.until)
    if milestone.duration is not None:
        text += f" ({milestone.duration.format(lang)})"
    return text


def phrase_of_version(version: str, lang: Language) -> str:
    """The wording of an earlier version, from the ledger's version string (see planning.version_of)."""
    when, until, duration, certainty = (part.strip() for part in version.split("|"))
    text = describe_when(FuzzyDate.parse(when), Certainty(certainty), lang, FuzzyDate.parse(until) if until else None)
    if duration:
        text += f" ({Duration.parse(duration).format(lang)})"
    return text


def contribution_update(
    view: MissionView,
    current: Contribution,
    previous_version: str,
    snapshot: Snapshot,
    lang: Language,
    reference: str,
    role_id: int | None = None,
) -> Announcement:
    """ "Update · Dutch contribution: now about 90 personnel (planned) — was: 70–130 personnel (estimate)"."""
    low, high, kind, approximate = (part.strip() for part in previous_version.split("|"))
    was = personnel_text(
        int(low) if low != "None" else None,
        int(high) if high != "None" else None,
        PersonnelKind(kind),
        approximate == "1",
        lang,
    )
    now = personnel(current, lang)
    what = say("announce.now_was", lang, now=now, was=was)
    lines = [f"**{say('announce.update', lang)}** · {contribution_heading(view, current, lang)}: {what}"]
    if current.task and current.key == "main":  # a further part is already named by its task
        lines.append(current.task.get(lang))
    return _compose(view, snapshot, lang, current.source, lines, reference, role_id)


def _compose(
    view: MissionView,
    snapshot: Snapshot,
    lang: Language,
    source_id: str,
    lines: list[str],
    reference: str,
    role_id: int | None,
) -> Announcement:
    source = snapshot.sources[source_id]
    cite = f"{source.publisher}, {source.published.format(lang)}"
    embed = EmbedBuilder(
        title=f"{flag(view.mission.country)} {view.mission.name.get(lang)}".strip(),
        description="\n".join(lines),
        url=source.url,
        color=STATUS_COLOURS[view.status],
        footer=f"{say('announce.source', lang, source=cite)} · ref {reference}",
    ).build()
    return Announcement(f"<@&{role_id}>" if role_id else None, embed, role_id)


def announcement(
    view: MissionView,
    milestone: Milestone,
    snapshot: Snapshot,
    lang: Language,
    lead: int,
    reference: str,
    role_id: int | None = None,
    late: bool = False,
    previous_version: str | None = None,
    test: bool = False,
) -> Announcement:
    kind = say(f"milestone.{milestone.kind}", lang)
    if previous_version is not None:
        what = say("announce.now_was", lang, now=phrase(milestone, lang), was=phrase_of_version(previous_version, lang))
    else:
        what = phrase(milestone, lang)
    lines = [f"**{heading(milestone, lead, lang)}** · {kind}: {what}"]
    if milestone.note:
        lines.append(milestone.note.get(lang))
    if late:
        lines.append(say("announce.late", lang))
    if test:
        lines.append(say("announce.test", lang))
    return _compose(view, snapshot, lang, milestone.source, lines, reference, role_id)

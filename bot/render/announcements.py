"""The announcement a server receives: the same facts and wording as the commands, in the server's language."""

from __future__ import annotations

from datetime import date

from bot.announcement import UPDATE, Announcement, ContributionVersion, MilestoneVersion
from bot.countries import flag
from bot.dates import Precision, describe_when
from bot.facts.model import Contribution, Milestone
from bot.facts.snapshot import MissionView, Snapshot
from bot.i18n import Language
from bot.render.embeds import EmbedBuilder
from bot.render.missions import STATUS_COLOURS, personnel, personnel_text
from bot.render.text import MILESTONE, label

NL, EN = Language.NL, Language.EN

_PERIOD_NOW = {
    Precision.HALF_MONTH: {EN: "This half of the month", NL: "Deze helft van de maand"},
    Precision.MONTH: {EN: "This month", NL: "Deze maand"},
    Precision.SEASON: {EN: "This season", NL: "Dit seizoen"},
    Precision.YEAR: {EN: "This year", NL: "Dit jaar"},
}
_WORDS = {
    "today": {EN: "Today", NL: "Vandaag"},
    "tomorrow": {EN: "Tomorrow", NL: "Morgen"},
    "in_days": {EN: "In {days} days", NL: "Over {days} dagen"},
    "coming_up": {EN: "Coming up", NL: "Binnenkort"},
    "update": {EN: "Update", NL: "Update"},
    "now_was": {EN: "now {now} — was: {was}", NL: "nu {now} — eerder: {was}"},
    "late": {
        EN: "_Posted late: the bot was offline when this was due._",
        NL: "_Later geplaatst: de bot was offline toen dit gepland stond._",
    },
    "source": {EN: "Source: {source}", NL: "Bron: {source}"},
    "test": {
        EN: "_Test post: this is how announcements will look here._",
        NL: "_Testbericht: zo zien aankondigingen er hier uit._",
    },
}


def heading(milestone: Milestone, lead: int, today: date, lang: Language) -> str:
    """From the days actually left on the server's ``today``, never from the lead: a post that went out later
    than planned (a settings change, a retry) still says how far off the date really is."""
    if lead == UPDATE:
        return _WORDS["update"][lang]
    if milestone.date.precision is Precision.DAY:
        days = (milestone.date.first - today).days
        if days <= 0:
            return _WORDS["today"][lang]
        if days == 1:
            return _WORDS["tomorrow"][lang]
        return _WORDS["in_days"][lang].format(days=days)
    if milestone.date.first <= today:
        return _PERIOD_NOW[milestone.date.precision][lang]
    return _WORDS["coming_up"][lang]


def phrase(milestone: Milestone, lang: Language) -> str:
    """ "expected in November 2021 (about 6 months)"; "from the second half of November 2021 to 15 May 2022"."""
    text = describe_when(milestone.date, milestone.certainty, lang, milestone.until)
    if milestone.duration is not None:
        text += f" ({milestone.duration.format(lang)})"
    return text


def phrase_of_version(version: MilestoneVersion, lang: Language) -> str:
    """The wording of an earlier version of a milestone, as the server was told it."""
    text = describe_when(version.date, version.certainty, lang, version.until)
    if version.duration is not None:
        text += f" ({version.duration.format(lang)})"
    return text


def contribution_update(
    view: MissionView,
    current: Contribution,
    previous: ContributionVersion,
    snapshot: Snapshot,
    lang: Language,
    reference: str,
    role_id: int | None = None,
) -> Announcement:
    """ "Update · Dutch contribution: now about 90 personnel (planned) — was: 70–130 personnel (estimate)"."""
    was = personnel_text(previous.personnel_min, previous.personnel_max, previous.kind, previous.approximate, lang)
    now = personnel(current, lang)
    what = _WORDS["now_was"][lang].format(now=now, was=was)
    lines = [f"**{_WORDS['update'][lang]}** · {label('contribution', lang)}: {what}"]
    if current.task:
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
        footer=_WORDS["source"][lang].format(source=cite),
        footer_tail=f" · ref {reference}",  # never cut: crash recovery finds the post by it
    ).build()
    return Announcement(f"<@&{role_id}>" if role_id else None, embed, role_id)


def announcement(
    view: MissionView,
    milestone: Milestone,
    snapshot: Snapshot,
    lang: Language,
    lead: int,
    reference: str,
    today: date,
    role_id: int | None = None,
    late: bool = False,
    previous: MilestoneVersion | None = None,
    test: bool = False,
) -> Announcement:
    """A reminder (or, with ``previous``, an update) about ``milestone``, worded for the server's ``today``."""
    kind = MILESTONE[milestone.kind][lang]
    if previous is not None:
        what = _WORDS["now_was"][lang].format(now=phrase(milestone, lang), was=phrase_of_version(previous, lang))
    else:
        what = phrase(milestone, lang)
    lines = [f"**{heading(milestone, lead, today, lang)}** · {kind}: {what}"]
    if milestone.note:
        lines.append(milestone.note.get(lang))
    if late:
        lines.append(_WORDS["late"][lang])
    if test:
        lines.append(_WORDS["test"][lang])
    return _compose(view, snapshot, lang, milestone.source, lines, reference, role_id)

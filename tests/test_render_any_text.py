"""Every renderer takes any fact text the loader accepts (up to bot/facts/bounds.py) and stays within Discord's
limits; an announcement never loses its reference. Property-based: hypothesis writes the hostile text."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from bot.announcement import ContributionVersion, MilestoneVersion
from bot.dates import Certainty, FuzzyDate
from bot.facts import bounds
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
    Scope,
    Source,
)
from bot.facts.snapshot import Snapshot
from bot.i18n import Language, Localized
from bot.limits import ATTACHMENT_DESCRIPTION
from bot.render import missions as render
from bot.render.announcements import compose, contribution_part, reminder_part
from bot.render.calendar import build_calendar
from bot.render.timeline_picture import render_timeline
from bot.sandbox.rules import check_message

# Any printable text, markdown and mentions included; no surrogates (TOML cannot hold them).
TEXT = st.characters(blacklist_categories=("Cs", "Cc"))


def text(limit: int) -> st.SearchStrategy[str]:
    """Any text up to ``limit``, and often exactly ``limit`` long: the longest is where limits break."""
    longest = st.text(TEXT, min_size=1, max_size=12).map(lambda s: (s * limit)[:limit])  # quick to make
    return st.one_of(st.text(TEXT, min_size=1, max_size=limit), longest).filter(lambda s: s.strip() != "")


def localized(limit: int) -> st.SearchStrategy[Localized]:
    return st.builds(Localized, text(limit), text(limit))


@st.composite
def fact_sets(draw: st.DrawFn) -> FactSet:
    sources = {}
    for i in range(draw(st.integers(1, 6))):
        sid = f"s{i}"
        sources[sid] = Source(
            sid,
            draw(text(bounds.PUBLISHER)),
            draw(text(bounds.TITLE)),
            FuzzyDate.parse(f"2021-{1 + i % 12:02d}-01"),
            "nl",
            "https://example.org/" + draw(st.text("abcdefghij/-_", max_size=bounds.URL - 40)),
        )
    ids = list(sources)
    pick = st.sampled_from(ids)
    mission = Mission(
        "m",
        ids[0],
        draw(localized(bounds.NAME)),
        "o",
        "IQ",
        draw(localized(bounds.PLACE)),
        draw(localized(bounds.SUMMARY)),
        tuple(draw(st.lists(text(bounds.ALIAS), max_size=3))),
    )
    contributions = tuple(
        Contribution(
            draw(pick),
            1,
            "m",
            "main" if i == 0 else f"part-{i}",
            "NL",
            low := draw(st.integers(1, 99999)),
            draw(st.integers(low, 100000)),
            draw(st.sampled_from(list(PersonnelKind))),
            draw(st.booleans()),
            tuple(Equipment(draw(text(bounds.EQUIPMENT_NAME)), draw(st.integers(1, 999))) for _ in range(3)),
            draw(localized(bounds.TASK)),
        )
        for i in range(draw(st.integers(1, 4)))
    )
    partners = tuple(
        Partner(draw(pick), 1, "m", role, country=country, note=draw(localized(bounds.NOTE)))
        for role, country in zip(list(PartnerRole), ["US", "DE", "EE", "NO", "DK", "PT", "BE"], strict=False)
    )
    milestones = tuple(
        Milestone(
            draw(pick),
            1,
            "m",
            f"{kind}-{i}",
            kind,
            FuzzyDate.parse(draw(st.sampled_from(["2021-11-20", "2021-11", "second-half 2021-11", "2022"]))),
            draw(st.sampled_from(list(Certainty))),
            note=draw(localized(bounds.NOTE)),
            scope=draw(st.sampled_from(list(Scope))),
        )
        for i, kind in enumerate(draw(st.lists(st.sampled_from(list(MilestoneKind)), min_size=1, max_size=8)))
    )
    organisation = Organisation("o", draw(localized(bounds.NAME)), draw(text(bounds.SHORT)))
    return FactSet(sources, {"o": organisation}, {"m": mission}, contributions, partners, milestones)


def within_limits(embed: dict[str, Any]) -> None:
    errors = check_message({"embeds": [embed]})
    assert not errors, errors


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
@given(facts=fact_sets(), lang=st.sampled_from(list(Language)))
def test_every_renderer_takes_any_text_the_loader_accepts(facts: FactSet, lang: Language) -> None:
    snapshot = Snapshot(facts, date(2022, 6, 1))
    view = snapshot.mission("m")
    assert view is not None
    within_limits(render.mission_card(view, snapshot, lang))
    within_limits(render.partners_card(view, snapshot, lang))
    for pages in (
        render.timeline_pages(view, snapshot, lang),
        render.missions_pages(snapshot, lang),
        render.upcoming_pages(Snapshot(facts, date(2021, 11, 1)), lang, 3650),
        render.about_pages(snapshot, lang, "0.1.0", 1, datetime(2022, 1, 1, tzinfo=UTC)),
    ):
        for page in pages:
            within_limits(page)

    within_limits(render.timeline_overview(snapshot.views(), snapshot, lang, 3))

    # The picture and the calendar take any text too: the alt text within Discord's limit, naming the mission.
    picture = render_timeline([view], snapshot.as_of, lang, single=True)
    assert picture.png.startswith(b"\x89PNG") and len(picture.alt) <= ATTACHMENT_DESCRIPTION
    assert " ".join(view.mission.name.get(lang).split())[:50] in " ".join(picture.alt.split())
    ics = build_calendar([view], snapshot, lang, datetime(2022, 1, 1, tzinfo=UTC), "deploybot")
    events = Calendar.from_ical(ics.data).walk("VEVENT")
    assert [str(e["UID"]) for e in events] == [f"m.{v.current.key}@deploybot" for v in view.milestones]

    # An announcement saying everything at once still fits and keeps its reference whole.
    parts = [reminder_part(view, v.current, lang, 30, date(2021, 10, 1)) for v in view.milestones]
    parts += [
        reminder_part(view, v.current, lang, -1, date(2021, 10, 1), MilestoneVersion.of(v.current))
        for v in view.milestones[:2]
    ]
    parts += [
        contribution_part(view, v.current, ContributionVersion(1, 2, PersonnelKind.ESTIMATE, True), lang)
        for v in view.contributions
    ]
    post = compose(view, snapshot, lang, parts, "db0123456789abcdef01", role_id=42, late=True, test=True)
    within_limits(post.embed)
    assert post.button is not None and post.button[1].endswith(":db0123456789abcdef01")
    assert len(post.button[1]) <= 100

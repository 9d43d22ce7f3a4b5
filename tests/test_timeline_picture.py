"""The timeline picture: a real PNG of the expected size, not blank, one row per mission and contribution,
imprecise dates as spans over their period, alt text naming every mission drawn, labels in the reader's language."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import pytest
from PIL import Image

from bot.dates import Certainty, FuzzyDate
from bot.facts.model import FactSet, Milestone, MilestoneKind
from bot.facts.snapshot import Snapshot
from bot.i18n import Language, Localized
from bot.render.timeline_picture import ALT_TEXT_MAX, CARD, STRIPE, WIDTH, current_views, render_timeline

OCT_20_2021 = date(2021, 10, 20)


def _image(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    return image.convert("RGB")


def test_one_mission_is_a_real_picture_with_a_row_per_contribution(facts: FactSet) -> None:
    snapshot = Snapshot(facts, OCT_20_2021)
    view = snapshot.mission("erbil")
    assert view is not None
    picture = render_timeline([view], OCT_20_2021, Language.EN, single=True)
    image = _image(picture.png)
    assert image.size == (WIDTH, picture.height) and picture.width == WIDTH
    assert 150 < picture.height < 400
    assert picture.rows == 1 and picture.missions == ("erbil",)  # Erbil's dates are all its main contribution's
    assert picture.filename == "timeline-erbil.png"
    colours = image.getcolors(maxcolors=1_000_000)
    assert colours is not None and len(colours) > 20  # bars, markers, text, today's red line: far from blank
    rows = {image.crop((0, y, WIDTH, y + 1)).tobytes() for y in range(0, image.height, 4)}
    assert len(rows) > 10  # not one row repeated top to bottom
    assert any(r > 180 and g < 80 for _, (r, g, _b) in colours)  # today's line is red


def test_every_current_mission_gets_its_rows_and_the_alt_text_names_each(facts: FactSet) -> None:
    snapshot = Snapshot(facts, OCT_20_2021)
    views = current_views(snapshot.views())
    assert [v.mission.slug for v in views] == ["erbil", "minusma"]  # ended missions are left out
    picture = render_timeline(views, OCT_20_2021, Language.EN)
    assert picture.missions == ("erbil", "minusma") and picture.rows == 2
    assert len(picture.lanes) == 2 and picture.lanes[0] < picture.lanes[1]
    for view in views:
        assert view.mission.name.en in picture.alt
    assert picture.alt.startswith("Timeline of 2 current missions, as known on 20 October 2021")
    one_row = render_timeline(views[:1], OCT_20_2021, Language.EN)
    assert picture.height > one_row.height  # one more mission, one more row


def test_labels_and_alt_text_are_in_the_readers_language(facts: FactSet) -> None:
    snapshot = Snapshot(facts, OCT_20_2021)
    views = current_views(snapshot.views())
    dutch = render_timeline(views, OCT_20_2021, Language.NL)
    english = render_timeline(views, OCT_20_2021, Language.EN)
    assert dutch.alt.startswith("Tijdlijn van 2 lopende missies, zoals bekend op 20 oktober 2021")
    assert "Beveiliging vliegveld Erbil (actief)" in dutch.alt
    assert dutch.png != english.png  # the same bars, other words
    one = render_timeline([snapshot.mission("erbil")], OCT_20_2021, Language.NL, single=True)  # type: ignore[list-item]
    assert "Uitzending: januari 2021, waarschijnlijk" in one.alt


def _mission_with(facts: FactSet, dates: list[tuple[str, str, Certainty]]) -> tuple[FactSet, str]:
    """The seed facts with one more mission whose only dates are ``dates`` (key, date, certainty)."""
    base = facts.missions["erbil"]
    mission = replace(base, slug="test-mission", name=Localized("Testmissie", "Test mission"), aliases=())
    source = facts.sources[base.source]  # known long before the day these tests look from
    milestones = tuple(
        Milestone(source.id, 1, "test-mission", key, MilestoneKind.DECISION, FuzzyDate.parse(when), certainty)
        for key, when, certainty in dates
    )
    return replace(
        facts, missions={**facts.missions, "test-mission": mission}, milestones=facts.milestones + milestones
    ), "test-mission"


def _marked_columns(image: Image.Image, y: int, x0: float, x1: float) -> int:
    """Columns between x0 and x1 where the marker lane is not the row's background."""
    background = {CARD, STRIPE}
    return sum(1 for x in range(int(x0) + 1, int(x1)) if image.getpixel((x, y)) not in background)


def test_an_imprecise_date_is_a_span_over_its_period_and_a_day_is_a_sharp_marker(facts: FactSet) -> None:
    with_dates, slug = _mission_with(
        facts,
        [
            ("day", "2021-03-10", Certainty.CONFIRMED),
            ("month", "2021-06", Certainty.CONFIRMED),
            ("half", "second-half 2021-08", Certainty.EXPECTED),
        ],
    )
    view = Snapshot(with_dates, OCT_20_2021).mission(slug)
    assert view is not None
    picture = render_timeline([view], OCT_20_2021, Language.EN, single=True)
    image = _image(picture.png)
    (lane,) = picture.lanes
    june = (picture.x(date(2021, 6, 1)), picture.x(date(2021, 7, 1)))
    assert june[1] - june[0] > 60  # wide enough to tell a span from a dot
    assert _marked_columns(image, lane, *june) >= (june[1] - june[0]) - 3  # the whole month, not one day in it
    march = (picture.x(date(2021, 3, 1)), picture.x(date(2021, 4, 1)))
    assert 8 <= _marked_columns(image, lane, *march) <= 18  # the day: one dot
    # Filled when confirmed, hollow (lighter) when expected.
    confirmed = image.getpixel((int(sum(june) / 2), lane))
    second_half = (picture.x(date(2021, 8, 16)), picture.x(date(2021, 9, 1)))
    expected = image.getpixel((int(sum(second_half) / 2), lane))
    assert sum(confirmed) < sum(expected) < sum(CARD)  # type: ignore[arg-type]
    assert _marked_columns(image, lane, picture.x(date(2021, 8, 1)), picture.x(date(2021, 8, 15))) == 0


def test_the_alt_text_always_names_every_mission_drawn_within_discords_limit(facts: FactSet) -> None:
    """Forty missions with names of 100 characters (the loader's bound): the picture draws as many as the alt
    text can name, names each of them, and says how many were left out."""
    base = facts.missions["erbil"]
    missions = dict(facts.missions)
    milestones = list(facts.milestones)
    start = next(m for m in facts.milestones if m.mission == "erbil" and m.kind is MilestoneKind.ARRIVAL)
    for i in range(40):
        slug = f"mission-{i:02d}"
        name = f"{i:02d} " + "x" * 97
        missions[slug] = replace(base, slug=slug, name=Localized(name, name), aliases=())
        milestones.append(replace(start, mission=slug))
    many = replace(facts, missions=missions, milestones=tuple(milestones))
    views = current_views(Snapshot(many, OCT_20_2021).views())
    assert len(views) == 42
    picture = render_timeline(views, OCT_20_2021, Language.EN)
    assert len(picture.alt) <= ALT_TEXT_MAX
    assert 3 <= len(picture.missions) < 42
    drawn = [v for v in views if v.mission.slug in picture.missions]
    for view in drawn:
        assert view.mission.name.en in picture.alt
    assert f"{42 - len(drawn)} more not drawn" in picture.alt


@pytest.mark.parametrize("lang", list(Language))
def test_no_current_mission_still_draws_a_card(facts: FactSet, lang: Language) -> None:
    picture = render_timeline([], date(2030, 1, 1), lang)
    assert picture.rows == 0 and picture.missions == () and len(picture.alt) <= ALT_TEXT_MAX
    _image(picture.png)

"""The live ``data/``: valid, free of structural problems, and every answer about it fits Discord's limits.

Other tests read the frozen seed facts (``tests/seed_data``); this one follows ``data/`` as it grows.
"""

import re
from datetime import date

import pytest

from bot import limits
from bot.facts.audit import Level, audit
from bot.facts.model import FactSet, Status
from bot.facts.parse import load_facts
from bot.facts.snapshot import Snapshot
from bot.i18n import Language
from bot.render import missions as render
from tests.paths import LIVE_DATA_DIR


@pytest.fixture(scope="module")
def live() -> FactSet:
    return load_facts(LIVE_DATA_DIR)


def test_the_audit_finds_no_structural_problem(live: FactSet) -> None:
    problems = [f for f in audit(live, date(2026, 11, 29)) if f.level is Level.PROBLEM]
    assert problems == []


@pytest.mark.parametrize("day", [date(2021, 10, 20), date(2024, 6, 1), date(2026, 11, 29)])
def test_every_answer_fits_discords_limits(live: FactSet, day: date) -> None:
    snapshot = Snapshot(live, day)
    for lang in Language:
        embeds = [
            *render.missions_pages(snapshot, lang),
            *render.upcoming_pages(snapshot, lang, 3650),
            *render.about_pages(snapshot, lang, "test", 1, None),
        ]
        for view in snapshot.views():
            embeds += [
                render.mission_card(view, snapshot, lang),
                render.partners_card(view, snapshot, lang),
                *render.timeline_pages(view, snapshot, lang),
            ]
        for embed in embeds:
            assert limits.embed_length(embed) <= limits.EMBEDS_TOTAL
            assert all(len(f["value"]) <= limits.EMBED_FIELD_VALUE for f in embed.get("fields", []))
            assert not re.search(r"\+\d+ …$", embed.get("footer", {}).get("text", ""))  # no field left out


def test_current_deployments_are_known_today(live: FactSet) -> None:
    snapshot = Snapshot(live, date(2026, 11, 29))
    active = [v for v in snapshot.views() if v.status is Status.ACTIVE]
    assert active, "no mission is active on 29 November 2026"
    for view in active:  # every figure on their cards resolves to a numbered source
        card = render.mission_card(view, snapshot, Language.EN)
        sources = "\n".join(f["value"] for f in card["fields"] if f["name"].startswith("Sources"))
        for number in range(1, len(view.sources) + 1):
            assert f"[{number}] " in sources

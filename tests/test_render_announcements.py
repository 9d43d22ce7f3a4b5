"""Announcements name whose date it is: the operation's own dates are never worded as the Dutch contribution's."""

from datetime import date

from bot.facts.model import FactSet
from bot.facts.snapshot import Snapshot
from bot.i18n import Language
from bot.render.announcements import announcement
from bot.sandbox.timestamps import shown


def test_the_un_operations_end_is_announced_as_the_operations(facts: FactSet) -> None:
    snapshot = Snapshot(facts, date(2023, 12, 24))
    view = snapshot.mission("minusma")
    assert view is not None
    (end,) = [v.current for v in view.milestones if v.current.key == "mission-end"]
    english = shown(
        announcement(view, end, snapshot, Language.EN, lead=7, reference="r1", today=snapshot.as_of).embed[
            "description"
        ]
    )
    assert english.startswith("**In 7 days** · Operation ends: on 31 December 2023")
    dutch = shown(
        announcement(view, end, snapshot, Language.NL, lead=7, reference="r1", today=snapshot.as_of).embed[
            "description"
        ],
        Language.NL,
    )
    assert dutch.startswith("**Over 7 dagen** · Einde van de operatie: op 31 december 2023")
    assert "End of mission" not in english and "Einde missie" not in dutch

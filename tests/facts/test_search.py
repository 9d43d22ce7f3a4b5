from datetime import date

import pytest

from bot.facts.model import FactSet
from bot.facts.search import MissionIndex, normalize
from bot.facts.snapshot import Snapshot


def test_normalize_folds_case_accents_and_punctuation() -> None:
    assert normalize("  Irák—MINUSMA! ") == "irak minusma"
    assert normalize("C-130") == "c 130"


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("erbil", "erbil"),
        ("ERBIL", "erbil"),
        ("Érbil", "erbil"),
        ("er", "erbil"),
        ("Irak", "erbil"),
        ("minusma", "minusma"),
        ("MINUSMA", "minusma"),
        ("minsuma", "minusma"),
        ("mali", "minusma"),
        ("hawler", "erbil"),
        ("peshmerga", "peshmerga-training"),
    ],
)
def test_lookups(facts: FactSet, query: str, first: str) -> None:
    matches = Snapshot(facts, date(2026, 11, 29)).find(query)
    assert matches and matches[0].slug == first


def test_irak_finds_both_missions_in_iraq(facts: FactSet) -> None:
    slugs = {m.slug for m in Snapshot(facts, date(2026, 11, 29)).find("irak")}
    assert slugs == {"erbil", "peshmerga-training"}


def test_nothing_matches_nonsense_or_empty_input() -> None:
    index = MissionIndex([("erbil", "Erbil")])
    assert index.search("zzzzqqq") == []
    assert index.search("") == []
    assert index.search("\u200b\x00 ") == []
    assert index.search("e" * 10_000) == []  # long input is cut, never slow


def test_missions_not_yet_known_are_not_found(facts: FactSet) -> None:
    assert Snapshot(facts, date(2020, 10, 1)).find("minusma") == []

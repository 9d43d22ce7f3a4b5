"""The ledger's key as stored: this format is part of every database in use and must never drift."""

from __future__ import annotations

import hashlib

import pytest

from bot.announcement import (
    AnnouncementKey,
    ContributionVersion,
    MilestoneVersion,
    decode_version,
)
from bot.dates import Certainty, Duration, FuzzyDate
from bot.facts.model import PersonnelKind

STORED = [
    ("2020-11-20 |  |  | confirmed", MilestoneVersion(FuzzyDate.parse("2020-11-20"), None, None, Certainty.CONFIRMED)),
    (
        "second-half 2021-11 | 2022-05-15 | about 6 months | expected",
        MilestoneVersion(
            FuzzyDate.parse("second-half 2021-11"),
            FuzzyDate.parse("2022-05-15"),
            Duration.parse("about 6 months"),
            Certainty.EXPECTED,
        ),
    ),
    ("autumn 2020 |  | 4 months | probable", MilestoneVersion(FuzzyDate.parse("autumn 2020"), None,
                                                               Duration.parse("4 months"), Certainty.PROBABLE)),
    ("late 2021-01 |  |  | estimated", MilestoneVersion(FuzzyDate.parse("late 2021-01"), None, None,
                                                        Certainty.ESTIMATED)),
    ("2021 |  |  | expected", MilestoneVersion(FuzzyDate.parse("2021"), None, None, Certainty.EXPECTED)),
]  # fmt: skip


@pytest.mark.parametrize(("text", "version"), STORED)
def test_milestone_versions_are_stored_exactly_so(text: str, version: MilestoneVersion) -> None:
    assert version.encode() == text
    assert MilestoneVersion.decode(text) == version
    assert decode_version("rotation-start", text) == version


def test_contribution_versions_are_stored_exactly_so() -> None:
    known = ContributionVersion(70, 130, PersonnelKind.ESTIMATE, False)
    assert known.encode() == "70 | 130 | estimate | 0"
    unknown = ContributionVersion(None, None, PersonnelKind.PLANNED, True)
    assert unknown.encode() == "None | None | planned | 1"  # the sentinel of the first stored rows, kept
    for version in (known, unknown):
        assert decode_version("contribution:main", version.encode()) == version


def test_the_key_row_and_nonce_are_those_of_every_existing_database() -> None:
    version = MilestoneVersion(FuzzyDate.parse("2021-11"), None, Duration.parse("about 6 months"), Certainty.EXPECTED)
    key = AnnouncementKey(893406884659331074, "minusma", "rotation-start", version, 30)
    row = (893406884659331074, "minusma", "rotation-start", "2021-11 |  | about 6 months | expected", 30)
    assert key.row() == row
    assert AnnouncementKey.from_row(*row) == key
    # The nonce is a hash of the stored row, as it always was: the same announcement, the same nonce.
    assert key.nonce == "db" + hashlib.blake2b(repr(row).encode(), digest_size=9).hexdigest()
    assert key.nonce == "dba8eb9b3e615c4eaeb6"
    assert len(key.nonce) <= 25

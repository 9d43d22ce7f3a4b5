"""The Dutch words the extractor's rules look for: what kind of event a sentence reports, how sure it is,
which role a partner plays, and the phrases that make a figure someone else's.

Tables only; the extractor (bot/ingest/extract.py) decides what to do with a match. Patterns marked "lowered"
are matched against the lower-cased sentence, the others ignore case themselves.
"""

from __future__ import annotations

import re

from bot.dates import Certainty

# The kind of milestone a sentence reports; the first cue that matches wins.
KIND_CUES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(pattern, re.IGNORECASE), kind)
    for pattern, kind in [
        (r"\bdebat", "debate"),
        (r"\b(overgedragen|overdracht|draagt .* over|droeg .* over)\b", "handover"),
        (r"\b(af te schalen|afschalen|afgeschaald|schaalt .* af)\b", "scale-down"),
        (r"\b(besloten|besloot|besluit|beslist|beslissen)\b", "decision"),
        (r"\b(verzoek|verzocht|gevraagd)\b", "request"),
        (r"\b(landden|landde|arriveerden|arriveerde|aangekomen|kwamen aan)\b", "arrival"),
        (r"\b(keerden|keerde|keert|keren)\b.*\bterug\b|\bstilgelegd\b|\bstil te leggen\b|\bopgeschort\b",
         "suspension"),
        (r"\b(teruggetrokken|trekt .* terug|terugtrekking)\b", "withdrawal"),
        (
            r"\b(uitgezonden|uitzenden|ingezet|inzetten|vertrekken|vertrekt|vertrokken|vertrok|"
            r"gaan .* naar|gaat .* naar|gaan|gaat|stuurt|sturen|vanaf)\b",
            "deployment-start",
        ),
    ]
]  # fmt: skip
# A "suspension" without any of these (training paused, the pandemic) is a withdrawal: the troops came home.
PAUSE = re.compile(r"train|corona|stilgelegd|opgeschort", re.IGNORECASE)
# Taking turns with other countries: a deployment in such a paragraph starts a rotation.
ROTATION = re.compile(r"om beurten|beurtelings|rotatie", re.IGNORECASE)

# Hedges, lowered; the first that matches gives the certainty and how sure the drafter is of it. Without one,
# a past-tense sentence is confirmed and anything else expected (bot/ingest/extract.py).
CERTAINTY_CUES: list[tuple[re.Pattern[str], Certainty, float]] = [
    (re.compile(r"waarschijnlijk"), Certainty.PROBABLE, 0.85),
    (re.compile(r"naar verwachting|verwacht"), Certainty.EXPECTED, 0.85),
    (re.compile(r"naar schatting|\b(?:ongeveer|zo'n|rond)\b"), Certainty.ESTIMATED, 0.8),
]

# A partner's role, from the words around its name (group "who"); a cue without "who" takes every country
# the sentence names.
ROLE_CUES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(pattern, re.IGNORECASE), role)
    for pattern, role in [
        (r"\bsamen met\s+(de\s+)?(?P<who>\w+)", "alongside"),
        (r"\b(assisteren|ondersteunen|bijstaan|steunen|trainen|trainden)\s+(bij\s+)?(de\s+)?(?P<who>\w+)",
         "supported"),
        (r"\b(de\s+)?(?P<who>\w+)\s+(troepen|strijdkrachten|veiligheidstroepen)\s+(assisteren|ondersteunen|bijstaan)",
         "supported"),
        (r"\bverzoek van\s+(de\s+)?(?P<who>[\w\s-]+)", "requester"),
        (r"\b(overgedragen|overdracht|over)\s+aan\s+(?P<who>\w+)", "successor"),
        (r"\b(de\s+)?(?P<who>\w+)\s+(vroeg|verzocht|verzoekt)\b", "requester"),
        (r"\bco[öo]rdineert\b", "coordinator"),
    ]
]  # fmt: skip
# Countries a mission is in rather than partners of it: never a rotation partner.
HOST_COUNTRIES = frozenset({"ML"})

# Personnel figures (all lowered). What every participant was asked or did is not the Dutch contribution.
OTHERS = re.compile(r"\b(alle deelnemers|andere landen|elk land|ieder land)\b")
FOREIGN_TROOPS = ("amerikaanse", "iraakse")  # "zo'n 2500 Amerikaanse militairen" is not ours
ASKED = "gevraagd"  # "… gevraagd om 150 militairen": the request, not the contribution
ESTIMATE = "naar schatting"
ON_SITE = re.compile(r"landden|arriveerden|waren|zijn")  # with a past tense: the figure is an actual one

# With no mission named anywhere, the place troops are sent to: "naar (de) Centraal-Afrikaanse Republiek".
DESTINATION = re.compile(r"\bnaar\s+(?:de\s+)?([A-Z][\w-]+(?:\s+[A-Z][\w-]+)?)")

"""From article text to a draft: per sentence the missions it is about, personnel figures, equipment, partners
and dated milestones, each with a confidence.

Rules, not a model: every draft entry says which words it came from, so a person can check it quickly. The
words the rules look for are in bot/ingest/cues.py and names.py; the draft itself in model.py.
"""

from __future__ import annotations

import re
from datetime import date

from bot.dates import Certainty, FuzzyDate
from bot.facts.model import FactSet
from bot.facts.search import normalize
from bot.ingest import cues, entities
from bot.ingest.dates import Tense, find_dates, find_durations, tense_of
from bot.ingest.model import Draft, DraftContribution, DraftMilestone, DraftMission, DraftPartner, Span
from bot.ingest.numbers import find_personnel
from bot.ingest.sentences import Sentence, sentences

_WORD = re.compile(r"[\wëéèöïü'’-]+")


def _kind(sentence: str, rotation_context: bool) -> str | None:
    for pattern, kind in cues.KIND_CUES:
        if pattern.search(sentence):
            if kind == "deployment-start" and rotation_context:
                return "rotation-start"
            if kind == "suspension" and not cues.PAUSE.search(sentence):
                return "withdrawal"
            return kind
    return None


def _certainty(sentence: str, tense: Tense) -> tuple[Certainty, float]:
    lowered = sentence.lower()
    for pattern, certainty, sure in cues.CERTAINTY_CUES:
        if pattern.search(lowered):
            return certainty, sure
    if tense is Tense.PAST:
        return Certainty.CONFIRMED, 0.8
    return Certainty.EXPECTED, 0.6


class Extractor:
    """Drafts an article sentence by sentence, linking what it says to the missions ``known`` already holds."""

    def __init__(self, known: FactSet | None = None) -> None:
        self._pending_kit: dict[str, list[tuple[str, int]]] = {}
        self._pending_span: dict[str, tuple[Span, int, float]] = {}
        self.terms: dict[str, str] = {}
        if known is not None:
            for m in known.missions.values():
                for name in (m.slug, m.name.nl, m.name.en, *m.aliases):
                    self.terms.setdefault(normalize(name), m.slug)

    def _missions_in(self, sentence: str) -> list[tuple[str, Span, bool]]:
        """(slug, span, already known) for every mission the sentence names, known ones first."""
        found: list[tuple[str, Span, bool]] = []
        words = list(_WORD.finditer(sentence))
        for size in (4, 3, 2, 1):
            for i in range(len(words) - size + 1):
                start, end = words[i].start(), words[i + size - 1].end()
                term = normalize(sentence[start:end])
                parts = term.split()
                candidates = [term, *parts] if size == 1 and len(parts) > 1 else [term]
                for candidate in candidates:
                    slug = self.terms.get(candidate)
                    if slug and not any(f[0] == slug for f in found):
                        found.append((slug, (start, end), True))
        for hit in [*entities.mission_names(sentence), *entities.places(sentence)]:
            slug = normalize(hit.value).replace(" ", "-")
            if not any(f[0] == slug for f in found) and normalize(hit.value) not in self.terms:
                found.append((slug, hit.span, False))
        return found

    def extract(self, text: str, published: date, source_id: str) -> Draft:
        draft = Draft(FuzzyDate.parse(published.isoformat()), source_id)
        parts = sentences(text)
        mentions = [self._missions_in(s.text) for s in parts]
        seen_missions: dict[str, DraftMission] = {}
        previous_mission: str | None = None
        if not any(mentions):
            fallback = self._fallback_mission(text)
            seen_missions[fallback.slug] = fallback
            previous_mission = fallback.slug
        last_decision: FuzzyDate | None = None
        # Once per paragraph, not per sentence: a long paragraph would otherwise be searched once per sentence.
        paragraphs: dict[int, list[str]] = {}
        for part in parts:
            paragraphs.setdefault(part.paragraph, []).append(part.text)
        rotations = {p: bool(cues.ROTATION.search(" ".join(texts))) for p, texts in paragraphs.items()}
        for index, sentence in enumerate(parts):
            mission, confidence = self._mission_for(index, parts, mentions, previous_mission)
            for slug, span, existing in mentions[index]:
                if slug not in seen_missions:
                    country = next((c.value for c in entities.countries(sentence.text) if c.value != "NL"), None)
                    name = sentence.text[span[0] : span[1]]
                    absolute = (sentence.start + span[0], sentence.start + span[1])
                    seen_missions[slug] = DraftMission(slug, name, country, existing, absolute, 0.9)
            if mission is None:
                continue
            previous_mission = mission
            rotation = rotations[sentence.paragraph]
            last_decision = self._milestones(draft, sentence, mission, confidence, published, rotation, last_decision)
            self._contributions(draft, sentence, mission, confidence)
            self._partners(draft, sentence, mission, confidence, rotation)
        self._flush_kit(draft)
        draft.missions = list(seen_missions.values())
        return draft

    @staticmethod
    def _fallback_mission(text: str) -> DraftMission:
        """An article naming no mission still gets its facts drafted, under the place it sends troops to."""
        destination = cues.DESTINATION.search(text)
        if destination:
            name = destination.group(1)
            country = next((c.value for c in entities.countries(name)), None)
            slug = normalize(name).replace(" ", "-")
            return DraftMission(slug, name, country, False, destination.span(1), 0.4)
        return DraftMission("new-mission", "a new mission", None, False, (0, 0), 0.2)

    @staticmethod
    def _mission_for(
        index: int, parts: list[Sentence], mentions: list[list[tuple[str, Span, bool]]], previous: str | None
    ) -> tuple[str | None, float]:
        """The sentence's own mission; else the last one earlier in its paragraph, else the next one in it."""
        if mentions[index]:
            return mentions[index][0][0], 0.9
        paragraph = parts[index].paragraph
        for back in range(index - 1, -1, -1):
            if parts[back].paragraph != paragraph:
                break
            if mentions[back]:
                return mentions[back][0][0], 0.75
        for ahead in range(index + 1, len(parts)):
            if parts[ahead].paragraph != paragraph:
                break
            if mentions[ahead]:
                return mentions[ahead][0][0], 0.6
        return previous, 0.4

    def _milestones(
        self,
        draft: Draft,
        sentence: Sentence,
        mission: str,
        confidence: float,
        published: date,
        rotation: bool,
        last_decision: FuzzyDate | None,
    ) -> FuzzyDate | None:
        tense = tense_of(sentence.text)
        kind = _kind(sentence.text, rotation)
        if kind is None:
            return last_decision
        certainty, sure = _certainty(sentence.text, tense)
        dates = find_dates(sentence.text, published, tense)
        durations = find_durations(sentence.text)
        starts = [d for d in dates if not d.until]
        ends = [d for d in dates if d.until]
        if not starts and kind == "decision" and tense is Tense.PAST:
            # "Daarnaast heeft het kabinet besloten …": the same cabinet meeting as the decision before it, or,
            # with none before, news of the day it was published. Said with little confidence either way.
            when = last_decision or FuzzyDate.parse(published.isoformat())
            span = (sentence.start, sentence.start + len(sentence.text))
            sure = 0.5 if last_decision else 0.4
            draft.milestones.append(
                DraftMilestone(mission, sentence.paragraph, kind, when, Certainty.CONFIRMED, span, sure)
            )
            return when
        for found in starts:
            span = (sentence.start + found.span[0], sentence.start + found.span[1])
            until = ends[0].when if ends else None
            duration = durations[0].duration if durations and until is None else None
            draft.milestones.append(
                DraftMilestone(
                    mission, sentence.paragraph, kind, found.when, certainty, span, round(min(confidence, sure), 2),
                    until, duration,
                )
            )  # fmt: skip
            if kind == "decision":
                last_decision = found.when
        return last_decision

    def _contributions(self, draft: Draft, sentence: Sentence, mission: str, confidence: float) -> None:
        lowered = sentence.text.lower()
        if cues.OTHERS.search(lowered):
            return  # what others were asked or did is not the Dutch contribution
        kit = self._pending_kit.pop(mission, []) + [(e.name, e.count) for e in entities.equipment(sentence.text)]
        figures = find_personnel(sentence.text)
        for figure in figures:
            before = sentence.text[max(0, figure.span[0] - 25) : figure.span[0]].lower()
            words = sentence.text[figure.span[0] : figure.span[1]].lower()
            if any(adjective in words for adjective in cues.FOREIGN_TROOPS):
                continue
            kind = figure.kind
            if cues.ESTIMATE in lowered and kind != "ceiling":
                kind = "estimate"
            elif tense_of(sentence.text) is Tense.PAST and cues.ON_SITE.search(lowered):
                kind = "actual"
            span = (sentence.start + figure.span[0], sentence.start + figure.span[1])
            duplicate = next(
                (c for c in draft.contributions if (c.mission, c.low, c.high) == (mission, figure.low, figure.high)),
                None,
            )
            if duplicate is not None or cues.ASKED in before:
                continue
            draft.contributions.append(
                DraftContribution(
                    mission,
                    sentence.paragraph,
                    figure.low,
                    figure.high,
                    kind,
                    figure.approximate,
                    span,
                    round(confidence * 0.95, 2),
                    kit,
                )
            )
            kit = []
        if kit:
            existing = next((c for c in draft.contributions if c.mission == mission), None)
            if existing is not None:
                existing.equipment += [k for k in kit if k not in existing.equipment]
            else:  # kept for the mission's next personnel figure ("een C-130 … Naar schatting zeventig …")
                self._pending_kit[mission] = kit
                self._pending_span[mission] = (sentence.span, sentence.paragraph, confidence)

    def _flush_kit(self, draft: Draft) -> None:
        """Equipment that no personnel figure followed becomes a contribution of its own."""
        for mission, kit in self._pending_kit.items():
            span, paragraph, confidence = self._pending_span[mission]
            draft.contributions.append(
                DraftContribution(
                    mission, paragraph, None, None, "planned", False, span, round(confidence * 0.8, 2), kit
                )
            )
        self._pending_kit.clear()

    @staticmethod
    def _partners(draft: Draft, sentence: Sentence, mission: str, confidence: float, rotation: bool) -> None:
        text = sentence.text
        countries = [c for c in entities.countries(text) if c.value != "NL"]
        organisations = entities.organisations(text)

        def add(role: str, span: Span, country: str | None = None, organisation: str | None = None) -> None:
            if any(
                (p.mission, p.role, p.country, p.organisation) == (mission, role, country, organisation)
                for p in draft.partners
            ):
                return
            absolute = (sentence.start + span[0], sentence.start + span[1])
            draft.partners.append(
                DraftPartner(
                    mission, sentence.paragraph, role, absolute, round(confidence * 0.9, 2), country, organisation
                )
            )

        if rotation and cues.ROTATION.search(text):
            for c in countries:
                if c.value not in cues.HOST_COUNTRIES:
                    add("rotation-partner", c.span, country=c.value)
            countries = []  # "samen met Noorwegen … om beurten" makes rotation partners, nothing else
        for pattern, role in cues.ROLE_CUES:
            for m in pattern.finditer(text):
                if "who" not in m.groupdict():
                    for c in countries:
                        add(role, c.span, country=c.value)
                    continue
                start = m.start("who")
                reach = 40 if role == "alongside" else 0  # "samen met Duitse en Belgische eenheden"
                for c in countries:
                    if start <= c.span[0] <= start + reach:
                        add(role, c.span, country=c.value)
                for o in organisations:
                    if start <= o.span[0] <= m.end("who") + 40:
                        add(role, o.span, organisation=o.value)

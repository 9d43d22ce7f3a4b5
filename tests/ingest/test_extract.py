"""The seed article drafts the facts data/ holds for it; the evaluation set keeps its scores."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

import pytest

from bot.facts.model import FactSet
from bot.facts.parse import load_facts
from bot.ingest.evaluate import evaluate
from bot.ingest.extract import Extractor
from bot.ingest.model import Draft
from bot.ingest.numbers import word_to_number
from bot.ingest.sentences import headings, sentences
from tests.paths import LIVE_DATA_DIR

SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "000_921012f89d864f70.txt"
HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="module")
def seed_text() -> str:
    if not SEED.is_file():
        pytest.skip(f"the seed article is not at {SEED} (it lives in shared/, beside the project)")
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def draft(seed_text: str, facts: FactSet) -> Draft:
    return Extractor(facts).extract(seed_text, date(2020, 11, 20), "nrc-2020-11-20")


def test_sentences_keep_their_place_in_the_text(seed_text: str) -> None:
    parts = sentences(seed_text)
    assert {p.paragraph for p in parts} == {1, 2, 3, 4, 5}  # the heading "Strijd tegen IS" is not a paragraph
    for part in parts:
        assert seed_text[part.span[0] : part.span[1]] == part.text


def test_the_seed_yields_what_data_holds_for_it(draft: Draft, facts: FactSet, seed_text: str) -> None:
    seed = "nrc-2020-11-20"
    drafted_personnel = {(c.mission, c.low, c.high, c.kind) for c in draft.contributions}
    for c in facts.contributions:
        if c.source == seed:
            assert (c.mission, c.personnel_min, c.personnel_max, c.personnel_kind.value) in drafted_personnel
    minusma = next(c for c in draft.contributions if c.mission == "minusma")
    assert minusma.equipment == [("C-130 Hercules", 1)]

    drafted_partners = {(p.mission, p.role, p.country or p.organisation) for p in draft.partners}
    for p in facts.partners:
        if p.source == seed:
            assert (p.mission, p.role.value, p.country or p.organisation) in drafted_partners

    drafted_dates = {(m.mission, m.kind, str(m.date), m.certainty.value) for m in draft.milestones}
    for m in facts.milestones:
        if m.source == seed:
            assert (m.mission, m.kind.value, str(m.date), m.certainty.value) in drafted_dates
    rotation = next(m for m in draft.milestones if m.kind == "rotation-start")
    assert str(rotation.duration) == "6 months"  # "een halfjaar"; data/ words it "about 6 months"

    # Every entry points at the words it came from.
    for entry in [*draft.contributions, *draft.partners, *draft.milestones]:
        assert 0 <= entry.span[0] < entry.span[1] <= len(seed_text)
        assert 0 < entry.confidence <= 1
    first = next(c for c in draft.contributions if c.mission == "erbil")
    assert seed_text[first.span[0] : first.span[1]] == "honderd tot honderdvijftig militairen"


def _cases(name: str) -> list[dict[str, object]]:
    with (HERE / name).open("rb") as handle:
        return list(tomllib.load(handle)["case"])


def test_the_evaluation_set_is_large_and_varied() -> None:
    cases = _cases("evaluation.toml")
    styles = [str(case.get("style", "article")) for case in cases]
    assert len(cases) >= 42 and styles.count("weekly") >= 14 and styles.count("letter") >= 7
    for case in cases:
        if case.get("style") == "weekly":
            missions = case.get("missions")
            assert isinstance(missions, dict) and 3 <= len(missions) <= 6, case["text"]


def test_the_tuning_set_keeps_its_scores() -> None:
    # Tuned on these texts (against the live data/, as `python -m bot.ingest.evaluate` runs): a regression guard.
    for style, scores in evaluate(_cases("evaluation.toml"), load_facts(LIVE_DATA_DIR)).items():
        for kind, score in scores.items():
            assert score.precision >= 0.95 and score.recall >= 0.95, (style, kind, score.misses)


def test_number_words_in_the_seed(seed_text: str) -> None:
    assert word_to_number("honderdvijftig") == 150 and "honderdvijftig" in seed_text


WEEKLY = """Weekoverzicht Defensie-operaties

Een overzicht van de operaties in de week van 3 tot en met 9 september.

Polen
De vier F-35's op de Poolse basis keren eind oktober terug. Zo'n 90 militairen gaan mee terug.
Noorwegen neemt de taak over.

Irak
Bij de NAVO-missie in Bagdad werken sinds kort acht Nederlandse adviseurs, onder Italiaans commando.

Roemenië
Bij Cincu sloot een Nederlandse compagnie van 120 man zich dinsdag aan bij de Franse eenheden.
De marine beschikt over zes fregatten.

Lopende operaties
eFP Litouwen, Aspides, EUFOR Althea en het stationsschip in het Caribisch gebied."""


@pytest.fixture(scope="module")
def weekly(live_facts: FactSet) -> Draft:
    return Extractor(live_facts).extract(WEEKLY, date(2025, 9, 10), "weekly")


@pytest.fixture(scope="module")
def live_facts() -> FactSet:
    return load_facts(LIVE_DATA_DIR)


def test_a_weekly_overview_is_split_by_section(weekly: Draft) -> None:
    personnel = {(c.mission, c.low) for c in weekly.contributions if c.low}
    assert personnel == {("air-policing-poland-2025", 90), ("nmi", 8), ("flf-romania", 120)}
    dates = {(m.mission, str(m.date)) for m in weekly.milestones}
    assert dates == {("air-policing-poland-2025", "late 2025-10"), ("nmi", "2025-09"), ("flf-romania", "2025-09-09")}
    partners = {(p.mission, p.country or p.organisation) for p in weekly.partners}
    # Cue-less partners (Noorwegen takes over, Italian command, French units), NAVO from "NAVO-missie"; the
    # places troops are (Polen, Roemenië) never; the reporting period and the closing list draft nothing.
    assert partners == {
        ("air-policing-poland-2025", "NO"),
        ("nmi", "nato"),
        ("nmi", "IT"),
        ("flf-romania", "FR"),
    }
    assert not any(c.equipment for c in weekly.contributions if c.mission == "flf-romania")  # the fleet's frigates
    assert {m.slug for m in weekly.missions} == {"air-policing-poland-2025", "nmi", "flf-romania"}


def test_a_mission_data_does_not_know_is_drafted_as_new(live_facts: FactSet) -> None:
    text = "Golf van Aden\nVoor de EU-operatie Atalanta vertrekt in mei een fregat met 150 bemanningsleden."
    draft = Extractor(live_facts).extract(text, date(2026, 3, 4), "atalanta")
    assert [(m.slug, m.existing) for m in draft.missions] == [("atalanta", False)]
    assert {p.organisation for p in draft.partners} == {"eu"}


@pytest.mark.parametrize(
    ("text", "personnel", "partners"),
    [
        # casualties are no contribution; peoples named as such are partners
        ("In Litouwen raakten 2 militairen lichtgewond. Er dienen 250 militairen, samen met Tsjechen en Noren.",
         {250}, {"CZ", "NO"}),
        # the reporting period of a weekly overview dates nothing
        ("Een overzicht van de operaties in Litouwen in de periode van 5 tot en met 11 juli.", set(), set()),
        # a people's adjective before a unit after "bij" is a partner, the country after "naar" never
        ("Een compagnie van 120 man gaat naar Roemenië en sluit zich bij Cincu aan bij de Franse eenheden.",
         {120}, {"FR"}),
    ],
)  # fmt: skip
def test_what_is_not_a_fact(live_facts: FactSet, text: str, personnel: set[int], partners: set[str]) -> None:
    draft = Extractor(live_facts).extract(text, date(2023, 7, 12), "t")
    assert {c.low for c in draft.contributions if c.low} == personnel
    assert {p.country or p.organisation for p in draft.partners} == partners
    if not personnel:
        assert not draft.milestones


def test_figures_without_their_noun_where_people_were_just_counted(live_facts: FactSet) -> None:
    text = (
        "In Bosnië werken twintig Nederlanders, van wie vijftien in Sarajevo. Vanaf mei blijven er zo'n tien over. "
        "Het gaat om tien dagen, tot eind 2026 bij het hoofdkwartier."
    )
    draft = Extractor(live_facts).extract(text, date(2025, 4, 16), "t")
    assert sorted(c.low for c in draft.contributions if c.low) == [10, 15, 20]  # not the year 2026


def test_a_country_heading_no_mission_is_in_heads_a_new_one(live_facts: FactSet) -> None:
    text = "Letland\nSinds 2 juni oefenen 60 Nederlandse militairen met de Canadese brigade in Letland."
    draft = Extractor(live_facts).extract(text, date(2026, 6, 10), "t")
    assert [(m.slug, m.existing, m.country) for m in draft.missions] == [("letland", False, "LV")]
    assert {p.country for p in draft.partners} == {"CA"}  # the host, where they are, is none


@pytest.mark.parametrize(
    ("text", "dates"),
    [
        # a date of the Dutch contribution said with a verb no cue knows is still a milestone …
        ("Het Nederlandse detachement in Litouwen wordt in april kleiner.", {"2024-04"}),
        ("Het Nederlandse detachement in Litouwen krimpt in april.", {"2024-04"}),
        # … but not what it did on a day, not history, and not going on as before
        ("Het Nederlandse detachement in Litouwen bezocht dinsdag een school.", set()),
        ("Het is de eerste Nederlandse inzet in Litouwen sinds 2004.", set()),
        ("Nederland levert ook in 2024 een bijdrage aan de battlegroup in Litouwen.", set()),
    ],
)
def test_which_dates_are_milestones(live_facts: FactSet, text: str, dates: set[str]) -> None:
    draft = Extractor(live_facts).extract(text, date(2024, 3, 15), "t")
    assert {str(m.date) for m in draft.milestones} == dates


def test_a_country_after_one_where_troops_are_is_a_place_too(live_facts: FactSet) -> None:
    text = "EUMAM\nIn Duitsland en Polen trainen 35 Nederlandse militairen Oekraïense eenheden, met Zweedse trainers."
    draft = Extractor(live_facts).extract(text, date(2026, 3, 25), "t")
    assert {p.country for p in draft.partners} == {"SE"}  # Poland is where, the Ukrainian units are trained


def test_headings_without_blank_lines_and_wrapped_paragraphs() -> None:
    text = (
        "Weekoverzicht\nLitouwen\nDe battlegroup oefende. Er zijn 270 militairen.\nRode Zee\nHet schip vaart.\n\n"
        "Een alinea die over twee regels\nloopt en hier eindigt.\n\n## Lopende operaties\n- eFP Litouwen\n- Aspides"
    )
    assert [h.text for h in headings(text)] == ["Weekoverzicht", "Litouwen", "Rode Zee", "## Lopende operaties"]
    parts = sentences(text)
    assert [p.text for p in parts][:4] == [
        "De battlegroup oefende.",
        "Er zijn 270 militairen.",
        "Het schip vaart.",
        "Een alinea die over twee regels\nloopt en hier eindigt.",
    ]
    assert all(text[p.span[0] : p.span[1]] == p.text for p in parts)


def test_where_something_happened_is_not_the_mission(live_facts: FactSet) -> None:
    text = (
        "Polen\nVier Nederlandse F-35's bewaken vanaf september het luchtruim.\n"
        "Twee van de F-35's ondersteunden maandag de Poolse luchtmacht boven de Oostzee. "
        "Volgens de minister is de oostgrens van de NAVO kwetsbaar."
    )
    draft = Extractor(live_facts).extract(text, date(2025, 8, 13), "t")
    facts = [*draft.contributions, *draft.milestones, *draft.partners]
    assert {f.mission for f in facts} == {"air-policing-poland-2025"}
    assert "nato" not in {p.organisation for p in draft.partners}


def test_a_decision_agreed_to_is_a_plan_ahead(live_facts: FactSet) -> None:
    text = "Het kabinet heeft vrijdag ingestemd met een verzoek om F-35's vanaf half februari in Bulgarije te plaatsen."
    draft = Extractor(live_facts).extract(text, date(2022, 1, 28), "t")
    assert {str(m.date) for m in draft.milestones} >= {"mid 2022-02"}


def test_each_start_goes_with_the_end_after_it(live_facts: FactSet) -> None:
    text = (
        "Van januari tot en met juni 2023 levert Nederland aan de battlegroup in Cincu een compagnie, daarna van juli "
    )
    text += "tot en met december een tweede. Het bevel gaat eind december over naar Spanje."
    draft = Extractor(live_facts).extract(text, date(2022, 12, 16), "t")
    spans = {(str(m.date), str(m.until) if m.until else None) for m in draft.milestones}
    assert {("2023-01", "2023-06"), ("2023-07", "2023-12")} <= spans
    assert "ES" in {p.country for p in draft.partners}  # "over naar Spanje": the successor, not a place


def test_a_sentence_about_two_missions_is_split_between_them(live_facts: FactSet) -> None:
    text = (
        "Naast het Patriot-systeem bij Rzeszów, waar zo'n 150 Nederlandse militairen werken, stuurt Defensie in "
        "september vier F-35's naar Polen. Die worden bemand door ongeveer 90 militairen."
    )
    draft = Extractor(live_facts).extract(text, date(2025, 5, 21), "t")
    assert {(c.mission, c.low) for c in draft.contributions if c.low} == {
        ("patriot-poland", 150),
        ("air-policing-poland-2025", 90),
    }
    kit = {(c.mission, name) for c in draft.contributions for name, _ in c.equipment}
    assert kit == {("patriot-poland", "Patriot"), ("air-policing-poland-2025", "F-35")}
    assert {(m.mission, str(m.date)) for m in draft.milestones} == {("air-policing-poland-2025", "2025-09")}


def test_a_host_that_contributes_is_a_partner(live_facts: FactSet) -> None:
    text = "Roemenië\nIn Fetești leveren 40 Nederlandse instructeurs les op de F-16. Ook Roemenië draagt bij."
    draft = Extractor(live_facts).extract(text, date(2023, 11, 29), "t")
    assert {p.country for p in draft.partners} == {"RO"}


def test_every_country_of_a_list_of_places_is_a_place(live_facts: FactSet) -> None:
    text = "Nederland levert twaalf waarnemers aan UNTSO, de VN-missie in Israël, Libanon, Syrië en Jordanië."
    draft = Extractor(live_facts).extract(text, date(2021, 1, 22), "t")
    assert {p.country or p.organisation for p in draft.partners} == {"un"}


def test_who_holds_the_command_is_no_place(live_facts: FactSet) -> None:
    text = "SNMG1\nHet fregat vaart mee met SNMG1. Het commando berust in die periode bij Noorwegen."
    draft = Extractor(live_facts).extract(text, date(2023, 10, 27), "t")
    assert "NO" in {p.country for p in draft.partners}


def test_an_alert_is_no_milestone_but_full_operation_is(live_facts: FactSet) -> None:
    text = (
        "Estland\nDe vier Nederlandse F-35's in Ämari werden woensdag twee keer gealarmeerd.\n\n"
        "Roemenië\nIn Cincu vormen Franse en Nederlandse eenheden de battlegroup, die volgend jaar maart "
        "volledig operationeel moet zijn."
    )
    draft = Extractor(live_facts).extract(text, date(2022, 6, 29), "t")
    assert {(m.mission, str(m.date)) for m in draft.milestones} == {("flf-romania", "2023-03")}


def test_the_day_something_was_made_known_is_a_milestone(live_facts: FactSet) -> None:
    text = "Zes Nederlandse instructeurs gaan vanaf januari naar Roemenië. Het kabinet maakte dat donderdag bekend."
    draft = Extractor(live_facts).extract(text, date(2025, 11, 7), "t")
    assert {(m.kind, str(m.date)) for m in draft.milestones} >= {("announcement", "2025-11-06")}


@pytest.mark.parametrize(
    ("text", "equipment"),
    [
        # another country's equipment: by its subject, its people, its units, or whose it is said to be after it
        ("Zr.Ms. Tromp vaart met een fregat voor Aspides. Ook Italië en Frankrijk hebben een fregat in het gebied.",
         {"frigate"}),
        ("In Litouwen werken 200 Nederlandse militairen samen met de Duitsers, die Boxers hebben meegenomen.", set()),
        ("In Erbil beveiligen 40 Nederlandse militairen het vliegveld, waar ook Amerikaanse Chinooks en Apaches staan.",
         set()),
        ("Nederland levert 30 militairen voor Aspides. De helikopter van het Deense schip is defect.", set()),
        # what a fleet owns or ordered, the past, and a place named after the aircraft
        ("De luchtmacht heeft 52 F-35's besteld; in Estland staan 100 Nederlandse militairen.", set()),
        ("In Estland staan 100 Nederlandse militairen. Eerder stonden er F-16's.", set()),
        ("Bij het F-16-trainingscentrum in Roemenië werken 40 Nederlanders.", set()),
        # … but a Dutch clause keeps its kit, a place is nobody's, and what the mission trains on is its own
        ("Onder Duits commando vaart het fregat Zr.Ms. Tromp met 150 militairen voor Baltic Sentry.", {"frigate"}),
        ("Voor de bewaking van het Poolse luchtruim staan in Polen vier F-35's met 90 militairen.", {"F-35"}),
        ("In Roemenië blijven 40 Nederlanders bij Fetești, waar Oekraïense vliegers leren vliegen op de F-16.",
         {"F-16"}),
    ],
)  # fmt: skip
def test_whose_equipment_it_is(live_facts: FactSet, text: str, equipment: set[str]) -> None:
    draft = Extractor(live_facts).extract(text, date(2025, 3, 14), "t")
    assert {name for c in draft.contributions for name, _ in c.equipment} == equipment


def test_a_section_keeps_its_mission_against_a_generic_alias_and_finds_it_by_kit_and_country(
    live_facts: FactSet,
) -> None:
    text = (
        "Overzicht\n\nMijnenbestrijding (SNMCMG1)\nDe mijnenjager Zr.Ms. Vlaardingen voegt zich op 2 mei bij het "
        "NAVO-vlootverband.\n\nInzet van F-35's\nNederland zet vanaf 1 juli vier F-35's in vanuit de Poolse "
        "vliegbasis Łask, met maximaal 100 militairen.\n\nPatriot\nBij Rzeszów werken circa 140 militairen."
    )
    draft = Extractor(live_facts).extract(text, date(2026, 4, 24), "t")
    assert {(m.mission, str(m.date)) for m in draft.milestones} >= {
        ("snmcmg1", "2026-05-02"),
        ("air-policing-poland-2025", "2026-07-01"),
    }
    assert {(c.mission, c.low) for c in draft.contributions if c.low} == {
        ("air-policing-poland-2025", 100),
        ("patriot-poland", 140),
    }


@pytest.mark.parametrize(
    ("text", "dates", "partners"),
    [
        # an adversary's deeds and paperwork are no milestones; a request looks ahead
        ("Sinds november vallen Houthi-rebellen schepen aan. Nederland stuurt in maart een fregat naar Aspides.",
         {"2025-03"}, set()),
        ("De evaluatie van de NAVO-missie in Irak volgt in 2026.", set(), {"nato"}),
        ("De Verenigde Staten hebben gevraagd de beveiliging in Erbil tot 1 oktober voort te zetten.",
         {"2025-10-01"}, {"US"}),
        # a fleet's owner is no partner; advising is supporting; a people is a partner
        ("De Duitse marine beschikt over drie mijnenjagers in de Oostzee, waar Nederland 180 militairen inzet.",
         set(), set()),
        ("In Bagdad adviseren 25 Nederlanders het Iraakse ministerie voor NMI.", set(), {"IQ"}),
        ("In Litouwen werken 200 Nederlandse militairen samen met de Britten.", set(), {"GB"}),
    ],
)  # fmt: skip
def test_more_that_is_and_is_not_a_fact(live_facts: FactSet, text: str, dates: set[str], partners: set[str]) -> None:
    draft = Extractor(live_facts).extract(text, date(2025, 2, 14), "t")
    assert {str(m.date) for m in draft.milestones} == dates
    assert {p.country or p.organisation for p in draft.partners} == partners

"""The names LABELING.md gives equipment, and the phrasings that make a name, a figure or a country no fact:
kit not brought, given away or of another country; trainees; another country's own affairs."""

from __future__ import annotations

from datetime import date

import pytest

from bot.facts.model import FactSet
from bot.facts.parse import load_facts
from bot.ingest import entities
from bot.ingest.extract import Extractor
from tests.paths import LIVE_DATA_DIR


@pytest.fixture(scope="module")
def live_facts() -> FactSet:
    return load_facts(LIVE_DATA_DIR)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("het bevoorradingsschip Zr.Ms. Karel Doorman", {"support ship"}),
        ("het Joint Logistic Support Ship (JSS)", {"support ship"}),
        ("het amfibisch transportschip Zr.Ms. Johan de Witt", {"amphibious transport ship"}),
        ("Zr. Ms. Rotterdam", {"amphibious transport ship"}),
        ("een tankvliegtuig, een A330 MRTT en de KDC-10", {"A330 MRTT", "KDC-10"}),
        ("twee AS532 Cougar-helikopters", {"AS532 Cougar"}),
        ("achttien Leopard 2A8-tanks en Bushmasters", {"Leopard 2", "Bushmaster"}),
        ("Zr.Ms. Evertsen, Zr.Ms. Willemstad, Zr.Ms. Groningen en Zr.Ms. Walrus",
         {"frigate", "minehunter", "patrol vessel", "submarine"}),
        ("vier F-35A-toestellen, een C-130H, F-16AM's en CV9035NL-voertuigen",
         {"F-35", "C-130 Hercules", "F-16", "CV90"}),
        # a place is no ship without "Zr.Ms.", an animal never
        ("in Groningen, Urk en Den Helder zag men een dolfijn", set()),
    ],
)  # fmt: skip
def test_the_names_of_the_guide(text: str, names: set[str]) -> None:
    assert {e.name for e in entities.equipment(text)} == names


def test_a_count_is_a_whole_word() -> None:
    assert [(e.name, e.count) for e in entities.equipment("achttien Leopard 2-tanks")] == [("Leopard 2", 18)]


def _draft(live_facts: FactSet, text: str, published: date = date(2025, 3, 14)) -> tuple[set[str], set[str]]:
    draft = Extractor(live_facts).extract(text, published, "t")
    kit = {name for c in draft.contributions for name, _ in c.equipment}
    return kit, {p.country or p.organisation or "" for p in draft.partners}


@pytest.mark.parametrize(
    ("text", "equipment"),
    [
        # a typed helicopter is no "helicopter" as well
        ("Zr.Ms. Karel Doorman vaart met 2 Cougars voor Aspides. De helikopters vliegen dagelijks.",
         {"support ship", "AS532 Cougar"}),
        ("Het fregat vaart met 150 militairen en een helikopter voor Aspides.", {"frigate", "helicopter"}),
        # not sent, replaced, sold or taken out of service
        ("Nederland stuurt geen fregat naar Aspides, wel vijf stafofficieren.", set()),
        ("De Cougars vervangen de NH90's bij Aspides, met 150 opvarenden.", {"AS532 Cougar"}),
        ("De Boxers worden bij eFP vervangen door CV90's.", {"Boxer", "CV90"}),
        ("Bij het EFTC werken 35 instructeurs. De 18 F-16's zijn in 2024 aan Roemenië verkocht.", set()),
        ("De marine beschikt over vier onderzeeboten; Zr.Ms. Walrus gaat in 2025 uit dienst.", set()),
        ("Nederland stuurt twee stafofficieren naar Aspides. Een fregat sturen lukt voorlopig niet.", set()),
        ("In Estland werken 70 Nederlanders. De luchtmacht zelf vliegt inmiddels alleen nog met F-35's.", set()),
        ("In Bulgarije staan twee F-35's. Eind vorig jaar waren al vier Nederlandse F-16's in de regio.", {"F-35"}),
    ],
)  # fmt: skip
def test_kit_the_contribution_brings(live_facts: FactSet, text: str, equipment: set[str]) -> None:
    assert _draft(live_facts, text)[0] == equipment


@pytest.mark.parametrize(
    ("text", "partners"),
    [
        # trainees are no partners, the force that leads is
        ("In het Verenigd Koninkrijk leiden 90 Nederlandse instructeurs Oekraïense rekruten op, onder Brits bevel.",
         {"GB"}),
        # another country's own affairs: neither it nor what it names
        ("Bij Rzeszów staan twee Nederlandse Patriots. Duitsland heeft zijn eigen Patriots daar teruggetrokken.",
         set()),
        ("In Sliač staan Nederlandse Patriots. Slowakije zelf heeft zijn S-300 aan Oekraïne overgedragen.", set()),
        # what an air force owns, even "zelf"
        ("In Estland staan vier F-35's met honderd man; de Poolse luchtmacht beschikt zelf over 48 F-16's.", set()),
        ("Een fregat met 150 man gaat naar de Oostzee. Nederland beschikt momenteel over vier inzetbare fregatten, "
         "waarvan er twee in onderhoud zijn.", set()),
        ("Het JSS vaart mee met EUNAVFOR Aspides.", {"eu"}),
    ],
)  # fmt: skip
def test_who_is_a_partner(live_facts: FactSet, text: str, partners: set[str]) -> None:
    assert _draft(live_facts, text)[1] == partners


def test_another_countrys_withdrawal_is_no_milestone(live_facts: FactSet) -> None:
    text = (
        "De Patriots bij Rzeszów blijven tot en met 30 juni. "
        "Duitsland heeft zijn eigen Patriots in december teruggetrokken."
    )
    draft = Extractor(live_facts).extract(text, date(2025, 1, 17), "t")
    assert {str(m.date) for m in draft.milestones} | {str(m.until) for m in draft.milestones if m.until} == {
        "2025-06-30"
    }


@pytest.mark.parametrize(
    ("text", "published", "dates", "equipment"),
    [
        # a take-over said as a perfect, an end said around its date
        ("Zr.Ms. Johan de Witt heeft vrijdag de stationsschiptaak overgenomen.", date(2024, 7, 31), {"2024-07-26"},
         {"amphibious transport ship"}),
        ("Het mandaat van de EU-operatie EUFOR Althea loopt in november 2026 af.", date(2025, 12, 10), {"2026-11"},
         set()),
        # long ago, even for the Dutch
        ("Nederland levert een C-130 aan de VN-missie in Mali. In 2018 leverde Nederland al eens vier Chinooks.",
         date(2019, 11, 8), set(), {"C-130 Hercules"}),
    ],
)  # fmt: skip
def test_round_three_milestones_and_history(
    live_facts: FactSet, text: str, published: date, dates: set[str], equipment: set[str]
) -> None:
    draft = Extractor(live_facts).extract(text, published, "t")
    assert {str(m.date) for m in draft.milestones} == dates
    assert {name for c in draft.contributions for name, _ in c.equipment} == equipment


@pytest.mark.parametrize(
    ("text", "published", "dates"),
    [
        # arriving with the day in between, beginning in the plural
        ("Het patrouilleschip Zr.Ms. Groningen kwam dinsdag aan in Willemstad als stationsschip.", date(2025, 1, 29),
         {"2025-01-28"}),
        ("De eerste lessen op het F-16-trainingscentrum beginnen naar verwachting in november.", date(2023, 6, 2),
         {"2023-11"}),
        # a mission's own history, and a decision of "vorige week" without its day
        ("De EU-operatie EUFOR Althea in Bosnië loopt sinds december 2004.", date(2025, 10, 31), set()),
        ("Het kabinet besloot vorige week de bijdrage aan NMI af te bouwen.", date(2026, 1, 22), set()),
    ],
)  # fmt: skip
def test_more_milestones_said_in_other_words(live_facts: FactSet, text: str, published: date, dates: set[str]) -> None:
    draft = Extractor(live_facts).extract(text, published, "t")
    assert {str(m.date) for m in draft.milestones} == dates


@pytest.mark.parametrize(
    ("text", "partners"),
    [
        ("Nederlandse instructeurs geven bij EUMAM les aan Oekraïense officieren.", set()),
        ("Met deze brief informeer ik u over de EU-trainingsmissie voor Oekraïne (EUMAM).", {"eu"}),
        ("Interflex: Nederlandse militairen leiden rekruten op in de door Britten geleide operatie.", {"GB"}),
        ("Het Amerikaanse bedrijf Lockheed Martin levert instructeurs aan het F-16-trainingscentrum.", set()),
        ("Voor EUMAM blijven Polen en Duitsland de belangrijkste gastlanden.", set()),
        ("De Nederlandse compagnie in Rukla oefende met Litouwse eenheden.", {"LT"}),
        ("Het beveiligingsdetachement in Bagdad vertrekt in overleg met de Iraakse regering.", {"IQ"}),
    ],
)  # fmt: skip
def test_who_is_trained_hosts_or_sells_and_who_works_alongside(
    live_facts: FactSet, text: str, partners: set[str]
) -> None:
    assert _draft(live_facts, text)[1] == partners


@pytest.mark.parametrize(
    ("text", "partners"),
    [
        ("In Litouwen dienen 250 Nederlandse militairen. Duitsland bouwt in Litouwen een eigen brigade op.", set()),
        ("In Litouwen dienen 250 Nederlandse militairen. Duitsland treedt op als raamwerknatie.", {"DE"}),
        ("In Estland staan vier Nederlandse F-35's. Noorse F-35's namen het eerste deel voor hun rekening.", {"NO"}),
        ("Nederland stelt twee F-35's beschikbaar voor de bewaking van het IJslandse luchtruim.", set()),
        ("Nederlandse instructeurs werken in de door Groot-Brittannië geleide operatie Interflex.", {"GB"}),
    ],
)  # fmt: skip
def test_a_country_on_its_own_or_its_territory_is_no_partner(
    live_facts: FactSet, text: str, partners: set[str]
) -> None:
    assert _draft(live_facts, text)[1] == partners


def test_a_region_heading_names_no_mission(live_facts: FactSet) -> None:
    text = (
        "Overzicht\n\nMidden-Oosten\nBoven Gaza wierp een C-130 dinsdag hulpgoederen af. Het detachement telt "
        "zesendertig militairen.\n\nEuropa\nBij de NAVO-battlegroup in Roemenië kwam maandag een compagnie aan: "
        "honderdtachtig militairen met Boxers."
    )
    draft = Extractor(live_facts).extract(text, date(2024, 3, 21), "t")
    assert {(c.mission, c.low) for c in draft.contributions if c.low} == {
        ("gaza-airdrops", 36),
        ("flf-romania", 180),
    }


def test_a_headline_naming_only_kit_is_no_mission_of_another_country(live_facts: FactSet) -> None:
    text = (
        "Luchtmacht: 4 F-16's tegen ISIS\n\nDe luchtmacht zet 4 F-16's in vanuit Jordanië. "
        "Het detachement telt 150 militairen."
    )
    draft = Extractor(live_facts).extract(text + "\n\nIn Erbil blijven 60 militairen.", date(2020, 9, 23), "t")
    assert not any(c.mission == "eftc-romania" for c in draft.contributions)
    new = {c.mission for c in draft.contributions if c.low == 150}  # a mission data/ lacks, not dropped
    assert len(new) == 1 and not {m.existing for m in draft.missions if m.slug in new} - {False}


def test_a_letters_generic_heading_goes_on_about_its_mission(live_facts: FactSet) -> None:
    text = (
        "Geachte voorzitter,\n\nHet kabinet verlengt de bijdrage aan de NAVO-battlegroup in Litouwen.\n\n"
        "1. Omvang en duur\nDe bijdrage bestaat uit 270 militairen met CV90's en wordt begin maart afgelost.\n\n"
        "2. Estland\nVier F-35's bewaken vanuit Ämari het luchtruim, met 100 militairen."
    )
    draft = Extractor(live_facts).extract(text, date(2024, 10, 9), "t")
    assert {(c.mission, c.low) for c in draft.contributions if c.low} == {
        ("efp-lithuania", 270),
        ("air-policing-estonia", 100),
    }
    assert ("efp-lithuania", "early 2025-03") in {(m.mission, str(m.date)) for m in draft.milestones}


@pytest.mark.parametrize(
    ("text", "equipment"),
    [
        ("Zr.Ms. Karel Doorman vaart met 200 militairen voor Aspides. De fregatten Zr.Ms. Tromp en Zr.Ms. Evertsen "
         "liggen intussen in Den Helder voor onderhoud.", {"support ship"}),
        ("Hierbij informeer ik uw Kamer over de bijdrage in de Oostzee en over de inzet van het amfibisch "
         "transportschip in SNMG1.", set()),
    ],
)  # fmt: skip
def test_kit_at_home_or_named_as_a_topic_is_not_brought(live_facts: FactSet, text: str, equipment: set[str]) -> None:
    assert _draft(live_facts, text)[0] == equipment


def test_a_ship_in_a_section_sails_for_the_sections_mission(live_facts: FactSet) -> None:
    text = (
        "Geachte Voorzitter,\n\na. Baltic Sentry\nNederland draagt sinds februari bij aan Baltic Sentry. "
        "De mijnenjager Zr.Ms. Schiedam, met 40 opvarenden, blijft tot en met oktober in het gebied."
    )
    draft = Extractor(live_facts).extract(text, date(2025, 6, 25), "t")
    assert {c.mission for c in draft.contributions} == {"baltic-sentry"}


def test_troops_sent_to_a_country_without_a_mission_make_a_new_one(live_facts: FactSet) -> None:
    text = (
        "Nederland stuurt extra troepen naar Litouwen en Slowakije\n\nDonderdag vertrekken 100 militairen naar "
        "Litouwen. Daarnaast wil het kabinet in april samen met Duitsland een Patriot-eenheid naar Slowakije sturen."
    )
    draft = Extractor(live_facts).extract(text, date(2022, 3, 2), "t")
    assert {(m.mission, str(m.date)) for m in draft.milestones} == {
        ("efp-lithuania", "2022-03-03"),
        ("slowakije", "2022-04"),
    }
    assert {(p.mission, p.country) for p in draft.partners} == {("slowakije", "DE")}


def test_a_bulleted_note_of_dates_and_partners(live_facts: FactSet) -> None:
    text = (
        "Weekoverzicht\n\nOperatie Baltic Sentry (Zee)\n- Eenheid: mijnenjager Zr.Ms. Vlaardingen.\n- Start: 3 maart.\n"
        "- Einddatum: 30 juni.\n\nPolen\n- 2 Patriot-systemen bij Rzeszów.\n- Mandaat tot en met 31 december.\n"
        "- Samen met de VS."
    )
    draft = Extractor(live_facts).extract(text, date(2025, 2, 19), "t")
    dates = {(m.mission, str(m.date)) for m in draft.milestones}
    assert dates == {("baltic-sentry", "2025-03-03"), ("baltic-sentry", "2025-06-30"), ("patriot-poland", "2025-12-31")}
    assert {(p.mission, p.country) for p in draft.partners} == {("patriot-poland", "US")}
    assert entities.countries("team A vs. team B") == []


def test_part_of_a_fleet_is_no_figure(live_facts: FactSet) -> None:
    text = (
        "Naar verwachting zijn er ruim 150 bemanningsleden aan boord van het fregat voor Baltic Sentry. "
        "Nederland beschikt momenteel over vier inzetbare fregatten, waarvan er twee in onderhoud zijn."
    )
    draft = Extractor(live_facts).extract(text, date(2023, 3, 17), "t")
    assert {c.low for c in draft.contributions if c.low} == {150}


def test_a_bulleted_closing_list_holds_no_facts(live_facts: FactSet) -> None:
    text = (
        "Weekbericht operaties\n\nEstland\nVier F-35's en 100 militairen bewaken het luchtruim tot eind november.\n\n"
        "Daarnaast lopen de volgende operaties:\n• UNTSO (Golan): 12 waarnemers\n"
        "• EUFOR Althea (Bosnië): 5 stafofficieren\n• eFP (Litouwen): ca. 270 militairen"
    )
    draft = Extractor(live_facts).extract(text, date(2025, 9, 10), "t")
    assert {(c.mission, c.low) for c in draft.contributions if c.low} == {("air-policing-estonia", 100)}


def test_field_notes_under_headings(live_facts: FactSet) -> None:
    text = (
        "Inzet deze week\n\nLuchtmacht\nWat: luchtruimbewaking met vier F-35's\nWaar: Ämari, Estland\n"
        "Wie: ongeveer 110 militairen\nTot wanneer: eind maart\n\nLandmacht\nWat: training (Interflex)\n"
        "Waar: Verenigd Koninkrijk\nWie: 80 instructeurs\nMet wie: Britse, Canadese en Australische instructeurs"
    )
    draft = Extractor(live_facts).extract(text, date(2025, 11, 19), "t")
    assert {(c.mission, c.low) for c in draft.contributions if c.low} == {
        ("air-policing-estonia", 110),
        ("interflex", 80),
    }
    assert {(m.mission, str(m.date)) for m in draft.milestones} == {("air-policing-estonia", "late 2026-03")}
    assert {p.country for p in draft.partners if p.mission == "interflex"} == {"GB", "CA", "AU"}


@pytest.mark.parametrize(
    ("text", "published", "mission", "partners"),
    [
        # a sea in a telex label gives way to the mission's name; a label is no subject
        ("DEFENSIE OPERATIES - STAND 24 JANUARI\n\nRODE ZEE - Zr.Ms. Tromp vaart sinds 10 december mee in "
         "Prosperity Guardian, onder Amerikaans bevel. 230 opvarenden.", date(2024, 1, 24), "prosperity-guardian",
         {"US"}),
        ("LITOUWEN - De eFP-compagnie (ca. 270 man, CV90) oefent deze week met Noorse eenheden.", date(2024, 1, 24),
         "efp-lithuania", {"NO"}),
        # a country and a place of one of its missions in one sentence are that mission
        ("Sinds juni zijn al veertig militairen in Roemenië, waar ze tot december bij de battlegroup in Cincu "
         "blijven.", date(2025, 10, 8), "flf-romania", set()),
        # in a section of its own a country named in passing is a place
        ("Geachte Voorzitter,\n\nEUMAM\nDe bijdrage aan de European Union Military Assistance Mission telt 55 "
         "instructeurs. Het hoofdkwartier in Polen wordt geleid door Polen.", date(2026, 2, 18), "eumam-ukraine",
         {"eu", "PL"}),
    ],
)  # fmt: skip
def test_labels_seas_and_places_of_a_mission(
    live_facts: FactSet, text: str, published: date, mission: str, partners: set[str]
) -> None:
    draft = Extractor(live_facts).extract(text, published, "t")
    assert {c.mission for c in draft.contributions if c.low} == {mission}
    assert {p.country or p.organisation for p in draft.partners} == partners


def test_a_tally_since_a_year_is_history_but_training_since_a_month_is_a_start(live_facts: FactSet) -> None:
    tally = "Interflex: 95 instructeurs. Sinds 2022 opgeleid: ruim 2.000 Oekraïense rekruten."
    start = "Sinds november 2022 worden door 55 Nederlandse militairen voor EUMAM soldaten opgeleid."
    assert not Extractor(live_facts).extract(tally, date(2025, 10, 10), "t").milestones
    draft = Extractor(live_facts).extract(start, date(2026, 2, 18), "t")
    assert {str(m.date) for m in draft.milestones} == {"2022-11"}


def test_numbered_lines_labelled_with_a_country(live_facts: FactSet) -> None:
    text = (
        "Stand van zaken buitenlandse missies\n\n"
        "1) Slowakije: de Patriot-eenheid (circa 150 militairen) werkt onder Duitse leiding.\n"
        "2) Roemenië: Nederland levert sinds 1 september een compagnie van 100 militairen aan de Franse battlegroup.\n"
        "3) Mali: de laatste Nederlandse militairen zijn in juni teruggekeerd."
    )
    draft = Extractor(live_facts).extract(text, date(2022, 10, 12), "t")
    assert {(c.mission, c.low) for c in draft.contributions if c.low} == {("slowakije", 150), ("flf-romania", 100)}
    assert {(m.mission, str(m.date)) for m in draft.milestones} == {
        ("flf-romania", "2022-09-01"),
        ("minusma", "2022-06"),
    }
    assert {(p.mission, p.country) for p in draft.partners} == {("slowakije", "DE"), ("flf-romania", "FR")}


def test_an_organisation_in_a_sections_heading(live_facts: FactSet) -> None:
    text = "Geachte Voorzitter,\n\nNAVO-missie Irak\nDe bijdrage bestaat uit circa vijftig adviseurs in Bagdad."
    draft = Extractor(live_facts).extract(text, date(2023, 12, 6), "t")
    assert {(p.mission, p.organisation) for p in draft.partners} == {("nmi", "nato")}


def test_a_table_of_operations(live_facts: FactSet) -> None:
    text = (
        "Weekoverzicht operaties, week 13\n\n| Missie | Eenheid | Personeel | Einde inzet |\n|---|---|---|---|\n"
        "| Baltic Sentry (Oostzee) | mijnenjager Zr.Ms. Zierikzee | 42 | 30 juni |\n"
        "| EUFOR Althea (Bosnië) | stafofficieren | 6 | 31 december |\n"
        "| Interflex (VK) | instructeurs | 75 | eind juni |"
    )
    draft = Extractor(live_facts).extract(text, date(2026, 3, 25), "t")
    assert {(c.mission, c.low) for c in draft.contributions if c.low} == {
        ("baltic-sentry", 42),
        ("eufor-althea", 6),
        ("interflex", 75),
    }
    assert {(m.mission, str(m.date)) for m in draft.milestones} == {
        ("baltic-sentry", "2026-06-30"),
        ("eufor-althea", "2026-12-31"),
        ("interflex", "late 2026-06"),
    }


def test_an_interview_answers_how_many(live_facts: FactSet) -> None:
    text = (
        "Vijf vragen aan de commandant in Litouwen\n\nHoeveel Nederlanders zijn er nu in Rukla?\n"
        "'Op dit moment tweehonderdzestig. In juli komen er nog twintig bij, vooral technici.'"
    )
    draft = Extractor(live_facts).extract(text, date(2024, 6, 5), "t")
    assert {(c.mission, c.low) for c in draft.contributions if c.low} == {("efp-lithuania", 260), ("efp-lithuania", 20)}


def test_both_ships_are_the_two_missions_just_named(live_facts: FactSet) -> None:
    text = (
        "Zr.Ms. De Ruyter vaart voor de EU-operatie Aspides. Zr.Ms. Van Amstel begeleidt het NAVO-vlootverband "
        "SNMG1. Beide schepen keren in juni terug."
    )
    draft = Extractor(live_facts).extract(text, date(2025, 4, 9), "t")
    assert {(m.mission, str(m.date)) for m in draft.milestones} == {("aspides", "2025-06"), ("snmg1", "2025-06")}


@pytest.mark.parametrize(
    ("text", "published", "dates"),
    [
        # a debate, in a footnote or as the occasion of a letter, is no milestone
        ("Sinds 7 maart vliegt een Nederlandse C-130 voor de luchtdroppings boven Gaza.\n\n"
         "¹ Toezegging gedaan tijdens het debat van 14 maart 2024.", date(2024, 4, 17), {"2024-03-07"}),
        # an end after an extension lies ahead; winding up is an end
        ("De luchtdroppings boven Gaza zijn op 12 april verlengd tot en met 31 mei.", date(2024, 4, 17),
         {"2024-04-12", "2024-05-31"}),
        ("Het kabinet verwacht de Patriot-inzet in Rzeszów medio december af te ronden.", date(2022, 9, 28),
         {"mid 2022-12"}),
    ],
)  # fmt: skip
def test_debates_extensions_and_winding_up(live_facts: FactSet, text: str, published: date, dates: set[str]) -> None:
    draft = Extractor(live_facts).extract(text, published, "t")
    found = {str(m.date) for m in draft.milestones} | {str(m.until) for m in draft.milestones if m.until}
    assert found == dates


def test_a_sentence_whose_words_fit_another_mission_leaves_the_section(live_facts: FactSet) -> None:
    text = (
        "PERSBERICHT | Den Haag\n\nNederland verlengt bijdrage aan luchtverdediging Polen\n\n"
        "De Patriots bij Rzeszów blijven tot en met 31 december, met 140 militairen.\n\n"
        "Ook stuurt Nederland vanaf september opnieuw vier F-35's naar Polen."
    )
    draft = Extractor(live_facts).extract(text, date(2025, 6, 3), "t")
    assert {(m.mission, str(m.date)) for m in draft.milestones} == {
        ("patriot-poland", "2025-12-31"),
        ("air-policing-poland-2025", "2025-09"),
    }


def test_a_base_after_the_mission_is_where_it_flies_from(live_facts: FactSet) -> None:
    text = (
        "Geachte voorzitter,\n\n1. Besluit\nHet kabinet heeft op 5 juli besloten tot inzet van een Nederlandse "
        "C-130 voor luchtdroppings boven Gaza.\n\n2. Omvang\n- 30 militairen.\n- Basis: Amman, Jordanië.\n\n"
        "3. Duur\nVan 15 juli t/m 30 september.\n\n4. Partners\nJordanië leidt de coördinatie."
    )
    draft = Extractor(live_facts).extract(text, date(2024, 7, 10), "t")
    assert {m.slug for m in draft.missions if not m.existing} == set()
    assert {(p.mission, p.country) for p in draft.partners} == {("gaza-airdrops", "JO")}


def test_decisions_a_letter_opens_with_date_each_mission(live_facts: FactSet) -> None:
    text = (
        "Geachte voorzitter,\n\nMet deze brief informeer ik uw Kamer over twee besluiten die het kabinet op "
        "8 december heeft genomen.\n\nTen eerste vaart de mijnenjager Zr.Ms. Makkum van februari tot en met juli "
        "mee in SNMCMG1.\n\nTen tweede levert Nederland in de tweede helft van 2024 een fregat aan SNMG1."
    )
    draft = Extractor(live_facts).extract(text, date(2023, 12, 15), "t")
    decisions = {(m.mission, str(m.date)) for m in draft.milestones if m.kind == "decision"}
    assert decisions == {("snmcmg1", "2023-12-08"), ("snmg1", "2023-12-08")}


def test_an_english_heading_names_its_organisation(live_facts: FactSet) -> None:
    text = "Defensie wereldwijd\n\nNATO Mission Iraq\nHet contingent in Bagdad groeit naar 55 adviseurs."
    draft = Extractor(live_facts).extract(text, date(2023, 9, 27), "t")
    assert {(p.mission, p.organisation) for p in draft.partners} == {("nmi", "nato")}


@pytest.mark.parametrize(
    ("text", "published", "personnel", "dates"),
    [
        ("Voor SNMCMG1 zijn ruim vijftig opvarenden aan boord, onder wie een internationale staf van twaalf "
         "officieren.",
         date(2026, 4, 29), {50}, set()),
        ("Roemenië\n• 100 militairen in Cincu.\n• Terug: half december.", date(2024, 10, 16), {100}, {"mid 2024-12"}),
        ("Geachte Voorzitter,\n\nMet deze brief informeer ik uw Kamer over het voornemen om vanaf september twee "
         "Reaper-drones met ongeveer zeventig militairen in te zetten tegen ISIS.\n\nVoorts blijft de beveiliging "
         "van het vliegveld van Erbil ongewijzigd.", date(2023, 6, 14), {70}, {"2023-09"}),
    ],
)  # fmt: skip
def test_an_international_staff_a_return_and_an_unnamed_mission(
    live_facts: FactSet, text: str, published: date, personnel: set[int], dates: set[str]
) -> None:
    draft = Extractor(live_facts).extract(text, published, "t")
    assert {c.low for c in draft.contributions if c.low} == personnel
    assert {str(m.date) for m in draft.milestones} == dates

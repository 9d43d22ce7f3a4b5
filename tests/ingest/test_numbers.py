import pytest

from bot.ingest.numbers import find_answer, find_elliptic, find_personnel, mask_designators, word_to_number


@pytest.mark.parametrize(
    ("word", "value"),
    [
        ("honderd", 100), ("honderdvijftig", 150), ("zeventig", 70), ("honderddertig", 130), ("vijfentwintig", 25),
        ("drieëntwintig", 23), ("tweehonderdvijftig", 250), ("tweeduizend", 2000), ("duizend", 1000),
        ("1.500", 1500), ("88", 88), ("twaalf", 12), ("negentien", 19),
    ],
)  # fmt: skip
def test_dutch_number_words(word: str, value: int) -> None:
    assert word_to_number(word) == value


@pytest.mark.parametrize("word", ["tientallen", "enkele", "honderden", "en", "circ", "honderdhonderd", ""])
def test_words_that_are_not_numbers(word: str) -> None:
    assert word_to_number(word) is None


def _figures(text: str) -> list[tuple[int, int, str, bool]]:
    return [(f.low, f.high, f.kind, f.approximate) for f in find_personnel(text)]


def test_ranges_and_hedges() -> None:
    assert _figures("Het kabinet stuurt honderd tot honderdvijftig militairen naar Erbil.") == [
        (100, 150, "planned", False)
    ]
    assert _figures("Naar schatting zeventig tot honderddertig militairen.") == [(70, 130, "planned", False)]
    assert _figures("Ruim 100 militairen gaan mee.") == [(100, 100, "planned", True)]
    assert _figures("Het detachement telt zo'n 90 man.") == [(90, 90, "planned", True)]
    assert _figures("Er gaan maximaal 350 militairen.") == [(350, 350, "ceiling", False)]
    assert _figures("Circa 40 militairen en 60 - 80 mariniers.") == [
        (40, 40, "planned", True),
        (60, 80, "planned", False),
    ]


def test_vague_amounts_and_other_nouns_are_not_personnel() -> None:
    assert _figures("Enkele tientallen militairen bereiden zich voor.") == []
    assert _figures("De groep pleegt tientallen aanslagen per maand.") == []
    assert _figures("Er vielen 12 doden.") == []


def test_designators_are_not_numbers() -> None:
    text = "Een C-130 en twee F-35's; 13 Lichte Brigade; Zr.Ms. Tromp vaart uit met 180 bemanningsleden."
    masked = mask_designators(text)
    assert "130" not in masked and "35" not in masked and "13 " not in masked and "Tromp" not in masked
    assert len(masked) == len(text)  # spans stay true
    assert _figures(text) == [(180, 180, "planned", False)]
    assert _figures("13 Lichte Brigade levert 120 militairen.") == [(120, 120, "planned", False)]


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("Het gaat om zo'n 40 mensen.", (40, 40)),
        ("Het detachement telt dertig man.", (30, 30)),
        ("maximaal 45 manschappen", (45, 45)),
        ("vier Nederlandse stafofficieren", (4, 4)),
        ("elf Nederlandse militaire waarnemers", (11, 11)),
        ("de twaalf VN-waarnemers", (12, 12)),
        ("Het fregat telt 140 opvarenden.", (140, 140)),
        ("tussen de 150 en 200 militairen", (150, 200)),
        ("tussen 80 en 100 militairen", (80, 100)),
        ("Een mijnenjager en 45 bemanningsleden", (45, 45)),
        ("De eenheid werd uitgebreid tot 350 militairen.", (350, 350)),
        ("De bemanning telt 150 koppen.", (150, 150)),
        ("Het schip vaart met een bemanning van 45.", (45, 45)),
        ("In Bagdad werkt een staf van twintig, die de missie adviseert.", (20, 20)),
        ("Voor EUMAM vertrekt een team van twaalf genie-instructeurs.", (12, 12)),
    ],
)
def test_personnel_nouns_and_ranges(text: str, figure: tuple[int, int]) -> None:
    assert [(f.low, f.high) for f in find_personnel(text)] == [figure]


def test_the_words_between_number_and_noun_say_whose() -> None:
    assert find_personnel("12 Luxemburgse militairen")[0].adjectives == "luxemburgse"
    assert find_personnel("ruim 200 Nederlandse militairen")[0].adjectives == "nederlandse"


def test_a_figure_that_changes_gives_both() -> None:
    text = "Het contingent wordt teruggebracht van circa 300 naar circa 200 militairen."
    assert [(f.low, f.high) for f in find_personnel(text)] == [(300, 300), (200, 200)]


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        ("eind juni keren 100 van de 270 militairen terug", [(100, 100), (270, 270)]),
        ("versterkt met vier juristen", [(4, 4)]),
    ],
)
def test_parts_of_figures_and_more_nouns(text: str, figures: list[tuple[int, int]]) -> None:
    assert [(f.low, f.high) for f in find_personnel(text)] == figures


def test_figures_without_their_noun() -> None:
    from bot.ingest.numbers import find_elliptic

    assert [f.low for f in find_elliptic("uitbreiden met circa 100 militairen, tot ongeveer 350.")] == [350]
    assert [f.low for f in find_elliptic("twintig Nederlanders, van wie vijftien in Sarajevo")] == [15]
    assert [f.low for f in find_elliptic("tot eind 2026 bij het centrum")] == []


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        # the people named first, both figures after
        ("Het aantal Nederlandse waarnemers is teruggebracht van twaalf naar acht.", [(12, 12), (8, 8)]),
        # a unit's size without a noun, and a letter's list
        ("Het gaat om een detachement van circa 120, dat in mei vertrekt.", [(120, 120)]),
        ("Personeel: maximaal 90", [(90, 90)]),
        ("een team van twee weken", []),
        ("een compagnie van 13 Lichte Brigade.", []),
        # compounds of the people's nouns, and more of them
        ("circa 110 luchtmachtmilitairen en 40 F-35-technici", [(110, 110), (40, 40)]),
        ("twee stafofficieren en 40 beveiligers", [(2, 2), (40, 40)]),
    ],
)
def test_figures_said_in_other_words(text: str, figures: list[tuple[int, int]]) -> None:
    assert sorted((f.low, f.high) for f in find_personnel(text)) == sorted(figures)


def test_a_part_said_with_er() -> None:
    text = "Het detachement telt 140 militairen, van wie er twintig in april naar huis gaan."
    assert [f.low for f in find_elliptic(text)] == [20]


def test_hundreds_past_nine() -> None:
    assert word_to_number("vijftienhonderd") == 1500
    assert word_to_number("twaalfhonderdvijftig") == 1250


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        ("Aan boord: 2 Cougars en een bemanning van 150.", [(150, 150, "planned", False)]),
        ("Bemanning: 190. Eén NH90 aan boord.", [(190, 190, "planned", False)]),
        ("Personeel: max. 20 (adviseurs in Bagdad).", [(20, 20, "ceiling", False)]),
        ("Zij dragen de taak over aan ruim tweehonderdvijftig collega's.", [(250, 250, "planned", True)]),
    ],
)
def test_crews_units_and_colleagues(text: str, figures: list[tuple[int, int, str, bool]]) -> None:
    assert _figures(text) == figures


def test_crews_in_jargon_and_years_before_a_noun() -> None:
    assert _figures("Aan boord zitten zo'n tweehonderdveertig crewleden.") == [(240, 240, "planned", True)]
    assert _figures("Aan boord: een crew van honderdvijftig, en een Cougar.") == [(150, 150, "planned", False)]
    assert _figures("Nederland levert sinds 1956 militaire waarnemers aan UNTSO.") == []


def test_figures_said_after_their_people() -> None:
    assert _figures("De Nederlandse VN-waarnemers van UNTSO, twaalf in getal, zijn teruggetrokken.") == [
        (12, 12, "planned", False)
    ]
    assert [(f.low, f.approximate) for f in find_elliptic("Er zijn er op dit moment ongeveer 45.")] == [(45, True)]
    assert [f.low for f in find_elliptic("Van juni tot en met november zijn dat er tijdelijk 350.")] == [350]
    assert find_elliptic("Er zijn er nog niet genoeg.") == []


def test_a_figure_rises_to_and_a_staff_of() -> None:
    text = "Honderd militairen vertrekken, waarmee de bijdrage stijgt naar circa 370."
    assert [(f.low, f.approximate) for f in find_elliptic(text)] == [(370, True)]
    assert _figures("Aan boord zijn 350 militairen, onder wie een staf van twintig.") == [
        (20, 20, "planned", False),
        (350, 350, "planned", False),
    ]


def test_part_of_the_people_just_counted() -> None:
    text = "In Bagdad werken vijftien adviseurs, van wie er vijf in juni worden afgelost."
    assert [f.low for f in find_elliptic(text)] == [5]


def test_the_answer_to_how_many() -> None:
    assert [(f.low, f.approximate) for f in find_answer("'Op dit moment tweehonderdzestig.'")] == [(260, False)]
    assert [f.low for f in find_answer("Zo'n 150, vooral technici.")] == [150]
    assert find_answer("In 2024 gingen er meer.") == []


def test_an_amount_as_it_is_and_as_it_becomes() -> None:
    text = "Het aantal Nederlandse waarnemers, dat nu nog twaalf bedraagt, stijgt tot vijftien."
    assert sorted(f.low for f in find_personnel(text)) == [12, 15]

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
        (r"\b(overgedragen|overdracht|draagt .* over|dragen .* over|droeg .* over|droegen .* over|neemt .* over|"
         r"nemen .* over|nam .* over|namen .* over|overnemen|overgenomen|overname|afgelost|lost .* af|lossen .* af|"
         r"aflossen|aflossing|het stokje|vervangen|vervangt|vervanging|loste .* af|losten .* af|wissel|wisseling|"
         r"rotatie)\b", "handover"),
        (r"\b(af te schalen|afschalen|afgeschaald|schaalt .* af|afgebouwd|afbouwen|teruggebracht|terugbrengen|"
         r"verkleind|kleiner)\b", "scale-down"),
        (r"\b(verlengd|verlengen|verlengde|verlenging|voort te zetten|voortzetten|voortgezet)\b", "extension"),
        (r"\b(besloten|besloot|besluit|besluiten|beslist|beslissen|stemde .* in|stemden .* in|ingestemd)\b",
         "decision"),
        (r"\b(verzoek|verzocht|gevraagd|vroeg|vroegen)\b", "request"),
        (r"\b(maakte|maakten|maakt)\b.*\bbekend\b|\bkondigde\b.*\baan\b|\baangekondigd\b", "announcement"),
        (r"\b(landden|landde|arriveerden|arriveerde|aangekomen|kwamen aan|kwam aan|"
         r"(kwam|kwamen|komt|komen)\b[^,.]*\baan(?!\s+(de|het|een|boord)\b)|sloot .*\bzich\b.* aan|"
         r"sloten .*\bzich\b.* aan|sluit .*\bzich\b.* aan|sluiten .*\bzich\b.* aan|voegde .*\bzich\b|"
         r"voegden .*\bzich\b|voegt .*\bzich\b|aangesloten|aansluit|aansluiten|sluit .* aan|sluiten .* aan)\b",
         "arrival"),
        (r"\b(keerden|keerde|keert|keren)\b.*\bterug\b|\bteruggekeerd\b|\bterugkeer\b|\bstilgelegd\b|"
         r"\bstil te leggen\b|\bopgeschort\b",
         "suspension"),
        (r"\b(teruggetrokken|trekt .* terug|terugtrekking|verliet|verlieten|verlaten|haalt .* weg|halen .* weg|"
         r"terug\s+(?:in|naar|op)|retour|"
         r"weggehaald|thuis verwacht|terug verwacht)\b|\bterug\s*:|^\W*terug\b", "withdrawal"),
        (r"\b(eindigt|eindigde|eindigen|eindigden|beëindigd|loopt .*\baf|liep .*\baf|lopen .*\baf|stopt|stoppen|"
         r"gestopt|stopte)\b|"
         r"\b(blijft|blijven|bleef|bleven)\b[^.]*\btot\b|\beinde\s+van\s+het\s+(\w+\s+)?mandaat\b|"
         r"\beinddatum\b|\beinde\b[^.:]*:|\btot\s+wanneer\b|\baf\s+te\s+ronden\b|\bafronden\b",
         "end"),
        (r"\bwordt\b.*\bverwacht\b|\bworden\b.*\bverwacht\b", "arrival"),
        (
            r"\b(uitgezonden|uitzenden|ingezet|inzetten|vertrekken|vertrekt|vertrokken|vertrok|"
            r"gaan .* naar|gaat .* naar|gaan|gaat|stuurt|sturen|vanaf|sinds|begon|begonnen|begint|beginnen|start|"
            r"startte|gestart|startdatum|begindatum|aanvang|"
            r"volgt|volgen|komt|komen|oefenden|oefende|uitgebreid|versterking|versterkt|voer|voeren|uitgevaren|"
            r"open|geopend|overgevlogen|overvliegen|gestationeerd|levert|leveren|zet .* in|zetten .* in|oefent|"
            r"oefenen|vlogen .* naar|vloog .* naar|reisden|reisde|reist .* naar|reizen .* naar|operationeel|"
            r"vertrek|aankomst)\b",
            "deployment-start",
        ),
        (r"\b(voorzien|gepland)\b", "deployment-start"),
    ]
]  # fmt: skip
# The period a weekly overview reports on: "Een overzicht … in de periode van 5 tot en met 11 juli."
# Also "Dit overzicht beslaat 3 tot en met 9 maart", "Rapportageperiode: 3 t/m 9 maart".
PERIOD = re.compile(
    r"\b(in|over)\s+de\s+(periode|week)\s+van\b|\b(dit|deze)\s+(week)?(overzicht|bericht|rapport|rapportage|update)\b"
    r"|\b(rapportage|verslag|verslags)periode\b",
    re.IGNORECASE,
)
# A sentence about the Dutch contribution itself (its people, ships, aircraft), for dates said with verbs no
# cue knows; but not what it did on a day (an interception, a visit, a patrol, an exercise).
OURS = re.compile(r"\b(Nederland|Nederlandse|Nederlands|Zr\.\s?Ms\.|detachement|eenheid|compagnie|contingent)\b")
ACTIVITY = re.compile(
    r"onderschep|bezoek|bezocht|oefening|patrouill|bracht|overgeplaatst|rondde|studeerde|gewond|redde|"
    r"informeer|informeert|bericht ik|ontvangt uw kamer|alarmeerd|alarm|scramble|"
    r"ontmoet|sprak|presenteerde|demonstr|wedstrijd|ceremonie|herdenk|uitgereikt|kreeg .* medaille|"
    r"nieuwe commandant|debat|toezegging|toegezegd",
    re.IGNORECASE,
)
# History, not a milestone: "de eerste helikopterinzet sinds 2004"; a tally since a year: "Sinds 2022 opgeleid:
# ruim 2.000 rekruten".
HISTORY = re.compile(
    r"\b(eerste|voor het eerst|laatste keer)\b[^.]*\bsinds\b|\bsinds\b[^.]*\bin totaal\b|"
    r"\bsinds\b(?=[^.]*\b(opgeleid|getraind)\b)(?=[^.]*(\d\.\d{3}|\b(?!(19|20)\d\d\b)\d{3,}\b|honderd|duizend))|"
    r"\b(opgeleid|getraind|in totaal)\b[^.]*\bsinds\s+20\d\d\b|\bal\s+eens\b|\bdestijds\b|\bindertijd\b",
    re.IGNORECASE,
)
# A mission's own history, said without the Dutch: "De EU-operatie in Bosnië loopt sinds december 2004".
MISSION_HISTORY = re.compile(r"\b(loopt|liep|bestaat|bestond)\s+(al\s+)?sinds\b", re.IGNORECASE)
# A decision "vorige week" or "onlangs" has no date of its own (LABELING.md): no fallback to the publication date.
UNDATED = re.compile(r"\b(vorige|afgelopen)\s+week\b|\bonlangs\b|\brecent(elijk)?\b", re.IGNORECASE)
# Another country's own affairs, not the Dutch contribution's: "Duitsland heeft zijn eigen Patriots in december
# teruggetrokken", "Litouwen zelf kocht vorig jaar 44 tanks" (group "who": the country).
OWN_AFFAIRS = re.compile(
    r"^(?:\w+\s+){0,2}?(?P<who>[A-Z][\w-]+)\s+(?:(?:\w+\s+){0,2}zelf\b|(?:\w+\s+){1,3}(?:zijn|haar|hun)\s+eigen\b)"
)
# Not partners: a company ("het Amerikaanse bedrijf Lockheed Martin"), the countries that host training
# ("Polen en Duitsland blijven de belangrijkste gastlanden").
# After a country's adjective: its territory, not its people ("de bewaking van het IJslandse luchtruim").
TERRITORY = re.compile(
    r"\s+(luchtruim|grondgebied|kust|kustwateren|wateren|territorium|bevolking|grens|oostgrens|hoofdstad|bodem)\b",
    re.IGNORECASE,
)
COMPANY = re.compile(r"\s+(\w+\s+)?(bedrijf|bedrijven|fabrikant|firma|onderneming|concern|defensiebedrijf)\b", re.I)
HOSTING = re.compile(r"\bgast(land|landen|heer|vrouw)\b|\bhost\s+nation\b", re.IGNORECASE)
# Going on, not starting: "Nederland levert ook in 2024 een bijdrage", "blijft in 2025 bijdragen".
CONTINUING = re.compile(r"\b(ook|blijft|blijven|nog steeds|nog altijd)\b", re.IGNORECASE)
# An organisation named as a place or a body, not as who works with the Dutch: "de oostgrens van de NAVO".
NOT_PARTNER_ORG = re.compile(
    r"\b(grens|oostgrens|oostflank|flank|grondgebied|verdragsgebied|lidstaten|lidstaat|top|secretaris-generaal|"
    r"begroting|norm)\s+van\s+de\s+$",
    re.IGNORECASE,
)
# Background, not news: "Eind vorig jaar waren al vier F-16's in de regio actief."
BACKGROUND = re.compile(r"\b(waren|was|hadden|had)\s+(\w+\s+)?al\b|\beerder\b", re.IGNORECASE)
# Long ago, even for the Dutch: "In 2018 leverde Nederland al eens vier Chinooks".
LONG_AGO = re.compile(
    r"\bal\s+eens\b|\bdestijds\b|\bindertijd\b|\b(waren|was|hadden|had)\s+(\w+\s+)?al\b", re.IGNORECASE
)
# What others do to the mission's area is no milestone of it: "Sinds november vallen Houthi-rebellen schepen aan".
HOSTILE = re.compile(r"\b(rebellen|terroristen|terreurgroep|milities)\b|\bvallen\b[^.]*\baan\b", re.IGNORECASE)
# Paperwork about a mission is none of its milestones: "De evaluatie van de missie volgt in 2024."
PAPERWORK = re.compile(r"\b(evaluatie|evalueren|geëvalueerd|voortgangsrapportage|rapportage)\b", re.IGNORECASE)
# An exercise beginning is an event within a mission, not one of its milestones.
EXERCISE = re.compile(
    r"\b(begon|begint|start|startte|begonnen)\b[^.]*\boefening|\boefening\b[^.]*\b(begon|begint|start|startte)\b",
    re.IGNORECASE,
)
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
# The role of a partner named without a cue word, from the words around it (lowered); the first match wins.
IMPLIED_ROLES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(pattern), role)
    for pattern, role in [
        (r"leiding|leidt|leiden de|leidende natie|kaderstaat|commando|bevel|gecommandeerd|co[öo]rdineert|\bgeleid|"
         r"lead nation|framework nation|raamwerknatie|kaderland", "coordinator"),
        (r"afgelost|lossen .* af|neemt .* over|overgedragen aan|over aan|overnemen|over naar", "successor"),
        (r"vroeg|verzoek|gevraagd|verzocht", "requester"),
        (r"train|opleid|leiden .* op|leidt .* op|les aan|lessen aan|helpen|ondersteun|steun|advise|mentor|"
         r"regering|overheid|autoriteiten", "supported"),
    ]
]  # fmt: skip
# After a country's adjective: people, units or craft of that country ("bij de Franse eenheden"), not a place.
UNITS = re.compile(
    r"\s+(\w+\s+)?\w*(eenhed|eenheid|troepen|militair|collega|marine|luchtmacht|landmacht|leger|toestel|schep|schip|"
    r"bemanning|compagnie|brigade|bataljon|trainer|instructeur|strijdkracht|fregat|mariniers|soldaten|"
    r"commando|kustwacht|detachement|team|vliegers|piloten|vlootgroep|vloot|verband|taakgroep|taskforce|"
    r"battlegroup|groep)",
    re.IGNORECASE,
)
# After a country's adjective: the people a mission trains ("Oekraïense rekruten", "Iraakse cadetten").
TRAINEES = re.compile(
    r"\s+(\w+\s+)?(rekruten|cadetten|cursisten|leerlingen|recruten|piloten\s+op(?:geleid)?|militairen\s+op(?:geleid)?)"
    r"\b",
    re.IGNORECASE,
)
# … and, where the sentence speaks of training, the forces being trained ("geven les aan Oekraïense officieren",
# "trainen Oekraïense eenheden", "de opleiding van Oekraïense F-16-vliegers").
TRAINED = re.compile(
    r"\s+(\w+\s+)?([\w#-]*-)?(militairen|officieren|soldaten|eenheden|vliegers|piloten|mariniers|troepen|"
    r"strijdkrachten|manschappen|personeel)\b",
    re.IGNORECASE,
)
TRAINING = re.compile(
    r"\b(train\w*|opleid\w*|opgeleid|opleiding\w*|basisopleiding|leiden\b[^.]*\bop|leidt\b[^.]*\bop|"
    r"les\s+aan|lessen\s+aan|lesgeven|leren|instructeurs?)\b",
    re.IGNORECASE,
)
# A country that receives, not one that works with the Dutch: "een trainingsmissie voor Oekraïne", "steun voor
# Oekraïne", "de F-16's worden aan Oekraïne overgedragen".
RECEIVES = re.compile(
    r"\b(steun|hulp|training|trainingsmissie|opleiding|opleidingen|missie|wapens|wapenleveranties)\s+"
    r"(voor|aan)\s+(het\s+|de\s+)?$",
    re.IGNORECASE,
)
# A country that contributes is a partner even where the mission is: "Ook Roemenië draagt bij."
CONTRIBUTES = re.compile(
    r"\b(draagt|dragen|droeg|droegen)\b[^.]*\bbij\b|\b(levert|leveren|leverde|leverden|stelt|stellen)\b",
    re.IGNORECASE,
)
# Words that make a country a co-contributor wherever it is named: "ook", "eveneens", "samen".
ALONGSIDE_WORDS = re.compile(
    r"\b(ook|eveneens|tevens|samen|stuurt|sturen|zet|zetten|inzet|neemt|nemen|doet|doen|bijdrage|deelname|"
    r"bewaakt|bewaken|vaart|varen|patrouilleert|escorteert|beschermt|beschermen)\b",
    re.IGNORECASE,
)
# Countries a mission is in rather than partners of it: never a rotation partner.
HOST_COUNTRIES = frozenset({"ML"})

# Personnel figures (all lowered). What every participant was asked or did is not the Dutch contribution.
OTHERS = re.compile(r"\b(alle deelnemers|andere landen|elk land|ieder land)\b")
FOREIGN_TROOPS = ("amerikaanse", "iraakse")  # "zo'n 2500 Amerikaanse militairen" is not ours
ASKED = "gevraagd"  # "… gevraagd om 150 militairen": the request, not the contribution
ESTIMATE = "naar schatting"
# What a fleet owns is no deployment: "De marine beschikt over zes fregatten", "vier Reapers in bezit".
FLEET = re.compile(
    r"\b(beschikt|beschikken|beschikte)\s+(\w+\s+){0,2}?over\b|\bin\s+(bezit|gebruik|de vloot|dienst)\b"
    r"|\bheeft\s+\w+\s+\w+\s+in\s+bezit"
    r"|\b(besteld|bestelde|aangeschaft|aanschaf|gekocht|koopt|kocht)\b|\b(ligt|liggen|lag|lagen)\s+in\s+onderhoud\b"
    r"|\buit\s+dienst\b|\b(marine|luchtmacht|landmacht|krijgsmacht)\s+zelf\b"
    r"|\b(marine|luchtmacht|landmacht|krijgsmacht|Defensie)\s+(heeft|had|telt|bezit)\s+(in totaal\s+|nog\s+|ruim\s+)?"
    r"(\d+|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|\w+tien|\w*tig)\s+\w+",
    re.I,
)
# Equipment that is not there: "Waarom stuurt Nederland geen fregat?", "zonder helikopter".
# … or that goes: "De Cougars vervangen de NH90's", "in plaats van het fregat".
NOT_BROUGHT = re.compile(
    r"\b(geen|zonder|vervangen|vervangt|vervingen|verving|ter\s+vervanging\s+van|in\s+plaats\s+van)\s+"
    r"(?!door\b)(\w+\s+){0,2}$",  # "vervangen door CV90's" brings them
    re.IGNORECASE,
)
# Equipment given away or sold: "De F-16's zijn aan Roemenië verkocht", "schonk … aan Oekraïne".
GIVEN_AWAY = re.compile(
    r"\b(verkocht|verkoopt|verkochten|geschonken|schenkt|schonk|schonken|gedoneerd|doneert|doneerde|weggegeven|"
    r"cadeau\s+gedaan|teruggegeven|teruggeven|geeft\s+\w+\s+terug)\b",
    re.IGNORECASE,
)
# … or that cannot go: "Een fregat sturen lukt voorlopig niet", "is niet beschikbaar".
NOT_AVAILABLE = re.compile(
    r"^[^,;:]*\b(lukt\s+(\w+\s+)?niet|(is|zijn)\s+niet\s+(beschikbaar|mogelijk)|niet\s+beschikbaar)\b", re.I
)
# A table's headers: what its cells hold ("| Personeel | Einde inzet |").
TABLE_PEOPLE = re.compile(r"personeel|aantal|omvang|militairen|sterkte|bemanning", re.IGNORECASE)
TABLE_END = re.compile(r"einde|eind|tot|einddatum|looptijd|terugkeer", re.IGNORECASE)
TABLE_START = re.compile(r"start|begin|vanaf|vertrek|aanvang", re.IGNORECASE)
# Kit at home: "De fregatten liggen intussen in Den Helder voor onderhoud".
IDLE = re.compile(r"\b(onderhoud|werf|thuishaven|reparatie|in\s+de\s+haven\s+van\s+Den\s+Helder)\b", re.IGNORECASE)
# A letter's opening names its topics, not what each brings: "… over de inzet in Roemenië en over de Patriots".
TOPICS = re.compile(r"\b(informeer|informeert|bericht)\b[^.]*\bover\b[^.]*\ben\s+over\b", re.IGNORECASE)
# Wounded or killed: a figure of what happened to people, not of a deployment ("2 militairen raakten gewond").
CASUALTIES = re.compile(
    r"\b(gewond|lichtgewond|zwaargewond|gesneuveld|omgekomen|overleden|om het leven|vermist)\b", re.I
)
# A figure said of another country: "Duitsland, dat met ongeveer 1.000 militairen de grootste bijdrage levert".
OTHER_SUBJECT = re.compile(r"\b([A-Z][\w-]+),?\s+(?:dat|die)\s+(?:\w+\s+){0,3}$")
# Equipment named in a place's or a programme's name is no equipment brought: "het F-16-trainingscentrum".
NAMED_AFTER = re.compile(r"-(?:\w*centrum|opleiding|school|basis|programma|coalitie)$", re.IGNORECASE)
# A figure of many countries together: "ruim 3.000 militairen uit acht landen".
FROM_MANY = re.compile(r"\s+(uit|van)\s+(\w+\s+){0,2}(landen|bondgenoten|lidstaten|naties)\b", re.I)
ON_SITE = re.compile(r"landden|arriveerden|waren|zijn")  # with a past tense: the figure is an actual one

# With no mission named anywhere, the place troops are sent to: "naar (de) Centraal-Afrikaanse Republiek".
DESTINATION = re.compile(r"\bnaar\s+(?:de\s+)?([A-Z][\w-]+(?:\s+[A-Z][\w-]+)?)")

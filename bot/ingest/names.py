"""The names the ingester recognises in Dutch text: countries (names and adjectives), organisations, equipment,
places and missions. Word lists only; bot/ingest/entities.py finds them in a sentence.
"""

from __future__ import annotations

# Dutch country names and adjectives → ISO 3166 alpha-2.
COUNTRIES: dict[str, str] = {
    "nederland": "NL", "nederlandse": "NL", "verenigde staten": "US", "amerika": "US", "amerikaanse": "US",
    "irak": "IQ", "iraakse": "IQ", "noorwegen": "NO", "noorse": "NO", "denemarken": "DK", "deense": "DK",
    "portugal": "PT", "portugese": "PT", "duitsland": "DE", "duitse": "DE", "belgië": "BE", "belgische": "BE",
    "frankrijk": "FR", "franse": "FR", "estland": "EE", "estse": "EE", "estische": "EE", "litouwen": "LT",
    "litouwse": "LT", "letland": "LV", "letse": "LV", "polen": "PL", "poolse": "PL", "mali": "ML",
    "malinese": "ML", "afghanistan": "AF", "afghaanse": "AF", "verenigd koninkrijk": "GB", "britse": "GB",
    "canada": "CA", "canadese": "CA", "spanje": "ES", "spaanse": "ES", "italië": "IT", "italiaanse": "IT",
    "roemenië": "RO", "roemeense": "RO", "turkije": "TR", "turkse": "TR", "jordanië": "JO", "jordaanse": "JO",
    "syrië": "SY", "syrische": "SY", "niger": "NE", "bosnië": "BA", "zweden": "SE", "zweedse": "SE",
    "finland": "FI", "finse": "FI", "luxemburg": "LU", "luxemburgse": "LU", "koeweit": "KW", "libanon": "LB",
    "libanese": "LB", "israël": "IL", "oekraïne": "UA", "oekraïense": "UA", "slowakije": "SK",
    "slowaakse": "SK", "hongarije": "HU", "tsjechië": "CZ", "griekenland": "GR", "griekse": "GR",
    # Adjectives without their ending ("onder Pools bevel", "een Italiaans fregat", "Duits-Nederlandse"), and more.
    "nederlands": "NL", "amerikaans": "US", "noors": "NO", "deens": "DK", "portugees": "PT", "duits": "DE",
    "belgisch": "BE", "frans": "FR", "ests": "EE", "litouws": "LT", "lets": "LV", "pools": "PL", "brits": "GB",
    "canadees": "CA", "spaans": "ES", "italiaans": "IT", "roemeens": "RO", "turks": "TR", "zweeds": "SE",
    "fins": "FI", "grieks": "GR", "hongaarse": "HU", "hongaars": "HU", "tsjechische": "CZ", "tsjechisch": "CZ",
    "oostenrijk": "AT", "oostenrijkse": "AT", "ierland": "IE", "ierse": "IE", "nieuw-zeeland": "NZ",
    "nieuw-zeelandse": "NZ", "engeland": "GB", "engelse": "GB", "ijsland": "IS", "ijslandse": "IS",
    "noord-macedonië": "MK", "macedonische": "MK", "cyprus": "CY", "cypriotische": "CY", "jemen": "YE",
    "kroatië": "HR", "kroatische": "HR", "slovenië": "SI", "sloveense": "SI", "bulgarije": "BG",
    "bulgaarse": "BG", "albanië": "AL", "albanese": "AL", "georgië": "GE", "australië": "AU",
    "australische": "AU", "japan": "JP", "japanse": "JP", "zuid-korea": "KR", "zuid-koreaanse": "KR",
    "djibouti": "DJ", "somalië": "SO", "libië": "LY", "egypte": "EG", "egyptische": "EG", "qatar": "QA",
    "marokko": "MA", "marokkaanse": "MA", "tunesië": "TN", "zuid-soedan": "SS", "soedan": "SD",
    "tsjaad": "TD", "burkina faso": "BF", "mauritanië": "MR", "israëlische": "IL", "jordaans": "JO",
    "koerdistan": "IQ", "montenegro": "ME", "servië": "RS", "oostenrijks": "AT", "iers": "IE", "sloveens": "SI",
    "kroatisch": "HR", "bulgaars": "BG", "japans": "JP", "australisch": "AU", "egyptisch": "EG",
    "israëlisch": "IL", "luxemburgs": "LU", "slowaaks": "SK", "oekraïens": "UA", "iraaks": "IQ",
    # Peoples: "waarin ook Tsjechen en Noren dienen".
    "tsjechen": "CZ", "noren": "NO", "duitsers": "DE", "fransen": "FR", "belgen": "BE", "amerikanen": "US",
    "denen": "DK", "italianen": "IT", "spanjaarden": "ES", "portugezen": "PT", "canadezen": "CA",
    "litouwers": "LT", "esten": "EE", "letten": "LV", "roemenen": "RO", "hongaren": "HU", "oostenrijkers": "AT",
    "turken": "TR", "grieken": "GR", "finnen": "FI", "oekraïners": "UA", "luxemburgers": "LU",
    "britten": "GB", "australiërs": "AU", "slowaken": "SK", "kroaten": "HR", "ieren": "IE", "bulgaren": "BG",
    "nieuw-zeelanders": "NZ", "japanners": "JP", "georgische": "GE", "servische": "RS", "montenegrijnse": "ME",
    "noord-macedonische": "MK", "bahrein": "BH", "bahreinse": "BH", "saoedi-arabië": "SA", "saoedische": "SA",
    "groot-brittannië": "GB", "brittannië": "GB", "vs": "US", "vk": "GB",
}  # fmt: skip
# Adjectives (inflected or not) as opposed to the country's name: "Litouwse cadetten" is the host's, not a partner.
PEOPLES = frozenset({
    "tsjechen", "noren", "duitsers", "fransen", "belgen", "amerikanen", "denen", "italianen", "spanjaarden",
    "portugezen", "canadezen", "litouwers", "esten", "letten", "roemenen", "hongaren", "oostenrijkers", "turken",
    "grieken", "finnen", "oekraïners", "luxemburgers", "britten", "australiërs", "slowaken", "kroaten", "ieren",
    "bulgaren", "nieuw-zeelanders", "japanners",
})  # fmt: skip
COUNTRY_NAMES = frozenset(
    word
    for word in COUNTRIES
    if word not in PEOPLES and not word.endswith(("se", "sch", "sche", "ns", "ts", "ws", "rs", "ls", "ees", "ks", "ds"))
) | {
    "verenigde staten",
    "verenigd koninkrijk",
    "burkina faso",
    "israël",
    "oekraïne",
    "nederland",
    "groot-brittannië",
    "vs",
    "vk",
}

ORGANISATIONS: dict[str, str] = {
    "vn": "un", "verenigde naties": "un", "navo": "nato", "nato": "nato", "eu": "eu", "europese unie": "eu",
    "european union": "eu",
    "veiligheidsraad": "un", "europese operatie": "eu", "europese missie": "eu", "europese trainingsmissie": "eu",
    "coalitie tegen is": "coalition", "coalitie tegen islamitische staat": "coalition",
    "internationale coalitie": "coalition", "anti-is-coalitie": "coalition",
    "anti-isis-coalitie": "coalition", "coalitie tegen isis": "coalition", "coalitieverband": "coalition",
    "eunavfor": "eu",
}  # fmt: skip

# Equipment: a pattern → the name a data file uses (tests/ingest/LABELING.md's table). The first pattern that
# matches a stretch of text wins, so ship names and typed helicopters come before the generic words.
_SHIP = r"(?:Zr|Hr)\.\s?Ms\.\s+"  # a ship's name after "Zr.Ms." is its class; without it only where no place
EQUIPMENT: list[tuple[str, str]] = [
    (r"C-130(?:H(?:-30)?|J)?(?:\s+Hercules)?(?:[-\s]transportvliegtuig(?:en)?)?|Hercules(?:-transportvliegtuig(?:en)?)?",
     "C-130 Hercules"),
    (r"F-35A?(?:'s)?", "F-35"),
    (r"F-16(?:AM|BM|A|B)?(?:'s)?", "F-16"),
    (r"KDC-10(?:'s)?", "KDC-10"),
    (r"(?:Airbus\s+)?A330(?:[-\s]MRTT)?(?:'s)?|MRTT(?:'s)?|(?:multi[-\s]role\s+)?tank(?:er)?vliegtuig(?:en)?",
     "A330 MRTT"),
    (r"Patriot(?:-systemen|-systeem|s)?", "Patriot"),
    (r"NASAMS", "NASAMS"),
    (r"(?:CH-47\s+)?Chinook(?:s|-helikopters?)?", "CH-47 Chinook"),
    (r"(?:AH-64\s+)?Apache(?:s|-helikopters?)?", "AH-64 Apache"),
    (r"(?:AS\s?532\s+)?Cougar(?:s|-helikopters?)?", "AS532 Cougar"),
    (r"(?:MQ-9\s+)?Reaper(?:s|-drones?)?", "MQ-9 Reaper"),
    (r"NH[-\s]?90(?:'s)?", "NH90"),
    (r"(?:Joint\s+Logistic\s+Support\s+Ship|(?-i:JSS)|(?:logistiek\s+)?(?:bevoorradings|ondersteunings)schip|"
     r"bevoorradingsschepen|(?:" + _SHIP + r")?(?-i:Karel\s+Doorman)|" + _SHIP + r"Den\s+Helder)",
     "support ship"),
    (r"amfibische?\s+transportschip|amfibische\s+transportschepen|(?:" + _SHIP + r")?(?-i:Johan\s+de\s+Witt)|"
     + _SHIP + r"Rotterdam", "amphibious transport ship"),
    (r"(?:" + _SHIP + r")?(?-i:Tromp|De\s+Ruyter|Evertsen|De\s+Zeven\s+Provinci[eë]n|Van\s+Amstel|Van\s+Speijk)",
     "frigate"),
    (r"(?:" + _SHIP + r"|(?<=\b[Dd]e\s))(?-i:Makkum|Schiedam|Vlaardingen|Willemstad|Zierikzee|Urk|Maassluis)",
     "minehunter"),  # a town's name only after "Zr.Ms." or "de" ("De Zeeland keert terug"), not "in Willemstad"
    (r"(?:" + _SHIP + r"|(?<=\b[Dd]e\s))(?-i:Holland|Zeeland|Friesland|Groningen)", "patrol vessel"),
    (r"(?:" + _SHIP + r")?(?-i:Walrus|Zeeleeuw|Dolfijn|Bruinvis)", "submarine"),  # not "een dolfijn"
    (r"(?:luchtverdedigings|commando|multipurpose|m-)?fregat(?:ten)?", "frigate"),
    (r"patrouilleschip|patrouilleschepen|patrouillevaartuig(?:en)?", "patrol vessel"),
    (r"onderzee(?:boot|boten|ër|ërs)", "submarine"),
    (r"mijnenjager(?:s)?|mijnenbestrijdingsvaartuig(?:en)?", "minehunter"),
    (r"helikopter(?:s)?", "helicopter"),
    (r"pantserhouwitser(?:s)?|PzH\s?2000(?:'s)?", "PzH 2000"),
    (r"CV90(?:35)?(?:NL)?(?:'s)?", "CV90"),
    (r"Boxer(?:s)?", "Boxer"),
    (r"Fennek(?:s)?", "Fennek"),
    (r"Bushmaster(?:s)?", "Bushmaster"),
    (r"Leopard(?:[-\s]2(?:\s?A\d)?)?(?:'s|s)?", "Leopard 2"),
]  # fmt: skip
# Classes a ship's name stands for: "het fregat Zr.Ms. Tromp" is one frigate, said twice.
SHIP_NAMES = frozenset({"support ship", "amphibious transport ship", "frigate", "patrol vessel", "minehunter",
                        "submarine"})  # fmt: skip
# A helicopter of a type the table names is that type, not also a "helicopter".
TYPED_HELICOPTERS = frozenset({"CH-47 Chinook", "AH-64 Apache", "AS532 Cougar", "NH90"})

PLACES = ["Erbil", "Bamako", "Gao", "Rukla", "Kaboel", "Mazar-e-Sharif", "Bagdad", "Amman", "Koeweit", "Sarajevo",
          "Naqoura", "Al Asad", "Vilnius", "Kandahar", "Djibouti"]  # fmt: skip
MISSION_NAMES = ["MINUSMA", "eFP", "enhanced Forward Presence", "Resolute Support", "EUFOR Althea", "UNIFIL", "UNDOF",
                 "Atalanta", "CBMI", "Inherent Resolve", "UNTSO", "EUTM", "KFOR", "EUNAVFOR", "Irini", "Sea Guardian",
                 "EUTM Mali", "EUCAP", "Agenor", "EMASOH", "MINUSCA", "UNMISS", "Panzerbrigade 45", "Brigade 45",
                 "Brigade Litouwen", "MFO"]  # fmt: skip

# Short names that are the organisation only in capitals: "eu" inside prose is not the EU.
ACRONYMS = frozenset({"vn", "eu", "navo", "nato"})
COUNTRY_ACRONYMS = frozenset({"vs", "vk"})  # "de VS", never "vs." (versus)

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
}  # fmt: skip

ORGANISATIONS: dict[str, str] = {
    "vn": "un", "verenigde naties": "un", "navo": "nato", "nato": "nato", "eu": "eu", "europese unie": "eu",
    "coalitie tegen is": "coalition", "coalitie tegen islamitische staat": "coalition",
    "internationale coalitie": "coalition", "anti-is-coalitie": "coalition",
}  # fmt: skip

# Equipment: a pattern → the name a data file uses.
EQUIPMENT: list[tuple[str, str]] = [
    (r"C-130(?:\s+Hercules)?(?:[-\s]transportvliegtuig(?:en)?)?", "C-130 Hercules"),
    (r"F-35(?:'s)?", "F-35"),
    (r"F-16(?:'s)?", "F-16"),
    (r"Patriot(?:-systemen|-systeem|s)?", "Patriot"),
    (r"NASAMS", "NASAMS"),
    (r"Chinook(?:s|-helikopters?)?", "CH-47 Chinook"),
    (r"Apache(?:s|-helikopters?)?", "AH-64 Apache"),
    (r"Reaper(?:s)?", "MQ-9 Reaper"),
    (r"fregat(?:ten)?", "frigate"),
    (r"mijnenjager(?:s)?", "minehunter"),
    (r"helikopter(?:s)?", "helicopter"),
    (r"pantserhouwitser(?:s)?", "PzH 2000"),
    (r"CV90(?:'s)?", "CV90"),
]

PLACES = ["Erbil", "Bamako", "Gao", "Rukla", "Kaboel", "Mazar-e-Sharif", "Bagdad", "Amman", "Koeweit", "Sarajevo",
          "Naqoura", "Al Asad", "Vilnius", "Kandahar", "Djibouti"]  # fmt: skip
MISSION_NAMES = ["MINUSMA", "eFP", "enhanced Forward Presence", "Resolute Support", "EUFOR Althea", "UNIFIL", "UNDOF",
                 "Atalanta", "CBMI", "Inherent Resolve", "UNTSO", "EUTM"]  # fmt: skip

# Short names that are the organisation only in capitals: "eu" inside prose is not the EU.
ACRONYMS = frozenset({"vn", "eu", "navo", "nato"})

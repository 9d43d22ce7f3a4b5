"""The bot's words in Dutch and English (date wording lives in :mod:`bot.dates`)."""

from __future__ import annotations

from bot.facts.model import MAIN, Milestone, MilestoneKind, PartnerRole, PersonnelKind, Scope, Status
from bot.i18n import Language

NL, EN = Language.NL, Language.EN

LABELS: dict[str, dict[Language, str]] = {
    "status": {EN: "Status", NL: "Status"},
    "organisation": {EN: "Organisation", NL: "Organisatie"},
    "place": {EN: "Place", NL: "Plaats"},
    "contribution": {EN: "Dutch contribution", NL: "Nederlandse bijdrage"},
    "contribution_other": {EN: "Contribution of {country}", NL: "Bijdrage van {country}"},
    "partners": {EN: "Partners", NL: "Partners"},
    "operation": {EN: "Operation", NL: "Operatie"},
    "operation_ended": {EN: "ended {when}", NL: "beëindigd {when}"},
    "operation_next": {EN: "{status}; {what}: {when}", NL: "{status}; {what}: {when}"},
    "last_reported": {EN: "Last reported", NL: "Laatst gemeld"},
    "last_reported_text": {
        EN: "last reported: {when}. No source since confirms the figures below; they may be out of date.",
        NL: "laatst gemeld: {when}. Geen latere bron bevestigt de cijfers hieronder; ze kunnen verouderd zijn.",
    },
    "last_reported_short": {EN: "last reported: {when}", NL: "laatst gemeld: {when}"},
    "period_active": {EN: "Active since {when}", NL: "Actief sinds {when}"},
    "period_ended": {EN: "Ended {when}", NL: "Beëindigd {when}"},
    "period_planned": {EN: "Not started yet", NL: "Nog niet begonnen"},
    "sources_continued": {EN: "Sources (continued)", NL: "Bronnen (vervolg)"},
    "cited_as": {EN: "{publisher}, {when}", NL: "{publisher}, {when}"},
    "dates": {EN: "Key dates", NL: "Belangrijke data"},
    "sources": {EN: "Sources", NL: "Bronnen"},
    "was": {EN: "was", NL: "eerder"},
    "personnel": {EN: "personnel", NL: "militairen"},
    "about": {EN: "about", NL: "ongeveer"},
    "up_to": {EN: "up to", NL: "maximaal"},
    "from_to": {EN: "from {start} to {end}", NL: "van {start} tot en met {end}"},
    "known_on": {EN: "Facts as known on {day}", NL: "Feiten zoals bekend op {day}"},
    "timeline_hint": {EN: "/timeline {slug} shows every date", NL: "/tijdlijn {slug} toont alle data"},
    "more": {EN: "and {count} more", NL: "en nog {count}"},
    "paragraph": {EN: "paragraph {number}", NL: "alinea {number}"},
    "partners_title": {EN: "Partners: {name}", NL: "Partners: {name}"},
    "no_partners": {EN: "No partners are known yet.", NL: "Er zijn nog geen partners bekend."},
    "missions_title": {EN: "Missions", NL: "Missies"},
    "no_missions": {EN: "No missions with this status.", NL: "Geen missies met deze status."},
    "upcoming_title": {EN: "Coming up in the next {days} days", NL: "Binnenkort: de komende {days} dagen"},
    "nothing_upcoming": {
        EN: "No milestones are known for the next {days} days.",
        NL: "Er zijn geen mijlpalen bekend voor de komende {days} dagen.",
    },
    "timeline_title": {EN: "Timeline: {name}", NL: "Tijdlijn: {name}"},
    "no_milestones": {EN: "No dates are known yet.", NL: "Er zijn nog geen data bekend."},
    "page": {EN: "Page {page} of {pages}", NL: "Pagina {page} van {pages}"},
    "previous": {EN: "Previous", NL: "Vorige"},
    "next": {EN: "Next", NL: "Volgende"},
    "not_found": {
        EN: "No mission matches “{query}”.",
        NL: "Geen missie gevonden voor “{query}”.",
    },
    "did_you_mean": {EN: "Did you mean: {names}?", NL: "Bedoelde je: {names}?"},
    "known_missions": {EN: "Known missions: {names}.", NL: "Bekende missies: {names}."},
    "query_empty": {EN: "Type the name of a mission.", NL: "Typ de naam van een missie."},
    "query_too_long": {
        EN: "That name is too long ({length} characters; at most {limit}).",
        NL: "Die naam is te lang ({length} tekens; hooguit {limit}).",
    },
    "days_range": {
        EN: "Choose between 1 and {limit} days.",
        NL: "Kies tussen 1 en {limit} dagen.",
    },
    "about_title": {EN: "About deploybot", NL: "Over deploybot"},
    "about_text": {
        EN: "deploybot {version} keeps this community informed about Dutch military deployments abroad. "
        "Every fact names its source; dates are given as precisely as the source gives them.",
        NL: "deploybot {version} houdt deze community op de hoogte van Nederlandse militaire missies in het "
        "buitenland. Elk feit noemt zijn bron; data zijn zo precies als de bron ze geeft.",
    },
    "facts_loaded": {
        EN: "Facts version {version}, last loaded {when}",
        NL: "Feitenversie {version}, voor het laatst geladen {when}",
    },
    "help_title": {EN: "What deploybot can do", NL: "Wat deploybot kan"},
    "error": {
        EN: "Something went wrong while answering; it has been logged. Please try again.",
        NL: "Er ging iets mis bij het antwoorden; dat is gelogd. Probeer het nog eens.",
    },
}

HELP: dict[Language, list[tuple[str, str]]] = {
    EN: [
        ("/mission name", "The mission card: place, Dutch troops and equipment, partners, key dates, sources."),
        ("/partners mission", "The partner nations and organisations, with their role."),
        ("/missions [status]", "Every mission, grouped by status (planned, active, ended)."),
        ("/upcoming [days]", "Milestones ahead across missions, as precise as the sources are."),
        ("/timeline mission", "A mission's dates in order, with certainty and source."),
        ("/about", "Version, sources and when the facts were loaded."),
    ],
    NL: [
        ("/missie naam", "De missiekaart: plaats, Nederlandse militairen en materieel, partners, data, bronnen."),
        ("/partners missie", "De partnerlanden en -organisaties, met hun rol."),
        ("/missies [status]", "Alle missies, gegroepeerd naar status (gepland, actief, beëindigd)."),
        ("/binnenkort [dagen]", "Komende mijlpalen van alle missies, zo precies als de bronnen zijn."),
        ("/tijdlijn missie", "De data van een missie op volgorde, met zekerheid en bron."),
        ("/over", "Versie, bronnen en wanneer de feiten zijn geladen."),
    ],
}

STATUS = {
    Status.PLANNED: {EN: "Planned", NL: "Gepland"},
    Status.ACTIVE: {EN: "Active", NL: "Actief"},
    Status.ENDED: {EN: "Ended", NL: "Beëindigd"},
}

PERSONNEL_KIND = {
    PersonnelKind.ESTIMATE: {EN: "estimate", NL: "schatting"},
    PersonnelKind.PLANNED: {EN: "planned", NL: "gepland"},
    PersonnelKind.CEILING: {EN: "ceiling", NL: "plafond"},
    PersonnelKind.ACTUAL: {EN: "actual", NL: "werkelijk"},
}

ROLE = {
    PartnerRole.ROTATION_PARTNER: {EN: "rotation partner", NL: "rotatiepartner"},
    PartnerRole.COORDINATOR: {EN: "coordinator", NL: "coördinator"},
    PartnerRole.ALONGSIDE: {EN: "operates alongside", NL: "werkt samen met Nederland"},
    PartnerRole.SUPPORTED: {EN: "supported host-nation force", NL: "ondersteunde strijdkrachten"},
    PartnerRole.REQUESTER: {EN: "requester", NL: "verzoeker"},
    PartnerRole.HOST_NATION: {EN: "host nation", NL: "gastland"},
    PartnerRole.SUCCESSOR: {EN: "successor", NL: "opvolger"},
}

MILESTONE = {
    MilestoneKind.REQUEST: {EN: "Request", NL: "Verzoek"},
    MilestoneKind.DECISION: {EN: "Decision", NL: "Besluit"},
    MilestoneKind.ANNOUNCEMENT: {EN: "Announcement", NL: "Aankondiging"},
    MilestoneKind.DEBATE: {EN: "Parliamentary debate", NL: "Kamerdebat"},
    MilestoneKind.DEPLOYMENT_START: {EN: "Deployment", NL: "Uitzending"},
    MilestoneKind.ARRIVAL: {EN: "Arrival", NL: "Aankomst"},
    MilestoneKind.ROTATION_START: {EN: "Rotation", NL: "Rotatie"},
    MilestoneKind.ROTATION_END: {EN: "End of rotation", NL: "Einde rotatie"},
    MilestoneKind.HANDOVER: {EN: "Handover", NL: "Overdracht"},
    MilestoneKind.SUSPENSION: {EN: "Suspended", NL: "Opgeschort"},
    MilestoneKind.SCALE_DOWN: {EN: "Scaled down", NL: "Afgeschaald"},
    MilestoneKind.WITHDRAWAL: {EN: "Withdrawal", NL: "Terugtrekking"},
    MilestoneKind.END: {EN: "End of mission", NL: "Einde missie"},
    MilestoneKind.MANDATE_END: {EN: "Mandate ends", NL: "Mandaat loopt af"},
    MilestoneKind.EXTENSION: {EN: "Extension", NL: "Verlenging"},
}

# The international operation's own dates, worded so they are never taken for the Dutch contribution's.
OPERATION_MILESTONE = {
    MilestoneKind.DECISION: {EN: "Decision on the operation", NL: "Besluit over de operatie"},
    MilestoneKind.DEPLOYMENT_START: {EN: "Operation begins", NL: "Begin van de operatie"},
    MilestoneKind.END: {EN: "Operation ends", NL: "Einde van de operatie"},
    MilestoneKind.MANDATE_END: {EN: "Operation's mandate ends", NL: "Mandaat van de operatie loopt af"},
    MilestoneKind.EXTENSION: {EN: "Operation extended", NL: "Operatie verlengd"},
}


def milestone_name(m: Milestone, lang: Language) -> str:
    """ "End of rotation"; "Operation ends"; "Arrival (f35)" for a contribution other than the main one."""
    if m.scope is Scope.OPERATION:
        own = OPERATION_MILESTONE.get(m.kind)
        return own[lang] if own else f"{LABELS['operation'][lang]}: {MILESTONE[m.kind][lang].lower()}"
    name = MILESTONE[m.kind][lang]
    return name if m.contribution == MAIN else f"{name} ({m.contribution})"


def capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def label(key: str, lang: Language, **values: object) -> str:
    return LABELS[key][lang].format(**values)

"""Wording of the plan documents (English, Albanian as a DKA writes it)."""

from typing import Literal

Lang = Literal["en", "sq"]

WORDS: dict[str, tuple[str, str]] = {
    "title_draft": ("Draft municipal action plan", "Projektplani komunal i veprimit"),
    "title_adopted": ("Municipal action plan (adopted)", "Plani komunal i veprimit (i miratuar)"),
    "school_year": ("school year", "viti shkollor"),
    "working_draft": (
        "Working draft, revision {r} · to be issued as version {n}",
        "Projektplan pune, rishikimi {r} · do të lëshohet si versioni {n}",
    ),
    "in_review": ("Version {n} in review", "Versioni {n} në shqyrtim"),
    "changes_requested": (
        "Version {n} · changes requested",
        "Versioni {n} · kërkohen ndryshime",
    ),
    "approved": ("Version {n} · adopted", "Versioni {n} · i miratuar"),
    "issued": (
        "issued from revision {r} on {d} by {who}",
        "lëshuar nga rishikimi {r} më {d} nga {who}",
    ),
    "engine": ("catalogue {c} · rules {r}", "katalogu {c} · rregullat {r}"),
    "engine_model": ("model {m}", "modeli {m}"),
    "last_approved": ("adopted version in force: {n}", "versioni i miratuar në fuqi: {n}"),
    "adoption": ("Adoption", "Miratimi"),
    "goals": ("Goals", "Qëllimet"),
    "situation": ("Situation analysis", "Analiza e situatës"),
    "priorities": ("Priorities", "Prioritetet"),
    "monitoring": ("Monitoring and reporting", "Monitorimi dhe raportimi"),
    "risks": ("Risks and assumptions", "Rreziqet dhe supozimet"),
    "objective": ("Objective", "Objektivi"),
    "rationale": ("Why", "Arsyetimi"),
    "consulted": (
        "{n} consultations with {p} participants, {a} – {b}.",
        "{n} konsultime me {p} pjesëmarrës, {a} – {b}.",
    ),
    "group": ("Stakeholder group", "Grupi"),
    "consultations": ("Consultations", "Konsultime"),
    "action": ("Action", "Veprimi"),
    "responsible": ("Responsible", "Përgjegjës"),
    "timeline": ("Timeline", "Afati"),
    "cost_funding": ("Cost and funding", "Kostoja dhe financimi"),
    "indicator": ("Indicator, baseline, target", "Treguesi, vlera bazë, caku"),
    "adopted_by": ("Adopted by", "Miratuar nga"),
    "decision_number": ("Decision number", "Numri i vendimit"),
    "decision_date": ("Decision date", "Data e vendimit"),
    "signatories": ("Signatories", "Nënshkruesit"),
    "version": ("Version", "Versioni"),
    "local": (
        "local action, agreed by the working group",
        "veprim lokal, i dakorduar nga grupi punues",
    ),
    "amended": ("amended by the working group", "ndryshuar nga grupi punues"),
    "focal_point": ("focal point", "pika kontaktuese"),
    "budget_line": ("budget line", "linja buxhetore"),
    "by_date": ("by {d}", "deri më {d}"),
    "budget": ("Budget", "Buxheti"),
    "budget_caption": (
        "School year {cycle} · fiscal years {years}",
        "Viti shkollor {cycle} · vitet fiskale {years}",
    ),
    "funding_source": ("Funding source", "Burimi i financimit"),
    "priority": ("Priority", "Prioriteti"),
    "fiscal_year": ("Fiscal year", "Viti fiskal"),
    "amount": ("EUR", "EUR"),
    "total": ("Total", "Gjithsej"),
    "not_costed": (
        "{n} of {m} actions are not yet costed.",
        "{n} nga {m} veprime ende nuk kanë kosto.",
    ),
    "all_costed": ("All {m} actions are costed.", "Të gjitha {m} veprimet kanë kosto."),
    "split_note": (
        "Costs are split over the fiscal years pro rata to each action's months.",
        "Kostot ndahen ndër vitet fiskale në përpjesëtim me muajt e çdo veprimi.",
    ),
    "changes": ("Changes by the working group", "Ndryshimet nga grupi punues"),
    "who": ("Who", "Kush"),
    "when": ("When", "Kur"),
    "what": ("What", "Çfarë"),
    "why": ("Why", "Arsyetimi"),
    "conflicts": (
        "Amendments the current evidence leaves nothing to apply to",
        "Ndryshime që nuk kanë më ku të zbatohen sipas dëshmive të tanishme",
    ),
    "narrative": ("The working group's account", "Përshkrimi i grupit punues"),
}

ADOPTING_BODIES: dict[str, str] = {
    "Municipal Education Directorate": "Drejtoria Komunale e Arsimit (DKA)",
    "Municipal Assembly": "Kuvendi Komunal",
}

COST_BANDS: dict[str, tuple[str, str]] = {
    "low": ("low", "e ulët"),
    "medium": ("medium", "mesatare"),
    "high": ("high", "e lartë"),
}

# The catalogue's funding sources; a working group's own wording is shown as written.
FUNDING_SQ: dict[str, str] = {
    "existing staff time": "koha e stafit ekzistues",
    "none required": "nuk nevojitet",
    "mesti accredited training budget": "buxheti i MASHTI-t për trajnime të akredituara",
    "mesti": "MASHTI",
    "donors": "donatorët",
    "municipal co-funding": "bashkëfinancim komunal",
    "municipal budget": "buxheti komunal",
    "municipal capital budget": "buxheti kapital komunal",
    "municipal education budget": "buxheti komunal i arsimit",
    "municipal social budget": "buxheti komunal për mirëqenie sociale",
    "school budget": "buxheti i shkollës",
}

# Names of the fields a working group edits (`ActionFields`, `PlannedAction.amended`).
FIELDS: dict[str, tuple[str, str]] = {
    "label": ("description", "përshkrimi"),
    "responsible": ("lead body", "institucioni përgjegjës"),
    "focal_point": ("focal point", "pika kontaktuese"),
    "partners": ("partners", "partnerët"),
    "start_month": ("timeline", "afati"),
    "end_month": ("timeline", "afati"),
    "cost_eur": ("cost", "kostoja"),
    "funding_source": ("funding source", "burimi i financimit"),
    "budget_line": ("budget line", "linja buxhetore"),
    "indicator": ("indicator", "treguesi"),
    "baseline_value": ("baseline", "vlera bazë"),
    "baseline_date": ("baseline", "vlera bazë"),
    "target_value": ("target", "caku"),
    "target_unit": ("target", "caku"),
    "target_date": ("target", "caku"),
    "pinned": ("kept among the priorities", "mbajtur ndër prioritetet"),
    "rank": ("rank", "renditja"),
    "objective": ("objective", "objektivi"),
}


def word(key: str, lang: Lang) -> str:
    en, sq = WORDS[key]
    return en if lang == "en" else sq


def field_names(fields: tuple[str, ...] | list[str], lang: Lang) -> str:
    """Field codes as a readable list, each named once, in the order given."""
    names = [FIELDS.get(f, (f, f))[0 if lang == "en" else 1] for f in fields]
    return ", ".join(dict.fromkeys(names))


def funding(source: str, lang: Lang) -> str:
    if lang == "en":
        return source
    parts = [p.strip() for p in source.split(",")]
    if all(p.lower() in FUNDING_SQ for p in parts):
        text = ", ".join(FUNDING_SQ[p.lower()] for p in parts)
        return text[:1].upper() + text[1:]
    return source


def adopting_body(name: str, lang: Lang) -> str:
    return ADOPTING_BODIES.get(name, name) if lang == "sq" else name

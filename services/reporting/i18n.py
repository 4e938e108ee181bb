"""Labels of the review workspace in English and Albanian."""

from fastapi import Request

LANGS = ("en", "sq")

LABELS: dict[str, tuple[str, str]] = {
    "title": ("Municipal action plans", "Planet komunale të veprimit"),
    "overview": ("Overview", "Pasqyra"),
    "matrix": ("Municipality × category", "Komuna × kategoria"),
    "queue": ("Review queue", "Radha e shqyrtimit"),
    "sign_in": ("Sign in", "Hyni"),
    "sign_out": ("Sign out", "Dilni"),
    "token": ("Planner token", "Tokeni i planifikuesit"),
    "token_hint": (
        "Paste the token your administrator gave you.",
        "Ngjitni tokenin që ju ka dhënë administratori.",
    ),
    "bad_token": (
        "That token is unknown, revoked, or may not read plans.",
        "Ky token është i panjohur, i revokuar ose nuk lejohet të lexojë planet.",
    ),
    "throttled": (
        "Too many failed sign-ins from this address; try again in a minute.",
        "Shumë hyrje të dështuara nga kjo adresë; provoni përsëri pas një minute.",
    ),
    "municipality": ("Municipality", "Komuna"),
    "school_year": ("School year", "Viti shkollor"),
    "version": ("Version", "Versioni"),
    "status": ("Status", "Statusi"),
    "consultations": ("Consultations", "Konsultime"),
    "last_evidence": ("Last evidence", "Dëshmia e fundit"),
    "top": ("Top priorities", "Prioritetet kryesore"),
    "gaps": ("Coverage gaps", "Mangësi në mbulim"),
    "waiting_since": ("Waiting since", "Në pritje që nga"),
    "no_plans": ("No plan has been drafted yet.", "Ende nuk është hartuar asnjë plan."),
    "queue_empty": ("Nothing waits for review.", "Asgjë nuk pret për shqyrtim."),
    "decision": ("Your decision", "Vendimi juaj"),
    "approve": ("Approve", "Miratoje"),
    "request_changes": ("Request changes", "Kërko ndryshime"),
    "submit_for_review": ("Submit for review", "Dërgoje për shqyrtim"),
    "comment": ("Comment", "Koment"),
    "send": ("Send decision", "Dërgo vendimin"),
    "sent": (
        "Decision sent; the status changes here once planning has applied it.",
        "Vendimi u dërgua; statusi ndryshon këtu sapo ta zbatojë planifikimi.",
    ),
    "not_reviewer": (
        "Your role may read plans but not review them.",
        "Roli juaj mund t'i lexojë planet, por jo t'i shqyrtojë.",
    ),
    "history": ("Version history", "Historia e versioneve"),
    "reviews": ("Review decisions", "Vendimet e shqyrtimit"),
    "evidence": ("Evidence", "Dëshmitë"),
    "exports": ("Download", "Shkarko"),
    "score": ("score", "pikët"),
    "updated": ("Updated automatically.", "Përditësohet automatikisht."),
    "participants": ("participants", "pjesëmarrës"),
    "municipalities": ("municipalities with a plan", "komuna me plan"),
}

STATUS: dict[str, tuple[str, str]] = {
    "draft": ("draft", "draft"),
    "in_review": ("in review", "në shqyrtim"),
    "approved": ("approved", "miratuar"),
    "changes_requested": ("changes requested", "kërkohen ndryshime"),
}


def lang_of(request: Request) -> str:
    chosen = request.query_params.get("lang") or request.cookies.get("dmap_lang")
    if chosen in LANGS:
        return chosen
    accept = request.headers.get("accept-language", "").lower()
    return "sq" if accept.startswith(("sq", "al")) else "en"


def translator(lang: str) -> dict[str, str]:
    index = LANGS.index(lang)
    return {k: v[index] for k, v in LABELS.items()}

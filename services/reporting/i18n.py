"""Labels of the review workspace in English and Albanian."""

from fastapi import Request

LANGS = ("en", "sq")

LABELS: dict[str, tuple[str, str]] = {
    "title": ("Municipal action plans", "Planet komunale të veprimit"),
    "overview": ("Overview", "Pasqyra"),
    "matrix": ("Municipality × category", "Komuna × kategoria"),
    "queue": ("Review queue", "Radha e shqyrtimit"),
    "sign_in": ("Sign in", "Hyni"),
    "sign_out": ("Sign out", "Çkyçu"),
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

WORKSPACE: dict[str, tuple[str, str]] = {
    "not_sent": ("not sent", "nuk u dërgua"),
    "back_to_plan": ("Back to the plan", "Kthehu te plani"),
    "of_record_approved": ("Adopted version", "Versioni i miratuar"),
    "of_record_in_review": ("Version in review", "Versioni në shqyrtim"),
    "of_record_changes_requested": ("Version sent back", "Versioni i kthyer"),
    "of_record_draft": ("Draft plan", "Projektplani"),
    "proposed": ("Proposed revision", "Rishikimi i propozuar"),
    "working_draft": ("Working draft", "Projektplani në punë"),
    "revision": ("revision", "rishikimi"),
    "adoption": ("Adoption record", "Akti i miratimit"),
    "decision_number": ("Decision number", "Numri i vendimit"),
    "decision_date": ("Date of decision", "Data e vendimit"),
    "signatories": ("Signatories (one per line)", "Nënshkruesit (një për rresht)"),
    "adopted_by": ("Adopted by", "Miratuar nga"),
    "adopted_mark": ("adopted", "i miratuar"),
    "versions": ("Issued versions", "Versionet e lëshuara"),
    "issued": ("Issued", "Lëshuar"),
    "from_revision": ("from revision", "nga rishikimi"),
    "by": ("by", "nga"),
    "checklist": ("Checklist", "Lista e kontrollit"),
    "open": ("open", "e hapur"),
    "closed": ("closed", "e mbyllur"),
    "target": ("Item", "Pika"),
    "text": ("Text", "Teksti"),
    "who": ("Who", "Kush"),
    "reply": ("Reply", "Përgjigja"),
    "conflicts": ("Conflicts", "Konfliktet"),
    "amendments": ("Amendments", "Ndryshimet"),
    "outcome": ("Outcome", "Rezultati"),
    "pending": ("pending", "në pritje"),
    "applied": ("applied", "u zbatua"),
    "refused": ("refused", "u refuzua"),
    "reason": ("Reason", "Arsyetimi"),
    "reason_hint": (
        "Why: kept with the amendment.",
        "Pse: ruhet bashkë me ndryshimin.",
    ),
    "closes": ("Answers checklist items", "U përgjigjet pikave të listës"),
    "amend_sent": (
        "Sent; the page updates once planning has applied it.",
        "U dërgua; faqja përditësohet sapo ta zbatojë planifikimi.",
    ),
    "none": ("none", "asnjë"),
    "edit_action": ("Edit action", "Ndrysho veprimin"),
    "remove_action": ("Remove action", "Hiqe veprimin"),
    "add_action": ("Add a local action", "Shto një veprim lokal"),
    "edit_objective": ("Edit objective", "Ndrysho objektivin"),
    "edit_narrative": ("Edit the situation narrative", "Ndrysho përshkrimin e situatës"),
    "narrative": ("Situation narrative", "Përshkrimi i situatës"),
    "pin_priority": ("Pin", "Fiksoje"),
    "drop_priority": ("Drop", "Hiqe"),
    "move_priority": ("Move to rank", "Zhvendose në renditjen"),
    "steer": ("Steer this priority", "Drejto këtë prioritet"),
    "exclude_issue": ("Leave this issue out", "Lëre jashtë këtë çështje"),
    "recategorise_issue": ("Count it under", "Numëroje te"),
    "correct": ("Correct", "Korrigjo"),
    "reply_send": ("Send reply", "Dërgo përgjigjen"),
    "withdraw": ("Withdraw", "Tërhiqe"),
    "save": ("Save", "Ruaj"),
    "label": ("Action", "Veprimi"),
    "responsible": ("Responsible", "Përgjegjës"),
    "focal_point": ("Focal point", "Pika kontaktuese"),
    "partners": ("Partners (comma-separated)", "Partnerët (të ndarë me presje)"),
    "partners_hint": ("e.g. school, teachers", "p.sh. shkolla, mësimdhënësit"),
    "start_month": ("Start month", "Muaji i fillimit"),
    "end_month": ("End month", "Muaji i përfundimit"),
    "cost_eur": ("Cost (EUR)", "Kostoja (EUR)"),
    "funding_source": ("Funding source", "Burimi i financimit"),
    "budget_line": ("Budget line", "Linja buxhetore"),
    "indicator": ("Indicator", "Treguesi"),
    "baseline_value": ("Baseline value", "Vlera bazë"),
    "baseline_date": ("Baseline date", "Data e vlerës bazë"),
    "target_value": ("Target value", "Vlera e synuar"),
    "target_unit": ("Target unit", "Njësia e synimit"),
    "target_unit_hint": (
        "e.g. %, pupils from non-majority communities",
        "p.sh. %, nxënës nga komunitetet joshumicë",
    ),
    "target_date": ("Target date", "Data e synimit"),
    "comment_decision": ("Comment", "Komento"),
    "item_rows": (
        "Points to change (they open the checklist)",
        "Pikat për ndryshim (hapin listën)",
    ),
    "whole_plan": ("the whole plan", "i gjithë plani"),
    "send_submit": ("Submit this draft", "Dërgoje këtë projektplan"),
    "send_approve": ("Approve and adopt", "Miratoje dhe adoptoje"),
    "send_changes": ("Send back", "Ktheje për ndryshime"),
    "send_comment": ("Send comment", "Dërgo komentin"),
    "no_decision": (
        "Nothing for your role to decide now.",
        "Asgjë për t'u vendosur nga roli juaj tani.",
    ),
    "group": ("Group", "Grupi"),
    "when": ("When", "Kur"),
    "changes": ("Changes", "Ndryshimet"),
    "kind": ("Change", "Ndryshimi"),
    "rank": ("rank", "renditja"),
}
LABELS.update(WORKSPACE)

# What the working group decides on in the draft (issue 12): the issues the classifier
# doubts or could not place, the participants' recommendations, who classified what.
DECIDING: dict[str, tuple[str, str]] = {
    "needs_human": ("Needs a human", "Çështje që kërkojnë vendim njerëzor"),
    "needs_human_hint": (
        "The classifier is not sure of these issues: choose the category or leave the issue "
        "out. Until then they count in no category.",
        "Klasifikuesi nuk është i sigurt për këto çështje: zgjidhni kategorinë ose lëreni "
        "çështjen jashtë. Deri atëherë nuk numërohen në asnjë kategori.",
    ),
    "unclassified_issues": ("Unclassified issues", "Çështje të paklasifikuara"),
    "unclassified_hint": (
        "The classifier could not place these issues in any category: choose one or leave "
        "the issue out. Until then they count in no category.",
        "Klasifikuesi nuk arriti t'i vendosë këto çështje në asnjë kategori: zgjidhni një "
        "ose lëreni çështjen jashtë. Deri atëherë nuk numërohen në asnjë kategori.",
    ),
    "candidates": ("Suggested", "Sugjerimet"),
    "text_missing": (
        "the text of this consultation has not reached the workspace yet",
        "teksti i këtij konsultimi ende nuk ka arritur në hapësirën e punës",
    ),
    "recommendations": ("Participants' recommendations", "Rekomandimet e pjesëmarrësve"),
    "as_action": ("Add as a local action", "Shtoje si veprim lokal"),
    "under_priority": ("Under the priority", "Te prioriteti"),
    "responsible_hint": ("e.g. MED, school, CSW", "p.sh. DKA, shkolla, QPS"),
    "no_priority": (
        "The draft has no priority yet to add it under.",
        "Projektplani ende nuk ka asnjë prioritet ku të shtohet.",
    ),
    "added_as": ("Added as action", "Shtuar si veprimi"),
    "made_by_hint": (
        "Who placed the issue here (the rules' terms, the model's words) and how sure",
        "Kush e vendosi çështjen këtu (termat e rregullave, fjalët e modelit) dhe me çfarë sigurie",
    ),
    "catalogue_v": ("catalogue", "katalogu"),
    "rules_v": ("rules", "rregullat"),
    "model_v": ("model", "modeli"),
}
LABELS.update(DECIDING)

DECISION_LABELS: dict[str, tuple[str, str]] = {
    "submit_for_review": ("submitted for review", "dërguar për shqyrtim"),
    "approve": ("approved", "miratuar"),
    "request_changes": ("changes requested", "kërkohen ndryshime"),
    "comment": ("comment", "koment"),
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

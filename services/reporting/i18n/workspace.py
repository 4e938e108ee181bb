"""Labels of the review workspace: English msgids, translated by the `workspace`
gettext catalogue (locale/*/LC_MESSAGES/workspace.po)."""

from collections.abc import Callable

from fastapi import Request

from schemas.vocabulary import IssueCategory
from services.reporting.i18n import N_, content, words
from services.reporting.i18n.following import FOLLOWING
from services.reporting.i18n.languages import WORKSPACE_LANGS, Lang, parse_lang

CATEGORY_CODES = frozenset(c.value for c in IssueCategory)

LABELS: dict[str, str] = {
    "title": N_("Municipal action plans"),
    "overview": N_("Overview"),
    "matrix": N_("Municipality × category"),
    "queue": N_("Review queue"),
    "sign_in": N_("Sign in"),
    "sign_out": N_("Sign out"),
    "token": N_("Planner token"),
    "token_hint": N_("Paste the token your administrator gave you."),
    "bad_token": N_("That token is unknown, revoked, or may not read plans."),
    "throttled": N_("Too many failed sign-ins from this address; try again in a minute."),
    "municipality": N_("Municipality"),
    "school_year": N_("School year"),
    "version": N_("Version"),
    "status": N_("Status"),
    "consultations": N_("Consultations"),
    "last_evidence": N_("Last evidence"),
    "top": N_("Top priorities"),
    "gaps": N_("Coverage gaps"),
    "waiting_since": N_("Waiting since"),
    "no_plans": N_("No plan has been drafted yet."),
    "queue_empty": N_("Nothing waits for review."),
    "decision": N_("Your decision"),
    "approve": N_("Approve"),
    "request_changes": N_("Request changes"),
    "submit_for_review": N_("Submit for review"),
    "comment": N_("Comment"),
    "send": N_("Send decision"),
    "sent": N_("Decision sent; the status changes here once planning has applied it."),
    "not_reviewer": N_("Your role may read plans but not review them."),
    "history": N_("Version history"),
    "reviews": N_("Review decisions"),
    "evidence": N_("Evidence"),
    "exports": N_("Download"),
    "score": N_("score"),
    "updated": N_("Updated automatically."),
    "participants": N_("participants"),
    "municipalities": N_("municipalities with a plan"),
}

WORKSPACE: dict[str, str] = {
    "not_sent": N_("not sent"),
    "back_to_plan": N_("Back to the plan"),
    "of_record_approved": N_("Adopted version"),
    "of_record_in_review": N_("Version in review"),
    "of_record_changes_requested": N_("Version sent back"),
    "of_record_draft": N_("Draft plan"),
    "proposed": N_("Proposed revision"),
    "working_draft": N_("Working draft"),
    "revision": N_("revision"),
    "adoption": N_("Adoption record"),
    "decision_number": N_("Decision number"),
    "decision_date": N_("Date of decision"),
    "signatories": N_("Signatories (one per line)"),
    "adopted_by": N_("Adopted by"),
    "adopted_mark": N_("adopted"),
    "versions": N_("Issued versions"),
    "issued": N_("Issued"),
    "from_revision": N_("from revision"),
    "by": N_("by"),
    "checklist": N_("Checklist"),
    "open": N_("open"),
    "closed": N_("closed"),
    "target": N_("Item"),
    "text": N_("Text"),
    "who": N_("Who"),
    "reply": N_("Reply"),
    "conflicts": N_("Conflicts"),
    "amendments": N_("Amendments"),
    "outcome": N_("Outcome"),
    "pending": N_("pending"),
    "applied": N_("applied"),
    "refused": N_("refused"),
    "reason": N_("Reason"),
    "reason_hint": N_("Reason: kept with the amendment."),
    "closes": N_("Answers checklist items"),
    "amend_sent": N_("Sent; the page updates once planning has applied it."),
    "none": N_("none"),
    "edit_action": N_("Edit action"),
    "remove_action": N_("Remove action"),
    "add_action": N_("Add a local action"),
    "edit_objective": N_("Edit objective"),
    "edit_narrative": N_("Edit the situation narrative"),
    "narrative": N_("Situation narrative"),
    "pin_priority": N_("Pin"),
    "drop_priority": N_("Drop"),
    "move_priority": N_("Move to rank"),
    "steer": N_("Steer this priority"),
    "exclude_issue": N_("Leave this issue out"),
    "recategorise_issue": N_("Count it under"),
    "correct": N_("Correct"),
    "reply_send": N_("Send reply"),
    "withdraw": N_("Withdraw"),
    "save": N_("Save"),
    "label": N_("Action"),
    "responsible": N_("Responsible"),
    "focal_point": N_("Focal point"),
    "partners": N_("Partners (comma-separated)"),
    "partners_hint": N_("e.g. school, teachers"),
    "start_month": N_("Start month"),
    "end_month": N_("End month"),
    "cost_eur": N_("Cost (EUR)"),
    "funding_source": N_("Funding source"),
    "budget_line": N_("Budget line"),
    "indicator": N_("Indicator"),
    "baseline_value": N_("Baseline value"),
    "baseline_date": N_("Baseline date"),
    "target_value": N_("Target value"),
    "target_unit": N_("Target unit"),
    "target_unit_hint": N_("e.g. %, pupils from non-majority communities"),
    "target_date": N_("Target date"),
    "comment_decision": N_("Comment"),
    "item_rows": N_("Points to change (they open the checklist)"),
    "whole_plan": N_("the whole plan"),
    "send_submit": N_("Submit this draft"),
    "send_approve": N_("Approve and adopt"),
    "send_changes": N_("Send back"),
    "send_comment": N_("Send comment"),
    "no_decision": N_("Nothing for your role to decide now."),
    "group": N_("Group"),
    "when": N_("When"),
    "changes": N_("Changes"),
    "kind": N_("Change"),
    "rank": N_("rank"),
}
LABELS.update(WORKSPACE)

# What the working group decides on in the draft (issue 12): the issues the classifier
# doubts or could not place, the participants' recommendations, who classified what.
DECIDING: dict[str, str] = {
    "needs_human": N_("Needs a human"),
    "needs_human_hint": N_(
        "The classifier is not sure of these issues: choose the category or leave the "
        "issue out. Until then they count in no category."
    ),
    "unclassified_issues": N_("Unclassified issues"),
    "unclassified_hint": N_(
        "The classifier could not place these issues in any category: choose one or "
        "leave the issue out. Until then they count in no category."
    ),
    "candidates": N_("Suggested"),
    "text_missing": N_("the text of this consultation has not reached the workspace yet"),
    "recommendations": N_("Participants' recommendations"),
    "as_action": N_("Add as a local action"),
    "under_priority": N_("Under the priority"),
    "responsible_hint": N_("e.g. MED, school, CSW"),
    "no_priority": N_("The draft has no priority yet to add it under."),
    "added_as": N_("Added as action"),
    "made_by_hint": N_(
        "Who placed the issue here (the rules' terms, the model's words) and how sure"
    ),
    "catalogue_v": N_("catalogue"),
    "rules_v": N_("rules"),
    "model_v": N_("model"),
}
LABELS.update(DECIDING)

# The plan as the workspace page shows it.
PLAN_PAGE: dict[str, str] = {
    "goals": N_("Goals"),
    "situation": N_("Situation analysis"),
    "priorities": N_("Priorities"),
    "objective": N_("Objective"),
    "rationale": N_("Rationale"),
    "other_findings": N_("Other findings"),
    "default_adopting_body": N_("Municipal Education Directorate"),
    "language": N_("Language"),
    "other_languages": N_("The plan in another language"),
}
LABELS.update(PLAN_PAGE)
LABELS.update(FOLLOWING)

DECISION_LABELS: dict[str, str] = {
    "submit_for_review": N_("submitted for review"),
    "approve": N_("approved"),
    "request_changes": N_("changes requested"),
    "comment": N_("comment"),
}

STATUS: dict[str, str] = {
    "draft": N_("draft"),
    "in_review": N_("in review"),
    "approved": N_("approved"),
    "changes_requested": N_("changes requested"),
}


def lang_of(request: Request) -> Lang:
    """The reader's language: `?lang=`, then the cookie it set, then the browser's."""
    for value in (request.query_params.get("lang"), request.cookies.get("dmap_lang")):
        chosen = parse_lang(value)
        if chosen in WORKSPACE_LANGS:
            return chosen
    return browser_lang(request.headers.get("accept-language", ""))


def browser_lang(accept_language: str) -> Lang:
    """The language a browser asks for first: `sq`/`al` Albanian, `sr-Latn` Serbian in
    Latin script, `sr` Serbian in Cyrillic, `tr` Turkish, `bs` (and Croatian, `hr`, the
    other ijekavian standard in Latin script) Bosnian; anything else English."""
    accept = accept_language.strip().lower()
    if accept.startswith(("sq", "al")):
        return "sq"
    if accept.startswith(("sr-latn", "sr_latn")):
        return "sr"
    if accept.startswith("tr"):
        return "tr"
    if accept.startswith(("bs", "hr")):
        return "bs"
    return "sr-Cyrl" if accept.startswith("sr") else "en"


def translator(lang: Lang) -> dict[str, str]:
    """The workspace's labels in `lang`, by key (templates say `t.overview`)."""
    _ = words(lang, "workspace")
    return {k: _(v) for k, v in LABELS.items()}


def label_of(table: dict[str, str], lang: Lang) -> Callable[[str], str]:
    """A status or decision code as the reader's language says it."""
    _ = words(lang, "workspace")
    return lambda code: _(table[code]) if code in table else code


def target_label(target: str, lang: Lang) -> str:
    """What a checklist item or review point is about, as the reader says it: the whole
    plan, a priority by its category's name; an action keeps its code (`CL-1`), the
    name the plan prints it under."""
    kind, _, code = target.partition(":")
    if target == "plan":
        return words(lang, "workspace")(LABELS["whole_plan"])
    if kind == "priority" and code in CATEGORY_CODES:
        return content.category(code, lang)
    return code if kind == "action" and code else target

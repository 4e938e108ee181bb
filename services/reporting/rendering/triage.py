"""What a planner decides on, shaped from a plan's stored content and the redacted
consultations behind it: the issues the classifier could not place (`unclassified`) or
doubts (`needs_human`), the participants' recommendations, and who classified what.

Pure: no I/O; the API, the plan page and the tests share it.
"""

from collections.abc import Iterable, Mapping
from typing import Any, Literal

from services.reporting.i18n import N_, words
from services.reporting.i18n.languages import Lang

TriageState = Literal["unclassified", "needs_human"]
TRIAGE_STATES: tuple[TriageState, ...] = ("needs_human", "unclassified")
Record = Mapping[str, Any]

# Who made an assignment, as the plan page says it.
MAKERS: dict[str, str] = {"rules": N_("rules"), "model": N_("model")}


def _key(consultation_id: Any, index: Any) -> tuple[str, int]:
    return str(consultation_id), int(index)


def classification_of(plan: Record) -> dict[tuple[str, int], Record]:
    """Each free-text issue's classification, by (consultation id, issue index)."""
    return {
        _key(c["consultation_id"], c["issue_index"]): c for c in plan.get("classification") or ()
    }


def refs(plan: Record, state: TriageState) -> list[tuple[str, int]]:
    """The issues of the plan in `state`, in the plan's order.

    A plan drafted before issues were listed one by one has only their count: then the
    classification (if any) says which they are.
    """
    listed = (plan.get(state) or {}).get("issues") or ()
    if listed:
        return [_key(i["consultation_id"], i["issue_index"]) for i in listed]
    return [k for k, c in classification_of(plan).items() if c["state"] == state]


def consultation_ids(plan: Record) -> list[str]:
    """Every consultation the plan names: behind a priority, a finding, a listed issue."""
    ids: set[str] = set()
    for entry in [*plan.get("priorities", ()), *(plan.get("other_findings") or ())]:
        ids.update(str(i) for i in entry["consultation_ids"])
    for state in TRIAGE_STATES:
        ids.update(str(i) for i in (plan.get(state) or {}).get("consultation_ids") or ())
        ids.update(c for c, _ in refs(plan, state))
    ids.update(c for c, _ in classification_of(plan))
    return sorted(ids)


def _candidates(found: Record | None) -> list[dict[str, Any]]:
    categories = (found or {}).get("categories") or ()
    return sorted(
        (
            {
                "category": a["category"],
                "by": a["by"],
                "confidence": a["confidence"],
                "terms": list(a.get("terms") or ()),
                "words": list(a.get("words") or ()),
                "features": list(a.get("features") or ()),
            }
            for a in categories
        ),
        key=lambda a: -float(a["confidence"]),
    )


def issues(plan: Record, records: Iterable[Record], state: TriageState) -> list[dict[str, Any]]:
    """The plan's issues in `state`, each with its consultation's group and date, its
    (redacted) text and severity, and for `needs_human` the candidates, surest first.

    An issue whose consultation reporting has not stored (yet) keeps its place with the
    text and the rest empty (None), so no issue is silently left off.
    """
    by_id = {str(r["consultation_id"]): r for r in records}
    opinions = classification_of(plan)
    out = []
    for cid, index in refs(plan, state):
        record = by_id.get(cid) or {}
        raised = record.get("raised_issues") or ()
        issue: Record = raised[index] if index < len(raised) else {}
        school = record.get("school") or {}
        out.append(
            {
                "consultation_id": cid,
                "issue_index": index,
                "stakeholder_group": record.get("stakeholder_group"),
                "consultation_date": record.get("consultation_date"),
                "language": record.get("language"),
                "school": school.get("name"),
                "description": issue.get("description"),
                "severity": issue.get("severity"),
                "candidates": _candidates(opinions.get((cid, index)))
                if state == "needs_human"
                else [],
            }
        )
    return out


def recommendations(plan: Record, records: Iterable[Record]) -> list[dict[str, Any]]:
    """Participants' recommendations in the consultations of the plan, oldest first,
    each with `added_as`: the working group's local actions already made of its text."""
    local = [a for p in plan.get("priorities", ()) for a in p.get("actions", ()) if _is_local(a)]
    out = []
    ordered = sorted(
        records, key=lambda r: (str(r.get("consultation_date")), str(r["consultation_id"]))
    )
    for r in ordered:
        for index, text in enumerate(r.get("recommendations") or ()):
            added = [
                a["action_id"]
                for a in local
                if text.strip() in {v.strip() for v in (a.get("label") or {}).values() if v}
            ]
            out.append(
                {
                    "consultation_id": str(r["consultation_id"]),
                    "index": index,
                    "stakeholder_group": r.get("stakeholder_group"),
                    "consultation_date": r.get("consultation_date"),
                    "language": r.get("language"),
                    "text": text,
                    "added_as": added,
                }
            )
    return out


def _is_local(action: Record) -> bool:
    return action.get("origin") == "local"


def confidence(value: float, lang: Lang) -> str:
    """0.83 / 0,83: two decimals, with the Albanian decimal comma."""
    shown = f"{value:.2f}"
    return shown if lang == "en" else shown.replace(".", ",")


def made_by(assignment: Record, lang: Lang) -> str:
    """Who placed an issue in a category, on what, and how sure:
    `rules: punojnë · model: 'arë', 'punoj' · 0.83` (the words the rules matched as the
    consultant wrote them; the folded stems for a plan drafted before they were kept)."""
    _ = words(lang, "workspace")
    by = assignment["by"]
    parts = []
    if by in ("rules", "both"):
        terms = ", ".join(assignment.get("words") or assignment.get("terms") or ())
        parts.append(_(MAKERS["rules"]) + (f": {terms}" if terms else ""))
    if by in ("model", "both"):
        features = ", ".join(f"'{f}'" for f in assignment.get("features") or ())
        parts.append(_(MAKERS["model"]) + (f": {features}" if features else ""))
    parts.append(confidence(float(assignment["confidence"]), lang))
    return " · ".join(parts)


def provenance(plan: Record, lang: Lang = "en") -> dict[str, str]:
    """`made_by` of every classifier-made assignment of the plan, keyed
    `<consultation id>/<issue index>/<category>` (consultants' own categories are not
    listed, nor are the candidates of an issue that needs a human)."""
    out = {}
    for (cid, index), c in classification_of(plan).items():
        if c["state"] != "classified":
            continue
        for a in c.get("categories") or ():
            out[f"{cid}/{index}/{a['category']}"] = made_by(a, lang)
    return out

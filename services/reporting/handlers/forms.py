"""What the workspace's HTML forms post, turned into the API's requests.

An empty input means "leave as it is"; on the action form, a value equal to the
action's current one is left out too, so only what the group changed is amended.
"""

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from starlette.datastructures import FormData

from schemas.plans import Adoption
from schemas.reviews import ReviewItem
from services.reporting.i18n.content import text
from services.reporting.i18n.languages import Lang
from services.reporting.requests import AmendmentRequest

KINDS = (
    "exclude_issue",
    "recategorise_issue",
    "pin_priority",
    "drop_priority",
    "move_priority",
    "edit_action",
    "remove_action",
    "add_action",
    "edit_objective",
    "edit_narrative",
    "reply",
    "withdraw",
)
# The inputs each kind takes besides `fields` (actions).
_KEYS: dict[str, tuple[str, ...]] = {
    "exclude_issue": ("consultation_id", "issue_index"),
    "recategorise_issue": ("consultation_id", "issue_index", "category"),
    "pin_priority": ("category",),
    "drop_priority": ("category",),
    "move_priority": ("category", "rank"),
    "edit_action": ("action_id",),
    "remove_action": ("action_id",),
    "add_action": ("category",),
    "edit_objective": ("category", "text"),
    "edit_narrative": ("text",),
    "reply": ("item_id", "text"),
    "withdraw": ("amendment_id",),
}
_TEXT = (
    "label",
    "responsible",
    "focal_point",
    "funding_source",
    "budget_line",
    "indicator",
    "target_unit",
)
_NUMBERS = ("cost_eur", "baseline_value", "target_value")
_DATES = ("start_month", "end_month", "baseline_date", "target_date")


M = TypeVar("M", bound=BaseModel)


class FormRefused(Exception):
    """A form that does not make a request: the field and why, for the page."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _text(form: FormData, key: str) -> str:
    value = form.get(key, "")
    return value.strip() if isinstance(value, str) else ""


def current_fields(action: dict[str, Any], lang: Lang) -> dict[str, Any]:
    """An action's values as the edit form shows them (and compares them)."""
    indicator = action.get("indicator") or {}
    return {
        "label": text(action.get("label"), lang),
        "responsible": text(action.get("responsible_label"), lang),
        "focal_point": action.get("focal_point"),
        "partners": ", ".join(text(b, lang) for b in action.get("partner_labels") or []),
        "start_month": action.get("start_month"),
        "end_month": action.get("end_month"),
        "cost_eur": action.get("cost_eur"),
        "funding_source": action.get("funding_source"),
        "budget_line": action.get("budget_line"),
        "indicator": text(indicator.get("label"), lang),
        "baseline_value": indicator.get("baseline_value"),
        "baseline_date": indicator.get("baseline_date"),
        "target_value": indicator.get("target_value"),
        "target_unit": indicator.get("target_unit"),
        "target_date": indicator.get("target_date"),
    }


def _number(value: str, key: str) -> float:
    try:
        return float(value.replace(",", "."))
    except ValueError:
        raise FormRefused(f"{key}: '{value}' is not a number") from None


def action_fields(form: FormData, before: dict[str, Any] | None) -> dict[str, Any]:
    """The `ActionFields` a form sets: filled inputs that differ from `before`."""
    out: dict[str, Any] = {}
    for key in (*_TEXT, *_DATES):
        if value := _text(form, key):
            out[key] = value
    for key in _NUMBERS:
        if value := _text(form, key):
            out[key] = _number(value, key)
    if partners := _text(form, "partners"):
        out["partners"] = [p.strip() for p in partners.split(",") if p.strip()]
    if before is None:
        return out
    shown = {k: v for k, v in before.items() if v is not None}
    shown["partners"] = [p.strip() for p in str(shown.get("partners", "")).split(",") if p]
    return {k: v for k, v in out.items() if shown.get(k) != v}


def amendment(
    kind: str, form: FormData, draft: dict[str, Any], before: dict[str, Any] | None
) -> AmendmentRequest:
    """The request a form for `kind` makes (pydantic's checks give its refusals)."""
    change: dict[str, Any] = {"kind": kind}
    for key in _KEYS[kind]:
        if value := _text(form, key):
            change[key] = value
    if kind in ("edit_action", "add_action"):
        change["fields"] = action_fields(form, before)
        if kind == "edit_action" and not change["fields"]:
            raise FormRefused("nothing changed: fill in at least one field")
    closes = [v for v in form.getlist("closes") if isinstance(v, str) and v]
    body = {
        "version": _text(form, "version") or draft["version"],
        "revision": _text(form, "revision") or draft["revision"],
        "change": change,
        "reason": _text(form, "reason"),
        "closes": closes,
    }
    return _valid(AmendmentRequest, body)


def items(form: FormData) -> tuple[ReviewItem, ...]:
    """Per-item comments: rows `item_target_N` / `item_text_N`; rows without text are skipped."""
    found = []
    for n in range(10):
        text = _text(form, f"item_text_{n}")
        if text:
            target = _text(form, f"item_target_{n}") or "plan"
            found.append(_valid(ReviewItem, {"target": target, "text": text}))
    return tuple(found)


def adoption(form: FormData) -> Adoption | None:
    """The adoption record of an approval (signatories one per line)."""
    number = _text(form, "decision_number")
    if not number:
        return None
    lines = [s.strip() for s in _text(form, "signatories").splitlines() if s.strip()]
    body: dict[str, Any] = {
        "decision_number": number,
        "decision_date": _text(form, "decision_date"),
        "signatories": lines,
    }
    if by := _text(form, "adopted_by"):
        body["adopted_by"] = by
    return _valid(Adoption, body)


def _valid(model: type[M], body: dict[str, Any]) -> M:
    try:
        return model.model_validate(body)
    except ValidationError as exc:
        raise FormRefused("; ".join(_said(e) for e in exc.errors())) from None


def _said(error: Any) -> str:
    where = ".".join(str(p) for p in error["loc"] if p not in KINDS)
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"{where}: {message}" if where else message

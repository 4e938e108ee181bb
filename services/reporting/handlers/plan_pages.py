"""The plan page, the working group's workspace: the plan of record beside the working
draft, and the forms that amend the draft and decide on issued versions."""

from typing import Annotated, Any
from uuid import UUID

import structlog
from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from schemas.amendments import ExcludeIssue, RecategoriseIssue
from schemas.reviews import Decision
from schemas.vocabulary import IssueCategory
from services.reporting.handlers import forms
from services.reporting.handlers.queries import (
    ReportingUnits,
    decisions_pending,
    evidence,
    plan_detail,
    record_amendment,
    record_review,
)
from services.reporting.handlers.web import Pages, csrf_for, csrf_ok
from services.reporting.i18n.workspace import lang_of
from services.reporting.requests import Refused as NotSent
from services.reporting.requests import ReviewRequest, check_amendment, check_review
from services.runtime.auth.http import AuthError
from services.runtime.auth.roles import DECISION_PERMISSION, PERMISSIONS, Permission, covers
from services.runtime.auth.tokens import Principal

log = structlog.get_logger(__name__)
EXPIRED = "The form expired; open the plan again."


def may(who: Principal, permission: Permission, municipality: str) -> bool:
    return permission in PERMISSIONS[who.role] and covers(who.municipalities, municipality)


def _actions(plan: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {a["action_id"]: a for p in plan["priorities"] for a in p["actions"]}


def add_plan_routes(router: APIRouter, pages: Pages, units: Any) -> None:
    """The plan page and its forms, on the workspace's router (`units`: the dependency)."""
    Ctx = Annotated[ReportingUnits, Depends(units)]

    @router.get("/ui/plans/{municipality}")
    async def plan_page(request: Request, municipality: str, ctx: Ctx) -> Response:
        who = await pages.viewer(request, Permission.READ_PLANS)
        if isinstance(who, Response):
            return who
        d = await plan_detail(ctx, municipality)
        plan, draft = d["plan"], d["draft"]["plan"]
        lang = lang_of(request)

        async def drill(p: dict[str, Any]) -> dict[str, Any]:
            return {x["category"]: await evidence(ctx, p, x["category"]) for x in p["priorities"]}

        can_amend = may(who, Permission.AMEND, municipality)
        # The draft beside an issued version: always while one is in review or sent back;
        # after adoption once it has new content, or for whoever may start amending it.
        beside = d["of_record"] != "draft" and (
            d["proposed_revision"] or d["of_record"] != "approved" or can_amend
        )
        offered = [x for x in d["decisions"] if may(who, DECISION_PERMISSION[x], municipality)]
        targets = ["plan", *(f"priority:{p['category']}" for p in plan["priorities"])]
        targets += [f"action:{a}" for a in _actions(plan)]
        done = _uuid(request.query_params.get("done"))
        outcome = next(
            (r for r in [*d["reviews"], *d["amendments"]] if done and _id_of(r) == done), None
        )
        return pages.page(
            request,
            "plan.html",
            d=d,
            plan=plan,
            draft=draft,
            beside=beside,
            evidence=await drill(plan),
            draft_evidence=await drill(draft) if beside else None,
            # The issues and recommendations the working group decides on, for the draft.
            pending=await decisions_pending(ctx, draft) if can_amend else None,
            user=who,
            can_amend=can_amend,
            offered=offered,
            targets=targets,
            categories=[c.value for c in IssueCategory],
            open_items=[i for i in d["checklist"] if i["state"] == "open"],
            fields_of=lambda a: forms.current_fields(a, lang),
            csrf=csrf_for(request),
            sent=_uuid(request.query_params.get("sent")),
            outcome=outcome,
        )

    @router.post("/ui/plans/{municipality}/review")
    async def review_form(
        request: Request,
        municipality: str,
        ctx: Ctx,
        decision: Annotated[Decision, Form()],
        version: Annotated[int, Form()],
        csrf: Annotated[str, Form()],
        comment: Annotated[str, Form(max_length=4000)] = "",
        revision: Annotated[int | None, Form()] = None,
    ) -> Response:
        who = await pages.viewer(request, *set(DECISION_PERMISSION.values()))
        if isinstance(who, Response):
            return who
        back = f"/ui/plans/{municipality}"
        if not csrf_ok(request, csrf):
            return pages.refused(request, EXPIRED, 403, back)
        detail = await plan_detail(ctx, municipality)
        form = await request.form()
        try:
            body = ReviewRequest(
                decision=decision,
                version=version,
                comment=comment,
                revision=revision,
                items=forms.items(form),
                adoption=forms.adoption(form) if decision == "approve" else None,
            )
            check_review(who, detail, body)
        except forms.FormRefused as bad:
            return pages.refused(request, bad.reason, 422, back)
        except NotSent as refused:
            return pages.refused(request, refused.errors[0]["reason"], refused.status, back)
        except AuthError as exc:
            return pages.refused(request, exc.detail, exc.status, back)
        event = await record_review(
            ctx,
            who,
            detail["plan_id"],
            version,
            decision,
            comment,
            revision=body.revision,
            items=body.items,
            adoption=body.adoption,
        )
        log.info("review_sent", plan_id=detail["plan_id"], decision=decision)
        return _sent(back, event.data.review_id, detail)

    @router.post("/ui/plans/{municipality}/amend/{kind}")
    async def amend_form(request: Request, municipality: str, kind: str, ctx: Ctx) -> Response:
        who = await pages.viewer(request, Permission.AMEND)
        if isinstance(who, Response):
            return who
        back = f"/ui/plans/{municipality}"
        form = await request.form()
        sent_csrf = form.get("csrf")
        if not isinstance(sent_csrf, str) or not csrf_ok(request, sent_csrf):
            return pages.refused(request, EXPIRED, 403, back)
        if kind not in forms.KINDS:
            return pages.refused(request, f"no amendment of kind '{kind}'", 404, back)
        detail = await plan_detail(ctx, municipality)
        draft = detail["draft"]
        before = None
        if kind == "edit_action":
            found = _actions(draft["plan"]).get(str(form.get("action_id", "")))
            before = forms.current_fields(found, lang_of(request)) if found else None
        try:
            body = forms.amendment(kind, form, draft, before)
            count = None
            if isinstance(body.change, ExcludeIssue | RecategoriseIssue):
                async with ctx.reading() as unit:
                    count = await unit.workspace.issue_count(
                        municipality, body.change.consultation_id
                    )
            check_amendment(who, detail, body, count)
        except forms.FormRefused as bad:
            return pages.refused(request, bad.reason, 422, back)
        except NotSent as refused:
            return pages.refused(request, refused.errors[0]["reason"], refused.status, back)
        except AuthError as exc:
            return pages.refused(request, exc.detail, exc.status, back)
        event = await record_amendment(ctx, who, detail["plan_id"], body)
        log.info("amendment_sent", plan_id=detail["plan_id"], kind=kind)
        return _sent(back, event.data.amendment_id, detail)


def _sent(back: str, request_id: UUID, detail: dict[str, Any]) -> Response:
    """Back to the plan, which polls until planning has applied (or refused) the request."""
    was = f"was={detail['status']}&rev={detail['draft']['revision']}"
    return RedirectResponse(f"{back}?sent={request_id}&{was}", 303)


def _id_of(row: dict[str, Any]) -> str:
    return str(row.get("review_id") or row.get("amendment_id"))


def _uuid(value: str | None) -> str | None:
    """A `?sent=` / `?done=` request id; anything but a UUID is ignored."""
    try:
        return str(UUID(value)) if value else None
    except ValueError:
        return None

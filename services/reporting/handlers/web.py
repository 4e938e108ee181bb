"""What every workspace page shares: rendering in the reader's language, who is signed in,
and the per-session CSRF token of its forms."""

import hashlib
import hmac
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from services.reporting.i18n.languages import LANGS, NAMES, WORKSPACE_LANGS
from services.reporting.i18n.workspace import DECISION_LABELS, STATUS, label_of, lang_of, translator
from services.runtime.auth.http import COOKIE, AuthError, bearer, require
from services.runtime.auth.roles import Permission
from services.runtime.auth.tokens import Principal


def csrf_for(request: Request) -> str:
    """A per-session secret for forms: a cross-site page cannot know it."""
    return csrf_of(request.cookies.get(COOKIE, ""))


def csrf_of(session_id: str) -> str:
    return hmac.new(session_id.encode(), b"dmap-review-form", hashlib.sha256).hexdigest()[:32]


def csrf_ok(request: Request, sent: str) -> bool:
    return hmac.compare_digest(sent, csrf_for(request))


class Pages:
    """Renders templates with the labels of the page language."""

    def __init__(self, templates: Jinja2Templates) -> None:
        self.templates = templates

    def page(
        self, request: Request, name: str, status_code: int = 200, **values: Any
    ) -> HTMLResponse:
        lang = lang_of(request)
        response = self.templates.TemplateResponse(
            request,
            name,
            {
                "t": translator(lang),
                "lang": lang,
                "path": request.url.path,
                "status_label": label_of(STATUS, lang),
                "decision_label": label_of(DECISION_LABELS, lang),
                "languages": [(code, NAMES[code]) for code in WORKSPACE_LANGS],
                "document_languages": [(code, NAMES[code]) for code in LANGS],
                "statuses": {code: label_of(STATUS, lang)(code) for code in STATUS},
                **values,
            },
            status_code=status_code,
        )
        if request.query_params.get("lang"):
            response.set_cookie("dmap_lang", lang, samesite="lax", max_age=365 * 86400)
        return response

    def refused(
        self, request: Request, message: str, status_code: int, back: str | None = None
    ) -> HTMLResponse:
        """A form the workspace did not send on: the specific reason, a way back."""
        return self.page(
            request,
            "refused.html",
            message=message,
            code=status_code,
            back=back,
            status_code=status_code,
        )

    async def viewer(self, request: Request, *permissions: Permission) -> Principal | Response:
        try:
            return await require(*permissions)(request, await bearer(request))
        except AuthError as exc:
            if exc.status == 401:
                return RedirectResponse(f"/signin?next={quote(request.url.path)}", 303)
            refused = self.page(request, "error.html", message=exc.detail, status_code=exc.status)
            refused.headers.update(exc.headers)
            return refused

"""An ASGI middleware that adds browser security headers to every response.

The policy allows scripts and styles from the service's own origin only; the
one inline `<style>` (the self-contained print export) carries the request's
nonce, found in `request.state.csp_nonce`. No page may be framed.
"""

import secrets

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'nonce-{nonce}'; "
    "img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)
# FastAPI's /docs and /redoc load their scripts from a CDN and run an inline one;
# they show no data, so they get the framing rule without the script rules.
DOCS_POLICY = "frame-ancestors 'none'"
DOCS = ("/docs", "/redoc")

FIXED = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        nonce = secrets.token_urlsafe(16)
        scope.setdefault("state", {})["csp_nonce"] = nonce
        docs = scope["path"].startswith(DOCS)
        policy = DOCS_POLICY if docs else POLICY.format(nonce=nonce)

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Content-Security-Policy"] = policy
                for name, value in FIXED.items():
                    headers[name] = value
            await send(message)

        await self.app(scope, receive, with_headers)

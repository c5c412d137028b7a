"""The two HTTP steps of a dashboard sign-in, served beside Streamlit (see ``server.py``).

- ``GET /any/page?login=CODE`` (the link ``aseagi up`` and ``aseagi login-link`` print): the code is
  redeemed through the API (``POST /auth/login``), the session token goes into an HttpOnly, SameSite=Strict
  session cookie, and the browser is sent to the same page without the code. A used or expired code
  lands on the sign-in page with the reason (``?signin=used``).
- ``POST /_aseagi/signout``: the session is revoked through the API and the cookie cleared.

The pages read the cookie with ``st.context.cookies`` and re-check it with the API on every rerun.
"""

from __future__ import annotations

import logging
from urllib.parse import urlencode

import httpx
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from aseagi.dashboards.client import api_url

log = logging.getLogger(__name__)

SESSION_COOKIE = "aseagi_session"
LOGIN_PARAM = "login"
FAILED_PARAM = "signin"
SIGNOUT_PATH = "/_aseagi/signout"
API_TIMEOUT = 10.0
CODE_LIMIT = 200
NO_STORE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


class LoginLinks:
    """ASGI middleware: turns ``?login=CODE`` into a session cookie before Streamlit sees the request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in ("GET", "HEAD"):
            request = Request(scope)
            code = request.query_params.get(LOGIN_PARAM)
            if code is not None and not request.url.path.startswith("/_stcore"):
                response = await _redeem(request, code)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


async def _redeem(request: Request, code: str) -> Response:
    kept = [(k, v) for k, v in request.query_params.multi_items() if k not in (LOGIN_PARAM, FAILED_PARAM)]
    token = None
    failure = "used"
    if 0 < len(code) <= CODE_LIMIT:
        try:
            async with httpx.AsyncClient(timeout=API_TIMEOUT) as http:
                answer = await http.post(f"{api_url()}/auth/login", json={"code": code})
            if answer.status_code == 200:
                token = str(answer.json()["token"])
            elif answer.status_code != 401:
                log.warning("dashboards: the API refused a sign-in code with %s", answer.status_code)
                failure = "unavailable"
        except (httpx.HTTPError, ValueError, KeyError) as exc:
            log.warning("dashboards: could not redeem a sign-in code (%s)", type(exc).__name__)
            failure = "unavailable"
    if token is None:
        kept.append((FAILED_PARAM, failure))
    query = urlencode(kept)
    path = "/" + request.url.path.lstrip("/\\")  # never "//host": that would send the browser away
    response = RedirectResponse(path + (f"?{query}" if query else ""), 303, headers=NO_STORE)
    if token is not None:
        response.set_cookie(
            SESSION_COOKIE,
            token,
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
            path="/",
        )
    return response


async def sign_out(request: Request) -> Response:
    """Revoke the cookie's session and clear the cookie. Only from the dashboards' own pages."""
    origin = request.headers.get("origin")
    if origin is not None and origin.split("://", 1)[-1] != request.headers.get("host"):
        return Response("sign-out is only accepted from the dashboards' own pages", 403)
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        try:
            async with httpx.AsyncClient(timeout=API_TIMEOUT) as http:
                await http.post(f"{api_url()}/auth/logout", headers={"Authorization": f"Bearer {token}"})
        except httpx.HTTPError as exc:
            log.warning("dashboards: could not revoke a session on sign-out (%s)", type(exc).__name__)
    response = Response(status_code=204, headers=NO_STORE)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict")
    return response


ROUTES = [Route(SIGNOUT_PATH, sign_out, methods=["POST"])]

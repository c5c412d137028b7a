"""Who is looking: the visitor's session, the sign-in page, and signing out.

The session token comes from the HttpOnly cookie ``web.py`` sets when a sign-in link is opened (tests put
it in ``st.session_state`` instead). It is re-checked with the API (``GET /auth/me``) on every rerun, so a
session that expired, was signed out or whose parent token was revoked ends at the next click (the API
trusts a token for at most 5 s). A signed-out visitor gets this page and nothing else.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass

import httpx
import streamlit as st

from aseagi.dashboards.client import DEFAULT_TIMEOUT, ApiClient, ApiError, api_url
from aseagi.dashboards.web import FAILED_PARAM, LOGIN_PARAM, SESSION_COOKIE, SIGNOUT_PATH

log = logging.getLogger(__name__)

TOKEN_KEY = "aseagi_session_token"
VISITOR_KEY = "aseagi_visitor"
DEAD_COOKIE_KEY = "aseagi_dead_cookie"
ENDED_KEY = "aseagi_session_ended"
SIGNED_OUT_KEY = "aseagi_signed_out"
READ_ONLY = (
    "Your session is read-only: to verify, dismiss or start anything, sign in with a write link "
    "(`aseagi login-link --scope write`) or a write token."
)
FAILURES = {
    "used": "This sign-in link was already used or has expired: run `aseagi login-link` for a fresh one.",
    "unavailable": "The API did not answer the sign-in: check that `aseagi up` runs, then open a fresh link.",
}
WRITE_SCOPES = ("write", "admin")


@dataclass(frozen=True)
class Visitor:
    """A signed-in visitor, as the API describes their session."""

    token: str
    """The session token (server side only: the browser keeps it in an HttpOnly cookie)."""
    name: str
    scope: str
    expires_at: str | None

    @property
    def can_write(self) -> bool:
        return self.scope in WRITE_SCOPES


@st.cache_resource(show_spinner=False)
def _pool(base_url: str) -> httpx.Client:
    """One connection pool per API address for every visitor; each request carries its own token."""
    return httpx.Client(timeout=DEFAULT_TIMEOUT)


def api_for(token: str) -> ApiClient:
    return ApiClient(api_url(), token, http=_pool(api_url()))


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _candidate() -> str | None:
    token = st.session_state.get(TOKEN_KEY)
    if token:
        return str(token)
    cookie = st.context.cookies.get(SESSION_COOKIE)
    # The cookie a page was opened with stays in st.context until a reload, even after signing out.
    if isinstance(cookie, str) and cookie and st.session_state.get(DEAD_COOKIE_KEY) != _digest(cookie):
        return cookie
    return None


def check() -> Visitor | None:
    """The signed-in visitor, asked of the API now; None when nobody is (or the session ended)."""
    token = _candidate()
    if token is None:
        st.session_state.pop(VISITOR_KEY, None)
        return None
    try:
        me = api_for(token).get("/auth/me")
    except ApiError as exc:
        if exc.status_code != 401:
            raise
        _forget(token)
        st.session_state[ENDED_KEY] = True
        return None
    visitor = Visitor(token=token, name=me["name"], scope=me["scope"], expires_at=me.get("expires_at"))
    st.session_state[VISITOR_KEY] = visitor
    return visitor


def visitor() -> Visitor | None:
    """The visitor ``check`` found on this rerun (no API call)."""
    found = st.session_state.get(VISITOR_KEY)
    return found if isinstance(found, Visitor) else None


def _forget(token: str) -> None:
    st.session_state.pop(TOKEN_KEY, None)
    st.session_state.pop(VISITOR_KEY, None)
    st.session_state[DEAD_COOKIE_KEY] = _digest(token)


def _sign_out() -> None:
    current = visitor()
    if current is not None:
        try:
            api_for(current.token).post("/auth/logout")
        except ApiError as exc:
            log.warning("dashboard: sign-out: %s", exc)
        _forget(current.token)
    st.session_state[SIGNED_OUT_KEY] = True


def sidebar(current: Visitor) -> None:
    until = f" · until {current.expires_at[:16].replace('T', ' ')} UTC" if current.expires_at else ""
    st.sidebar.caption(f"Signed in as **{current.name}** · {current.scope}{until}")
    st.sidebar.button("Sign out", key="aseagi-signout", on_click=_sign_out, icon=":material/logout:")


def _run_in_browser(script: str) -> None:
    st.html(f"<script>{script}</script>", unsafe_allow_javascript=True)


def sign_in_page() -> None:
    """The only thing a signed-out visitor sees: how to sign in, and a form that takes an API token."""
    st.title("ASEAGI · Sign in")
    if st.session_state.pop(SIGNED_OUT_KEY, False):
        _run_in_browser(f"fetch({json.dumps(SIGNOUT_PATH)}, {{method: 'POST', credentials: 'same-origin'}})")
        st.success("Signed out.")
    elif st.session_state.pop(ENDED_KEY, False):
        st.warning("Your session ended (it expired or was revoked): sign in again.")
    failure = FAILURES.get(str(st.query_params.get(FAILED_PARAM) or ""))
    if failure:
        st.error(failure)
    st.markdown(
        "Open the sign-in link `aseagi up` printed, or run `aseagi login-link` on the machine that runs "
        "ASEAGI and open the link it prints. Each link works once."
    )
    with st.form("aseagi-signin"):
        secret = st.text_input(
            "Or sign in with an API token",
            type="password",
            max_chars=200,
            placeholder="asg_…",
            help="From `aseagi token create`: the session gets its scope and ends when it is revoked.",
        )
        submitted = st.form_submit_button("Sign in")
    if submitted and secret.strip():
        _sign_in_with_token(secret.strip())


def _sign_in_with_token(secret: str) -> None:
    try:
        minted = api_for(secret).post("/auth/codes")
    except ApiError as exc:
        if exc.status_code == 401:
            st.error("This token is unknown or revoked: create one with `aseagi token create`.")
        else:
            st.error(str(exc))
        return
    # The code goes back through web.py, which turns it into the HttpOnly cookie.
    target = f"?{LOGIN_PARAM}={minted['code']}"
    _run_in_browser(f"window.location.replace({json.dumps(target)})")
    st.info("Signing in…")

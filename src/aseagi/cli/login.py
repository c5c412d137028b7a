"""``aseagi login-link``: a single-use sign-in link for the dashboards (Jupyter's ``/?login=CODE``)."""

from __future__ import annotations

import getpass
from typing import Annotated

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.cli.context import run, settings, with_session
from aseagi.config import Settings
from aseagi.security import sessions

DEFAULT_SCOPE = "write"
"""Enough to verify, dismiss and start batches; an admin session must be asked for."""


def default_name() -> str:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "owner"
    return f"{user} (login link)"


def dashboards_url(current: Settings) -> str:
    return f"http://127.0.0.1:{current.dashboards_port}"


async def new_login_link(
    session: AsyncSession,
    current: Settings,
    *,
    scope: str = DEFAULT_SCOPE,
    minutes: int = sessions.DEFAULT_SESSION_MINUTES,
    name: str | None = None,
) -> str:
    _, code = await sessions.create_login_code(
        session, name=name or default_name(), scope=scope, session_minutes=minutes
    )
    return f"{dashboards_url(current)}/?login={code}"


def login_link(
    scope: Annotated[str, typer.Option("--scope", help="read, write or admin.")] = DEFAULT_SCOPE,
    ttl: Annotated[
        int, typer.Option("--ttl", help="Minutes the session lasts (the link must be used within them too).")
    ] = sessions.DEFAULT_SESSION_MINUTES,
    name: Annotated[
        str | None, typer.Option("--name", help="Who signs in (the audit log's name; default: your user).")
    ] = None,
) -> None:
    """Print a single-use sign-in link for the dashboards on the last line (works while `aseagi up` runs)."""
    current = settings()
    url = run(with_session(lambda s: new_login_link(s, current, scope=scope, minutes=ttl, name=name)))
    typer.echo(
        f"A {scope} sign-in link, good once, for a session of {ttl} minutes. Open it in your browser:",
        err=True,
    )
    typer.echo(url)

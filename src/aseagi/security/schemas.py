from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class LoginRequest(BaseModel):
    code: str = Field(min_length=1, max_length=200, description="The code from a `/?login=CODE` link.")


class SessionStarted(BaseModel):
    """A new dashboard session. ``token`` is shown once; send it as ``Authorization: Bearer``."""

    token: str
    name: str
    scope: str
    expires_at: datetime


class LoginCodeCreated(BaseModel):
    """A single-use code for the caller's browser: open ``/?login=CODE`` on the dashboards."""

    code: str
    expires_at: datetime


class WhoAmI(BaseModel):
    name: str
    scope: str
    kind: str = Field(description="`api` (a token from `aseagi token create`) or `session` (a sign-in).")
    expires_at: datetime | None


class SignedOut(BaseModel):
    signed_out: bool = True

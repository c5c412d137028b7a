"""The bot's view of the case server: the ASEAGI API over HTTP, with retries and one-line failures.

The bot holds no database connection; everything it shows comes through these calls, with its own token.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

import httpx

from aseagi.kit.retry import RetryPolicy, call_with_retries

log = logging.getLogger(__name__)

RETRYABLE_STATUS = frozenset({502, 503, 504})


class ApiUnavailable(Exception):
    """The server did not answer (refused, timed out, or 502/503/504) after every retry."""


class ApiRefused(Exception):
    """The server answered with an error meant for the user (a 4xx with its one-line message)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class _Busy(Exception):
    """A 502, 503 or 504: a proxy answered for a server that is starting or overloaded; worth a retry."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


def _worth_retrying(failure: BaseException) -> bool:
    return isinstance(failure, httpx.TransportError | _Busy)


def _user_message(response: httpx.Response) -> str:
    """The API's one-line message for 4xx; never a body we do not recognise (it could hold internals)."""
    if response.status_code == 401:
        return (
            "The case server no longer accepts the bot's token (revoked or wrong): "
            "ask the administrator to set a new ASEAGI_API_TOKEN."
        )
    if response.status_code == 403:
        return (
            "The bot's token may not do this (its scope is too narrow): "
            "ask the administrator for a write token in ASEAGI_API_TOKEN."
        )
    try:
        error = response.json().get("error", {})
        message = str(error.get("message", "")).strip()
    except (ValueError, AttributeError):
        message = ""
    return message[:300] or f"The case server refused the request ({response.status_code})."


class CaseApi:
    """Calls the API; ``transport`` lets tests pass the real app in-process (``httpx.ASGITransport``)."""

    def __init__(
        self,
        base_url: str,
        token: str | None,
        *,
        retry: RetryPolicy | None = None,
        timeout: float = 15.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.retry = retry or RetryPolicy()
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self._http = httpx.AsyncClient(
            base_url=base_url.rstrip("/"), headers=headers, timeout=timeout, transport=transport
        )

    async def close(self) -> None:
        await self._http.aclose()

    async def _request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        async def send(attempt: int) -> httpx.Response:
            return await self._send(method, path, attempt, **kwargs)

        try:
            return await call_with_retries(send, self.retry, retry_on=_worth_retrying)
        except (httpx.TransportError, _Busy) as exc:
            raise ApiUnavailable(f"{method} {path}: no answer after {self.retry.attempts} attempts") from exc

    async def _send(self, method: str, path: str, attempt: int, **kwargs: Any) -> httpx.Response:
        try:
            response = await self._http.request(method, path, **kwargs)
        except httpx.TransportError as exc:
            log.warning("API %s %s: %s (attempt %d)", method, path, type(exc).__name__, attempt)
            raise
        if response.status_code in RETRYABLE_STATUS:
            log.warning("API %s %s: %d (attempt %d)", method, path, response.status_code, attempt)
            raise _Busy(response.status_code)
        if response.status_code >= 500:
            log.error("API %s %s answered %d", method, path, response.status_code)
            raise ApiUnavailable(f"{method} {path}: {response.status_code}")
        if response.status_code >= 400:
            raise ApiRefused(response.status_code, _user_message(response))
        return response

    async def get(self, path: str, **params: Any) -> dict[str, Any]:
        query = {k: v for k, v in params.items() if v is not None}
        body: dict[str, Any] = (await self._request("GET", path, params=query)).json()
        return body

    async def telegram(self, endpoint: str, *, case: str | None, **params: Any) -> dict[str, Any]:
        """One of ``/telegram/{search,timeline,violations,actions,report,deadline}``."""
        return await self.get(f"/telegram/{endpoint}", case=case, **params)

    async def case(self, docket: str) -> dict[str, Any]:
        return await self.get(f"/cases/{quote(docket, safe='')}")

    async def document(self, document_id: str) -> dict[str, Any]:
        return await self.get(f"/documents/{document_id}")

    async def health(self) -> dict[str, Any]:
        return await self.get("/health")

    async def batch(self, job_id: str) -> dict[str, Any]:
        return await self.get(f"/process/status/{job_id}")

    async def batches(self) -> Sequence[dict[str, Any]]:
        response = await self._request("GET", "/process/batches", params={"limit": 5})
        body: list[dict[str, Any]] = response.json()
        return body

    async def upload(self, file_name: str, content: bytes, *, case: str | None) -> dict[str, Any]:
        """``POST /process/document``: ``{"status": "queued"|"duplicate", "document_id", "sha256"}``."""
        data = {"case": case} if case else None
        response = await self._request(
            "POST", "/process/document", files={"file": (file_name, content)}, data=data
        )
        body: dict[str, Any] = response.json()
        return body

    async def record_refusal(
        self, *, user_id: int, username: str | None, chat_id: int | None, command: str | None
    ) -> None:
        await self._request(
            "POST",
            "/telegram/audit",
            json={"telegram_user_id": user_id, "username": username, "chat_id": chat_id, "command": command},
        )

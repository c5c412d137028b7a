"""The only place the dashboards talk to the API: httpx with the visitor's session, errors in one line."""

from __future__ import annotations

import os
from typing import Any

import httpx

DEFAULT_TIMEOUT = 30.0


class ApiError(Exception):
    """What went wrong and what to do, in one line (the page shows it as is)."""

    def __init__(self, message: str, status_code: int | None = None) -> None:
        super().__init__(message)
        self.status_code = status_code


def api_url() -> str:
    """Where the API is (``ASEAGI_API_URL``). There is deliberately no token here: every visitor signs in
    and the pages act with that visitor's session (``signin.py``), never with a token of the machine's."""
    return (os.environ.get("ASEAGI_API_URL") or "http://127.0.0.1:8000").rstrip("/")


class ApiClient:
    """The API as one visitor: their session token on a connection pool shared by every visitor."""

    def __init__(
        self, base_url: str, token: str, *, http: httpx.Client | None = None, timeout: float = DEFAULT_TIMEOUT
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._http = http or httpx.Client(base_url=self.base_url, timeout=timeout)
        self._headers = {"Authorization": f"Bearer {token}"}

    def get(self, path: str, **params: Any) -> Any:
        return self._call("GET", path, params=_clean(params)).json()

    def post(self, path: str, body: dict[str, Any] | None = None) -> Any:
        return self._call("POST", path, json=body or {}).json()

    def patch(self, path: str, body: dict[str, Any]) -> Any:
        return self._call("PATCH", path, json=body).json()

    def content(self, path: str) -> bytes:
        return self._call("GET", path).content

    def _call(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            response = self._http.request(method, f"{self.base_url}{path}", headers=self._headers, **kwargs)
        except httpx.HTTPError as exc:
            raise ApiError(
                f"the API at {self.base_url} does not answer ({type(exc).__name__}): "
                "start it with `aseagi up` or set ASEAGI_API_URL"
            ) from exc
        if response.status_code >= 400:
            raise ApiError(_message(response), response.status_code)
        return response


def _clean(params: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in params.items() if v is not None and v != ""}


def _message(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return f"the API answered {response.status_code}"
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict) and error.get("message"):
            return str(error["message"])
        if body.get("message"):
            return str(body["message"])
        if body.get("detail"):
            return str(body["detail"])[:300]
    return f"the API answered {response.status_code}"

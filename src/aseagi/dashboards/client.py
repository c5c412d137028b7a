"""The only place the dashboards talk to the API: httpx with the token, errors turned into one line."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import httpx

DEFAULT_TIMEOUT = 30.0


class ApiError(Exception):
    """What went wrong and what to do, in one line (the page shows it as is)."""

    def __init__(self, message: str, status_code: int | None = None) -> None:
        super().__init__(message)
        self.status_code = status_code


def _token_from_environment() -> str | None:
    """``ASEAGI_API_TOKEN``, else the admin token ``aseagi up`` wrote under the data folder."""
    token = os.environ.get("ASEAGI_API_TOKEN", "").strip()
    if token:
        return token
    data_dir = Path(os.environ.get("ASEAGI_DATA_DIR") or "~/.aseagi").expanduser()
    token_file = data_dir / "admin-token"
    return token_file.read_text().strip() if token_file.is_file() else None


def api_address() -> tuple[str, str | None]:
    """(API base URL, token) from ``ASEAGI_API_URL`` and ``ASEAGI_API_TOKEN`` (or the admin token file)."""
    return os.environ.get("ASEAGI_API_URL") or "http://127.0.0.1:8000", _token_from_environment()


class ApiClient:
    def __init__(self, base_url: str, token: str | None, *, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.base_url = base_url.rstrip("/")
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self._http = httpx.Client(base_url=self.base_url, headers=headers, timeout=timeout)
        self.token = token
        self.has_token = bool(token)

    @classmethod
    def from_environment(cls) -> ApiClient:
        return cls(*api_address())

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
            response = self._http.request(method, path, **kwargs)
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

"""The API client's retries and one-line failures."""

from __future__ import annotations

import time

import httpx
import pytest

from aseagi.bot.client import ApiRefused, ApiUnavailable, CaseApi
from aseagi.kit.retry import RetryPolicy
from tests.bot.fake_telegram import free_port

FAST = RetryPolicy(attempts=3, first_delay=0.01)


async def test_unreachable_server_raises_after_retries() -> None:
    api = CaseApi(f"http://127.0.0.1:{free_port()}", "t", retry=FAST, timeout=2)
    started = time.monotonic()
    with pytest.raises(ApiUnavailable):
        await api.telegram("report", case=None)
    # It waited between tries: 0.01 + 0.02 of backoff, each drawn in [½, 1] of its step (jitter).
    assert time.monotonic() - started >= 0.014
    await api.close()


async def test_503_is_retried_then_succeeds() -> None:
    answers = iter([503, 502, 200])
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["authorization"])
        status = next(answers)
        return httpx.Response(status, json={"total_documents": 3} if status == 200 else {})

    api = CaseApi("http://api", "secret", retry=FAST, timeout=2, transport=httpx.MockTransport(handler))
    assert (await api.telegram("report", case="J24-00478"))["total_documents"] == 3
    assert seen == ["Bearer secret"] * 3
    await api.close()


async def test_errors_carry_only_the_api_message() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/cases/J99":
            return httpx.Response(404, json={"error": {"code": "not_found", "message": "no case 'J99'"}})
        if request.url.path == "/telegram/report":
            return httpx.Response(401, json={"error": {"message": "invalid token"}})
        return httpx.Response(500, text="Traceback (most recent call last): /srv/app.py SELECT secret")

    api = CaseApi("http://api", "t", retry=FAST, timeout=2, transport=httpx.MockTransport(handler))
    with pytest.raises(ApiRefused, match="no case 'J99'"):
        await api.case("J99")
    with pytest.raises(ApiRefused, match="ASEAGI_API_TOKEN"):
        await api.telegram("report", case=None)
    with pytest.raises(ApiUnavailable) as raised:
        await api.telegram("actions", case=None)
    assert "Traceback" not in str(raised.value)
    await api.close()

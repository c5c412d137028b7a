"""The client against the fake Messages API: retries, retry-after, give-up, timeouts, concurrency."""

from __future__ import annotations

import asyncio
import time

import pytest
from tests.analysis.llm.conftest import MODEL
from tests.analysis.llm.fake_messages_api import (
    FakeMessagesAPI,
    overloaded,
    rate_limited,
    refused,
    server_error,
    slow,
)

from aseagi.analysis.llm.client import ClaudeCallError, ClaudeClient, retry_after_seconds
from aseagi.analysis.llm.prompt import build_request
from aseagi.kit.retry import RetryPolicy

PAGES = ["Case No. J24-00478\nThe detention hearing was held on May 1, 2024 in Department 3."]


async def test_429_waits_as_long_as_retry_after_says(fake_api: FakeMessagesAPI, claude: ClaudeClient) -> None:
    fake_api.then(rate_limited(0.4))
    started = time.perf_counter()
    reply = await claude.create(**build_request(PAGES))
    elapsed = time.perf_counter() - started
    # The policy's own backoff is at most 0.1 s here: only the header explains a 0.4 s wait.
    assert elapsed >= 0.4
    assert reply.attempts == 2
    assert claude.stats.retries == 1
    assert claude.stats.retried_statuses == {"429": 1}
    assert fake_api.served == {"429": 1, "answer": 1}


async def test_500_and_529_are_retried(fake_api: FakeMessagesAPI, claude: ClaudeClient) -> None:
    fake_api.then(server_error(), overloaded(), server_error())
    reply = await claude.create(**build_request(PAGES))
    assert reply.attempts == 4
    assert reply.message.content[0].type == "tool_use"
    assert claude.stats.retried_statuses == {"500": 2, "529": 1}


async def test_gives_up_after_max_attempts(fake_api: FakeMessagesAPI, claude: ClaudeClient) -> None:
    fake_api.then(*[overloaded()] * 10)
    with pytest.raises(ClaudeCallError, match="after 4 attempt") as raised:
        await claude.create(**build_request(PAGES))
    assert raised.value.status == 529
    assert len(fake_api.requests) == 4
    assert claude.stats.failures == 1


async def test_client_errors_are_not_retried(fake_api: FakeMessagesAPI, claude: ClaudeClient) -> None:
    fake_api.then(refused(401))
    with pytest.raises(ClaudeCallError, match="ANTHROPIC_API_KEY"):
        await claude.create(**build_request(PAGES))
    assert len(fake_api.requests) == 1


async def test_timeout_is_retried(fake_api: FakeMessagesAPI) -> None:
    client = ClaudeClient(
        api_key="k",
        model=MODEL,
        base_url=fake_api.base_url,
        timeout=0.5,
        retry=RetryPolicy(attempts=6, first_delay=0.01),
    )
    fake_api.then(slow(2.0))
    try:
        reply = await client.create(**build_request(PAGES))
    finally:
        await client.aclose()
    assert reply.attempts == 2
    assert client.stats.retried_statuses == {"timeout": 1}


async def test_concurrency_is_limited(fake_api: FakeMessagesAPI) -> None:
    fake_api.latency = 0.25
    client = ClaudeClient(api_key="k", model=MODEL, base_url=fake_api.base_url, concurrency=3)
    started = time.perf_counter()
    try:
        await asyncio.gather(*(client.create(**build_request(PAGES)) for _ in range(9)))
    finally:
        await client.aclose()
    assert fake_api.peak_in_flight == 3
    assert client.stats.peak_in_flight == 3
    assert time.perf_counter() - started >= 0.75


async def test_request_carries_key_model_and_forced_tool(
    fake_api: FakeMessagesAPI, claude: ClaudeClient
) -> None:
    await claude.create(**build_request(PAGES, file_name="order.pdf"))
    sent = fake_api.requests[0]
    headers = fake_api.headers[0]
    assert "test-key" in (headers.get("x-api-key", "") + headers.get("authorization", ""))
    assert sent["model"] == MODEL
    assert sent["tool_choice"] == {"type": "tool", "name": "record_findings"}
    assert sent["tools"][0]["input_schema"]["required"] == ["findings"]
    assert '<page number="1">\nCase No. J24-00478' in sent["messages"][0]["content"]


def test_retry_after_headers() -> None:
    assert retry_after_seconds({"retry-after": "3"}) == 3.0
    assert retry_after_seconds({"retry-after-ms": "250", "retry-after": "9"}) == 0.25
    assert retry_after_seconds({"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"}) is None
    assert retry_after_seconds({}) is None

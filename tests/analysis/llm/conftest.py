from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
from tests.analysis.llm.fake_messages_api import FakeMessagesAPI, running

from aseagi.analysis.llm.client import ClaudeClient
from aseagi.kit.retry import RetryPolicy

MODEL = "claude-sonnet-5"


@pytest.fixture
def fake_api() -> Iterator[FakeMessagesAPI]:
    """A fake Messages API on a free local port; tests script it before calling."""
    with running(FakeMessagesAPI()) as api:
        yield api


@pytest.fixture
async def claude(fake_api: FakeMessagesAPI) -> AsyncIterator[ClaudeClient]:
    """The real SDK pointed at the fake, with short backoffs so retry tests stay fast."""
    client = ClaudeClient(
        api_key="test-key",
        model=MODEL,
        base_url=fake_api.base_url,
        concurrency=8,
        timeout=5.0,
        retry=RetryPolicy(attempts=4, first_delay=0.02, max_delay=0.1),
    )
    yield client
    await client.aclose()

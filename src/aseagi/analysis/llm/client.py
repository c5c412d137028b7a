"""The Messages API through the official SDK, with a concurrency limit and our own retry loop.

The SDK's retries are turned off (``max_retries=0``) so that every attempt is counted, the wait
honours ``retry-after`` however long it is (up to a cap), and a document's cost records its retries.
Retried: 429, 5xx, 529 overloaded, timeouts and dropped connections. Not retried: 4xx, which say the
request itself is wrong (a bad key, an unknown model, a request too large).
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import anthropic
from anthropic.types import Message

from aseagi.analysis.llm.accounting import Usage
from aseagi.config import Settings

log = logging.getLogger(__name__)


class ClaudeCallError(Exception):
    """A call that failed for good; the message says why and what to do."""

    def __init__(
        self, message: str, *, status: int | None = None, attempts: int = 0, detail: str = ""
    ) -> None:
        super().__init__(message)
        self.status = status
        self.attempts = attempts
        self.detail = detail
        """The API's own error text (e.g. which parameter it refused)."""


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 6
    """Requests per call, the first included."""
    base_delay: float = 1.0
    """Seconds before the first retry when the server names no wait; doubled on each further one."""
    max_delay: float = 30.0
    """Ceiling of the exponential wait."""
    max_retry_after: float = 120.0
    """Longest ``retry-after`` obeyed; a longer one is cut to this (the call still counts as retried)."""

    def backoff(self, retry: int) -> float:
        """Exponential with jitter in [½, 1] so many callers throttled together do not return together."""
        ceiling = min(self.max_delay, self.base_delay * 2 ** (retry - 1))
        return ceiling * random.uniform(0.5, 1.0)


@dataclass(frozen=True)
class ClaudeReply:
    message: Message
    usage: Usage
    attempts: int


@dataclass
class CallStats:
    """Counters over the client's life, for the benchmark and the log."""

    calls: int = 0
    attempts: int = 0
    retries: int = 0
    failures: int = 0
    retried_statuses: Counter[str] = field(default_factory=Counter)
    in_flight: int = 0
    peak_in_flight: int = 0


def retry_after_seconds(headers: Any) -> float | None:
    """The wait a 429/529/503 asks for: ``retry-after-ms`` or ``retry-after`` in seconds."""
    if headers is None:
        return None
    for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        value = headers.get(name)
        if value is None:
            continue
        try:
            seconds = float(value) * scale
        except ValueError:
            continue
        if seconds >= 0:
            return seconds
    return None


def _retryable(exc: Exception) -> tuple[bool, str, float | None]:
    """Whether to retry, a label for the counters, and the wait the server asked for."""
    if isinstance(exc, anthropic.APIStatusError):
        status = exc.status_code
        retry = status in (408, 409, 429) or status >= 500
        return retry, str(status), retry_after_seconds(exc.response.headers)
    if isinstance(exc, anthropic.APITimeoutError):
        return True, "timeout", None
    if isinstance(exc, anthropic.APIConnectionError):
        return True, "connection", None
    return False, type(exc).__name__, None


class ClaudeClient:
    """One per process and event loop: its semaphore is the concurrency limit for every document."""

    def __init__(
        self,
        *,
        api_key: str,
        model: str,
        base_url: str | None = None,
        concurrency: int = 32,
        timeout: float = 180.0,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.model = model
        self.retry = retry or RetryPolicy()
        self.stats = CallStats()
        self.forced_tool: bool | None = None
        """Whether the model accepts a forced ``tool_choice``: ``None`` until a 400 says it does not."""
        self._sleep = sleep
        self._slots = asyncio.Semaphore(concurrency)
        self._sdk = anthropic.AsyncAnthropic(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=0,
            open_telemetry=False,
        )

    @classmethod
    def from_settings(cls, settings: Settings, **options: Any) -> ClaudeClient:
        if not settings.anthropic_api_key:
            raise ClaudeCallError("ANTHROPIC_API_KEY is not set: set it to use the Claude analyzer")
        return cls(
            api_key=settings.anthropic_api_key,
            model=settings.claude_model,
            base_url=settings.anthropic_base_url,
            concurrency=settings.claude_concurrency,
            **options,
        )

    async def aclose(self) -> None:
        await self._sdk.close()

    async def create(self, **params: Any) -> ClaudeReply:
        """``messages.create`` with ``model`` filled in, retried as the module says."""
        self.stats.calls += 1
        attempt = 0
        while True:
            attempt += 1
            self.stats.attempts += 1
            try:
                message = await self._send(params)
            except (anthropic.APIStatusError, anthropic.APIConnectionError) as exc:
                retry, label, wait = _retryable(exc)
                status = exc.status_code if isinstance(exc, anthropic.APIStatusError) else None
                if not retry or attempt >= self.retry.max_attempts:
                    self.stats.failures += 1
                    raise ClaudeCallError(
                        _failure_text(label, attempt), status=status, attempts=attempt, detail=str(exc)
                    ) from exc
                self.stats.retries += 1
                self.stats.retried_statuses[label] += 1
                delay = (
                    min(wait, self.retry.max_retry_after) if wait is not None else self.retry.backoff(attempt)
                )
                log.info("Claude call answered %s; retry %d in %.1f s", label, attempt, delay)
                await self._sleep(delay)
                continue
            return ClaudeReply(message=message, usage=Usage.of(message.usage), attempts=attempt)

    async def _send(self, params: dict[str, Any]) -> Message:
        async with self._slots:
            self.stats.in_flight += 1
            self.stats.peak_in_flight = max(self.stats.peak_in_flight, self.stats.in_flight)
            try:
                return await self._sdk.messages.create(model=self.model, **params)
            finally:
                self.stats.in_flight -= 1


def _failure_text(label: str, attempts: int) -> str:
    hints = {
        "400": "the request was refused as malformed: check ASEAGI_CLAUDE_MODEL supports tool use",
        "401": "the API key was refused: check ANTHROPIC_API_KEY",
        "403": "the API key may not use this model: check ASEAGI_CLAUDE_MODEL and the key's permissions",
        "404": "unknown model or endpoint: check ASEAGI_CLAUDE_MODEL and ANTHROPIC_BASE_URL",
        "413": "the document is too large for one request",
    }
    hint = hints.get(label, "the API kept failing: try again later or lower ASEAGI_CLAUDE_CONCURRENCY")
    return f"Claude call failed after {attempts} attempt(s) ({label}): {hint}"

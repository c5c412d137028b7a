"""The Messages API through the official SDK, with a concurrency limit and the retries of ``kit.retry``.

The SDK's retries are turned off (``max_retries=0``) so that every attempt is counted, the wait
honours ``retry-after`` however long it is (up to a cap), and a document's cost records its retries.
Retried: 429, 5xx, 529 overloaded, timeouts and dropped connections. Not retried: 4xx, which say the
request itself is wrong (a bad key, an unknown model, a request too large).
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import anthropic
from anthropic.types import Message
from tenacity import RetryCallState

from aseagi.analysis.llm.accounting import Usage
from aseagi.config import Settings
from aseagi.kit.retry import RetryPolicy, call_with_retries

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


DEFAULT_RETRY = RetryPolicy(attempts=6, first_delay=1.0)
"""Six tries over about a minute of exponential waits, or what ``retry-after`` asks for (up to 2 min)."""


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


def _label(failure: BaseException) -> str:
    """The failure's name in the counters and messages: its status, ``timeout`` or ``connection``."""
    if isinstance(failure, anthropic.APIStatusError):
        return str(failure.status_code)
    if isinstance(failure, anthropic.APITimeoutError):
        return "timeout"
    if isinstance(failure, anthropic.APIConnectionError):
        return "connection"
    return type(failure).__name__


def _worth_retrying(failure: BaseException) -> bool:
    """429, 5xx, 408, 409, timeouts and dropped connections; never another 4xx."""
    if isinstance(failure, anthropic.APIStatusError):
        return failure.status_code in (408, 409, 429) or failure.status_code >= 500
    return isinstance(failure, anthropic.APIConnectionError)


def _asked_wait(failure: BaseException) -> float | None:
    if isinstance(failure, anthropic.APIStatusError):
        return retry_after_seconds(failure.response.headers)
    return None


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
        self.retry = retry or DEFAULT_RETRY
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
        tried = 0

        async def attempt(number: int) -> Message:
            nonlocal tried
            tried = number
            self.stats.attempts += 1
            return await self._send(params)

        try:
            message = await call_with_retries(
                attempt,
                self.retry,
                retry_on=_worth_retrying,
                asked_wait=_asked_wait,
                before_sleep=self._count_retry,
                sleep=self._sleep,
            )
        except (anthropic.APIStatusError, anthropic.APIConnectionError) as exc:
            self.stats.failures += 1
            status = exc.status_code if isinstance(exc, anthropic.APIStatusError) else None
            raise ClaudeCallError(
                _failure_text(_label(exc), tried), status=status, attempts=tried, detail=str(exc)
            ) from exc
        return ClaudeReply(message=message, usage=Usage.of(message.usage), attempts=tried)

    def _count_retry(self, state: RetryCallState, failure: BaseException, delay: float) -> None:
        label = _label(failure)
        self.stats.retries += 1
        self.stats.retried_statuses[label] += 1
        log.info("Claude call answered %s; retry %d in %.1f s", label, state.attempt_number, delay)

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

"""One way to retry a call to a service outside this process, built on tenacity.

The bot's client of the ASEAGI API and the Claude client both use it, so both back off the same way:
exponentially, with jitter in [½, 1] of each step (callers throttled together do not return together),
up to a ceiling, or for as long as the server asks (``retry-after``) up to a cap. The caller says which
failures are worth another try; any other failure is raised at once, and so is the last one when the
tries run out: itself, never wrapped.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt

T = TypeVar("T")


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 3
    """Tries per call, the first included."""
    first_delay: float = 0.5
    """Seconds before the first retry when the server names no wait; doubled before each further one."""
    max_delay: float = 30.0
    """Ceiling of the exponential wait."""
    max_retry_after: float = 120.0
    """Longest wait a server may ask for (``retry-after``); a longer one is cut to this."""

    def backoff(self, retry: int) -> float:
        """The wait before retry number ``retry`` (1 for the first) when the server names none."""
        ceiling = min(self.max_delay, self.first_delay * 2 ** (retry - 1))
        return ceiling * random.uniform(0.5, 1.0)


async def call_with_retries(
    call: Callable[[int], Awaitable[T]],
    policy: RetryPolicy,
    *,
    retry_on: Callable[[BaseException], bool],
    asked_wait: Callable[[BaseException], float | None] = lambda failure: None,
    before_sleep: Callable[[RetryCallState, BaseException, float], None] | None = None,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> T:
    """``call(attempt)`` until it returns, with ``attempt`` counting from 1; see ``retrying``."""
    tries = retrying(policy, retry_on=retry_on, asked_wait=asked_wait, before_sleep=before_sleep, sleep=sleep)
    async for attempt in tries:
        with attempt:
            return await call(attempt.retry_state.attempt_number)
    raise AssertionError("tenacity ends with a result or by raising the last failure")


def retrying(
    policy: RetryPolicy,
    *,
    retry_on: Callable[[BaseException], bool],
    asked_wait: Callable[[BaseException], float | None] = lambda failure: None,
    before_sleep: Callable[[RetryCallState, BaseException, float], None] | None = None,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> AsyncRetrying:
    """Tries of one call: ``async for attempt in retrying(...): with attempt: ...``.

    ``retry_on`` picks the failures worth another try; ``asked_wait`` reads the wait a failure asks for
    (a ``retry-after`` header); ``before_sleep`` sees each retry's failure and wait, for logs and
    counters; ``attempt.retry_state.attempt_number`` counts the tries, the first being 1."""

    def wait(state: RetryCallState) -> float:
        asked = asked_wait(_failure(state))
        if asked is None:
            return policy.backoff(state.attempt_number)
        return min(asked, policy.max_retry_after)

    def announce(state: RetryCallState) -> None:
        if before_sleep is not None:
            delay = state.next_action.sleep if state.next_action is not None else 0.0
            before_sleep(state, _failure(state), delay)

    return AsyncRetrying(
        stop=stop_after_attempt(policy.attempts),
        wait=wait,
        retry=retry_if_exception(retry_on),
        before_sleep=announce,
        sleep=sleep,
        reraise=True,
    )


def _failure(state: RetryCallState) -> BaseException:
    failure = state.outcome.exception() if state.outcome is not None else None
    if failure is None:  # only failures are retried
        raise RuntimeError("retrying: a retry without a failure")
    return failure

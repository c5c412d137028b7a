"""Retries of a call to another service (``kit/retry.py``): exponential backoff with jitter up to a ceiling,
a server's ``retry-after`` up to a cap, only the failures the caller names retried, and the last failure
raised itself, never wrapped."""

from __future__ import annotations

import asyncio

import pytest
from tenacity import RetryCallState

from aseagi.kit.retry import RetryPolicy, call_with_retries, retrying

FAST = RetryPolicy(attempts=4, first_delay=0.001, max_delay=0.002, max_retry_after=0.003)


class Throttled(Exception):
    def __init__(self, retry_after: float | None = None) -> None:
        super().__init__(f"throttled (retry-after {retry_after})")
        self.retry_after = retry_after


class Refused(Exception):
    pass


def is_throttled(failure: BaseException) -> bool:
    return isinstance(failure, Throttled)


class Flaky:
    """Fails ``failures`` times with the failure ``make`` builds, then answers ``"answer"``."""

    def __init__(self, failures: int, make: type[Exception] = Throttled) -> None:
        self.failures = failures
        self.make = make
        self.attempts: list[int] = []
        self.raised: list[Exception] = []

    async def __call__(self, attempt: int) -> str:
        self.attempts.append(attempt)
        if len(self.attempts) <= self.failures:
            failure = self.make()
            self.raised.append(failure)
            raise failure
        return "answer"


class Sleeps:
    """The ``sleep`` hook: records each wait, then really sleeps it (the policy keeps them ~0)."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        await asyncio.sleep(seconds)


def test_backoff_doubles_up_to_the_ceiling_with_jitter_in_half_to_one() -> None:
    policy = RetryPolicy(first_delay=0.5, max_delay=3.0)
    ceilings = {1: 0.5, 2: 1.0, 3: 2.0, 4: 3.0, 5: 3.0, 20: 3.0}
    for retry, ceiling in ceilings.items():
        waits = [policy.backoff(retry) for _ in range(200)]
        assert all(ceiling * 0.5 <= wait <= ceiling for wait in waits), (retry, min(waits), max(waits))
        assert len(set(waits)) > 1, "jitter: callers throttled together do not return together"


def test_backoff_of_a_zero_delay_is_zero() -> None:
    assert RetryPolicy(first_delay=0.0).backoff(3) == 0.0


def test_the_default_policy() -> None:
    policy = RetryPolicy()
    assert (policy.attempts, policy.first_delay, policy.max_delay, policy.max_retry_after) == (
        3,
        0.5,
        30.0,
        120.0,
    )
    with pytest.raises(AttributeError):
        policy.attempts = 5  # type: ignore[misc]


async def test_a_call_that_succeeds_at_once_is_called_once() -> None:
    call, sleeps = Flaky(0), Sleeps()
    assert await call_with_retries(call, FAST, retry_on=is_throttled, sleep=sleeps) == "answer"
    assert call.attempts == [1]
    assert sleeps.waits == []


async def test_retryable_failures_are_retried_until_the_call_succeeds() -> None:
    call, sleeps = Flaky(3), Sleeps()
    assert await call_with_retries(call, FAST, retry_on=is_throttled, sleep=sleeps) == "answer"
    assert call.attempts == [1, 2, 3, 4], "attempt numbers count from 1"
    assert len(sleeps.waits) == 3
    for retry, wait in enumerate(sleeps.waits, start=1):
        ceiling = min(FAST.max_delay, FAST.first_delay * 2 ** (retry - 1))
        assert ceiling * 0.5 <= wait <= ceiling


async def test_the_last_failure_is_raised_itself_when_the_tries_run_out() -> None:
    call, sleeps = Flaky(10), Sleeps()
    with pytest.raises(Throttled) as raised:
        await call_with_retries(call, FAST, retry_on=is_throttled, sleep=sleeps)
    assert call.attempts == [1, 2, 3, 4]
    assert raised.value is call.raised[-1], "the last failure, not a tenacity.RetryError"
    assert len(sleeps.waits) == 3, "no wait after the last try"


async def test_a_failure_not_worth_a_retry_is_raised_at_once() -> None:
    call, sleeps = Flaky(5, make=Refused), Sleeps()
    with pytest.raises(Refused) as raised:
        await call_with_retries(call, FAST, retry_on=is_throttled, sleep=sleeps)
    assert raised.value is call.raised[0]
    assert call.attempts == [1]
    assert sleeps.waits == []


async def test_one_attempt_means_no_retry() -> None:
    call, sleeps = Flaky(1), Sleeps()
    with pytest.raises(Throttled):
        await call_with_retries(call, RetryPolicy(attempts=1), retry_on=is_throttled, sleep=sleeps)
    assert call.attempts == [1]
    assert sleeps.waits == []


async def test_retry_on_sees_each_failure() -> None:
    seen: list[BaseException] = []

    def worth_it(failure: BaseException) -> bool:
        seen.append(failure)
        return True

    call = Flaky(2)
    assert await call_with_retries(call, FAST, retry_on=worth_it, sleep=Sleeps()) == "answer"
    assert seen == call.raised


async def test_the_wait_a_server_asks_for_is_taken_up_to_the_cap() -> None:
    asked = iter([0.0025, 60.0, None])
    failures = [Throttled(next(asked)) for _ in range(3)]

    async def call(attempt: int) -> str:
        if attempt <= len(failures):
            raise failures[attempt - 1]
        return "answer"

    sleeps = Sleeps()
    result = await call_with_retries(
        call,
        FAST,
        retry_on=is_throttled,
        asked_wait=lambda failure: failure.retry_after if isinstance(failure, Throttled) else None,
        sleep=sleeps,
    )
    assert result == "answer"
    assert sleeps.waits[0] == 0.0025, "the asked wait, as asked"
    assert sleeps.waits[1] == FAST.max_retry_after, "a longer one is cut to the cap"
    # No wait asked: the backoff of retry 3.
    assert FAST.max_delay * 0.5 <= sleeps.waits[2] <= FAST.max_delay


async def test_before_sleep_sees_each_retry_its_failure_and_its_wait() -> None:
    seen: list[tuple[int, BaseException, float]] = []

    def before_sleep(state: RetryCallState, failure: BaseException, delay: float) -> None:
        seen.append((state.attempt_number, failure, delay))

    call, sleeps = Flaky(2), Sleeps()
    await call_with_retries(call, FAST, retry_on=is_throttled, before_sleep=before_sleep, sleep=sleeps)
    assert [attempt for attempt, _, _ in seen] == [1, 2]
    assert [failure for _, failure, _ in seen] == call.raised
    assert [delay for _, _, delay in seen] == sleeps.waits


async def test_the_default_sleep_really_waits_the_short_delays() -> None:
    call = Flaky(2)
    assert await call_with_retries(call, FAST, retry_on=is_throttled) == "answer"
    assert call.attempts == [1, 2, 3]


async def test_retrying_drives_a_loop_of_tries() -> None:
    call, sleeps = Flaky(2), Sleeps()
    results: list[str] = []
    async for attempt in retrying(FAST, retry_on=is_throttled, sleep=sleeps):
        with attempt:
            results.append(await call(attempt.retry_state.attempt_number))
    assert results == ["answer"]
    assert call.attempts == [1, 2, 3]
    assert len(sleeps.waits) == 2


async def test_retrying_raises_the_last_failure_unwrapped() -> None:
    call = Flaky(10)

    async def loop() -> None:
        async for attempt in retrying(RetryPolicy(attempts=2, first_delay=0), retry_on=is_throttled):
            with attempt:
                await call(attempt.retry_state.attempt_number)

    with pytest.raises(Throttled) as raised:
        await loop()
    assert raised.value is call.raised[-1]
    assert call.attempts == [1, 2]

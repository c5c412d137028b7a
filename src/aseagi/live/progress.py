"""Rate and ETA for ``batch.progress`` events, computed from the counts successive events carry.

Workers publish counts only; every API process derives the same figures from them, so the dashboards
need no extra request per update.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from typing import Any

from aseagi.models.batch import BatchState

WINDOW_SECONDS = 60.0
FINISHED_COUNTS = ("done", "duplicate", "failed", "unsupported", "skipped")


def finished(counts: dict[str, Any]) -> int:
    return sum(int(counts.get(name) or 0) for name in FINISHED_COUNTS)


class BatchRates:
    """Per job: the (time, finished files) samples of the last minute."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._samples: dict[str, deque[tuple[float, int]]] = {}

    def enrich(self, payload: dict[str, Any]) -> dict[str, Any]:
        """The payload with ``docs_per_minute`` and ``eta_seconds`` added (unless the publisher set them)."""
        job_id = str(payload.get("job_id") or "")
        counts = payload.get("counts")
        if not job_id or not isinstance(counts, dict) or "docs_per_minute" in payload:
            return payload
        now, done = self._clock(), finished(counts)
        samples = self._samples.setdefault(job_id, deque())
        samples.append((now, done))
        while len(samples) > 2 and now - samples[0][0] > WINDOW_SECONDS:
            samples.popleft()
        rate = None
        first_at, first_done = samples[0]
        if now - first_at >= 0.5:
            rate = max(0.0, (done - first_done) / (now - first_at) * 60.0)
        remaining = max(0, int(counts.get("discovered") or 0) - done)
        eta = round(remaining / rate * 60.0) if rate else None
        if payload.get("status") not in (None, BatchState.RUNNING):
            self._samples.pop(job_id, None)
            eta = 0
        return {**payload, "docs_per_minute": None if rate is None else round(rate, 1), "eta_seconds": eta}

"""What one scrape reads from the database."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class QueueCount:
    queue: str
    """The procrastinate queue (``jobs.specs.Queue``)."""
    status: str
    """The job status: todo, doing, failed, cancelled…"""
    jobs: int


@dataclass(frozen=True)
class DatabaseSnapshot:
    documents_by_status: dict[str, int]
    """Every known document status, zero when no document has it (stable series for alerts)."""
    queue: list[QueueCount]
    processed_last_minute: int
    """Documents whose processing finished (done, failed or unsupported) in the last 60 seconds."""

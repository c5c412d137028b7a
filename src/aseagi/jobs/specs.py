"""Every job the queue knows, each one constant: its task name, queue, payload type, retries and locks.

The same ``JobSpec`` declares its task (``aseagi.jobs.worker``) and defers it (``aseagi.jobs.defer``), so
a task or queue name is written here and nowhere else. Names and payload fields are stored in
``procrastinate_jobs``: a worker of a new version runs the jobs an old one queued, so they never change
(a payload may gain optional fields).
"""

from __future__ import annotations

import base64
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any, Generic, Protocol, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, PlainSerializer, ValidationError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from aseagi.config import Settings


class Queue(StrEnum):
    """Workers may be started for some queues only (``aseagi worker --queue``)."""

    DISCOVERY = "discovery"
    """Listing bulk sources into ingest jobs."""
    INGEST = "ingest"
    """Reading files: the parser pool's work."""
    ANALYSIS = "analysis"
    """Case-level analysis and exhibit binders."""
    MAINTENANCE = "maintenance"
    """Periodic housekeeping."""


QUEUES: tuple[str, ...] = tuple(Queue)


class Payload(BaseModel):
    """A job's arguments: ids, and what a job needs to find its rows, never the rows themselves."""

    model_config = ConfigDict(frozen=True)

    def arguments(self) -> dict[str, Any]:
        """The job's ``args`` as stored (JSON)."""
        return self.model_dump(mode="json", exclude_none=True)


class OfBatch(Payload):
    """A job of a bulk batch: the batch is finished once none of these jobs is left to run."""

    batch_id: uuid.UUID


class Discover(OfBatch):
    """List the batch's source from where an earlier run stopped, and queue its files."""


def _from_base64(value: object) -> object:
    return base64.b64decode(value) if isinstance(value, str) else value


def _to_base64(value: bytes) -> str:
    return base64.b64encode(value).decode("ascii")


Base64Bytes = Annotated[
    bytes, BeforeValidator(_from_base64), PlainSerializer(_to_base64, return_type=str, when_used="json")
]
"""Bytes that travel as base64 text in a job's JSON."""


class FileToRead(Payload):
    """One listed file of an ingest job, as discovery saw it."""

    source: str
    """The path or URL, readable (see ``ingestion.sources.ListedFile``)."""
    file_name: str = ""
    """Its name; empty means the last part of ``source``."""
    size: int | None = None
    mtime: datetime | None = None
    source_raw: Base64Bytes | None = None
    """A local path's bytes when they are not valid UTF-8: what the file is opened by."""


class IngestFiles(OfBatch):
    """Read, analyze and record a chunk of a batch's files (those the batch has not recorded)."""

    files: tuple[FileToRead, ...]


class IngestDocument(Payload):
    """Read an uploaded document: its original is stored and its row is ``queued``."""

    document_id: uuid.UUID


class AnalyzeCase(Payload):
    """Case-level analysis: events, deadlines, violations, contradictions, scores."""

    case_id: uuid.UUID


class BuildBinder(Payload):
    """An exhibit binder asked for through the API."""

    binder_id: uuid.UUID


class Tick(Payload):
    """A periodic job's only argument, set by procrastinate's scheduler."""

    timestamp: int
    """When it was due (Unix seconds)."""


P = TypeVar("P", bound=Payload)


@dataclass(frozen=True)
class Retry:
    """A job that raises runs again after ``exponential_wait ** (attempts + 1)`` seconds, until parked."""

    max_attempts: int = 5
    """Retries after the first run; a job whose last one fails stays ``failed`` (``aseagi retry-failed``)."""
    exponential_wait: int = 2


@dataclass(frozen=True)
class JobSpec(Generic[P]):
    """One kind of job. Its ``name`` and ``queue`` are stored with every job deferred."""

    name: str
    """procrastinate's task name."""
    queue: Queue
    payload: type[P]
    """The only payload it is deferred with, and what its stored ``args`` are read as."""
    retry: Retry | None = None
    """None: a job that raises fails for good (it would fail the same way again)."""
    lock: Callable[[P], str] | None = None
    """Jobs with the same lock never run at once; they run in the order they were queued."""
    queueing_lock: Callable[[P], str] | None = None
    """At most one job with this lock waits: deferring another while one waits keeps the waiting one."""
    cron: str | None = None
    """A periodic job: procrastinate's scheduler defers it (with a ``Tick``) on this schedule."""

    def read(self, args: dict[str, Any]) -> P:
        """A stored job's ``args`` as this spec's payload."""
        return self.payload.model_validate(args)


RETRY = Retry()

DISCOVER = JobSpec("aseagi.discover", Queue.DISCOVERY, Discover, retry=RETRY)
INGEST_FILES = JobSpec("aseagi.ingest_files", Queue.INGEST, IngestFiles, retry=RETRY)
INGEST_DOCUMENT = JobSpec("aseagi.ingest_document", Queue.INGEST, IngestDocument, retry=RETRY)
ANALYZE_CASE = JobSpec(
    "aseagi.analyze_case",
    Queue.ANALYSIS,
    AnalyzeCase,
    retry=RETRY,
    lock=lambda job: f"case:{job.case_id}",
    queueing_lock=lambda job: f"analyze_case:{job.case_id}",
)
"""Analyses of one case never run at once, and a burst of changes queues one (``defer`` says how)."""
BUILD_BINDER = JobSpec("aseagi.build_binder", Queue.ANALYSIS, BuildBinder)
RETRY_STALLED = JobSpec("aseagi.retry_stalled", Queue.MAINTENANCE, Tick, cron="* * * * *")
FINISH_BATCHES = JobSpec("aseagi.finish_batches", Queue.MAINTENANCE, Tick, cron="* * * * *")
PRUNE_EVENTS = JobSpec("aseagi.prune_events", Queue.MAINTENANCE, Tick, cron="17 * * * *")

ALL: tuple[JobSpec[Any], ...] = (
    DISCOVER,
    INGEST_FILES,
    INGEST_DOCUMENT,
    ANALYZE_CASE,
    BUILD_BINDER,
    RETRY_STALLED,
    FINISH_BATCHES,
    PRUNE_EVENTS,
)
BY_NAME: dict[str, JobSpec[Any]] = {spec.name: spec for spec in ALL}
BATCH_TASKS: tuple[str, ...] = tuple(spec.name for spec in ALL if issubclass(spec.payload, OfBatch))
"""The tasks whose jobs belong to a batch (their payload carries its ``batch_id``)."""


def stored_payload(task_name: str, args: dict[str, Any]) -> Payload | None:
    """A stored job's payload; None for a task no spec knows or arguments that do not fit it."""
    spec = BY_NAME.get(task_name)
    if spec is None:
        return None
    try:
        return spec.read(args)
    except ValidationError:
        return None


class Resources(Protocol):
    """What a job body is given by the worker that runs it (``aseagi.jobs.runtime.WorkerRuntime``)."""

    settings: Settings
    sessions: async_sessionmaker[AsyncSession]


@dataclass(frozen=True)
class GaveUp:
    """A job's last attempt failed: what a domain's give-up handler is told before the job is parked."""

    attempts: int
    """How many times it ran."""
    error: str
    """The last error, one line."""

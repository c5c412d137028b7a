from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field

from aseagi.documents.status import DocumentStatus
from aseagi.ingestion.extract import FileStatus
from aseagi.models.batch import BatchState


class BulkRequest(BaseModel):
    source: str = Field(
        min_length=1, max_length=4096, description="A folder under ASEAGI_INGEST_ROOTS or a URL."
    )
    case: str | None = Field(
        default=None, max_length=64, description="Docket; created when it does not exist."
    )


class BulkAccepted(BaseModel):
    job_id: str
    status: str
    total_documents: int
    """Files discovered so far (discovery streams the source; see /process/status for the running count)."""


class Counts(BaseModel):
    discovered: int
    queued: int
    done: int
    duplicate: int
    failed: int
    unsupported: int
    skipped: int
    pages: int


class Rates(BaseModel):
    last_minute: float
    overall: float


class BatchStatus(BaseModel):
    job_id: str
    status: BatchState
    source: str
    case_id: uuid.UUID | None
    counts: Counts
    total_documents: int
    discovery_done: bool
    docs_per_minute: Rates
    eta_seconds: float | None
    started_at: datetime
    finished_at: datetime | None
    last_errors: list[dict[str, Any]]
    parked_jobs: int = 0
    """Jobs of this batch that failed every retry (re-queue them with POST /process/retry/{job_id})."""


class UploadStatus(StrEnum):
    """An upload's document is ``queued`` for its job, or its bytes were already in the case."""

    QUEUED = DocumentStatus.QUEUED.value
    DUPLICATE = FileStatus.DUPLICATE.value


class UploadAccepted(BaseModel):
    status: UploadStatus
    document_id: uuid.UUID
    sha256: str
    size_bytes: int

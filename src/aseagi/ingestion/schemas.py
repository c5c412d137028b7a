from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field


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
    status: Literal["running", "done", "cancelled", "failed"]
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


class UploadAccepted(BaseModel):
    status: Literal["queued", "duplicate"]
    document_id: uuid.UUID
    sha256: str
    size_bytes: int

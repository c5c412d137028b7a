"""Bulk and single-document ingestion over HTTP."""

from __future__ import annotations

import asyncio
import os
import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, Request, UploadFile, status

from aseagi.api.deps import ReadToken, SessionDep, SettingsDep, WriteToken
from aseagi.api.error_responses import documented
from aseagi.api.valid_text import clean_file_name
from aseagi.documents import service as documents
from aseagi.ingestion import batches, repository, service
from aseagi.ingestion.schemas import BatchStatus, BulkAccepted, BulkRequest, UploadAccepted
from aseagi.ingestion.storage import BlobStore
from aseagi.kit import audit
from aseagi.kit.errors import PayloadTooLarge

router = APIRouter(tags=["ingestion"])
CHUNK = 1024 * 1024


@router.post("/bulk/process", response_model=BulkAccepted, status_code=status.HTTP_202_ACCEPTED)
@router.post("/process/bulk", response_model=BulkAccepted, status_code=status.HTTP_202_ACCEPTED)
async def bulk_process(
    body: BulkRequest, session: SessionDep, settings: SettingsDep, principal: WriteToken
) -> BulkAccepted:
    """Ingest every file under a source; progress at GET /process/status/{job_id}."""
    batch = await batches.start(session, settings, source=body.source, case=body.case)
    await audit.record(
        session,
        actor=principal.actor,
        action="batch.start",
        resource_type="batch",
        resource_id=batch.job_id,
        detail={"source": batch.source},
    )
    return BulkAccepted(job_id=batch.job_id, status=batch.status, total_documents=batch.discovered)


@router.get("/process/status/{job_id}", response_model=BatchStatus)
async def batch_status(job_id: str, session: SessionDep, _: ReadToken) -> BatchStatus:
    return await batches.status(session, job_id)


@router.post("/process/cancel/{job_id}", response_model=BatchStatus)
async def cancel_batch(job_id: str, session: SessionDep, principal: WriteToken) -> BatchStatus:
    await batches.cancel(session, job_id)
    await audit.record(
        session, actor=principal.actor, action="batch.cancel", resource_type="batch", resource_id=job_id
    )
    return await batches.status(session, job_id)


@router.post("/process/resume/{job_id}", response_model=BatchStatus)
async def resume_batch(job_id: str, session: SessionDep, principal: WriteToken) -> BatchStatus:
    await batches.resume(session, job_id)
    await audit.record(
        session, actor=principal.actor, action="batch.resume", resource_type="batch", resource_id=job_id
    )
    return await batches.status(session, job_id)


@router.post("/process/retry/{job_id}")
async def retry_batch(job_id: str, session: SessionDep, principal: WriteToken) -> dict[str, int]:
    """Re-queue only what failed: parked jobs and documents that failed for a passing reason."""
    requeued_jobs, documents = await batches.retry_failed(session, job_id)
    await audit.record(
        session, actor=principal.actor, action="batch.retry", resource_type="batch", resource_id=job_id
    )
    return {"jobs": requeued_jobs, "documents": documents}


@router.get("/process/batches", response_model=list[BatchStatus])
async def list_batches(session: SessionDep, _: ReadToken, limit: int = 20) -> list[BatchStatus]:
    recent = await repository.recent_batches(session, limit=min(max(limit, 1), 100))
    return [await batches.status(session, job_id) for job_id in recent]


def _spool(upload: UploadFile, limit: int) -> Path:
    """Copy the upload to a private temporary file, refusing it past ``limit`` bytes."""
    fd, name = tempfile.mkstemp(prefix="aseagi-upload-")
    size = 0
    with os.fdopen(fd, "wb") as out:
        while chunk := upload.file.read(CHUNK):
            size += len(chunk)
            if size > limit:
                out.close()
                os.unlink(name)
                raise PayloadTooLarge(f"file is larger than ASEAGI_MAX_UPLOAD_BYTES ({limit} bytes)")
            out.write(chunk)
    return Path(name)


@router.post(
    "/process/document",
    response_model=UploadAccepted,
    status_code=status.HTTP_202_ACCEPTED,
    responses={413: documented("The file is larger than ASEAGI_MAX_UPLOAD_BYTES.")},
)
async def upload_document(
    request: Request,
    file: UploadFile,
    session: SessionDep,
    settings: SettingsDep,
    principal: WriteToken,
    case: Annotated[str | None, Form(max_length=64)] = None,
) -> UploadAccepted:
    """Upload one file; it is stored at once and analyzed by a worker. The file name is metadata only."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > settings.max_upload_bytes + 64 * 1024:
        raise PayloadTooLarge(
            f"file is larger than ASEAGI_MAX_UPLOAD_BYTES ({settings.max_upload_bytes} bytes)"
        )
    # Everything that can refuse the upload runs before its bytes are stored, so no blob is orphaned.
    file_name = clean_file_name(file.filename)
    case_id = await service.case_for(session, (case or "").strip() or None)
    spooled = await asyncio.to_thread(_spool, file, settings.max_upload_bytes)
    try:
        return await documents.upload(
            session,
            BlobStore(settings.blob_url),
            spooled,
            case_id=case_id,
            file_name=file_name,
            principal=principal,
        )
    finally:
        spooled.unlink(missing_ok=True)

"""The binder job: asked for through the API, deferred in the request's transaction, built by a worker.

It takes the binder's id only and loads its own rows. Running it twice changes nothing: a binder that is
done stays done, and a rerun of a failed or interrupted one starts from an empty folder.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
import uuid
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager

from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.cases import repository as cases
from aseagi.config import Settings
from aseagi.exports import service
from aseagi.exports.bates import check_prefix
from aseagi.exports.pipeline import build_binder, result_summary
from aseagi.exports.schemas import BinderOptions, BinderRequest
from aseagi.ingestion.storage import BlobStore
from aseagi.jobs.specs import BuildBinder, Resources
from aseagi.kit.db import transaction
from aseagi.kit.errors import AseagiError
from aseagi.kit.private import private_folder
from aseagi.models import BinderJob
from aseagi.models.export import BinderStatus

log = logging.getLogger(__name__)
Sessions = Callable[[], AbstractAsyncContextManager[AsyncSession]]


async def build_requested_binder(resources: Resources, job: BuildBinder) -> None:
    """The job's body; not retried: a binder that failed fails the same way again."""
    await run_binder_job(lambda: transaction(resources.sessions), resources.settings, job.binder_id)


async def run_binder_job(sessions: Sessions, settings: Settings, binder_id: uuid.UUID) -> None:
    async with sessions() as session:
        job = await session.get(BinderJob, binder_id)
        if job is None or job.status == BinderStatus.DONE:
            return
        case = await cases.get(session, job.case_id)
        if case is None:
            return
        request = BinderRequest.model_validate(job.options)
        job.status, job.error = BinderStatus.RUNNING, None
        try:
            sources = await service.select_documents(
                session,
                case,
                document_ids=request.documents,
                violation_id=request.violation,
                event_ids=request.events,
            )
            redactor = await service.redactor_for(session, case, redaction=request.redaction)
            options = BinderOptions(
                bates_prefix=check_prefix(request.bates_prefix or service.default_prefix(case)),
                bates_start=request.start,
                bates_digits=request.digits,
                max_bytes=int(request.max_mb * 1024 * 1024),
                lettered=request.letters,
                redaction=request.redaction,
            )
        except AseagiError as exc:
            job.status, job.error = BinderStatus.FAILED, exc.message
            return
        docket, caption = case.docket_number, service.caption(case)
    folder = service.binder_folder(settings, binder_id)
    shutil.rmtree(folder, ignore_errors=True)
    private_folder(folder)
    try:
        result = await asyncio.to_thread(
            build_binder,
            sources,
            options,
            docket=docket,
            caption=caption,
            store=BlobStore(settings.blob_url),
            out_dir=folder,
            redactor=redactor,
        )
    except Exception as exc:
        log.exception("binder %s failed", binder_id)
        message = exc.message if isinstance(exc, AseagiError) else f"{type(exc).__name__}: the binder failed"
        async with sessions() as session:
            job = await session.get(BinderJob, binder_id)
            if job is not None:
                job.status, job.error = BinderStatus.FAILED, message[:500]
        return
    async with sessions() as session:
        job = await session.get(BinderJob, binder_id)
        if job is not None:
            job.status, job.result = BinderStatus.DONE, result_summary(result, folder)

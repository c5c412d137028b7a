"""Ingestion commands: ``ingest``, ``worker``, ``retry-failed``, ``verify``."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.cli.context import configure_logging, fail, run, settings, with_session
from aseagi.ingestion import batches
from aseagi.ingestion.schemas import BatchStatus
from aseagi.ingestion.storage import BlobStore
from aseagi.jobs.specs import QUEUES
from aseagi.kit.db import database_url
from aseagi.models import LegalDocument
from aseagi.models.batch import BatchState


def register(app: typer.Typer) -> None:
    app.command()(ingest)
    app.command()(worker)
    app.command("retry-failed")(retry_failed)
    app.command()(verify)
    app.command("ingest-status")(ingest_status)


def ingest_status(
    job: Annotated[str, typer.Argument(help="The batch's job id.")],
    follow: Annotated[bool, typer.Option("--follow", help="Keep showing progress until it ends.")] = False,
) -> None:
    """Show a batch's counts, rate and ETA."""
    status = watch(job) if follow else _status(job)
    typer.echo(status.model_dump_json(indent=2))


def ingest(
    source: Annotated[str, typer.Argument(help="A folder, a file, or a storage URL (s3://…).")],
    case: Annotated[str | None, typer.Option("--case", help="Docket number; created if new.")] = None,
    wait: Annotated[bool, typer.Option("--wait", help="Show progress until the batch ends.")] = False,
) -> None:
    """Ingest everything under SOURCE. A worker (`aseagi worker` or `aseagi up`) does the work."""
    current = settings()
    if "://" not in source:
        path = Path(source).expanduser().absolute()
        if not path.exists():
            fail(f"no such file or folder: {source}")
        current = current.model_copy(update={"ingest_roots": [*current.allowed_ingest_roots, path]})

    async def start(session: AsyncSession) -> str:
        return (await batches.start(session, current, source=source, case=case)).job_id

    job_id = run(with_session(start))
    typer.echo(
        f"Started batch {job_id}: follow it with `aseagi ingest-status {job_id} --follow`.",
        err=True,
    )
    typer.echo(job_id)
    if wait:
        final = watch(job_id)
        if final.status != BatchState.DONE:
            fail(f"batch {job_id} ended {final.status}")


def _status(job_id: str) -> BatchStatus:
    async def work(session: AsyncSession) -> BatchStatus:
        return await batches.status(session, job_id)

    return run(with_session(work))


def watch(job_id: str) -> BatchStatus:
    columns = (
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:.0f} docs/min  ETA {task.fields[eta]}  failed {task.fields[failed]}"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, transient=False) as progress:
        task = progress.add_task(job_id, total=None, rate=0.0, eta="?", failed=0)
        while True:
            status = _status(job_id)
            c = status.counts
            processed = c.done + c.duplicate + c.failed + c.unsupported + c.skipped
            eta = f"{status.eta_seconds:.0f}s" if status.eta_seconds is not None else "?"
            progress.update(
                task,
                completed=processed,
                total=c.discovered if status.discovery_done else None,
                rate=status.docs_per_minute.last_minute or status.docs_per_minute.overall,
                eta=eta,
                failed=c.failed,
            )
            if status.status != BatchState.RUNNING:
                return status
            time.sleep(0.5)


def worker(
    concurrency: Annotated[int | None, typer.Option(help="Parser processes (default: one per core).")] = None,
    stalled_after: Annotated[
        float, typer.Option(help="Seconds without heartbeat before a dead worker's jobs are retried.")
    ] = 30.0,
    no_analysis: Annotated[
        bool, typer.Option("--no-analysis", help="Extract text only (benchmarks).")
    ] = False,
    queue: Annotated[
        list[str] | None,
        typer.Option("--queue", help=f"Only these queues: {', '.join(QUEUES)}."),
    ] = None,
) -> None:
    """Run jobs from the shared queue. Any number of workers on any number of machines may share it."""
    from aseagi.jobs.worker import run_worker

    current = settings()
    configure_logging(current.log_level)
    url = run(asyncio.to_thread(database_url, current))
    try:
        run(
            run_worker(
                current,
                url,
                concurrency=concurrency,
                stalled_after=stalled_after,
                heartbeat=max(1.0, stalled_after / 6),
                analyze=not no_analysis,
                queues=queue,
            )
        )
    except KeyboardInterrupt:
        pass


def retry_failed(
    job: Annotated[str | None, typer.Argument(help="A batch's job id; all batches when omitted.")] = None,
) -> None:
    """Re-queue only what failed: parked jobs, and documents that failed for a passing reason."""

    async def work(session: AsyncSession) -> tuple[int, int]:
        return await batches.retry_failed(session, job)

    jobs, documents = run(with_session(work))
    typer.echo(f"Re-queued {jobs} job(s) and {documents} document(s).")


def verify() -> None:
    """Re-hash every stored original and report any that changed or went missing (chain of custody)."""
    current = settings()
    store = BlobStore(current.blob_url)

    async def work(session: AsyncSession) -> tuple[int, list[str]]:
        checked, problems = 0, []
        rows = await session.stream(
            select(LegalDocument.id, LegalDocument.file_name, LegalDocument.sha256, LegalDocument.storage_key)
            .where(LegalDocument.storage_key.isnot(None))
            .execution_options(yield_per=1000)
        )
        async for document_id, name, sha256, key in rows:
            checked += 1
            assert key is not None  # filtered in the query
            if not await asyncio.to_thread(store.exists, key):
                problems.append(f"MISSING  {document_id}  {name}")
            elif (actual := await asyncio.to_thread(store.hash_of, key)) != sha256:
                problems.append(f"CHANGED  {document_id}  {name}  expected {sha256} found {actual}")
        return checked, problems

    checked, problems = run(with_session(work))
    for line in problems:
        typer.echo(line)
    typer.echo(f"Verified {checked} original(s): {len(problems)} problem(s).", err=True)
    if problems:
        raise typer.Exit(1)

"""``aseagi binder`` (an exhibit binder for the court) and ``aseagi chronology`` (the case's events).

The CLI is run by whoever holds the database, which is admin access: ``--no-redaction`` is allowed here
(the API asks for an admin token). Both write into the folder the user names and print the paths.
"""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.cases.service import resolve
from aseagi.cli.context import fail, run, settings, with_session
from aseagi.exports import service
from aseagi.exports.bates import check_prefix
from aseagi.exports.pipeline import build_binder, result_summary
from aseagi.exports.schemas import BinderOptions, BinderResult
from aseagi.ingestion.storage import BlobStore
from aseagi.kit import audit
from aseagi.models import BinderJob
from aseagi.models.export import BinderStatus

MAX_MB = 2000


def register(app: typer.Typer) -> None:
    app.command()(binder)
    app.command()(chronology)


def binder(
    docket: Annotated[str, typer.Argument(help="The case's docket number or id.")],
    out: Annotated[Path, typer.Option("--out", help="Folder to write the binder, manifest and log into.")],
    documents: Annotated[
        list[str] | None, typer.Option("--documents", help="Document ids, in exhibit order (repeat).")
    ] = None,
    violation: Annotated[
        str | None, typer.Option(help="A violation id: its evidence, in date order.")
    ] = None,
    events: Annotated[
        list[str] | None, typer.Option("--event", help="Chronology event ids: their sources (repeat).")
    ] = None,
    bates_prefix: Annotated[str | None, typer.Option(help="Bates prefix (default: the docket).")] = None,
    start: Annotated[int, typer.Option(help="First Bates number.", min=1, max=10**9)] = 1,
    digits: Annotated[int, typer.Option(help="Digits of the Bates number.", min=3, max=12)] = 6,
    max_mb: Annotated[float, typer.Option(help="Largest part in MB (e-filing portals: 25).", min=0.1)] = 25.0,
    letters: Annotated[bool, typer.Option("--letters", help="Letter the exhibits A, B, … instead.")] = False,
    no_redaction: Annotated[
        bool,
        typer.Option("--no-redaction", help="Under seal only: keep full names, dates of birth, addresses."),
    ] = False,
) -> None:
    """Build an exhibit binder (CRC 3.1110) from the case's stored originals; print the files written."""
    if max_mb > MAX_MB:
        fail(f"--max-mb {max_mb:g} is more than {MAX_MB}: e-filing portals take 25")
    try:
        ids = [uuid.UUID(value) for value in documents or []]
        violation_id = uuid.UUID(violation) if violation else None
        event_ids = [uuid.UUID(value) for value in events or []]
    except ValueError:
        fail("document, violation and event ids are UUIDs: list them with `GET /documents?case=DOCKET`")
    current = settings()

    async def work(session: AsyncSession) -> BinderResult:
        case = await resolve(session, docket)
        sources = await service.select_documents(
            session, case, document_ids=ids, violation_id=violation_id, event_ids=event_ids
        )
        redactor = await service.redactor_for(session, case, redaction=not no_redaction)
        options = BinderOptions(
            bates_prefix=check_prefix(bates_prefix or service.default_prefix(case)),
            bates_start=start,
            bates_digits=digits,
            max_bytes=int(max_mb * 1024 * 1024),
            lettered=letters,
            redaction=not no_redaction,
        )
        result = await asyncio.to_thread(
            build_binder,
            sources,
            options,
            docket=case.docket_number,
            caption=service.caption(case),
            store=BlobStore(current.blob_url),
            out_dir=out,
            redactor=redactor,
        )
        session.add(
            BinderJob(
                case_id=case.id,
                status=BinderStatus.DONE,
                requested_by="cli",
                options={
                    "documents": [str(i) for i in ids],
                    "violation": violation,
                    "events": events or [],
                    **vars(options),
                },
                result=result_summary(result, out.resolve()),
            )
        )
        await audit.record(
            session,
            actor="cli",
            action="export.binder",
            resource_type="case",
            resource_id=case.id,
            detail={
                "exhibits": len(result.exhibits),
                "pages": result.total_pages,
                "redaction": options.redaction,
            },
        )
        return result

    result = run(with_session(work))
    typer.echo(
        f"{len(result.exhibits)} exhibits, {result.total_pages} pages in {len(result.parts)} part(s); "
        f"redaction verified on {result.verified_pages} pages",
        err=True,
    )
    for path in result.files:
        typer.echo(str(path))


def chronology(
    docket: Annotated[str, typer.Argument(help="The case's docket number or id.")],
    out: Annotated[Path, typer.Option("--out", help="Folder to write the chronology into.")] = Path("."),
    format: Annotated[str, typer.Option("--format", help="csv, docx or pdf.")] = "pdf",
    no_redaction: Annotated[bool, typer.Option("--no-redaction", help="Under seal only.")] = False,
) -> None:
    """Export the case's chronology (date, event, status, people, sources) as CSV, DOCX or PDF."""
    from aseagi.exports.chronology_file import FORMATS, export_chronology

    if format not in FORMATS:
        fail(f"unknown format {format!r}: use --format csv, docx or pdf")

    async def work(session: AsyncSession) -> Path:
        case = await resolve(session, docket)
        path = await export_chronology(session, case, format, out, redaction=not no_redaction)
        await audit.record(
            session,
            actor="cli",
            action="export.chronology",
            resource_type="case",
            resource_id=case.id,
            detail={"format": format, "redaction": not no_redaction},
        )
        return path

    typer.echo(str(run(with_session(work))))

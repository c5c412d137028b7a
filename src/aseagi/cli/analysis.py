"""Analysis commands: ``analyze`` (one file, no database), ``analyze-case``, ``demo``, ``eval``."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy.ext.asyncio import AsyncSession

from aseagi.analysis.schemas import DocumentAnalysis
from aseagi.cli.context import fail, run, settings, with_session
from aseagi.models.batch import BatchState


def register(app: typer.Typer) -> None:
    app.command()(analyze)
    app.command("analyze-case")(analyze_case)
    app.command()(demo)
    app.command("eval")(evaluate)


def analyze(
    file: Annotated[Path, typer.Argument(help="The file to analyze; nothing is stored.")],
    as_json: Annotated[
        bool, typer.Option("--json", help="Only the analysis as JSON on standard output.")
    ] = False,
) -> None:
    """Extract and analyze one file with no database: dockets, dates, citations, events, scores."""
    from aseagi.ingestion.extract import ExtractRequest, FileStatus, extract

    if not file.is_file():
        fail(f"no such file: {file}")
    with tempfile.TemporaryDirectory(prefix="aseagi-analyze-") as workdir:
        result = extract(ExtractRequest(path=str(file), workdir=workdir, file_name=file.name))
    if result.outcome != FileStatus.DONE or result.analyzed is None:
        fail(f"{file.name}: {result.outcome}: {result.reason or 'no text found'}")
    analysis = DocumentAnalysis.model_validate_json(result.analyzed.analysis)
    if as_json:
        sys.stdout.write(analysis.model_dump_json(indent=2) + "\n")
        return
    show(file.name, analysis)


def show(name: str, analysis: DocumentAnalysis) -> None:
    console = Console()
    s = analysis.scores
    console.print(
        f"[bold]{name}[/bold]  type {analysis.document_type}  dated {analysis.document_date or '?'}"
        f"{'  SWORN' if analysis.under_penalty_of_perjury else ''}"
    )
    console.print(
        f"scores: relevancy {s.relevancy.value}  micro {s.micro.value}  macro {s.macro.value}  "
        f"legal {s.legal.value}{'  SMOKING GUN' if analysis.smoking_gun else ''}"
    )
    console.print(f"dockets: {', '.join(analysis.docket_numbers) or '-'}")
    table = Table("kind", "found", "page", "quote")
    for c in analysis.citations:
        table.add_row("citation", c.normalized, str(c.page), c.text)
    for e in analysis.court_events:
        table.add_row("event", f"{e.event_date} {e.event_type}", str(e.evidence.page), e.evidence.quote[:80])
    for p in analysis.parties:
        table.add_row("party", f"{p.name} ({p.role})", str(p.evidence.page), p.evidence.quote[:80])
    for st in analysis.statements:
        table.add_row("statement", f"{st.kind} {st.polarity}", str(st.evidence.page), st.evidence.quote[:80])
    console.print(table)


def analyze_case(docket: Annotated[str, typer.Argument(help="The case's docket number or id.")]) -> None:
    """Run case-level analysis now: deadlines, violations, contradictions, indicators, re-scoring."""
    from aseagi.cases import service

    async def work(session: AsyncSession) -> dict[str, int]:
        case = await service.resolve(session, docket)
        return await service.analyze(session, case.id)

    summary = run(with_session(work))
    typer.echo(", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in summary.items()))


def demo(
    wait: Annotated[
        bool, typer.Option("--wait/--no-wait", help="Show progress until it is ingested.")
    ] = True,
) -> None:
    """Load the fictional demo case (docket DEMO) so every page, endpoint and bot command has data."""
    from aseagi.cli.ingest import watch
    from aseagi.demo import generate_case
    from aseagi.demo.generate import GROUND_TRUTH_FILE
    from aseagi.ingestion import batches

    current = settings()
    folder = current.allowed_ingest_roots[0] / "DEMO"
    # The answer key stays outside the ingested folder (one left there by an older version is removed).
    (folder / GROUND_TRUTH_FILE).unlink(missing_ok=True)
    generate_case(folder, truth_file=current.data_dir / "demo" / GROUND_TRUTH_FILE)

    async def start(session: AsyncSession) -> str:
        return (await batches.start(session, current, source=str(folder), case="DEMO")).job_id

    job_id = run(with_session(start))
    typer.echo(
        f"Generated the fictional case in {folder}; ingesting it as case DEMO (batch {job_id}).", err=True
    )
    if wait:
        final = watch(job_id)
        if final.status != BatchState.DONE:
            fail(f"batch {job_id} ended {final.status}")


def evaluate(
    case_dir: Annotated[
        Path | None, typer.Argument(help="A generated case; a fresh one when omitted.")
    ] = None,
    which: Annotated[
        str,
        typer.Option(
            "--set",
            help=(
                "demo: the generated case, per field and as a whole case, and the hand-written second case; "
                "cases: only the two case-level tables; real: excerpts of real public court documents; "
                "all: every table."
            ),
        ),
    ] = "all",
) -> None:
    """Score the analyzer: per field and as whole cases (events, deadlines, flags), and on real documents."""
    from aseagi.demo import generate_case
    from aseagi.demo.case_evaluation import evaluate_demo_case, evaluate_second_case, format_case_table
    from aseagi.demo.evaluate import evaluate as run_evaluation
    from aseagi.demo.evaluate import format_table
    from aseagi.demo.evaluate_real import evaluate_real

    if which not in ("demo", "cases", "real", "all"):
        fail(f"unknown set {which!r}: use --set demo, --set cases, --set real or --set all")
    tables = []
    if which in ("demo", "cases", "all"):
        with tempfile.TemporaryDirectory(prefix="aseagi-eval-") as scratch:
            folder = case_dir or Path(scratch) / "case"
            if case_dir is None:
                generate_case(folder)
            if which != "cases":
                tables.append(format_table(run_evaluation(folder)))
            demo_case = evaluate_demo_case(folder)
            tables.append(format_case_table(demo_case, "DEMO as the user reads it (case level)"))
        tables.append(
            format_case_table(evaluate_second_case(), "Second case, In re Noah V. (case level, hand-written)")
        )
    if which in ("real", "all"):
        tables.append(format_table(evaluate_real(), "Real examples (one-document fields)"))
    typer.echo("\n\n".join(tables))

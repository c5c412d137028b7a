"""Run the real parsers, analyzer and case analysis over a fictional case and score the case as a whole.

The timeline scored is ``CaseAnalysis.chronology`` when case analysis has one; before it did, it is what
the user was shown: one event per (type, date) of the documents' mentions (``distinct_events``).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from aseagi.demo.case_scoring import (
    PredictedDeadline,
    PredictedFlag,
    TimelineEvent,
    score_case_level,
)
from aseagi.demo.case_truth import CaseTruth, demo_case_truth, second_case_truth, write_second_case
from aseagi.demo.evaluate import EvaluationReport, analyze_files, case_inputs, top_file
from aseagi.demo.field_scoring import PredictedContradiction, PredictedViolation
from aseagi.demo.generate import GROUND_TRUTH_FILE, load_ground_truth


def timeline_of(case: Any, case_documents: list[Any]) -> tuple[list[TimelineEvent], str]:
    """The events the user reads, and where they came from (``chronology`` or ``mentions``)."""
    chronology = getattr(case, "chronology", None)
    if chronology is not None:
        return [
            TimelineEvent(
                key=e.key,
                event_date=e.event_date,
                event_type=e.event_type,
                status=e.status,
                title=e.title,
                continued_to=e.continued_to,
            )
            for e in chronology
            if e.event_type != "deadline"
        ], "chronology"
    from aseagi.analysis.case_rules import events_from_documents
    from aseagi.analysis.deadlines import distinct_events

    return [
        TimelineEvent(key=e.id, event_date=e.event_date, event_type=e.event_type, title=e.title)
        for e in distinct_events(events_from_documents(case_documents))
        if e.event_type != "deadline"
    ], "mentions"


def evaluate_case_folder(case_dir: Path, file_names: list[str], truth: CaseTruth) -> EvaluationReport:
    """Analyze every file of the folder, then the case, and score the case against ``truth``."""
    from aseagi.analysis.case_rules import analyze_case

    errors: list[str] = []
    documents, _ = analyze_files(case_dir, file_names, errors)
    case_documents, messages = case_inputs(documents)
    case = analyze_case(case_documents, [], messages, today=truth.today)
    timeline, origin = timeline_of(case, case_documents)
    fields = score_case_level(
        truth,
        timeline,
        [PredictedDeadline(d.citation, d.due_date) for d in case.deadlines],
        [PredictedViolation(v.legal_basis, v.date) for v in case.violations],
        [
            PredictedContradiction(
                top_file(c.statement_document_id),
                frozenset(top_file(e.document_id) for e in c.contradicting if e.document_id),
            )
            for c in case.contradictions
        ],
        [
            PredictedFlag(top_file(document_id), indicator.kind)
            for document_id, indicators in case.fraud_indicators.items()
            for indicator in indicators
        ],
    )
    events = fields[0]
    fields[0] = events.model_copy(update={"note": f"timeline from {origin}; {events.note}"})
    return EvaluationReport(
        case_dir=str(case_dir),
        files=len(file_names),
        documents=len(documents),
        pages=sum(d.pages for d in documents),
        fields=fields,
        errors=errors,
    )


def evaluate_demo_case(case_dir: Path) -> EvaluationReport:
    """DEMO, generated in ``case_dir`` (with its ``ground_truth.json``), scored as a whole case."""
    if not (case_dir / GROUND_TRUTH_FILE).exists():
        raise FileNotFoundError(f"{case_dir} has no {GROUND_TRUTH_FILE}: generate the case first")
    ground_truth = load_ground_truth(case_dir)
    return evaluate_case_folder(case_dir, ground_truth.file_names, demo_case_truth(ground_truth))


def evaluate_second_case() -> EvaluationReport:
    """The hand-written second case (In re Noah V.), written out to a scratch folder and scored."""
    with tempfile.TemporaryDirectory(prefix="aseagi-second-case-") as scratch:
        folder = Path(scratch)
        names = write_second_case(folder)
        return evaluate_case_folder(folder, names, second_case_truth())


def format_case_table(report: EvaluationReport, title: str) -> str:
    """The case-level table, with each row's note (duplicates, extras…) and the first misses."""
    from aseagi.demo.evaluate import format_table

    lines = [format_table(report, title)]
    for score in report.fields:
        if score.note or score.misses:
            lines.append(f"  {score.field}: {score.note}".rstrip(": "))
        lines.extend(f"    {miss}" for miss in score.misses[:8])
    lines.extend(f"  error: {error}" for error in report.errors)
    return "\n".join(lines)

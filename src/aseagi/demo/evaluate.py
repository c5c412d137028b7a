"""Run the real parsers and analyzer over a generated DEMO case and score them against its ground truth.

Each top-level file is parsed with ``parse_file`` (members of archives, mailboxes and attachments too),
each document analyzed with ``analyze_document``, then the whole case with ``analyze_case``. Fields are
scored per top-level file: a ZIP or a mailbox is judged on the union of its members, so member naming
never decides a match. A missing analyzer part makes its fields "not available", never a crash.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from aseagi.analysis.extractors.dockets import normalize_docket
from aseagi.analysis.schemas import HEARING_TYPES as HEARINGS
from aseagi.demo.field_scoring import (
    FieldScore,
    PredictedContradiction,
    PredictedViolation,
    citation_key,
    count_sets,
    docket_key,
    judged,
    match_contradictions,
    match_violations,
    score_field,
    section_key,
)
from aseagi.demo.generate import GROUND_TRUTH_FILE, load_ground_truth
from aseagi.demo.truth import DocumentTruth, GroundTruth

HEARING_TYPES = frozenset(HEARINGS)
MEMBER_SEPARATOR = "::"


class EvaluationReport(BaseModel):
    model_config = ConfigDict(frozen=True)

    case_dir: str
    files: int
    documents: int
    """Parsed documents, members included."""
    pages: int
    fields: list[FieldScore]
    errors: list[str] = Field(default_factory=list)
    """Files that failed to parse or analyze, with the reason."""

    def field(self, name: str) -> FieldScore:
        return next(score for score in self.fields if score.field == name)


@dataclass
class AnalyzedDocument:
    document_id: str
    file_name: str
    mime_type: str
    pages: int
    document_date: dt.date | None
    analysis: Any
    messages: list[Any] = field(default_factory=list)


def top_file(document_id: str) -> str:
    return document_id.split(MEMBER_SEPARATOR, 1)[0]


def parse_tree(path: Path, document_id: str, depth: int, errors: list[str]) -> list[tuple[str, Any]]:
    """The file and every member inside it, parsed, as (document id, ParsedDocument)."""
    from aseagi.ingestion.parsers import Limits, ParseContext, parse_file

    with tempfile.TemporaryDirectory(prefix="aseagi-eval-") as workdir:
        try:
            parsed = parse_file(path, ParseContext(workdir=Path(workdir), limits=Limits(), depth=depth))
        except Exception as error:
            errors.append(f"{document_id}: {type(error).__name__}: {error}")
            return []
        found: list[tuple[str, Any]] = [(document_id, parsed)]
        for index, member in enumerate(parsed.members):
            member_id = f"{document_id}{MEMBER_SEPARATOR}{index}:{member.name}"
            found.extend(parse_tree(member.path, member_id, depth + 1, errors))
        return found


def analyze_files(
    case_dir: Path, file_names: Sequence[str], errors: list[str]
) -> tuple[list[AnalyzedDocument], float]:
    """Parse and analyze every file; return the documents and the analyzer's milliseconds per page."""
    from aseagi.analysis import analyze_document

    documents: list[AnalyzedDocument] = []
    analyzer_seconds = 0.0
    # One warm-up call, so the cost per page excludes the one-time loading of eyecite's reporters.
    analyze_document(["In re Kieshia E. (1993) 6 Cal.4th 68; Welf. & Inst. Code, § 319, on March 5, 2024."])
    for file_name in file_names:
        for document_id, parsed in parse_tree(case_dir / file_name, file_name, 0, errors):
            texts = [page.text for page in parsed.pages]
            started = time.process_time()  # CPU, not wall time: a busy machine does not stretch it
            try:
                analysis = analyze_document(
                    texts,
                    file_name=document_id.rsplit(":", 1)[-1],
                    document_id=document_id,
                    document_date=parsed.document_date,
                    mime_type=parsed.mime_type,
                )
            except Exception as error:
                errors.append(f"{document_id}: analyzer {type(error).__name__}: {error}")
                analysis = None
            analyzer_seconds += time.process_time() - started
            documents.append(
                AnalyzedDocument(
                    document_id, file_name, parsed.mime_type, len(texts), parsed.document_date, analysis,
                    list(parsed.messages),
                )
            )  # fmt: skip
    pages = sum(document.pages for document in documents)
    return documents, (analyzer_seconds * 1000 / pages if pages else 0.0)


def per_file(
    truth: GroundTruth,
    documents: list[AnalyzedDocument],
    truth_items: Callable[[DocumentTruth], set[Any]],
    predicted_items: Callable[[Any], set[Any]],
    ignored_items: Callable[[DocumentTruth], set[Any]] = lambda _: set(),
) -> list[tuple[str, tuple[int, int, int, list[str]]]]:
    results = []
    for file_name in truth.file_names:
        planted = [doc for doc in truth.documents if doc.file_name == file_name]
        expected = set().union(*(truth_items(doc) for doc in planted))
        ignored = set().union(*(ignored_items(doc) for doc in planted))
        found: set[Any] = set()
        for document in documents:
            if document.file_name == file_name and document.analysis is not None:
                found |= predicted_items(document.analysis)
        results.append((file_name, count_sets(expected, found, ignored)))
    return results


def document_fields(truth: GroundTruth, documents: list[AnalyzedDocument]) -> list[FieldScore]:
    def hearing_pairs(analysis: Any) -> set[Any]:
        return {(e.event_date, e.event_type) for e in analysis.court_events if e.event_type in HEARING_TYPES}

    return [
        score_field(
            "dockets",
            per_file(
                truth, documents, lambda d: {docket_key(normalize_docket(k)) for k in d.dockets},
                lambda a: {docket_key(m.normalized) for m in a.dockets},
            ),
        ),
        score_field(
            "citations",
            per_file(
                truth, documents, lambda d: {citation_key(c) for c in d.citations},
                lambda a: {citation_key(c.normalized) for c in a.citations},
            ),
        ),
        score_field(
            "dates",
            per_file(
                truth, documents, lambda d: set(d.dates), lambda a: {m.date for m in a.dates},
                lambda d: set(d.incidental_dates),
            ),
        ),
        score_field(
            "hearings",
            per_file(truth, documents, lambda d: {(h.date, h.event_type) for h in d.hearings}, hearing_pairs),
        ),
        score_field(
            "hearing_dates",
            per_file(
                truth, documents, lambda d: {h.date for h in d.hearings},
                lambda a: {pair[0] for pair in hearing_pairs(a)},
            ),
        ),
        document_type_score(truth, documents),
    ]  # fmt: skip


def document_type_score(truth: GroundTruth, documents: list[AnalyzedDocument]) -> FieldScore:
    """Accuracy on top-level files with text of their own: right type is tp, wrong type is fn."""
    by_file = {doc.file_name: doc for doc in truth.documents if doc.member is None}
    tp = fn = 0
    misses: list[str] = []
    for document in documents:
        planted = by_file.get(document.document_id)
        if planted is None or document.analysis is None:
            continue
        if document.analysis.document_type == planted.document_type:
            tp += 1
        else:
            fn += 1
            misses.append(
                f"{document.document_id}: {planted.document_type} read as {document.analysis.document_type}"
            )
    return judged(FieldScore(field="document_types", tp=tp, fn=fn, misses=misses[:20]))


def not_available(names: list[str], reason: str) -> list[FieldScore]:
    return [FieldScore(field=name, available=False, note=reason) for name in names]


CASE_FIELDS = [
    "deadlines",
    "violations",
    "contradictions",
    "perjury_indicators",
    "fraud",
    "false_alarms_per_10_docs",
]


def case_fields(truth: GroundTruth, documents: list[AnalyzedDocument]) -> list[FieldScore]:
    try:
        from aseagi.analysis.case_rules import analyze_case
    except ImportError as error:
        return not_available(CASE_FIELDS, f"case analysis missing: {error}")
    case_documents, messages = case_inputs(documents)
    try:
        case = analyze_case(case_documents, [], messages, today=truth.today)
    except Exception as error:
        return not_available(CASE_FIELDS, f"analyze_case failed: {type(error).__name__}: {error}")
    return score_case(truth, case, file_count=len(truth.file_names))


def case_inputs(documents: list[AnalyzedDocument]) -> tuple[list[Any], list[Any]]:
    """The analyzed documents as case analysis reads them: ``CaseDocument`` rows and ``CaseMessage`` rows."""
    from aseagi.analysis.case_inputs import CaseDocument, CaseMessage

    case_documents = [
        CaseDocument(
            document_id=d.document_id, file_name=d.document_id.rsplit(":", 1)[-1],
            document_type=d.analysis.document_type, document_date=d.analysis.document_date or d.document_date,
            under_penalty_of_perjury=d.analysis.under_penalty_of_perjury, analysis=d.analysis,
        )
        for d in documents
        if d.analysis is not None
    ]  # fmt: skip
    messages = [
        CaseMessage(
            document_id=d.document_id, channel="sms" if m.channel == "mms" else m.channel,
            sender=m.sender or "", recipients=tuple(m.recipients), sent_at=m.sent_at, content=m.content,
        )
        for d in documents
        for m in d.messages
    ]  # fmt: skip
    return case_documents, messages


def score_case(truth: GroundTruth, case: Any, *, file_count: int) -> list[FieldScore]:
    """Score a CaseAnalysis (or anything shaped like one) against the case-level truth."""
    required = {(section_key(d.rule), d.due_date) for d in truth.deadlines if d.required}
    optional = {(section_key(d.rule), d.due_date) for d in truth.deadlines if not d.required}
    deadline_found = {(section_key(d.citation), d.due_date) for d in case.deadlines}
    deadlines = score_field("deadlines", [("case", count_sets(required, deadline_found, optional))])
    violations_found = [PredictedViolation(v.legal_basis, v.date) for v in case.violations]
    violations = score_field("violations", [("case", match_violations(truth.violations, violations_found))])
    contradictions_found = [
        PredictedContradiction(
            top_file(c.statement_document_id),
            frozenset(top_file(e.document_id) for e in c.contradicting if e.document_id),
        )
        for c in case.contradictions
    ]
    contradictions = score_field(
        "contradictions", [("case", match_contradictions(truth.contradictions, contradictions_found))]
    )
    perjury = score_field(
        "perjury_indicators",
        [
            (
                "case",
                count_sets(
                    {c.sworn_document for c in truth.contradictions},
                    {top_file(doc_id) for doc_id, found in case.perjury_indicators.items() if found},
                ),
            )
        ],
    )
    fraud = score_field(
        "fraud",
        [
            (
                "case",
                count_sets(
                    {f.document for f in truth.fraud},
                    {top_file(doc_id) for doc_id, found in case.fraud_indicators.items() if found},
                ),
            )
        ],
    )
    false_alarms = violations.fp + contradictions.fp + perjury.fp + fraud.fp
    rate = judged(
        FieldScore(
            field="false_alarms_per_10_docs",
            fp=false_alarms,
            value=round(false_alarms * 10 / max(file_count, 1), 2),
        )
    )
    return [deadlines, violations, contradictions, perjury, fraud, rate]


def evaluate(case_dir: Path) -> EvaluationReport:
    """Score the analyzer on a generated case folder (one holding ``ground_truth.json``)."""
    if not (case_dir / GROUND_TRUTH_FILE).exists():
        raise FileNotFoundError(f"{case_dir} has no {GROUND_TRUTH_FILE}: generate the case first")
    truth = load_ground_truth(case_dir)
    errors: list[str] = []
    try:
        documents, ms_per_page = analyze_files(case_dir, truth.file_names, errors)
    except ImportError as error:
        names = ["dockets", "citations", "dates", "hearings", "hearing_dates", "document_types"]
        fields = not_available([*names, *CASE_FIELDS, "ms_per_page"], f"parser or analyzer missing: {error}")
        return EvaluationReport(case_dir=str(case_dir), files=len(truth.file_names), documents=0, pages=0,
                                fields=fields, errors=errors)  # fmt: skip
    fields = [
        *document_fields(truth, documents),
        *case_fields(truth, documents),
        judged(FieldScore(field="ms_per_page", value=round(ms_per_page, 2))),
    ]
    return EvaluationReport(
        case_dir=str(case_dir), files=len(truth.file_names), documents=len(documents),
        pages=sum(d.pages for d in documents), fields=fields, errors=errors,
    )  # fmt: skip


def format_table(report: EvaluationReport, title: str | None = None) -> str:
    """The report as a fixed-width table: field, tp, fp, fn, precision, recall, target, pass/fail."""

    def number(value: float | None) -> str:
        return "-" if value is None else f"{value:.3f}"

    header = f"{'field':<26}{'tp':>5}{'fp':>5}{'fn':>5}{'precision':>11}{'recall':>8}  {'target':<20}result"
    lines = [
        f"{title or 'DEMO case'}: {report.files} files, {report.documents} documents, {report.pages} pages",
        header,
        "-" * len(header),
    ]
    for score in report.fields:
        if not score.available:
            lines.append(f"{score.field:<26}{'not available':>34}  {'':<20}n/a  {score.note}")
            continue
        result = {True: "pass", False: "FAIL", None: ""}[score.passed]
        if score.value is not None:
            lines.append(f"{score.field:<26}{'':>15}{score.value:>19.2f}  {score.target:<20}{result}")
            continue
        lines.append(
            f"{score.field:<26}{score.tp:>5}{score.fp:>5}{score.fn:>5}{number(score.precision):>11}"
            f"{number(score.recall):>8}  {score.target:<20}{result}"
        )
    return "\n".join(lines)

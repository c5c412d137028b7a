"""The four document scores (0–999), each with the components that produced it.

All points are integers; every score is clipped to 0..999.

legal — the paper's own legal weight:
    base by type (court_order 450, minute_order 420, petition 350, declaration 330, social_worker_report 300,
    proof_of_service 280, notice 260, motion 250, police_report 220, medical_record 180, letter 130,
    email 120, chat/text_messages/phone_log 100, other 80)
    + 150 signed under penalty of perjury
    + 15 per distinct statute or rule cited (max 150) + 10 per case cited (max 50)
    + 40 when it names its own docket in the caption
    + 20 per distinct court event (max 120) + 60 when a key hearing (detention, jurisdiction, disposition,
      review, permanency, 366.26) is among them.

micro — the single strongest passage; candidates, the best one wins:
    perjury clause 300;
    court event: 200, +100 key hearing, +100 when the paper is a court order or minute order;
    statement: 350, +150 sworn, +100 dated, +50 channel stated, +100 denial, +150 when it is an ICWA
    inquiry denied;
    indicator (fraud/perjury): 500 + 499 × confidence.
    The breakdown lists the winning passage's parts, each with its evidence.

macro — ties to the case as a whole:
    + 80 any docket, + 40 per further distinct docket (max 80)
    + 50 per distinct court event (max 250) + 40 per distinct key hearing type (max 160)
    + 20 per named party (max 120) + 25 per statement (max 125)
    + 100 per indicator (max 300) + 80 per violation (max 240).

relevancy = round(0.40 × micro + 0.30 × macro + 0.30 × legal) + round(200 × the highest indicator
confidence) + 30 per violation (max 90).

smoking_gun = relevancy ≥ 900 and at least one indicator with confidence ≥ 0.8 (indicators always
carry evidence).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

from aseagi.analysis.schemas import (
    CourtEventFinding,
    DocumentAnalysis,
    Evidence,
    Indicator,
    Score,
    ScoreComponent,
    Scores,
    Statement,
)

_TYPE_BASE = {
    "court_order": 450, "minute_order": 420, "petition": 350, "declaration": 330, "social_worker_report": 300,
    "proof_of_service": 280, "notice": 260, "motion": 250, "police_report": 220, "medical_record": 180,
    "letter": 130, "email": 120, "chat": 100, "text_messages": 100, "phone_log": 100, "other": 80,
}  # fmt: skip
KEY_HEARINGS = frozenset(
    {
        "detention_hearing",
        "jurisdiction_hearing",
        "disposition_hearing",
        "review_hearing",
        "permanency_hearing",
        "366.26_hearing",
    }
)
SMOKING_GUN_RELEVANCY = 900
SMOKING_GUN_CONFIDENCE = 0.8
MAX_SCORE = 999


def _score(components: list[ScoreComponent]) -> Score:
    kept = [c for c in components if c.points]
    return Score(value=max(0, min(MAX_SCORE, sum(c.points for c in kept))), breakdown=kept)


def legal_score(analysis: DocumentAnalysis) -> Score:
    statutes = {c.normalized for c in analysis.citations if c.kind != "case"}
    cases = {c.normalized for c in analysis.citations if c.kind == "case"}
    event_types = {e.event_type for e in analysis.court_events}
    caption = [d for d in analysis.dockets if d.in_caption]
    return _score(
        [
            ScoreComponent(
                factor=f"document type: {analysis.document_type}", points=_TYPE_BASE[analysis.document_type]
            ),
            ScoreComponent(
                factor="signed under penalty of perjury",
                points=150 if analysis.under_penalty_of_perjury else 0,
                evidence=analysis.perjury_clause,
            ),
            ScoreComponent(
                factor=f"{len(statutes)} statutes or rules cited", points=min(150, 15 * len(statutes))
            ),
            ScoreComponent(factor=f"{len(cases)} cases cited", points=min(50, 10 * len(cases))),
            ScoreComponent(
                factor="own docket in caption",
                points=40 if caption else 0,
                evidence=caption[0].evidence if caption else None,
            ),
            ScoreComponent(
                factor=f"{len(analysis.court_events)} court events",
                points=min(120, 20 * len(analysis.court_events)),
            ),
            ScoreComponent(factor="key hearing named", points=60 if event_types & KEY_HEARINGS else 0),
        ]
    )


def micro_score(analysis: DocumentAnalysis) -> Score:
    court_record = analysis.document_type in ("court_order", "minute_order")
    # Candidates are many; compare their totals and build only the winner's components.
    best: Callable[[], list[ScoreComponent]] = list
    best_total = 0
    if analysis.statements:
        top = max(analysis.statements, key=_statement_points)
        best, best_total = partial(_statement_parts, top), _statement_points(top)
    candidates: list[tuple[int, Callable[[], list[ScoreComponent]]]] = []
    clause = analysis.perjury_clause
    if clause is not None:
        candidates.append(
            (300, lambda: [ScoreComponent(factor="perjury clause", points=300, evidence=clause)])
        )
    for event in analysis.court_events:
        points = _event_points(event, court_record=court_record)
        candidates.append((points, partial(_event_parts, event, court_record=court_record)))
    candidates.extend(
        (_indicator_points(i), partial(_indicator_parts, i))
        for i in [*analysis.fraud_indicators, *analysis.perjury_indicators]
    )
    for total, build in candidates:
        if total > best_total:
            best, best_total = build, total
    return _score(best())


def _statement_points(statement: Statement) -> int:
    return sum(points for _, points in _statement_factors(statement))


def _statement_factors(statement: Statement) -> list[tuple[str, int]]:
    factors = [(f"checkable statement ({statement.kind} {statement.polarity})", 350)]
    if statement.sworn:
        factors.append(("statement is sworn", 150))
    if statement.date is not None:
        factors.append(("statement is dated", 100))
    if statement.channel is not None:
        factors.append((f"channel stated: {statement.channel}", 50))
    if statement.polarity == "denied":
        factors.append(("denial", 100))
        if statement.kind == "icwa_inquiry":
            factors.append(("ICWA inquiry not done", 150))
    return factors


def _statement_parts(statement: Statement) -> list[ScoreComponent]:
    factors = _statement_factors(statement)
    first, *rest = factors
    return [ScoreComponent(factor=first[0], points=first[1], evidence=statement.evidence)] + [
        ScoreComponent(factor=factor, points=points) for factor, points in rest
    ]


def _event_points(event: CourtEventFinding, *, court_record: bool) -> int:
    """The total of ``_event_parts``."""
    return 200 + (100 if event.event_type in KEY_HEARINGS else 0) + (100 if court_record else 0)


def _event_parts(event: CourtEventFinding, *, court_record: bool) -> list[ScoreComponent]:
    parts = [ScoreComponent(factor=f"court event: {event.title}", points=200, evidence=event.evidence)]
    if event.event_type in KEY_HEARINGS:
        parts.append(ScoreComponent(factor="key hearing", points=100))
    if court_record:
        parts.append(ScoreComponent(factor="recorded by the court", points=100))
    return parts


def _indicator_points(indicator: Indicator) -> int:
    """The total of ``_indicator_parts``."""
    return 500 + round(499 * indicator.confidence)


def _indicator_parts(indicator: Indicator) -> list[ScoreComponent]:
    evidence: Evidence = indicator.evidence[0]
    return [
        ScoreComponent(factor=f"indicator: {indicator.kind}", points=500, evidence=evidence),
        ScoreComponent(
            factor=f"confidence {indicator.confidence:.2f}", points=round(499 * indicator.confidence)
        ),
    ]


def macro_score(analysis: DocumentAnalysis, *, violations: int = 0) -> Score:
    dockets = len(analysis.docket_numbers)
    key_types = {e.event_type for e in analysis.court_events} & KEY_HEARINGS
    indicators = len(analysis.fraud_indicators) + len(analysis.perjury_indicators)
    return _score(
        [
            ScoreComponent(factor="docket named", points=80 if dockets else 0),
            ScoreComponent(
                factor=f"{max(0, dockets - 1)} further dockets", points=min(80, 40 * max(0, dockets - 1))
            ),
            ScoreComponent(
                factor=f"{len(analysis.court_events)} court events",
                points=min(250, 50 * len(analysis.court_events)),
            ),
            ScoreComponent(
                factor=f"{len(key_types)} key hearing types", points=min(160, 40 * len(key_types))
            ),
            ScoreComponent(
                factor=f"{len(analysis.parties)} parties named", points=min(120, 20 * len(analysis.parties))
            ),
            ScoreComponent(
                factor=f"{len(analysis.statements)} statements",
                points=min(125, 25 * len(analysis.statements)),
            ),
            ScoreComponent(factor=f"{indicators} indicators", points=min(300, 100 * indicators)),
            ScoreComponent(factor=f"{violations} violations", points=min(240, 80 * violations)),
        ]
    )


def relevancy_score(
    micro: Score, macro: Score, legal: Score, indicators: Sequence[Indicator], *, violations: int = 0
) -> Score:
    top = max((i.confidence for i in indicators), default=0.0)
    return _score(
        [
            ScoreComponent(factor="0.40 × micro", points=round(0.40 * micro.value)),
            ScoreComponent(factor="0.30 × macro", points=round(0.30 * macro.value)),
            ScoreComponent(factor="0.30 × legal", points=round(0.30 * legal.value)),
            ScoreComponent(factor=f"highest indicator confidence {top:.2f}", points=round(200 * top)),
            ScoreComponent(factor=f"{violations} violations", points=min(90, 30 * violations)),
        ]
    )


def score_document(analysis: DocumentAnalysis, *, violations: int = 0) -> DocumentAnalysis:
    """The analysis with its scores and smoking_gun computed from everything else in it."""
    indicators = [*analysis.fraud_indicators, *analysis.perjury_indicators]
    micro, macro, legal = (
        micro_score(analysis),
        macro_score(analysis, violations=violations),
        legal_score(analysis),
    )
    relevancy = relevancy_score(micro, macro, legal, indicators, violations=violations)
    smoking_gun = relevancy.value >= SMOKING_GUN_RELEVANCY and any(
        i.confidence >= SMOKING_GUN_CONFIDENCE and i.evidence for i in indicators
    )
    scores = Scores(micro=micro, macro=macro, legal=legal, relevancy=relevancy)
    return analysis.model_copy(update={"scores": scores, "smoking_gun": smoking_gun})


def rescore(
    analysis: DocumentAnalysis,
    *,
    fraud: Sequence[Indicator] | None = None,
    perjury: Sequence[Indicator] | None = None,
    violations: int = 0,
) -> DocumentAnalysis:
    """Re-score once case-level analysis found indicators or violations for this document.

    ``fraud`` / ``perjury`` replace the document's indicator lists (``None`` keeps the current list);
    ``violations`` is the number of violations whose evidence lies in this document.
    """
    update: dict[str, list[Indicator]] = {}
    if fraud is not None:
        update["fraud_indicators"] = list(fraud)
    if perjury is not None:
        update["perjury_indicators"] = list(perjury)
    return score_document(analysis.model_copy(update=update), violations=violations)


EMPTY_SCORES = Scores(
    micro=Score(value=0), macro=Score(value=0), legal=Score(value=0), relevancy=Score(value=0)
)

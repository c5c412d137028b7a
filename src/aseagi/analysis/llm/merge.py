"""Merge Claude's located findings into the local DocumentAnalysis.

Local findings always stay; Claude's are added with ``source="claude:<model>"`` unless a local (or an
earlier Claude) finding already covers the same passage, and the scores are recomputed by the same
deterministic formula (``score_document``), so a reader sees exactly what Claude's findings added.
``Statement`` and ``CourtEventFinding`` get the source once the schema gives them a ``source`` field;
until then ``DocumentAnalysis.analyzer`` names the model and ``metadata["claude"]`` lists what it added.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, get_args

from pydantic import BaseModel

from aseagi.analysis.llm.prompt import ProposedFinding, StatementKind
from aseagi.analysis.schemas import CourtEventFinding, DocumentAnalysis, Evidence, Indicator, Statement
from aseagi.analysis.scoring import score_document


@dataclass(frozen=True)
class LocatedFinding:
    """A proposal whose quote was found in the page text, with the evidence we computed."""

    proposal: ProposedFinding
    evidence: Evidence


@dataclass(frozen=True)
class MergeOutcome:
    analysis: DocumentAnalysis
    added: dict[str, int]
    """Per category, the findings that were new."""
    duplicates: int
    """Findings dropped because one already covered the same passage (or the same dated event)."""
    unusable: int
    """Findings lacking what their kind needs (an event without a date, a statement without polarity)."""
    kept: tuple[LocatedFinding, ...] = ()
    """The findings that were added, in order."""


def source_label(model: str) -> str:
    return f"claude:{model}"


def _overlaps(a: Evidence, b: Evidence) -> bool:
    return a.page == b.page and a.start < b.end and b.start < a.end


def _key(kind: str | None, default: str) -> str:
    cleaned = re.sub(r"[^a-z0-9]+", "_", (kind or "").lower()).strip("_")
    return cleaned[:80] or default


def _with_source(model_cls: type[BaseModel], values: dict[str, Any], source: str) -> dict[str, Any]:
    if "source" in model_cls.model_fields:
        values["source"] = source
    return values


def _indicator(found: LocatedFinding, source: str) -> Indicator:
    p = found.proposal
    return Indicator(
        kind=_key(p.kind, f"claude_{p.category}"),
        description=p.description,
        confidence=p.confidence,
        evidence=[found.evidence],
        source=source,
    )


def _event(found: LocatedFinding, source: str) -> CourtEventFinding | None:
    p = found.proposal
    if p.event_date is None or p.event_type is None:
        return None
    title = (p.title or p.description or p.event_type).strip()[:200]
    values = {
        "event_date": p.event_date,
        "event_type": p.event_type,
        "title": title,
        "evidence": found.evidence,
    }
    return CourtEventFinding(**_with_source(CourtEventFinding, values, source))


def _statement(found: LocatedFinding, source: str, *, sworn: bool) -> Statement | None:
    p = found.proposal
    if p.polarity is None:
        return None
    kind = p.kind if p.kind in get_args(StatementKind) else "other"
    values = {
        "kind": kind,
        "polarity": p.polarity,
        "subject": p.subject,
        "channel": p.channel,
        "date": p.statement_date,
        "sworn": sworn,
        "evidence": found.evidence,
    }
    return Statement(**_with_source(Statement, values, source))


def _is_duplicate_event(event: CourtEventFinding, events: Sequence[CourtEventFinding]) -> bool:
    return any(
        (e.event_date == event.event_date and e.event_type == event.event_type)
        or (e.event_date == event.event_date and _overlaps(e.evidence, event.evidence))
        for e in events
    )


def merge_findings(
    analysis: DocumentAnalysis, findings: Sequence[LocatedFinding], *, model: str, violations: int = 0
) -> MergeOutcome:
    """The analysis with Claude's new findings added, re-scored (``violations`` as in ``score_document``)."""
    source = source_label(model)
    fraud = list(analysis.fraud_indicators)
    perjury = list(analysis.perjury_indicators)
    events = list(analysis.court_events)
    statements = list(analysis.statements)
    added: Counter[str] = Counter()
    kept: list[LocatedFinding] = []
    duplicates = unusable = 0
    for found in findings:
        category = found.proposal.category
        if category in ("fraud_indicator", "perjury_indicator"):
            target = fraud if category == "fraud_indicator" else perjury
            if any(_overlaps(e, found.evidence) for i in target for e in i.evidence):
                duplicates += 1
                continue
            target.append(_indicator(found, source))
        elif category == "court_event":
            event = _event(found, source)
            if event is None:
                unusable += 1
                continue
            if _is_duplicate_event(event, events):
                duplicates += 1
                continue
            events.append(event)
        else:
            statement = _statement(found, source, sworn=analysis.under_penalty_of_perjury)
            if statement is None:
                unusable += 1
                continue
            if any(_overlaps(s.evidence, statement.evidence) for s in statements):
                duplicates += 1
                continue
            statements.append(statement)
        added[category] += 1
        kept.append(found)
    analyzer = analysis.analyzer if source in analysis.analyzer else f"{analysis.analyzer}+{source}"
    merged = analysis.model_copy(
        update={
            "analyzer": analyzer,
            "fraud_indicators": fraud,
            "perjury_indicators": perjury,
            "court_events": events,
            "statements": statements,
        }
    )
    return MergeOutcome(
        analysis=score_document(merged, violations=violations),
        added=dict(added),
        duplicates=duplicates,
        unusable=unusable,
        kept=tuple(kept),
    )

"""How a violation states what it rests on: the events (quoted), the rule, the arithmetic, and how sure it is.

A parent who takes a finding to court needs to read, in one paragraph, which hearing and which service it
compares, what the rule allows and by how much it was missed, and whether a date it uses is only recounted
in an e-mail. One fact gives one finding, however many papers repeat it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from aseagi.analysis.calendar import is_court_day
from aseagi.analysis.chronology_types import DateCertainty
from aseagi.analysis.schemas import Evidence, Model, Severity

if TYPE_CHECKING:
    from aseagi.analysis.case_inputs import CaseDocument, CaseEvent

__all__ = [
    "Confidence",
    "ViolationFinding",
    "cause_stated",
    "count_days",
    "final_setting",
    "graded",
    "one_per_fact",
    "quoted",
]

Confidence = Literal["likely", "possible"]
_QUOTE_LENGTH = 160
_COURT_PAPERS = frozenset({"minute_order", "court_order"})


class ViolationFinding(Model):
    """A suspected statutory violation (a ``legal_violations`` row), always with its evidence."""

    violation_type: str
    """Stable key, e.g. ``late_jurisdiction_hearing``."""
    rule_id: str | None = None
    severity: Severity
    legal_basis: str
    date: dt.date | None = None
    person: str | None = None
    description: str
    """The events, the rule and the arithmetic, with each event quoted."""
    evidence: list[Evidence] = Field(min_length=1)
    confidence: Confidence = "likely"
    """``possible`` when a date it rests on is approximate or conflicting; then never CRITICAL."""
    events: list[str] = Field(default_factory=list)
    """Keys of the chronology events it rests on."""


def quoted(event: CaseEvent) -> str:
    """``Service 2025-09-30 ("On 09/30/2025 I served ...", proof.pdf p. 1)``: an event as cited."""
    head = f"{event.title} {event.event_date.isoformat()}"
    if event.evidence is None:
        return f"{head} (entered by a person)"
    quote = " ".join(event.evidence.quote.split())
    if len(quote) > _QUOTE_LENGTH:
        quote = quote[: _QUOTE_LENGTH - 1] + "…"
    where = event.evidence.file_name or event.evidence.document_id or "document"
    return f'{head} ("{quote}", {where} p. {event.evidence.page})'


def count_days(start: dt.date, end: dt.date, unit: str) -> int:
    """Days from ``start`` to ``end`` in the rule's unit (court days skip weekends and court holidays)."""
    if unit != "court_days":
        return (end - start).days
    days, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        days += is_court_day(day)
    return days


def graded(finding: ViolationFinding, events: Iterable[CaseEvent | None]) -> ViolationFinding:
    """The finding with its events named, lowered to ``possible`` (never CRITICAL) on an uncertain date."""
    used = [e for e in events if e is not None]
    keys = list(dict.fromkeys([*finding.events, *(e.id for e in used)]))
    doubtful = [e for e in used if getattr(e, "date_certainty", DateCertainty.EXACT) != DateCertainty.EXACT]
    if not doubtful:
        return finding.model_copy(update={"events": keys})
    reasons = "; ".join(
        f"the date of the {e.title.lower()} ({e.event_date.isoformat()}) is "
        + (
            "only recounted in correspondence"
            if e.date_certainty == DateCertainty.APPROXIMATE
            else "given differently by court papers"
        )
        for e in doubtful
    )
    severity = Severity.MEDIUM if finding.severity in (Severity.CRITICAL, Severity.HIGH) else finding.severity
    return finding.model_copy(
        update={
            "events": keys,
            "confidence": "possible",
            "severity": severity,
            "description": f"{finding.description} Possible only: {reasons}; check it before relying on it.",
        }
    )


def one_per_fact(found: Sequence[ViolationFinding]) -> list[ViolationFinding]:
    """One finding per type and underlying event set: the same late service is one violation."""
    kept: dict[tuple[str, str, str | None], ViolationFinding] = {}
    for finding in found:
        basis = ",".join(sorted(finding.events)) or (
            f"{finding.evidence[0].document_id}:{finding.evidence[0].page}:{finding.evidence[0].start}"
        )
        key = (finding.violation_type, basis, finding.person)
        kept.setdefault(key, finding)
    return list(kept.values())


def final_setting(event: CaseEvent, by_id: Mapping[str, CaseEvent]) -> CaseEvent:
    """The end of a continuance chain: the setting the hearing was last moved to."""
    seen = {event.id}
    while event.continued_to and event.continued_to in by_id and event.continued_to not in seen:
        event = by_id[event.continued_to]
        seen.add(event.id)
    return event


def cause_stated(event: CaseEvent, documents: Sequence[CaseDocument]) -> tuple[bool | None, Evidence | None]:
    """What the court's papers of the day a hearing was continued say of good cause (WIC 352).

    ``(False, passage)`` when a minute order of that day says none was found, ``(True, passage)`` when one
    says it was (or time was waived), ``(None, None)`` when they are silent.
    """
    sources = {s.document_id for s in getattr(event, "sources", ())} | {event.source_document_id}
    verdict: tuple[bool | None, Evidence | None] = (None, None)
    for document in documents:
        analysis = document.analysis
        if (
            analysis is None
            or document.document_id not in sources
            or document.document_type not in _COURT_PAPERS
            or (document.document_date or analysis.document_date) != event.event_date
        ):
            continue
        for cause in analysis.good_cause:
            evidence = cause.evidence
            if evidence.document_id is None:
                evidence = evidence.model_copy(update={"document_id": document.document_id})
            if not cause.found:
                return False, evidence
            verdict = (True, evidence)
    return verdict

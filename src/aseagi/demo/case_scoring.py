"""Score a case as the user reads it: the timeline's events, the deadlines, the flags. Pure: no files.

A timeline event matches a true event of the same day whose type it may carry. The first event to match
a true event finds it; every further one is a duplicate. An event matching none is an extra. Duplicates
and extras both lower precision, because the user reads each one as another fact.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from aseagi.analysis.chronology_types import EventStatus
from aseagi.analysis.schemas import HEARING_TYPES
from aseagi.demo.case_truth import CaseTruth, EventTruth
from aseagi.demo.field_scoring import (
    FieldScore,
    PredictedContradiction,
    PredictedViolation,
    count_sets,
    match_contradictions,
    match_violations,
    section_key,
)

MAX_EVENTS_PER_TRUE_EVENT = 1.2
MIN_EVENT_RECALL = 0.9
MIN_FLAG_RECALL = 0.8
MAX_FALSE_ALARMS_PER_CASE = 1
_GENERIC_HEARING = ("hearing", "continuance")
"""Types that name a hearing without saying which: they may match any hearing of that day."""


@dataclass(frozen=True)
class TimelineEvent:
    """One entry of the timeline the user reads (a chronology event, or a distinct mention before it)."""

    key: str
    event_date: dt.date
    event_type: str
    status: str = "unknown"
    title: str = ""
    continued_to: str | None = None


@dataclass(frozen=True)
class PredictedFlag:
    """A flag the user sees that is neither a violation nor a contradiction (fraud): document and kind."""

    document: str
    kind: str


@dataclass(frozen=True)
class EventMatch:
    found: int
    duplicates: int
    extras: int
    missed: int
    ignored: int
    """Events matching an optional fact, or an order made at a hearing held that day: counted neither way."""
    scored_events: int
    """Timeline events that count (all but ignored ones)."""
    true_events: int
    status_right: int
    status_judged: int
    examples: tuple[str, ...]


def _may_be(event: TimelineEvent, truth: EventTruth) -> bool:
    if event.event_date != truth.date:
        return False
    if event.event_type == truth.type or event.event_type in truth.also_types:
        return True
    return event.event_type in _GENERIC_HEARING and truth.type in HEARING_TYPES


def _order_at_held_hearing(event: TimelineEvent, truths: Sequence[EventTruth]) -> bool:
    return event.event_type == "order" and any(
        t.date == event.event_date and t.type in HEARING_TYPES and t.status == EventStatus.HELD
        for t in truths
    )


def match_events(truths: Sequence[EventTruth], timeline: Sequence[TimelineEvent]) -> EventMatch:
    """Match the timeline against the true events; see the module docstring for the rules."""
    matched: dict[str, TimelineEvent] = {}
    truth_of: dict[str, str] = {}
    duplicates: list[str] = []
    extras: list[str] = []
    ignored = 0
    ordered = sorted(timeline, key=lambda e: (e.event_date, e.event_type != "order", e.key))
    for event in ordered:
        candidates = [t for t in truths if _may_be(event, t)]
        if not candidates:
            if _order_at_held_hearing(event, truths):
                ignored += 1
            else:
                extras.append(f"+{event.event_date} {event.event_type} {event.title[:60]}")
            continue
        candidates.sort(key=lambda t: (t.key in matched, t.type != event.event_type, not t.required))
        best = candidates[0]
        if best.key not in matched:
            matched[best.key] = event
            truth_of[event.key] = best.key
            ignored += not best.required
        elif not best.required:
            ignored += 1
        else:
            duplicates.append(f"={event.event_date} {event.event_type} {event.title[:60]} (again {best.key})")
    required = [t for t in truths if t.required]
    missed = [f"-{t.date} {t.type} {t.key}" for t in required if t.key not in matched]
    status_judged = [t for t in required if t.status is not None and t.key in matched]
    status_right = sum(_status_right(t, matched[t.key], truth_of) for t in status_judged)
    found = sum(1 for t in required if t.key in matched)
    return EventMatch(
        found=found,
        duplicates=len(duplicates),
        extras=len(extras),
        missed=len(missed),
        ignored=ignored,
        scored_events=found + len(duplicates) + len(extras),
        true_events=len(required),
        status_right=status_right,
        status_judged=len(status_judged),
        examples=tuple((missed + duplicates + extras)[:20]),
    )


def _status_right(truth: EventTruth, event: TimelineEvent, truth_of: dict[str, str]) -> bool:
    """The status, and for a continued hearing the hearing it was continued to."""
    if event.status != truth.status:
        return False
    return truth.continued_to is None or truth_of.get(event.continued_to or "") == truth.continued_to


@dataclass(frozen=True)
class PredictedDeadline:
    citation: str
    due_date: dt.date


def score_deadlines(truth: CaseTruth, predicted: Iterable[PredictedDeadline]) -> FieldScore:
    """Exactly right: the rule's section and the due date; a moot (optional) deadline counts neither way."""
    required = {_deadline_key(d.citation, d.due_date) for d in truth.deadlines if d.required}
    optional = {_deadline_key(d.citation, d.due_date) for d in truth.deadlines if not d.required}
    found = {_deadline_key(d.citation, d.due_date) for d in predicted}
    tp, fp, fn, misses = count_sets(required, found, optional)
    return FieldScore(
        field="deadlines_exact",
        tp=tp,
        fp=fp,
        fn=fn,
        target="P>=1.00 R>=1.00",
        passed=fp == 0 and fn == 0,
        misses=misses[:20],
    )


def _deadline_key(citation: str, due_date: dt.date) -> str:
    return f"{section_key(citation)} due {due_date.isoformat()}"


def score_case_level(
    truth: CaseTruth,
    timeline: Sequence[TimelineEvent],
    deadlines: Iterable[PredictedDeadline],
    violations: Sequence[PredictedViolation],
    contradictions: Sequence[PredictedContradiction],
    fraud: Sequence[PredictedFlag] = (),
) -> list[FieldScore]:
    """The case-level table: events, their statuses, deadlines, planted flags and false alarms."""
    events = match_events(truth.events, timeline)
    per_true = events.scored_events / events.true_events if events.true_events else 0.0
    recall = events.found / events.true_events if events.true_events else 1.0
    planted_violations = match_violations(truth.violations, list(violations))
    planted_contradictions = match_contradictions(truth.contradictions, list(contradictions))
    fraud_truth = {f.document for f in truth.fraud}
    fraud_alarms = sorted({f"+fraud {f.kind} {f.document}" for f in fraud if f.document not in fraud_truth})
    false_alarms = planted_violations[1] + planted_contradictions[1] + len(fraud_alarms)
    return [
        FieldScore(
            field="events",
            tp=events.found,
            fp=events.duplicates + events.extras,
            fn=events.missed,
            target=f"R>={MIN_EVENT_RECALL:.2f}",
            passed=recall >= MIN_EVENT_RECALL,
            note=f"{events.duplicates} duplicates, {events.extras} extras, {events.ignored} not judged",
            misses=list(events.examples),
        ),
        FieldScore(
            field="events_per_true_event",
            value=round(per_true, 2),
            target=f"<= {MAX_EVENTS_PER_TRUE_EVENT}",
            passed=per_true <= MAX_EVENTS_PER_TRUE_EVENT,
            note=f"{events.scored_events} timeline events for {events.true_events} true events",
        ),
        FieldScore(
            field="hearing_status_right",
            tp=events.status_right,
            fn=events.status_judged - events.status_right,
            note="status (and where it was continued to) of the true hearings found",
        ),
        score_deadlines(truth, deadlines),
        _flag_score("violations", planted_violations),
        _flag_score("contradictions", planted_contradictions),
        FieldScore(
            field="false_alarms",
            fp=false_alarms,
            value=float(false_alarms),
            target=f"<= {MAX_FALSE_ALARMS_PER_CASE}",
            passed=false_alarms <= MAX_FALSE_ALARMS_PER_CASE,
            note="violations and contradictions matching nothing planted, fraud flags on unplanted documents",
            misses=[m for m in (*planted_violations[3], *planted_contradictions[3]) if m.startswith("+")]
            + fraud_alarms,
        ),
    ]


def _flag_score(name: str, counted: tuple[int, int, int, list[str]]) -> FieldScore:
    tp, fp, fn, misses = counted
    recall = tp / (tp + fn) if tp + fn else 1.0
    return FieldScore(
        field=name,
        tp=tp,
        fp=fp,
        fn=fn,
        target=f"R>={MIN_FLAG_RECALL:.2f}",
        passed=recall >= MIN_FLAG_RECALL,
        misses=misses[:20],
    )

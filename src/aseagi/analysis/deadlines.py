"""Deadlines computed from a case's events and the rules, each naming its rule and triggering event.

Pure and idempotent: the same events and rules always give the same deadlines, recomputed from scratch,
so a corrected event date simply produces corrected deadlines. ``today`` is always a parameter.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Literal

from aseagi.analysis.calendar import add_calendar_days, add_court_days, add_months, roll_back, roll_forward
from aseagi.analysis.chronology_types import EventStatus
from aseagi.analysis.rules import DeadlineRule, ServiceMethod
from aseagi.analysis.schemas import Evidence, Model, Severity

DeadlineStatus = Literal["upcoming", "met", "late", "passed", "superseded", "moot"]

if TYPE_CHECKING:
    from aseagi.analysis.case_inputs import CaseEvent

__all__ = [
    "Deadline",
    "child_detained",
    "compute_deadlines",
    "days_left",
    "distinct_events",
    "event_text",
    "events_by_docket",
]

_UNIT_WORDS = {"court_days": "court days", "calendar_days": "days", "months": "months"}
_HEARING_WORDS: dict[str, str] = {
    "detention_hearing": r"detention",
    "jurisdiction_hearing": r"jurisdiction",
    "disposition_hearing": r"disposition",
    "review_hearing": r"review",
    "permanency_hearing": r"permanency",
    "366.26_hearing": r"366\.26|selection and implementation",
}


class Deadline(Model):
    """A date by which something is due, why, and from which event."""

    rule_id: str
    title: str
    citation: str
    due_date: dt.date
    due: str
    """What is due: an event type (``jurisdiction_hearing``) or an action (``notice_of_appeal``)."""
    due_label: str
    direction: str
    severity: Severity
    trigger_event_id: str
    trigger_event_type: str
    trigger_date: dt.date
    trigger_title: str
    trigger_evidence: Evidence | None = None
    service: ServiceMethod = "personal"
    extension_citation: str | None = None
    """The rule that added days for the method of service, when one did."""
    unrolled_date: dt.date | None = None
    """The computed day before CCP 12a/12c moved it off a weekend or holiday; ``None`` when not moved."""
    explanation: str
    note: str = ""
    docket: str | None = None
    """The normalized docket whose events produced it."""
    status: DeadlineStatus = "upcoming"
    """upcoming, met (the record shows it done in time), late (done, after the last day), passed (no record
    it was done), superseded (the hearing it counts from moved) or moot (the case was dismissed first)."""
    met_by: Evidence | None = None
    """The passage showing it was done (the hearing held, the notice served), when the status says so."""


def event_text(event: CaseEvent) -> str:
    """Title and quotes together (every source of a chronology event): what rule patterns look at."""
    quotes = [s.quote for s in getattr(event, "sources", ())]
    if not quotes and event.evidence is not None:
        quotes = [event.evidence.quote]
    return "\n".join([event.title, *quotes])


def distinct_events(events: Iterable[CaseEvent]) -> list[CaseEvent]:
    """One event per (type, date), sorted by date: the same hearing is often named in many documents.

    The kept copy is the one with evidence when any has it, then the lowest id, so the choice is stable.
    """
    chosen: dict[tuple[str, dt.date], CaseEvent] = {}
    for event in events:
        key = (event.event_type, event.event_date)
        current = chosen.get(key)
        if current is None or _preference(event) < _preference(current):
            chosen[key] = event
    return sorted(chosen.values(), key=lambda e: (e.event_date, e.event_type, e.id))


def events_by_docket(events: Iterable[CaseEvent]) -> list[list[CaseEvent]]:
    """Distinct events split per docket: each child's petition starts its own time limits.

    Events with no docket join the docket with the most events (usually the case's own), so an e-mail
    mentioning a hearing does not start a parallel, phantom case.
    """
    groups: dict[str | None, list[CaseEvent]] = defaultdict(list)
    for event in events:
        docket = getattr(event, "docket", None)
        groups[re.sub(r"[^0-9A-Z]", "", docket.upper()) if docket else None].append(event)
    undocketed = groups.pop(None, [])
    if not groups:
        return [distinct_events(undocketed)] if undocketed else []
    main = max(groups, key=lambda key: (len(groups[key]), key or ""))
    groups[main].extend(undocketed)
    return [distinct_events(groups[key]) for key in sorted(groups, key=lambda k: k or "")]


_AUTHORITY = {"minute_order": 0, "court_order": 0, "petition": 1, "notice": 1, "proof_of_service": 1}


def _preference(event: CaseEvent) -> tuple[bool, int, str]:
    """Evidence first, then the court's own papers over reports and letters recounting them."""
    kind = getattr(event, "source_type", None)
    return (event.evidence is None, _AUTHORITY.get(kind or "", 2), event.id)


_NOT_HELD = frozenset({EventStatus.CONTINUED, EventStatus.VACATED})
_ACTIONS_ON_ORDERS = frozenset({"notice_of_appeal", "notice_of_intent"})
_DISMISSAL = re.compile(r"\bdismiss|\bterminated\b", re.IGNORECASE)


def closed_on(events: Sequence[CaseEvent]) -> dt.date | None:
    """The day the docket's petition was dismissed (or dependency terminated): no clock starts after it."""
    days = [e.event_date for e in events if e.event_type == "order" and _DISMISSAL.search(e.title)]
    return min(days) if days else None


def child_detained(events: Sequence[CaseEvent]) -> bool:
    """Inferred from the record: a removal or a detention hearing means the child was detained."""
    return any(e.event_type in ("removal", "detention_hearing") for e in events)


def compute_deadlines(
    events: Iterable[CaseEvent],
    rules: Sequence[DeadlineRule],
    *,
    service: ServiceMethod = "personal",
    service_by_event: Mapping[str, ServiceMethod] | None = None,
    detained: bool | None = None,
) -> list[Deadline]:
    """Every deadline the rules derive from the events, sorted by due date.

    ``service`` is how orders and notices reached the parent (it matters only for rules with a service
    extension); ``service_by_event`` overrides it per triggering event id. ``detained`` overrides the
    inference from the record (a removal or detention hearing means detained).
    """
    deadlines: list[Deadline] = []
    seen: set[tuple[str, str]] = set()
    for ordered in events_by_docket(events):
        is_detained = child_detained(ordered) if detained is None else detained
        closed = closed_on(ordered)
        live = [e for e in ordered if closed is None or e.event_date < closed]
        docket = _docket_of(ordered)
        due_dates: set[tuple[str, dt.date]] = set()
        for rule in rules:
            if rule.condition == "child_detained" and not is_detained:
                continue
            if rule.condition == "child_not_detained" and is_detained:
                continue
            for trigger in _triggers(rule, live):
                if (rule.id, trigger.id) in seen:
                    continue
                seen.add((rule.id, trigger.id))
                method = (service_by_event or {}).get(trigger.id, service)
                deadline = _deadline(rule, trigger, method)
                # The same order or hearing recounted in several papers is one deadline, not several.
                if (rule.id, deadline.due_date) in due_dates:
                    continue
                due_dates.add((rule.id, deadline.due_date))
                deadlines.append(deadline.model_copy(update={"docket": docket}))
    deadlines.sort(key=lambda d: (d.due_date, d.rule_id, d.trigger_event_id))
    return deadlines


def _docket_of(events: Sequence[CaseEvent]) -> str | None:
    dockets = sorted({e.docket for e in events if getattr(e, "docket", None)}, key=str)
    return re.sub(r"[^0-9A-Z]", "", dockets[0].upper()) if len(dockets) == 1 and dockets[0] else None


def _triggers(rule: DeadlineRule, ordered: Sequence[CaseEvent]) -> list[CaseEvent]:
    # A clock that runs from a hearing's findings starts where the hearing was held, not at a setting that
    # was continued or vacated; a notice clock counts back from every setting.
    held = [e for e in ordered if rule.direction == "before" or getattr(e, "status", "") not in _NOT_HELD]
    if rule.due in _ACTIONS_ON_ORDERS:
        # An appeal or writ clock starts when an order is made: a setting still ahead has made none.
        held = [e for e in held if getattr(e, "status", "") != EventStatus.SCHEDULED]
    matching = sorted(
        (e for e in held if rule.matches_trigger(e.event_type, event_text(e))),
        key=lambda e: (e.event_date, _preference(e)),
    )
    if rule.occurrence == "first":
        return matching[:1]
    if not matching:
        return []
    moved = [e for e in ordered if _continuance_of(e, rule.trigger)]
    dates = {e.event_date for e in matching}
    candidates = sorted(
        [*matching, *(e for e in moved if e.event_date not in dates)], key=lambda e: (e.event_date, e.id)
    )
    return candidates[-1:] if rule.occurrence == "latest" else candidates


def _continuance_of(event: CaseEvent, hearing_types: Sequence[str]) -> bool:
    """A continuance event naming one of these hearings: its date is where the hearing moved to."""
    if event.event_type != "continuance":
        return False
    text = event_text(event)
    return any(
        kind in _HEARING_WORDS and re.search(_HEARING_WORDS[kind], text, re.IGNORECASE)
        for kind in hearing_types
    )


def apply_offset(day: dt.date, offset: int, unit: str, *, backward: bool = False) -> dt.date:
    """``day`` moved by ``offset`` units (court days, calendar days or months), backward when asked."""
    signed = -offset if backward else offset
    if unit == "court_days":
        return add_court_days(day, signed)
    if unit == "months":
        return add_months(day, signed)
    return add_calendar_days(day, signed)


def due_date_for(rule: DeadlineRule, trigger_date: dt.date, service: ServiceMethod = "personal") -> dt.date:
    """The rule's last day for a trigger on ``trigger_date`` (service extension and roll applied)."""
    return _due(rule, trigger_date, service)[0]


def _due(
    rule: DeadlineRule, trigger_date: dt.date, service: ServiceMethod
) -> tuple[dt.date, dt.date, str | None]:
    backward = rule.direction == "before"
    raw = apply_offset(trigger_date, rule.offset, rule.unit, backward=backward)
    extension = (rule.service_extension or {}).get(service) if service != "personal" else None
    if extension is not None:
        raw = apply_offset(raw, extension.offset, extension.unit, backward=backward)
    due = raw
    if rule.roll_forward:
        due = roll_back(raw) if backward else roll_forward(raw)
    return due, raw, extension.citation if extension is not None else None


def _deadline(rule: DeadlineRule, trigger: CaseEvent, service: ServiceMethod) -> Deadline:
    due, raw, extension_citation = _due(rule, trigger.event_date, service)
    unit = _UNIT_WORDS[rule.unit]
    if rule.direction == "before":
        explanation = (
            f"{rule.due_label} due at least {rule.offset} {unit} before the {rule.trigger_label} "
            f"on {trigger.event_date.isoformat()} ({rule.citation}): {due.isoformat()}"
        )
    else:
        explanation = (
            f"{rule.due_label} due within {rule.offset} {unit} of the {rule.trigger_label} "
            f"on {trigger.event_date.isoformat()} ({rule.citation}): {due.isoformat()}"
        )
    if extension_citation:
        explanation += f"; extended for service by {service} ({extension_citation})"
    if due != raw:
        rule_name = "CCP 12c" if rule.direction == "before" else "CCP 12a, CRC 1.10"
        explanation += f"; {raw.isoformat()} is not a court day ({rule_name})"
    return Deadline(
        rule_id=rule.id,
        title=rule.title,
        citation=rule.citation,
        due_date=due,
        due=rule.due,
        due_label=rule.due_label,
        direction=rule.direction,
        severity=rule.severity,
        trigger_event_id=trigger.id,
        trigger_event_type=trigger.event_type,
        trigger_date=trigger.event_date,
        trigger_title=trigger.title,
        trigger_evidence=trigger.evidence,
        service=service,
        extension_citation=extension_citation,
        unrolled_date=raw if due != raw else None,
        explanation=explanation,
        note=rule.note,
    )


def days_left(deadline: Deadline, today: dt.date) -> int:
    """Calendar days from ``today`` to the due date; negative once it has passed."""
    return (deadline.due_date - today).days

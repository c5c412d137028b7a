"""Whether each computed deadline was met, missed, moved or is still ahead, judged from the record.

A parent's deadline list should not shout about a jurisdiction hearing that was held on time: a
deadline whose duty the record shows done by its last day is ``met`` (with the passage that shows it),
done after it ``late``, a hearing-notice deadline whose hearing moved ``superseded``, one falling after
the petition was dismissed ``moot``; otherwise ``passed`` (no record either way) or ``upcoming``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from aseagi.analysis.case_inputs import CORRESPONDENCE_TYPES
from aseagi.analysis.chronology_types import EventStatus
from aseagi.analysis.deadlines import Deadline, DeadlineStatus, closed_on, events_by_docket
from aseagi.analysis.schemas import Evidence

if TYPE_CHECKING:
    from aseagi.analysis.case_inputs import CaseDocument, CaseEvent

__all__ = ["ACTION_TITLES", "assess_deadlines"]

_NOTICE_WINDOW = dt.timedelta(days=180)
_LATE_WINDOW = dt.timedelta(days=120)
ACTION_TITLES = {
    "notice_of_appeal": re.compile(r"\bnotice\s+of\s+appeal\b", re.IGNORECASE),
    "notice_of_intent": re.compile(r"\bnotice\s+of\s+intent\b|\bwrit\s+petition\b", re.IGNORECASE),
}
_DONE_BY_EVENT = {"notice": ("notice", "service"), "service": ("service", "notice")}


def assess_deadlines(
    deadlines: Sequence[Deadline],
    events: Iterable[CaseEvent],
    documents: Iterable[CaseDocument],
    *,
    today: dt.date,
) -> list[Deadline]:
    """The deadlines with ``status`` and ``met_by`` set and the status added to the explanation."""
    groups = events_by_docket(events)
    by_docket: dict[str | None, list[CaseEvent]] = {}
    for group in groups:
        for key in {_key(e.docket) for e in group} | ({None} if len(groups) == 1 else set()):
            by_docket.setdefault(key, []).extend(group)
    papers = list(documents)
    assessed = []
    for deadline in deadlines:
        record = by_docket.get(deadline.docket) or by_docket.get(None) or []
        status, proof, note = _status(deadline, deadlines, record, papers, today)
        assessed.append(
            deadline.model_copy(
                update={
                    "status": status,
                    "met_by": proof,
                    "explanation": f"{deadline.explanation}. Status: {status}{note}",
                }
            )
        )
    return assessed


def _key(docket: str | None) -> str | None:
    return re.sub(r"[^0-9A-Z]", "", docket.upper()) if docket else None


def _status(
    deadline: Deadline,
    deadlines: Sequence[Deadline],
    record: Sequence[CaseEvent],
    papers: Sequence[CaseDocument],
    today: dt.date,
) -> tuple[DeadlineStatus, Evidence | None, str]:
    done = _done(deadline, deadlines, record, papers)
    if done is not None:
        day, evidence = done
        if day > today:
            late = ", after the last day" if day > deadline.due_date else ""
            return "upcoming", None, f" ({deadline.due_label.lower()} set for {day.isoformat()}{late})"
        if day <= deadline.due_date:
            return "met", evidence, f" ({deadline.due_label.lower()} on {day.isoformat()})"
        return "late", evidence, f" ({deadline.due_label.lower()} only on {day.isoformat()})"
    closed = closed_on(record)
    if closed is not None and closed <= deadline.due_date:
        return "moot", None, f" (petition dismissed {closed.isoformat()})"
    if deadline.direction == "before" and any(
        other.rule_id == deadline.rule_id
        and other.docket == deadline.docket
        and other.trigger_date > deadline.trigger_date
        for other in deadlines
    ):
        return "superseded", None, " (the hearing moved; the deadline for the new date controls)"
    if deadline.due_date < today:
        return "passed", None, " (the record does not show it was done)"
    return "upcoming", None, ""


def _done(
    deadline: Deadline,
    deadlines: Sequence[Deadline],
    record: Sequence[CaseEvent],
    papers: Sequence[CaseDocument],
) -> tuple[dt.date, Evidence | None] | None:
    """The first record of the duty being done after its trigger (before the hearing, for notices)."""
    if deadline.due in ACTION_TITLES:
        return _filed_paper(deadline, deadlines, papers, ACTION_TITLES[deadline.due])
    if deadline.due == "notice":
        told = _notice_statements(deadline, papers)
        if told is not None:
            return told
    kinds = _DONE_BY_EVENT.get(deadline.due, (deadline.due,))
    # A hearing set and then continued was not held that day: only where it was held meets the deadline.
    record = [
        e
        for e in record
        if getattr(e, "status", "") not in (EventStatus.CONTINUED, EventStatus.VACATED)
        or e.event_type in ("notice", "service")
    ]
    if deadline.direction == "before":
        # Notice of a hearing counts from the last setting before it: notice of the old date is not notice
        # of the new one.
        earlier = [
            d.trigger_date
            for d in deadlines
            if d.rule_id == deadline.rule_id
            and d.docket == deadline.docket
            and d.trigger_date < deadline.trigger_date
        ]
        opens = max([deadline.trigger_date - _NOTICE_WINDOW, *earlier])
        window = [
            e for e in record if e.event_type in kinds and opens <= e.event_date <= deadline.trigger_date
        ]
    else:
        # A notice after the hearing it announces is not that notice: only a hearing or filing can be late.
        closes = deadline.due_date if deadline.due in _DONE_BY_EVENT else deadline.due_date + _LATE_WINDOW
        window = [
            e
            for e in record
            if e.event_type in kinds
            and deadline.trigger_date <= e.event_date <= closes
            and e.id != deadline.trigger_event_id
        ]
    if not window:
        return None
    first = min(window, key=lambda e: e.event_date)
    return first.event_date, first.evidence


def _filed_paper(
    deadline: Deadline, deadlines: Sequence[Deadline], papers: Sequence[CaseDocument], title: re.Pattern[str]
) -> tuple[dt.date, Evidence | None] | None:
    """A notice of appeal (or of intent) dated after the order, from its title; e-mails about one are not it.

    A paper that names the date of one of the orders is matched to that order only.
    """
    orders = {d.trigger_date for d in deadlines if d.due == deadline.due}
    found: list[tuple[dt.date, Evidence | None]] = []
    for paper in papers:
        analysis = paper.analysis
        if analysis is None or paper.document_type in CORRESPONDENCE_TYPES:
            continue
        day = paper.document_date or analysis.document_date
        named = {mention.date for mention in analysis.dates} & orders
        if named and deadline.trigger_date not in named:
            continue
        latest = deadline.due_date + _LATE_WINDOW if named else deadline.due_date
        if day is not None and deadline.trigger_date < day <= latest and title.search(analysis.title or ""):
            # The paper itself is the proof; its title has no stored offsets, so no quote is invented.
            found.append((day, None))
    return min(found, key=lambda item: item[0]) if found else None


def _notice_statements(
    deadline: Deadline, papers: Sequence[CaseDocument]
) -> tuple[dt.date, Evidence | None] | None:
    """Court papers and reports saying each parent was given notice, and none saying one was not."""
    opens = deadline.trigger_date - dt.timedelta(days=3)
    given: list[tuple[dt.date, Evidence]] = []
    for paper in papers:
        if paper.analysis is None or paper.document_type in CORRESPONDENCE_TYPES:
            continue
        for statement in paper.analysis.statements:
            day = statement.date or paper.document_date or paper.analysis.document_date
            if statement.kind != "notice_given" or day is None or not opens <= day <= deadline.due_date:
                continue
            if statement.polarity == "denied":
                return None
            evidence = statement.evidence
            if evidence.document_id is None:
                evidence = evidence.model_copy(update={"document_id": paper.document_id})
            given.append((day, evidence))
    return min(given, key=lambda item: item[0]) if given else None

"""Procedural violations: statutory time limits the record shows were not met.

Conservative by design: a check fires only when both dates are in the record, a continuance (or, for
WIC 352(b), a finding of exceptional circumstances) excuses a late hearing, and every finding quotes the
passages it rests on. The time limits themselves come from the rules file, so a corrected rule corrects
the check.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from pydantic import Field

from aseagi.analysis.calendar import add_calendar_days
from aseagi.analysis.deadlines import child_detained, due_date_for, event_text, events_by_docket
from aseagi.analysis.rules import DeadlineRule
from aseagi.analysis.schemas import Evidence, Model, Severity, Statement

if TYPE_CHECKING:
    from aseagi.analysis.case import CaseDocument, CaseEvent

__all__ = ["ViolationFinding", "find_violations"]

_CONTINUANCE = re.compile(
    r"\bcontinu(?:ed|ance|ing)\b(?!\s+(?:detention|placement|care|custody|out|in\b|to\s+be\s+detained))"
    r"|\bpostpone|\breschedul",
    re.IGNORECASE,
)
"""A hearing moved; "continued detention" / "continued placement" are findings, not continuances."""
_GOOD_CAUSE = re.compile(r"\bgood\s+cause\b", re.IGNORECASE)
_EXCEPTIONAL = re.compile(r"\bexceptional\s+circumstances?\b", re.IGNORECASE)
_BYPASS = re.compile(r"361\.5\s*\(?b\)?", re.IGNORECASE)
_PERMANENCY_HEARING = re.compile(r"366\.26|selection\s+and\s+implementation|permanent\s+plan", re.IGNORECASE)
_PAIRING_WINDOW = dt.timedelta(days=180)
_COMMUNICATION_TYPES = frozenset({"email", "text_messages", "phone_log", "chat", "letter"})
_HEARING_KINDS = {
    "detention_hearing": re.compile(r"\bdetention\s+hearing", re.IGNORECASE),
    "jurisdiction_hearing": re.compile(r"\bjurisdiction(?:al)?\b", re.IGNORECASE),
    "disposition_hearing": re.compile(r"\bdisposition(?:al)?\b", re.IGNORECASE),
}
_PARENT_AT_HEARING = re.compile(
    r"\b(?:present|appeared|appearing|noticed|notified|notice\s+(?:was\s+)?given)\b", re.IGNORECASE
)


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
    evidence: list[Evidence] = Field(min_length=1)


def find_violations(
    events: Sequence[CaseEvent], rules: Sequence[DeadlineRule], documents: Iterable[CaseDocument] = ()
) -> list[ViolationFinding]:
    """Every violation the record supports. ``events`` should be distinct and sorted (``distinct_events``)."""
    by_id = {rule.id: rule for rule in rules}
    document_list = list(documents)
    found: list[ViolationFinding] = []
    for ordered in events_by_docket(events):
        found += _docket_violations(ordered, by_id, document_list)
    found += _icwa_inquiry_not_done(document_list)
    found.sort(key=lambda v: (v.date or dt.date.min, v.violation_type))
    return found


def _docket_violations(
    ordered: Sequence[CaseEvent], by_id: dict[str, DeadlineRule], document_list: Sequence[CaseDocument]
) -> list[ViolationFinding]:
    detained = child_detained(ordered)
    found: list[ViolationFinding] = []
    found += _late_petition(ordered, by_id.get("wic-313-petition-after-removal"))
    if detained:
        found += _late_detention_hearing(ordered, by_id.get("wic-315-detention-hearing"))
        found += _late_jurisdiction_detained(ordered, by_id.get("wic-334-jurisdiction-detained"))
        found += _late_disposition_60_days(ordered, by_id.get("wic-352b-disposition-60-days"))
        found += _late_disposition_after_jurisdiction(ordered, by_id.get("wic-358a-disposition-detained"))
        found += _no_detention_notice(
            ordered, document_list, by_id.get("wic-290-1-notice-of-detention-hearing")
        )
    else:
        found += _late_jurisdiction_not_detained(ordered, by_id.get("wic-334-jurisdiction-not-detained"))
    found += _late_permanency_notice(ordered, by_id.get("wic-294c1-notice-of-366-26-hearing"))
    return found


def _of_type(events: Sequence[CaseEvent], *types: str) -> list[CaseEvent]:
    return [e for e in events if e.event_type in types]


def _next_after(
    events: Sequence[CaseEvent], start: dt.date, *types: str, strict: bool = False
) -> CaseEvent | None:
    for event in _of_type(events, *types):
        later = event.event_date > start if strict else event.event_date >= start
        if later and event.event_date - start <= _PAIRING_WINDOW:
            return event
    return None


def _continuances_between(
    events: Sequence[CaseEvent], start: dt.date, end: dt.date, hearing_type: str
) -> list[CaseEvent]:
    """Continuances recorded after ``start`` and before the late hearing on ``end`` that concern it.

    A continuance ordered at the late hearing itself moves the *next* hearing, so it excuses nothing; one
    that names another kind of hearing ("disposition continued") does not excuse this one either.
    """
    found = []
    for e in events:
        if not start < e.event_date < end:
            continue
        text = event_text(e)
        if e.event_type != "continuance" and not _CONTINUANCE.search(text):
            continue
        named = {kind for kind, pattern in _HEARING_KINDS.items() if pattern.search(text)}
        if not named or hearing_type in named:
            found.append(e)
    return found


def _evidence(*events: CaseEvent | None) -> list[Evidence]:
    return [e.evidence for e in events if e is not None and e.evidence is not None]


def _finding(
    kind: str,
    rule: DeadlineRule,
    trigger: CaseEvent,
    late: CaseEvent,
    due: dt.date,
    description: str,
) -> list[ViolationFinding]:
    evidence = _evidence(trigger, late)
    if not evidence:
        return []
    return [
        ViolationFinding(
            violation_type=kind,
            rule_id=rule.id,
            severity=rule.severity,
            legal_basis=rule.citation,
            date=late.event_date,
            description=f"{description} Last day under {rule.citation}: {due.isoformat()}.",
            evidence=evidence,
        )
    ]


def _late_pair(
    kind: str,
    rule: DeadlineRule | None,
    trigger: CaseEvent | None,
    late: CaseEvent | None,
    events: Sequence[CaseEvent],
    what: str,
) -> list[ViolationFinding]:
    """The shared shape: ``late`` happened after the rule's last day from ``trigger``, no continuance."""
    if rule is None or trigger is None or late is None:
        return []
    due = due_date_for(rule, trigger.event_date)
    if late.event_date <= due or _continuances_between(
        events, trigger.event_date, late.event_date, late.event_type
    ):
        return []
    return _finding(
        kind,
        rule,
        trigger,
        late,
        due,
        f"{what} on {late.event_date.isoformat()}, {(late.event_date - due).days} day(s) after the limit of "
        f"{rule.offset} {rule.unit.replace('_', ' ')} from the {rule.trigger_label} on "
        f"{trigger.event_date.isoformat()}; no continuance appears in the record.",
    )


def _late_petition(events: Sequence[CaseEvent], rule: DeadlineRule | None) -> list[ViolationFinding]:
    found: list[ViolationFinding] = []
    for removal in _of_type(events, "removal"):
        petition = _next_after(events, removal.event_date, "petition_filed")
        if rule is None or petition is None:
            continue
        due = due_date_for(rule, removal.event_date)
        if petition.event_date > due:
            found += _finding(
                "child_held_without_petition",
                rule,
                removal,
                petition,
                due,
                f"Petition filed {petition.event_date.isoformat()} after the child's removal on "
                f"{removal.event_date.isoformat()}: the child was held more than 48 hours, excluding "
                "non-judicial days, without a petition.",
            )
    return found


def _late_detention_hearing(events: Sequence[CaseEvent], rule: DeadlineRule | None) -> list[ViolationFinding]:
    petition = next(iter(_of_type(events, "petition_filed")), None)
    if petition is None:
        return []
    hearing = _next_after(events, petition.event_date, "detention_hearing")
    return _late_pair("late_detention_hearing", rule, petition, hearing, events, "Detention hearing held")


def _late_jurisdiction_detained(
    events: Sequence[CaseEvent], rule: DeadlineRule | None
) -> list[ViolationFinding]:
    first_detention = next(iter(_of_type(events, "detention_hearing")), None)
    if first_detention is None:
        return []
    jurisdiction = _next_after(events, first_detention.event_date, "jurisdiction_hearing", strict=True)
    if jurisdiction is None:
        return []
    detention = [d for d in _of_type(events, "detention_hearing") if d.event_date < jurisdiction.event_date][
        -1
    ]
    return _late_pair(
        "late_jurisdiction_hearing", rule, detention, jurisdiction, events, "Jurisdiction hearing set"
    )


def _late_jurisdiction_not_detained(
    events: Sequence[CaseEvent], rule: DeadlineRule | None
) -> list[ViolationFinding]:
    petition = next(iter(_of_type(events, "petition_filed")), None)
    if petition is None:
        return []
    jurisdiction = _next_after(events, petition.event_date, "jurisdiction_hearing", strict=True)
    return _late_pair(
        "late_jurisdiction_hearing", rule, petition, jurisdiction, events, "Jurisdiction hearing set"
    )


def _late_disposition_60_days(
    events: Sequence[CaseEvent], rule: DeadlineRule | None
) -> list[ViolationFinding]:
    detention = next(iter(_of_type(events, "detention_hearing")), None)
    if rule is None or detention is None:
        return []
    first_review = _next_after(events, detention.event_date, "review_hearing", strict=True)
    horizon = first_review.event_date if first_review else detention.event_date + _PAIRING_WINDOW * 2
    dispositions = [
        e for e in _of_type(events, "disposition_hearing") if detention.event_date < e.event_date < horizon
    ]
    if not dispositions:
        return []
    completed = dispositions[-1]
    due = due_date_for(rule, detention.event_date)
    if completed.event_date <= due:
        return []
    window = [e for e in events if detention.event_date <= e.event_date <= completed.event_date]
    if any(_EXCEPTIONAL.search(event_text(e)) for e in window):
        return []
    return _finding(
        "disposition_beyond_60_days",
        rule,
        detention,
        completed,
        due,
        f"Disposition hearing on {completed.event_date.isoformat()}, "
        f"{(completed.event_date - detention.event_date).days} days after the detention hearing on "
        f"{detention.event_date.isoformat()}; no finding of exceptional circumstances appears in the record.",
    )


def _late_disposition_after_jurisdiction(
    events: Sequence[CaseEvent], rule: DeadlineRule | None
) -> list[ViolationFinding]:
    first_jurisdiction = next(iter(_of_type(events, "jurisdiction_hearing")), None)
    if rule is None or first_jurisdiction is None:
        return []
    disposition = _next_after(events, first_jurisdiction.event_date, "disposition_hearing")
    if disposition is None:
        return []
    jurisdiction = [
        j for j in _of_type(events, "jurisdiction_hearing") if j.event_date <= disposition.event_date
    ][-1]
    due = due_date_for(rule, jurisdiction.event_date)
    window = [e for e in events if jurisdiction.event_date <= e.event_date <= disposition.event_date]
    if any(_BYPASS.search(event_text(e)) for e in window):
        due = max(due, add_calendar_days(jurisdiction.event_date, 30))
    if disposition.event_date <= due:
        return []
    return _finding(
        "late_disposition_hearing",
        rule,
        jurisdiction,
        disposition,
        due,
        f"Disposition hearing on {disposition.event_date.isoformat()}, more than {rule.offset} judicial "
        f"days after the jurisdiction finding on {jurisdiction.event_date.isoformat()} while the child "
        "was detained.",
    )


def _late_permanency_notice(events: Sequence[CaseEvent], rule: DeadlineRule | None) -> list[ViolationFinding]:
    """Each setting of a 366.26 hearing (a continued one included) against the notices served before it."""
    if rule is None:
        return []
    found: list[ViolationFinding] = []
    other_hearings = [
        e for e in events if e.event_type.endswith("_hearing") and e.event_type != "366.26_hearing"
    ]
    for hearing in _of_type(events, "366.26_hearing"):
        notices = [
            n
            for n in _of_type(events, "notice", "service")
            if hearing.event_date - _PAIRING_WINDOW <= n.event_date <= hearing.event_date
            and (
                _PERMANENCY_HEARING.search(event_text(n))
                or not any(n.event_date < h.event_date < hearing.event_date for h in other_hearings)
            )
        ]
        due = due_date_for(rule, hearing.event_date)
        if not notices or any(n.event_date <= due for n in notices):
            continue
        days = (hearing.event_date - notices[0].event_date).days
        found += _finding(
            "late_notice_of_366_26_hearing",
            rule,
            notices[0],
            hearing,
            due,
            f"Notice of the 366.26 hearing of {hearing.event_date.isoformat()} was first served "
            f"{notices[0].event_date.isoformat()}, only {days} days before the hearing "
            f"(at least {rule.offset} required).",
        )
    return found


def _no_detention_notice(
    events: Sequence[CaseEvent], documents: Sequence[CaseDocument], rule: DeadlineRule | None
) -> list[ViolationFinding]:
    """WIC 290.1: a record saying a parent was not noticed, or (weaker) no notice at all in the record."""
    petition = next(iter(_of_type(events, "petition_filed")), None)
    if rule is None or petition is None:
        return []
    hearing = _next_after(events, petition.event_date, "detention_hearing")
    if hearing is None:
        return []
    start = petition.event_date - dt.timedelta(days=3)
    denied = _notice_denials(documents, start, hearing.event_date + dt.timedelta(days=3))
    if denied:
        subjects = sorted({s.subject for s in denied if s.subject})
        return [
            ViolationFinding(
                violation_type="no_notice_of_detention_hearing",
                rule_id=rule.id,
                severity=rule.severity,
                legal_basis=rule.citation,
                date=hearing.event_date,
                person=", ".join(subjects) or None,
                description=(
                    f"The record says {' and '.join(subjects) or 'a parent'} was not given notice of the "
                    f"detention hearing of {hearing.event_date.isoformat()}."
                ),
                evidence=[s.evidence for s in denied] + _evidence(hearing),
            )
        ]
    same_day = [e for e in events if e.event_date == hearing.event_date]
    noticed = any(
        start <= e.event_date <= hearing.event_date for e in _of_type(events, "notice", "service")
    ) or any(
        d.document_type in ("notice", "proof_of_service")
        and d.document_date is not None
        and start <= d.document_date <= hearing.event_date
        for d in documents
    )
    if noticed or any(_PARENT_AT_HEARING.search(event_text(e)) for e in same_day):
        return []
    if _parents_listed_in(hearing, documents):
        return []
    if _notice_statement_in(documents, start, hearing.event_date):
        return []
    evidence = _evidence(petition, hearing)
    if not evidence:
        return []
    return [
        ViolationFinding(
            violation_type="no_notice_of_detention_hearing",
            rule_id=rule.id,
            severity="MEDIUM",
            legal_basis=rule.citation,
            date=hearing.event_date,
            description=(
                f"No notice to the parents of the detention hearing of {hearing.event_date.isoformat()} "
                f"appears in the record (petition filed {petition.event_date.isoformat()}), and the record "
                "does not say they were present; check for a proof of notice."
            ),
            evidence=evidence,
        )
    ]


def _parents_listed_in(hearing: CaseEvent, documents: Sequence[CaseDocument]) -> bool:
    """The hearing's minute order names a parent among its appearances: notice is not what is missing."""
    for document in documents:
        if document.document_id == hearing.source_document_id and document.analysis is not None:
            return any(party.role == "parent" for party in document.analysis.parties)
    return False


def _notice_denials(documents: Sequence[CaseDocument], start: dt.date, end: dt.date) -> list[Statement]:
    """ "Father not noticed" in court papers or reports dated around the hearing, with the document id set."""
    found: list[Statement] = []
    for document in documents:
        if document.analysis is None or document.document_type in _COMMUNICATION_TYPES:
            continue
        for statement in document.analysis.statements:
            when = statement.date or document.document_date or document.analysis.document_date
            if (
                statement.kind == "notice_given"
                and statement.polarity == "denied"
                and when
                and start <= when <= end
            ):
                evidence = statement.evidence
                if evidence.document_id is None:
                    evidence = evidence.model_copy(update={"document_id": document.document_id})
                found.append(statement.model_copy(update={"evidence": evidence}))
    return found


def _notice_statement_in(documents: Sequence[CaseDocument], start: dt.date, end: dt.date) -> bool:
    for document in documents:
        for statement in document.analysis.statements if document.analysis else ():
            if statement.kind == "notice_given" and statement.polarity == "affirmed":
                if statement.date is None or start <= statement.date <= end:
                    return True
    return False


def _icwa_inquiry_not_done(documents: Sequence[CaseDocument]) -> list[ViolationFinding]:
    found: list[ViolationFinding] = []
    for document in documents:
        if document.analysis is None:
            continue
        denied = [
            s for s in document.analysis.statements if s.kind == "icwa_inquiry" and s.polarity == "denied"
        ]
        if not denied:
            continue
        statement = denied[0]
        evidence = statement.evidence
        if evidence.document_id is None:
            evidence = evidence.model_copy(update={"document_id": document.document_id})
        found.append(
            ViolationFinding(
                violation_type="icwa_inquiry_not_done",
                severity="HIGH",
                legal_basis="WIC 224.2; 25 U.S.C. § 1912",
                date=document.document_date or document.analysis.document_date or statement.date,
                person=statement.subject,
                description=(
                    f"{document.file_name} reports that the inquiry into Indian ancestry was not made"
                    f"{' of the ' + statement.subject if statement.subject else ''}; WIC 224.2 makes the "
                    "inquiry a continuing duty of the agency and the court."
                ),
                evidence=[evidence],
            )
        )
    return found
